"""The writes to PDSA cycles: a new cycle, its fields, its notes and their withdrawal.

Part of :mod:`qi.project.commands` (which re-exports every name here): each command takes the
project lock, re-reads the cycle file, validates the whole cycle with
:class:`~qi.project.model.PDSACycle` and replaces the file atomically, keeping comments and key
order (a round-trip YAML tree). Nothing is deleted: a mistaken note is withdrawn with a reason.
A new cycle without ``from_file`` is written from the skeleton
``qi/templates/skeleton/cycle.yaml`` (:mod:`qi.project.skeleton`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qi.errors import ValidationError
from qi.project.cycle_fields import (
    apply_cycle_fields,
    flatten_fields,
    stamp_predictions,
    yaml_value,
)
from qi.project.fsio import atomic_write_text, create_exclusive, project_lock
from qi.project.ids import check_id, check_inside, is_safe_id, safe_child
from qi.project.intake import yaml_scalar as _yaml_scalar
from qi.project.layout import PDSA_DIR
from qi.project.load import load_project
from qi.project.messages import require_text
from qi.project.model import PDSACycle, cycle_id
from qi.project.skeleton import new_cycle_text
from qi.project.validate import build_or_raise
from qi.project.yamlio import dump, line_of, load_file, load_for_edit, load_text


# --- helpers -----------------------------------------------------------------------------------
def _cycle_numbers(folder: Path, idea: str) -> list[int]:
    numbers = []
    if folder.is_dir():
        prefix = f"{idea}-"
        for p in folder.iterdir():
            if (
                p.suffix == ".yaml"
                and p.stem.startswith(prefix)
                and p.stem[len(prefix) :].isdigit()
            ):
                numbers.append(int(p.stem[len(prefix) :]))
    return numbers


def find_cycle_file(root: Path, cid: str) -> Path:
    """The file of cycle ``cid`` (an unsafe or unknown id is a clear error)."""
    check_id(cid, field="cycle")
    pdsa = root / PDSA_DIR
    if pdsa.is_dir():
        for folder in pdsa.iterdir():
            if folder.is_dir() and not folder.name.startswith(".") and is_safe_id(folder.name):
                candidate = folder / f"{cid}.yaml"
                if candidate.is_file():
                    return check_inside(
                        root, candidate, what="cycle file"
                    )  # never write through a link out
    raise ValidationError(
        f"no PDSA cycle '{cid}' in {root}",
        field="cycle",
        hint="run `qi pdsa list PATH` to see the cycle ids",
    )


# --- PDSA cycles -------------------------------------------------------------------------------
def new_cycle(
    path: str | Path,
    change_idea: str,
    *,
    from_file: str | Path | None = None,
    title: str | None = None,
    fields: Mapping[str, Any] | None = None,
) -> str:
    """Create the next PDSA cycle of ``change_idea``; return its id.

    The next number is allocated under the project lock and the file is published with an
    exclusive create, so concurrent calls always make distinct cycles. ``from_file`` is a YAML
    file with the cycle's fields (``change_idea`` and ``cycle_number`` are set by qi); without
    it, a commented template is written. ``fields`` (nested or dotted, see
    :func:`flatten_fields`) are set on top and the whole cycle is validated before anything is
    written. ``plan.predictions_written`` is today only for a cycle not yet started; pass it for
    a cycle logged after the fact.
    """
    root = Path(path)
    check_id(change_idea, field="change_idea")
    project = load_project(root)
    idea = project.change_idea(change_idea)
    flat = flatten_fields(fields or {})
    if title is None and isinstance(flat.get("title"), str):
        title = flat.pop("title")
    tree = None
    if from_file is not None:
        source = Path(from_file)
        tree = load_file(source)
        if not isinstance(tree, dict):
            raise ValidationError("expected a mapping of cycle fields", file=str(source))
    folder = safe_child(root, PDSA_DIR, idea.id)
    with project_lock(root):
        existing = _cycle_numbers(folder, idea.id)
        number = max(existing, default=0) + 1
        previous = cycle_id(idea.id, max(existing)) if existing else None
        cid = cycle_id(idea.id, number)
        target = safe_child(root, PDSA_DIR, idea.id, f"{cid}.yaml")
        file = str(from_file or target)
        if tree is None:
            written = "" if flat else dt.date.today().isoformat()
            text = new_cycle_text(
                cid=cid,
                idea=idea.id,
                number=number,
                title=_yaml_scalar(title or f"{idea.title}: cycle {number}"),
                previous=previous or "",
                written=written,
            )
            tree_new = load_text(text, file=cid)
            if flat:
                stamp_predictions(tree_new, flat)
        else:
            tree_new = tree
            tree_new["change_idea"] = idea.id
            tree_new["cycle_number"] = number
            if "title" not in tree_new:
                tree_new["title"] = title or f"{idea.title}: cycle {number}"
            if previous and not tree_new.get("previous"):
                tree_new["previous"] = previous
        model = apply_cycle_fields(tree_new, flat, file=file)
        for mid in model.measures:
            project.measure(mid)
        create_exclusive(target, dump(tree_new))
    return cid


def update_cycle(path: str | Path, cid: str, fields: Mapping[str, Any]) -> PDSACycle:
    """Set fields of an existing cycle (nested or dotted names); return the validated cycle.

    Comments and every field not named are kept; a field set to None is emptied. The cycle's
    change idea, number and notes cannot be set here (:data:`FIXED_CYCLE_FIELDS`).
    """
    root = Path(path)
    flat = flatten_fields(fields)
    if not flat:
        raise ValidationError(
            "no fields to set",
            field="fields",
            hint="name at least one field, e.g. study.observations=...",
        )
    file = find_cycle_file(root, cid)
    project = load_project(root)
    with project_lock(root):
        original, tree = load_for_edit(file)
        if not isinstance(tree, dict):
            raise ValidationError("expected a mapping of cycle fields", file=str(file))
        stamp_predictions(tree, flat)
        model = apply_cycle_fields(tree, flat, file=str(file))
        for j, mid in enumerate(model.measures):
            if mid not in [m.id for m in project.measures]:
                raise ValidationError(
                    f"cycle links measure '{mid}', which the charter does not define",
                    field=f"measures[{j}]",
                    file=str(file),
                    hint=f"measures: {', '.join(m.id for m in project.measures)}",
                )
        atomic_write_text(file, dump(tree, like=original))
    return model


def add_note(
    path: str | Path, cid: str, text: str, *, author: str, date: dt.date | None = None
) -> None:
    """Append a dated, attributed note to a cycle's log; the rest of the file is unchanged."""
    root = Path(path)
    require_text(text, "the note is empty", field="text", hint="write the note's text")
    author = require_text(
        author, "the note has no author", field="author", hint="give the name of who wrote it"
    )
    file = find_cycle_file(root, cid)
    with project_lock(root):
        original, tree = load_for_edit(file)
        if not isinstance(tree, dict):
            raise ValidationError("expected a mapping of cycle fields", file=str(file))
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        notes = tree.get("notes")
        if notes is None:
            notes = CommentedSeq()
            tree["notes"] = notes
        if not isinstance(notes, list):
            raise ValidationError(
                "notes must be a list", field="notes", file=str(file), line=line_of(tree, ["notes"])
            )
        note = CommentedMap()
        note["date"] = date or dt.date.today()
        note["author"] = author
        note["text"] = yaml_value(text)
        notes.append(note)
        build_or_raise(PDSACycle, tree, file=str(file))
        atomic_write_text(file, dump(tree, like=original))


