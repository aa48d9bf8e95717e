"""Safe identifiers: every id is checked before any path is built from it.

A project, measure, change idea or cycle id becomes part of a file path
(``pdsa/<change-idea>/<cycle>.yaml``). Ids are therefore limited to a slug: a letter or digit
first, then letters, digits, ``_`` or ``-``, at most 64 characters. That rules out ``/``,
``\\``, ``..``, a leading dot (hidden files) and empty names, so no id can escape its folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from qi.constants import ID_MAX_LENGTH, ID_PATTERN
from qi.errors import ValidationError

_ID_RE = re.compile(ID_PATTERN)


def is_safe_id(value: object) -> bool:
    """True when ``value`` is a string that matches the slug pattern ``ID_PATTERN``."""
    return isinstance(value, str) and _ID_RE.fullmatch(value) is not None


def check_id(
    value: object, *, field: str = "id", file: str | None = None, line: int | None = None
) -> str:
    """Return ``value`` if it is a safe id, else raise :class:`ValidationError`.

    Parameters
    ----------
    value:
        The candidate id.
    field:
        What the id names (``change_idea``, ``cycle``, ``measure``...), used in the message.
    file, line:
        Where the id was read from, if anywhere.
    """
    if is_safe_id(value):
        return str(value)
    shown = repr(value)
    return _raise(
        f"{shown} is not a valid id: ids are 1-{ID_MAX_LENGTH} characters, start with a letter or "
        "digit and use only letters, digits, '_' and '-' (no '/', '..' or leading dot)",
        field=field,
        file=file,
        line=line,
        hint=f"rename it, e.g. '{suggest_id(str(value))}'",
    )


def _raise(message: str, **kwargs: object) -> str:
    raise ValidationError(message, **kwargs)  # type: ignore[arg-type]


def suggest_id(text: str) -> str:
    """A safe id made from free text (lower case, runs of other characters become '_')."""
    slug = re.sub(r"[^a-z0-9_-]+", "_", text.lower()).strip("_-")
    return (slug or "item")[:ID_MAX_LENGTH]


def safe_child(root: Path, *parts: str) -> Path:
    """``root / parts...`` after checking every part is a safe id or a safe ``<id>.<ext>`` name.

    Raises :class:`ValidationError` if a part is unsafe or the result is not inside ``root``
    (a second line of defence against symlinks and odd input).
    """
    for part in parts:
        stem, dot, ext = part.partition(".")
        if not is_safe_id(stem) or (dot and not re.fullmatch(r"[a-z]{1,5}", ext)):
            check_id(part, field="path part")
    target = root.joinpath(*parts)
    if not is_inside(root, target):
        raise ValidationError(
            f"'{target}' would be outside the project folder '{root}'",
            field="path",
            hint="use ids without '/', '..' or links that leave the folder",
        )
    return target


def is_inside(root: Path, path: Path) -> bool:
    """True if ``path``, with every link followed, is ``root`` or lies inside it (also resolved).

    The one symlink policy of qi's readers and writers: a link that stays inside the project
    (or portfolio) is followed; one that leaves it is refused (issue 11, finding 10).
    """
    root_resolved = Path(root).resolve()
    target = Path(path).resolve()
    return target == root_resolved or root_resolved in target.parents


def check_inside(root: Path, path: Path, *, what: str = "file") -> Path:
    """``path`` if :func:`is_inside` ``root``, else a :class:`ValidationError` naming the link."""
    if not is_inside(root, path):
        raise ValidationError(
            f"this {what} is a link to '{Path(path).resolve()}', outside '{root}'",
            file=str(path),
            hint=f"copy the {what} into '{root}' instead of linking to it",
        )
    return Path(path)
