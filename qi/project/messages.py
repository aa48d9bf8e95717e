"""Wording shared by the checks of a project's files: the "did you mean" hint and the message
of a pydantic error as its validator wrote it.

Kept apart from :mod:`qi.project.validate` so the CSV readers (:mod:`qi.project.rows`,
:mod:`qi.project.data`, :mod:`qi.project.scores`) use it without importing the YAML machinery.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qi.errors import ValidationError, closest

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


def did_you_mean(name: str, choices: Sequence[str]) -> str:
    """``"did you mean 'x'? "`` when a valid name is near ``name`` (:func:`qi.errors.closest`),
    else ``""``: the start of a hint that goes on to list the valid names."""
    near = closest(name, choices)
    return f"did you mean '{near}'? " if near else ""


def pydantic_message(item: ErrorDetails) -> str:
    """The message of one pydantic error (an item of ``err.errors()``).

    For a ``value_error`` (a ``ValueError`` raised by one of qi's validators) this is the
    exception's own text, read from ``item["ctx"]["error"]``: pydantic's ``msg`` prefixes it
    with ``"Value error, "``, which is pydantic's wording, not the user's problem. Every other
    kind keeps pydantic's ``msg`` (their ``ctx["error"]``, where present, is only a detail of
    it, e.g. ``"input is too short"`` of an unreadable date).
    """
    ctx = item.get("ctx") or {}
    if item["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return item["msg"]


def require_text(value: str, message: str, *, field: str, hint: str) -> str:
    """``value`` stripped; a blank one (a note without text, a score without rationale, a
    withdrawal without reason) is a :class:`~qi.errors.ValidationError` naming ``field``."""
    if not value.strip():
        raise ValidationError(message, field=field, hint=hint)
    return value.strip()
