"""Every write to a project folder, in one place: the CLI, the :class:`~qi.project.store.Project`
methods and the Jupyter widgets (:mod:`qi.lab`) all call these functions.

Each command takes the project lock, re-reads what it changes, validates the whole result with
the same pydantic model the reader uses, and replaces the file atomically; a command that fails
leaves every file as it was. YAML is edited as a round-trip tree, so comments, key order and
the rest of the file are kept. Nothing is ever deleted: a mistaken note is *withdrawn* with a
reason and a mistaken score *corrected* by a new row; the readers show the corrected view.

Cycle fields are given nested (``plan={"objective": ...}``) or dotted
(``{"study.observations": ...}``), as the IHI PDSA worksheet names them (``qi.project.model``);
:mod:`qi.project.cycle_fields` sets them in the YAML tree. A new cycle without ``from_file`` is
written from the skeleton ``qi/templates/skeleton/cycle.yaml`` (:mod:`qi.project.skeleton`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from qi.errors import ValidationError
from qi.project import scores as scores_io
from qi.project.checks import charter_problems as _charter_problems
from qi.project.cycle_fields import (
    FIXED_CYCLE_FIELDS,
    apply_cycle_fields,
    flatten_fields,
    flatten_nested,
    stamp_predictions,
    yaml_value,
)
from qi.project.fsio import atomic_write_text, create_exclusive, project_lock
from qi.project.ids import check_id, check_inside, is_safe_id, safe_child
from qi.project.intake import import_data, init_project
from qi.project.intake import yaml_scalar as _yaml_scalar
from qi.project.layout import CHARTER_FILE, PDSA_DIR, SCORES_FILE
from qi.project.load import load_project
from qi.project.model import ChangeIdea, Charter, Measure, PDSACycle, ScoreEntry, cycle_id
from qi.project.skeleton import cycle_template, new_cycle_text
from qi.project.validate import build, build_or_raise, raise_problems
from qi.project.yamlio import dump, line_of, load_file, load_for_edit, load_text, read_text

M = TypeVar("M", bound=BaseModel)


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
    if not text.strip():
        raise ValidationError("the note is empty", field="text", hint="write the note's text")
    if not author.strip():
        raise ValidationError(
            "the note has no author", field="author", hint="give the name of who wrote it"
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
        note["author"] = author.strip()
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
    if not reason.strip():
        raise ValidationError(
            "a withdrawal needs a reason", field="reason", hint="say why the note is withdrawn"
        )
    if not by.strip():
        raise ValidationError(
            "a withdrawal needs a name", field="by", hint="give the name of who withdraws it"
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
        mark["by"] = by.strip()
        mark["reason"] = reason.strip()
        note["withdrawn"] = mark
        build_or_raise(PDSACycle, tree, file=str(file))
        atomic_write_text(file, dump(tree, like=original))


# --- scores ------------------------------------------------------------------------------------
def _score_entry(
    project: Any, score: float, rationale: str, by: str | None, **extra: Any
) -> ScoreEntry:
    project.scale.level(score)
    if not rationale.strip():
        raise ValidationError(
            "a score needs a rationale",
            field="rationale",
            hint="say what evidence the score rests on",
        )
    return ScoreEntry(
        score=score, rationale=rationale.strip(), scored_by=(by or "").strip() or None, **extra
    )


def _append_score(root: Path, entry: ScoreEntry) -> None:
    file = root / SCORES_FILE
    with project_lock(root):
        existing = read_text(file) if file.exists() else ""
        atomic_write_text(file, scores_io.appended_text(existing, entry))


def set_score(
    path: str | Path,
    score: float,
    *,
    rationale: str,
    by: str | None = None,
    date: dt.date | None = None,
) -> ScoreEntry:
    """Append a score to ``scores.csv`` after checking it is on the project's scale."""
    root = Path(path)
    project = load_project(root)
    entry = _score_entry(project, score, rationale, by, date=date or scores_io.today())
    _append_score(root, entry)
    return entry


def correct_score(
    path: str | Path,
    entry_date: dt.date,
    score: float,
    *,
    rationale: str,
    reason: str,
    by: str | None = None,
    corrected_on: dt.date | None = None,
) -> ScoreEntry:
    """Correct the score recorded for ``entry_date``: a new row with that date, the new score
    and rationale, the date of the correction and its reason. The old row stays in the file;
    every reader shows the corrected one (:func:`qi.project.scores.current_entries`)."""
    root = Path(path)
    project = load_project(root)
    if not reason.strip():
        raise ValidationError(
            "a correction needs a reason", field="reason", hint="say what was wrong with the entry"
        )
    dates = [e.date for e in scores_io.current_entries(project.score_entries)]
    if entry_date not in dates:
        shown = ", ".join(sorted({d.isoformat() for d in dates})) or "none yet"
        raise ValidationError(
            f"no score recorded on {entry_date.isoformat()} to correct",
            field="date",
            file=str(root / SCORES_FILE),
            hint=f"scores recorded on: {shown}",
        )
    entry = _score_entry(
        project,
        score,
        rationale,
        by,
        date=entry_date,
        corrected_on=corrected_on or scores_io.today(),
        reason=reason.strip(),
    )
    _append_score(root, entry)
    return entry


