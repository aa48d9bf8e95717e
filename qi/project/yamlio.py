"""YAML that people edit by hand: read with line numbers, write keeping comments and order.

ruamel.yaml's round-trip mode keeps comments, key order and quoting through a load/modify/dump
cycle (PyYAML drops comments). The loaded tree is also used to find the line of any field, so
that an error can say ``charter.yaml:42``.

This is the one YAML loader of qi (validate, every command, reports and ``portfolio.yaml``);
it is safe on files anyone with write access to a shared drive could have edited:

* **no aliases**: ``*name`` is refused with its line before any parser builds a tree, so a
  "billion laughs" file (13 lines, 10^9 leaves once expanded) or a recursive alias costs one
  pass over the text (issue 11, finding 2);
* **no duplicate keys**: a key given twice in one mapping is an error naming the key and both
  lines (YAML parsers otherwise keep the last one silently, so a second ``id:`` changed the
  project's id);
* **a size limit** (:data:`qi.constants.YAML_MAX_BYTES`) checked with ``stat`` before reading,
  and special files (FIFOs, devices) refused (:func:`qi.project.fsio.check_readable`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from qi.constants import CSV_MAX_BYTES, YAML_MAX_BYTES
from qi.errors import ValidationError
from qi.project.fsio import check_readable


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
    yaml.width = 4096  # never re-wrap a long line the author wrote on one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _duplicate_key(key: object, line: int | None, first: int | None, file: str) -> ValidationError:
    where = f" (first at line {first})" if first else ""
    return ValidationError(
        f"key '{key}' is given twice in one mapping{where}",
        field=str(key),
        file=file,
        line=line,
        hint="keep one of them: YAML would silently use only the last one",
    )


def check_text(text: str, *, file: str) -> None:
    """Refuse YAML text that is too long or uses aliases (see the module docstring).

    An alias is ``*name``; text without a ``*`` has none, so most files cost one ``in`` test.
    Otherwise PyYAML's (C) parser lists the events, which never expands anything.
    """
    if len(text) > YAML_MAX_BYTES:
        raise ValidationError(
            f"the file has {len(text):,} characters, above the "
            f"{YAML_MAX_BYTES:,} limit for a YAML file",
            file=file,
            hint="a charter or cycle is a few kB: check it is the file you meant",
        )
    if "*" not in text:
        return
    try:
        for event in pyyaml.parse(text, Loader=_FastBase):
            if isinstance(event, pyyaml.AliasEvent):
                raise ValidationError(
                    f"YAML alias '*{event.anchor}' is not allowed",
                    file=file,
                    line=event.start_mark.line + 1 if event.start_mark else None,
                    hint="write the value out in full (aliases can make a small file expand "
                    "without limit)",
                )
    except pyyaml.YAMLError:
        return  # malformed: the round-trip parser reports it with its line


def load_text(text: str, *, file: str) -> Any:
    """Parse YAML text in round-trip mode; malformed YAML names the file and line.

    Aliases, duplicate keys and oversized text are refused (see the module docstring).
    """
    check_text(text, file=file)
    try:
        return _yaml().load(text)
    except DuplicateKeyError as err:
        mark, first = err.problem_mark, err.context_mark
        key = re.search(r'duplicate key "(.*?)"', str(err.problem))
        raise _duplicate_key(
            key[1] if key else "?",
            mark.line + 1 if mark else None,
            first.line + 1 if first else None,
            file,
        ) from None
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
    return load_for_edit(path)[1]


def load_for_edit(path: Path) -> tuple[str, Any]:
    """The file's text and its round-trip tree: a writer passes the text to
    ``dump(tree, like=text)`` so line endings, indentation and untouched lines are kept."""
    path = Path(path)
    if not path.exists():
        _missing(path)
    text = read_text(path, limit=YAML_MAX_BYTES)
    return text, load_text(text, file=str(path))


def read_text(path: Path, *, limit: int = CSV_MAX_BYTES) -> str:
    """Read a UTF-8 text file (a byte-order mark is dropped); problems are ValidationErrors.

    Line endings are read as ``\n`` whatever they are on disk (CRLF from Windows, CR).
    FIFOs, devices and files above ``limit`` bytes are refused before they are opened.
    """
    path = Path(path)
    try:
        check_readable(path, limit=limit)
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError("file not found", file=str(path), hint="check the path") from None
    except UnicodeDecodeError as err:
        raise ValidationError(
            f"not UTF-8 text (byte {err.start})",
            file=str(path),
            hint="save the file as UTF-8 (in Excel: CSV UTF-8)",
        ) from None
    except OSError as err:
        raise ValidationError(
            f"cannot read the file: {err.strerror or err}",
            file=str(path),
            hint="check the path and its permissions",
        ) from None


def dump(data: Any, *, like: str | None = None) -> str:
    """Serialise a (round-trip) tree back to YAML text, comments and key order kept.

    ``like`` is the text the tree was read from: its indentation of mappings and sequences is
    kept, so lines the change did not touch come out as they were.
    """
    yaml = _yaml()
    if like:
        mapping, sequence, offset = guess_indent(like)
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def guess_indent(text: str) -> tuple[int, int, int]:
    """``(mapping, sequence, offset)`` indentation of YAML text, in the terms of ruamel's
    ``indent()``: how far a nested key is indented, and how far a ``- `` item is indented under
    its key (``offset``; its content then starts two further on). The first nested key and the
    first nested item decide; qi's own ``2, 4, 2`` where the text does not show them."""
    mapping = offset = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for prev, line in zip(lines, lines[1:], strict=False):
        head = prev.lstrip()
        if not head.rstrip().endswith(":") or head.startswith("- "):
            continue
        step = (len(line) - len(line.lstrip())) - (len(prev) - len(head))
        if line.lstrip().startswith("- ") and offset is None and step >= 0:
            offset = step
        elif not line.lstrip().startswith("- ") and mapping is None and step > 0:
            mapping = step
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, offset + 2, offset


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


