"""Editing a PDSA cycle's YAML tree: field names given nested (``plan={"objective": ...}``) or
dotted (``{"study.observations": ...}``, as the IHI PDSA worksheet names them in
:mod:`qi.project.model`), set in the round-trip tree, validated as a :class:`PDSACycle` and stored
as the model reads them. The write commands of :mod:`qi.project.commands` call these under the
project lock; nothing here touches a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from qi.errors import ValidationError
from qi.project.model import PDSACycle
from qi.project.validate import build_or_raise, model_at
from qi.project.yamlio import line_of

#: Fields a cycle update may not change: they are the cycle's identity (its file name) or its
#: append-only log (use :func:`add_note` / :func:`withdraw_note`).
FIXED_CYCLE_FIELDS: tuple[str, ...] = ("change_idea", "cycle_number", "notes")


def flatten_fields(fields: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested and dotted field names as one ``{"plan.objective": value}`` mapping.

    A mapping value is walked into (``plan={"who": ...}``); lists and scalars are values.
    """
    flat: dict[str, Any] = {}
    for key, value in fields.items():
        if not isinstance(key, str) or not key.strip():
            raise ValidationError(
                f"field name {key!r} is not a name",
                field="fields",
                hint="name fields like plan.objective or study.observations",
            )
        name = f"{prefix}{key.strip()}"
        if isinstance(value, Mapping) and value:
            flat.update(flatten_fields(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _model_value(model: BaseModel, dotted: str) -> Any:
    value: Any = model
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def yaml_value(value: Any) -> Any:
    """A validated value as the YAML tree should hold it: dates as dates, multi-line text as a
    literal block (readable in a diff), models as plain mappings."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, BaseModel):
        return value.model_dump(mode="python", exclude_none=True)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value.replace("\r\n", "\n"))
    if isinstance(value, list):
        return [yaml_value(v) for v in value]
    return value


def _set_in_tree(tree: Any, dotted: str, value: Any, *, file: str) -> None:
    from ruamel.yaml.comments import CommentedMap

    parts = dotted.split(".")
    node = tree
    for i, part in enumerate(parts[:-1]):
        child = node.get(part)
        if child is None:
            child = CommentedMap()
            node[part] = child
        if not isinstance(child, dict):
            where = ".".join(parts[: i + 1])
            raise ValidationError(
                f"'{where}' holds a {type(child).__name__}, not a set of fields",
                field=dotted,
                file=file,
                line=line_of(tree, parts[: i + 1]),
                hint=f"set '{where}' itself, or correct the file",
            )
        node = child
    node[parts[-1]] = value


def _check_section(dotted: str, *, file: str) -> None:
    """A worksheet field named in the wrong section (``study.observations``) is pointed to the
    section that holds it (``do.observations``) before anything is written."""
    parts = dotted.split(".")
    owner = model_at(PDSACycle, parts[:-1])
    if owner is None or parts[-1] in owner.model_fields:
        return
    homes = [
        f"{section}.{parts[-1]}"
        for section in PDSACycle.model_fields
        if (sub := model_at(PDSACycle, [section])) is not None and parts[-1] in sub.model_fields
    ]
    if homes:
        raise ValidationError(
            f"unknown field '{dotted}'",
            field=dotted,
            file=file,
            hint=f"'{parts[-1]}' belongs to {' or '.join(homes)}",
        )


def apply_cycle_fields(tree: Any, flat: Mapping[str, Any], *, file: str) -> PDSACycle:
    """Set ``flat`` in the cycle tree, validate it as a :class:`PDSACycle`, and store each value
    as the model reads it (``"2024-03-01"`` becomes a date); return the model."""
    for name in flat:
        if name.split(".")[0] in FIXED_CYCLE_FIELDS:
            raise ValidationError(
                f"'{name}' cannot be set",
                field=name,
                file=file,
                hint="a cycle keeps its change idea and number; notes are added "
                "with add_note and withdrawn with withdraw_note",
            )
    for name in flat:
        _check_section(name, file=file)
    for name, value in flat.items():
        _set_in_tree(tree, name, value, file=file)
    model = build_or_raise(PDSACycle, tree, file=file)
    for name in flat:
        _set_in_tree(tree, name, yaml_value(_model_value(model, name)), file=file)
    return model


def stamp_predictions(tree: Any, flat: dict[str, Any]) -> None:
    """Date the predictions when they are first written (Taylor et al. 2014: predictions come
    before the test). A date given by the caller wins; a cycle that already started before today
    is being logged after the fact, so qi leaves the date empty rather than claim today."""
    if "plan.predictions_written" in flat or not flat.get("plan.predictions"):
        return
    plan = tree.get("plan") if isinstance(tree.get("plan"), dict) else {}
    if plan.get("predictions_written"):
        return
    start = flat.get("start", tree.get("start"))
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            return  # the model reports the bad date
    if isinstance(start, dt.date) and start < dt.date.today():
        flat["plan.predictions_written"] = None
    else:
        flat["plan.predictions_written"] = dt.date.today()


def flatten_nested(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted names (``target.value``) as nested mappings, the inverse of :func:`flatten_fields`."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        node = out
        parts = str(name).split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


__all__ = [
    "FIXED_CYCLE_FIELDS",
    "apply_cycle_fields",
    "flatten_fields",
    "flatten_nested",
    "stamp_predictions",
    "yaml_value",
]
