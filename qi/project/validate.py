"""Turn a YAML tree into a model, or into a list of problems naming file, line and field.

Pydantic reports every problem at once; each becomes a :class:`qi.errors.ValidationError` with
the file, the line found from the round-trip tree, the dotted field path, and for an unknown
field the nearest valid name.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel

from qi.errors import ProblemList, ValidationError
from qi.project.messages import did_you_mean, pydantic_message
from qi.project.yamlio import line_of, to_plain

M = TypeVar("M", bound=BaseModel)


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types inside Annotated / Optional / Union / list."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def model_at(cls: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the field at ``loc`` (``loc`` without its last part)."""
    current: Any = cls
    for key in loc:
        if isinstance(key, int):
            continue  # list index: the item type was already chosen below
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(key))
        if field is None:
            return None
        nxt = None
        for tp in _unwrap(field.annotation):
            if typing.get_origin(tp) is list:
                tp = _unwrap(typing.get_args(tp)[0])[0]
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                nxt = tp
        if nxt is None:
            return None
        current = nxt
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _dotted(loc: Sequence[str | int]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or "(top level)"


def problems_from_pydantic(
    err: pydantic.ValidationError,
    cls: type[BaseModel],
    tree: Any,
    *,
    file: str,
    prefix: Sequence[str | int] = (),
) -> list[ValidationError]:
    """One :class:`ValidationError` per pydantic error, with file, line, field and a fix."""
    problems: list[ValidationError] = []
    for item in err.errors():
        loc = [*prefix, *item["loc"]]
        line = line_of(tree, loc)
        kind = item["type"]
        field = _dotted(loc)
        if kind == "extra_forbidden":
            owner = model_at(cls, list(item["loc"])[:-1])
            name = str(item["loc"][-1])
            valid = list(owner.model_fields) if owner else []
            hint = did_you_mean(name, valid) + (
                f"valid fields here: {', '.join(valid)}" if valid else "remove the field"
            )
            problems.append(
                ValidationError(
                    f"unknown field '{name}'", field=field, file=file, line=line, hint=hint
                )
            )
        elif kind == "missing":
            problems.append(
                ValidationError(
                    "required field is missing",
                    field=field,
                    file=file,
                    line=line,
                    hint=f"add '{loc[-1]}'",
                )
            )
        else:
            message = pydantic_message(item)
            found = item.get("input")
            shown = "" if isinstance(found, dict | list) or found is None else f" (found {found!r})"
            problems.append(
                ValidationError(
                    f"{message}{shown}", field=field, file=file, line=line, hint=_hint_for(kind)
                )
            )
    return problems


def _hint_for(kind: str) -> str | None:
    hints = {
        "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
        "date_parsing": "write dates as YYYY-MM-DD",
        "date_type": "write dates as YYYY-MM-DD",
        "float_parsing": "write a number",
        "int_parsing": "write a whole number",
        "greater_than_equal": "use a number of at least 1",
        "list_type": "write a YAML list ('- item' lines)",
        "model_type": "write a mapping ('key: value' lines)",
        "model_attributes_type": "write a mapping ('key: value' lines)",
        "string_type": "write text",
        "literal_error": None,
    }
    return hints.get(kind)


def build(cls: type[M], tree: Any, *, file: str) -> tuple[M | None, list[ValidationError]]:
    """Validate ``tree`` as ``cls``; return the model (or None) and the problems found."""
    from qi.project.yamlio import Document

    try:
        plain = tree.plain if isinstance(tree, Document) else to_plain(tree)
    except ValidationError as err:  # malformed YAML, found when the document is first read
        return None, [err]
    if not isinstance(plain, dict):
        found = "an empty file" if plain is None else f"a {type(plain).__name__}"
        return None, [
            ValidationError(
                f"expected a mapping of fields, found {found}",
                file=file,
                hint=f"start from the template ({cls.__name__} fields: "
                f"{', '.join(cls.model_fields)})",
            )
        ]
    try:
        model = cls.model_validate(plain)
    except pydantic.ValidationError as err:
        return None, problems_from_pydantic(err, cls, tree, file=file)
    problems = date_range_problems(plain, tree, file=file)
    return (None, problems) if problems else (model, [])


#: A date or a period as qi reads them (qi.project.periods): the year is group 1 or 2.
_DATED = re.compile(
    r"(?:FY\s*)?(\d{4})(?:-\d{1,2}(?:-\d{1,2})?|\s*-?\s*Q[1-4]|\s*/\s*\d{2,4})"
    r"|Q[1-4]\s*-?\s*(\d{4})",
    re.IGNORECASE,
)


def date_range_problems(
    plain: Any, tree: Any, *, file: str, loc: tuple[str | int, ...] = ()
) -> list[ValidationError]:
    """A problem for every date or period in a YAML file outside the years qi charts.

    pandas cannot hold dates outside 1677-2262, and a year like 3019 or 0001 is a typing error
    that used to pass validation and then take down the board pages (issue 11, finding 3).
    The range is :func:`qi.project.data.year_range`; each problem names the field and line.
    """
    from qi.project.data import year_range

    problems: list[ValidationError] = []
    if isinstance(plain, dict):
        for key, value in plain.items():
            problems += date_range_problems(value, tree, file=file, loc=(*loc, key))
    elif isinstance(plain, list):
        for i, value in enumerate(plain):
            problems += date_range_problems(value, tree, file=file, loc=(*loc, i))
    elif isinstance(plain, str) and (m := _DATED.fullmatch(plain.strip())):
        year = int(m[1] or m[2])
        first, last = year_range()
        if not first <= year <= last:
            problems.append(
                ValidationError(
                    f"{plain!r} is in {year}, outside {first}-{last}",
                    field=_dotted(loc),
                    file=file,
                    line=line_of(tree, list(loc)),
                    hint="check the year for a typing error",
                )
            )
    return problems


def build_or_raise(cls: type[M], tree: Any, *, file: str) -> M:
    """:func:`build`, raising a :class:`ProblemList` (or the single problem) on failure."""
    model, problems = build(cls, tree, file=file)
    if problems:
        raise_problems(problems, file=file)
    assert model is not None
    return model


def raise_problems(
    problems: Sequence[ValidationError], *, file: str | None = None
) -> typing.NoReturn:
    """Raise one problem as itself, several as a :class:`ProblemList`."""
    if len(problems) == 1:
        raise problems[0]
    raise ProblemList(problems, file=file)


# --- template text left in a charter -------------------------------------------------------
#: Fields of the charter skeleton whose text is a real default, not an instruction to replace:
#: ``id`` and ``title`` are filled in by ``qi init``; the plan's stages and the score scale
#: are qi's recommended defaults (Life QI / IHI progress scores).
SKELETON_DEFAULTS: tuple[str, ...] = ("id", "title", "plan", "score_scale")


def _text_leaves(
    node: Any, loc: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], str]]:
    """``(path, text)`` of every non-empty string in a plain YAML value."""
    if isinstance(node, dict):
        return [
            leaf for key, value in node.items() for leaf in _text_leaves(value, (*loc, str(key)))
        ]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _text_leaves(value, (*loc, i))]
    return [(loc, node)] if isinstance(node, str) and node.strip() else []


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


