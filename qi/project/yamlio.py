"""YAML that people edit by hand: read with line numbers, write keeping comments and order.

ruamel.yaml's round-trip mode keeps comments, key order and quoting through a load/modify/dump
cycle (PyYAML drops comments). The loaded tree is also used to find the line of any field, so
that an error can say ``charter.yaml:42``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from qi.errors import ValidationError


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date (``2021-02-30``) as text, so the
    model reports it with its field and line instead of ruamel raising from deep inside."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return str(self.construct_scalar(node))


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_text(text: str, *, file: str) -> Any:
    """Parse YAML text in round-trip mode; malformed YAML names the file and line."""
    try:
        return _yaml().load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = err.problem or err.context or "malformed YAML"
        raise ValidationError(
            f"malformed YAML: {problem}",
            file=file,
            line=line,
            hint="check indentation, colons and quotes near that line",
        ) from None
    except YAMLError as err:  # pragma: no cover - unmarked errors are rare
        raise ValidationError(f"malformed YAML: {err}", file=file) from None


def load_file(path: Path) -> Any:
    """Read and parse a YAML file (see :func:`load_text`); a missing file is a clear error."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError(
            "file not found", file=str(path), hint="check the path, or run `qi init` to create a project"
        ) from None
    except UnicodeDecodeError as err:
        raise ValidationError(
            f"not UTF-8 text (byte {err.start})", file=str(path), hint="save the file as UTF-8"
        ) from None
    except OSError as err:
        raise ValidationError(f"cannot read the file: {err.strerror or err}", file=str(path),
                              hint="check the path and its permissions") from None
    return load_text(text, file=str(path))


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a byte-order mark is dropped); problems are ValidationErrors."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError("file not found", file=str(path), hint="check the path") from None
    except UnicodeDecodeError as err:
        raise ValidationError(f"not UTF-8 text (byte {err.start})", file=str(path),
                              hint="save the file as UTF-8 (in Excel: CSV UTF-8)") from None
    except OSError as err:
        raise ValidationError(f"cannot read the file: {err.strerror or err}", file=str(path),
                              hint="check the path and its permissions") from None


def dump(data: Any) -> str:
    """Serialise a (round-trip) tree back to YAML text, comments and key order kept."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def to_plain(node: Any) -> Any:
    """Convert a round-trip tree to plain dicts, lists and scalars (dates as ISO strings)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, dt.datetime):
        return node.isoformat()
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def line_of(tree: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the field at ``loc`` in a round-trip tree (the deepest one found)."""
    node = tree
    line: int | None = None
    for key in loc:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):  # pragma: no cover - defensive
            break
    if line is None and isinstance(tree, CommentedMap | CommentedSeq):
        return tree.lc.line + 1
    return line