def withdraw_note(
    path: str | Path, cid: str, number: int, *, reason: str, by: str, date: dt.date | None = None
) -> None:
    """Withdraw note ``number`` (1 = the oldest) of a cycle, saying why: the note stays in the
    file with ``withdrawn: {date, by, reason}`` and the readers leave it out."""
    root = Path(path)
    reason = require_text(
        reason, "a withdrawal needs a reason", field="reason", hint="say why the note is withdrawn"
    )
    by = require_text(
        by, "a withdrawal needs a name", field="by", hint="give the name of who withdraws it"
    )
    file = find_cycle_file(root, cid)
    with project_lock(root):
        original, tree = load_for_edit(file)
        notes = tree.get("notes") if isinstance(tree, dict) else None
        count = len(notes) if isinstance(notes, list) else 0
        if not isinstance(notes, list) or not isinstance(number, int) or not 1 <= number <= count:
            raise ValidationError(
                f"cycle '{cid}' has no note {number}",
                field="note",
                file=str(file),
                hint=f"notes are numbered 1 to {count} (`qi pdsa show PATH {cid}`)"
                if count
                else "the cycle has no notes",
            )
        note = notes[number - 1]
        if isinstance(note, dict) and note.get("withdrawn"):
            raise ValidationError(
                f"note {number} of '{cid}' is already withdrawn",
                field="note",
                file=str(file),
                line=line_of(tree, ["notes", number - 1, "withdrawn"]),
                hint="a withdrawal is final; add a new note to say more",
            )
        from ruamel.yaml.comments import CommentedMap

        mark = CommentedMap()
        mark["date"] = date or dt.date.today()
        mark["by"] = by
        mark["reason"] = reason
        note["withdrawn"] = mark
        build_or_raise(PDSACycle, tree, file=str(file))
        atomic_write_text(file, dump(tree, like=original))


__all__ = [
    "add_note",
    "find_cycle_file",
    "new_cycle",
    "update_cycle",
    "withdraw_note",
]