def skeleton_placeholders() -> list[tuple[str, str]]:
    """``(field, text)`` of each instruction in qi's charter skeleton
    (``qi/templates/skeleton/project/charter.yaml``) that a project should replace with its own words."""
    import yaml as pyyaml

    from qi.project.skeleton import charter_skeleton_text

    skeleton = pyyaml.safe_load(charter_skeleton_text())
    return [
        (_dotted(loc), value.strip())
        for loc, value in _text_leaves(skeleton)
        if loc[0] not in SKELETON_DEFAULTS
    ]


def placeholder_warnings(charter_file: str | Path) -> list[ValidationError]:
    """The skeleton's instructions still in a charter, one record per field (with its line).

    Not errors: a charter with them is valid, but they would reach the board page as if they
    were the project's own words. A charter that cannot be read gives no warnings (``qi
    validate`` reports why it cannot be read).
    """
    from qi.project.yamlio import load_document

    try:
        document = load_document(Path(charter_file))
        plain = document.plain
    except ValidationError:
        return []
    placeholders = [(text, _words(text)) for _, text in skeleton_placeholders()]
    warnings: list[ValidationError] = []
    for loc, value in _text_leaves(plain):
        found = next((text for text, words in placeholders if words in _words(value)), None)
        if found is not None:
            warnings.append(
                ValidationError(
                    f"still holds the template's text {found!r}",
                    field=_dotted(loc),
                    file=str(charter_file),
                    line=line_of(document, list(loc)),
                    hint="replace it with the project's own words",
                )
            )
    return warnings