# --- notes on data points (chart annotation) ----------------------------------------------------
#: Between two notes on the same data point: notes are added to, never replaced.
POINT_NOTE_SEPARATOR = "; "


def annotate_point(
    path: str | Path, measure_id: str, period: Any, text: str, *, author: str | None = None
) -> str:
    """Add ``text`` to the ``note`` of one data point (``data/measures.csv``: the row of
    ``measure_id`` at ``period``, a period label or the chart's x); an earlier note is kept,
    the new one appended after :data:`POINT_NOTE_SEPARATOR`. Return the point's whole note."""
    import pandas as pd

    from qi.project import data as data_io
    from qi.project.periods import parse_period
    from qi.project.store import DATA_FILE

    root = Path(path)
    if not text.strip():
        raise ValidationError("the note is empty", field="text", hint="write the note's text")
    if period is None or (not isinstance(period, str) and pd.isna(period)):
        raise ValidationError(
            "no data point chosen", field="period", hint="pick the point to annotate"
        )
    project = load_project(root)
    measure = project.measure(measure_id)
    when = (
        pd.Timestamp(period)
        if not isinstance(period, str)
        else parse_period(period, measure.frequency, field="period")
    )
    added = text.strip() + (f" ({author.strip()})" if author and author.strip() else "")
    measures = {m.id: m for m in project.measures}
    file = root / DATA_FILE
    with project_lock(root):
        raw = read_text(file)
        frame, problems = data_io.read_csv_text(raw, measures, file=str(file))
        if problems:
            raise_problems(problems, file=str(file))
        at = frame.index[(frame["measure"] == measure_id) & (frame["period"] == when)]
        if len(at) == 0:
            periods = [str(p.date()) for p in frame.loc[frame["measure"] == measure_id, "period"]]
            raise ValidationError(
                f"measure '{measure_id}' has no data point at {when.date()}",
                field="period",
                file=str(file),
                hint=f"periods with data: {', '.join(periods) or 'none'}",
            )
        old: Any = frame.at[at[0], "note"]
        note = (
            added if pd.isna(old) or not str(old).strip() else f"{old}{POINT_NOTE_SEPARATOR}{added}"
        )
        frame.loc[at[0], "note"] = note
        atomic_write_text(file, data_io.to_csv_text(frame, measures, data_io.leading_comments(raw)))
    return note


def link_cycle(
    path: str | Path, cid: str, measure_id: str, period: Any, *, author: str | None = None
) -> str:
    """Link PDSA cycle ``cid`` to one point of a measure's chart: the cycle is marked on that
    measure (its ``measures`` list) and the point's note names the cycle."""
    root = Path(path)
    project = load_project(root)
    cycle = project.cycle(cid)
    project.measure(measure_id)
    if measure_id not in cycle.measures:
        update_cycle(root, cid, {"measures": [*cycle.measures, measure_id]})
    return annotate_point(root, measure_id, period, f"PDSA {cid}: {cycle.title}", author=author)


# --- charter: measures and change ideas ---------------------------------------------------------
def _add_to_charter(path: str | Path, key: str, model: type[M], fields: Mapping[str, Any]) -> M:
    root = Path(path)
    file = root / CHARTER_FILE
    load_project(root)  # the project must be valid before it is changed
    plain = {k: v for k, v in flatten_nested(fields).items() if v is not None}
    item = build_or_raise(model, plain, file=str(file))
    with project_lock(root):
        original, tree = load_for_edit(file)
        items = tree.get(key)
        if items is None:
            from ruamel.yaml.comments import CommentedSeq

            items = CommentedSeq()
            tree[key] = items
        items.append(item.model_dump(mode="python", exclude_defaults=True, exclude_none=True))
        charter, problems = build(Charter, tree, file=str(file))
        if charter is not None:
            problems = _charter_problems(charter, tree, str(file))
        if problems:
            raise_problems(problems, file=str(file))
        atomic_write_text(file, dump(tree, like=original))
    return item


def add_measure(path: str | Path, **fields: Any) -> Measure:
    """Add a measure to the charter (``id``, ``name``, ``type`` and any :class:`Measure` field);
    comments and every other entry are kept."""
    return _add_to_charter(path, "measures", Measure, fields)


def add_change_idea(path: str | Path, **fields: Any) -> ChangeIdea:
    """Add a change idea to the charter (``id``, ``title`` and any :class:`ChangeIdea` field)."""
    return _add_to_charter(path, "change_ideas", ChangeIdea, fields)


def __getattr__(name: str) -> Any:
    # CYCLE_TEMPLATE: the template's text, now a file of the skeleton (qi.project.skeleton)
    if name == "CYCLE_TEMPLATE":
        return cycle_template()
    raise AttributeError(f"module 'qi.project.commands' has no attribute {name!r}")


__all__ = [
    "FIXED_CYCLE_FIELDS",
    "POINT_NOTE_SEPARATOR",
    "add_change_idea",
    "add_measure",
    "add_note",
    "annotate_point",
    "correct_score",
    "find_cycle_file",
    "flatten_fields",
    "flatten_nested",
    "import_data",
    "init_project",
    "link_cycle",
    "new_cycle",
    "set_score",
    "update_cycle",
    "withdraw_note",
]