# --- fast reading ---------------------------------------------------------------------------
# Reading every charter and cycle with ruamel's pure-Python round-trip parser costs ~50 ms a
# file. Files that are only read go through PyYAML's C parser instead, with the YAML 1.2 core
# schema ruamel uses (booleans are only true/false, '010' is ten, no sexagesimal numbers), so
# both parsers give the same values; the round-trip tree (for line numbers) is parsed only when
# a problem must be reported, and any file the fast parser refuses goes to ruamel, whose error
# names the line.
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
if TYPE_CHECKING:  # the C loader has the Python loader's interface (types-PyYAML)
    _FastBase = pyyaml.SafeLoader
else:
    _FastBase = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


class _FastLoader(_FastBase):
    """PyYAML's (C) safe loader with the YAML 1.2 core schema for booleans and numbers; a key
    given twice in one mapping is an error (PyYAML keeps the last one)."""

    qi_file = ""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: D102
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool) and key in seen:
                raise _duplicate_key(key, line, seen[key], self.qi_file)
            if isinstance(key, str | int | float | bool):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in pyyaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FastLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_FastLoader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_FastLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


_FastLoader.add_constructor(_INT, _construct_int)


class Document:
    """A YAML file read for validation: fast plain values, and the round-trip tree on demand.

    Pass it wherever a tree is expected (:func:`line_of`, ``validate.build``).
    """

    def __init__(self, text: str, *, file: str) -> None:
        self.text = text
        self.file = file

    @cached_property
    def tree(self) -> Any:
        """The ruamel round-trip tree (parsed on first use)."""
        return load_text(self.text, file=self.file)

    @cached_property
    def plain(self) -> Any:
        """Plain values (dicts, lists, scalars; dates as ISO strings)."""
        check_text(self.text, file=self.file)
        loader = _FastLoader(self.text)
        loader.qi_file = self.file
        try:
            data = loader.get_single_data()
        except (pyyaml.YAMLError, ValueError, TypeError, OverflowError):
            data = self.tree  # ruamel reports the problem with its line, or reads it
        finally:
            loader.dispose()
        return to_plain(data)


def load_document(path: Path) -> Document:
    """Read a YAML file for validation (see :class:`Document`); read errors are ValidationErrors."""
    path = Path(path)
    return Document(
        read_text(path, limit=YAML_MAX_BYTES) if path.exists() else _missing(path), file=str(path)
    )


def _missing(path: Path) -> str:
    raise ValidationError(
        "file not found",
        file=str(path),
        hint="check the path, or run `qi init` to create a project",
    )


def line_of(tree: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the field at ``loc`` in a round-trip tree (the deepest one found)."""
    if isinstance(tree, Document):
        tree = tree.tree
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
        return int(tree.lc.line) + 1
    return line
