"""Every write to a project folder, in one place: the CLI, the :class:`~qi.project.store.Project`
methods and the Jupyter widgets (:mod:`qi.lab`) all call these functions.

Each command takes the project lock, re-reads what it changes, validates the whole result with
the same pydantic model the reader uses, and replaces the file atomically; a command that fails
leaves every file as it was. YAML is edited as a round-trip tree, so comments, key order and
the rest of the file are kept. Nothing is ever deleted: a mistaken note is *withdrawn* with a
reason and a mistaken score *corrected* by a new row; the readers show the corrected view.

The writes to PDSA cycles (new cycle, fields, notes) live in :mod:`qi.project.pdsa_commands`
and are re-exported here. Cycle fields are given nested (``plan={"objective": ...}``) or dotted
(``{"study.observations": ...}``), as the IHI PDSA worksheet names them (``qi.project.model``);
:mod:`qi.project.cycle_fields` sets them in the YAML tree.
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
from qi.project.cycle_fields import FIXED_CYCLE_FIELDS, flatten_fields, flatten_nested
from qi.project.fsio import atomic_write_text, project_lock
from qi.project.intake import import_data, init_project
from qi.project.layout import CHARTER_FILE, SCORES_FILE
from qi.project.load import load_project
from qi.project.messages import require_text
from qi.project.model import ChangeIdea, Charter, Measure, ScoreEntry
from qi.project.pdsa_commands import (
    add_note,
    find_cycle_file,
    new_cycle,
    update_cycle,
    withdraw_note,
)
from qi.project.skeleton import cycle_template
from qi.project.validate import build, build_or_raise, raise_problems
from qi.project.yamlio import dump, load_for_edit, read_text

M = TypeVar("M", bound=BaseModel)


# --- scores ------------------------------------------------------------------------------------
def _score_entry(
    project: Any, score: float, rationale: str, by: str | None, **extra: Any
) -> ScoreEntry:
    project.scale.level(score)
    rationale = require_text(
        rationale,
        "a score needs a rationale",
        field="rationale",
        hint="say what evidence the score rests on",
    )
    return ScoreEntry(
        score=score, rationale=rationale, scored_by=(by or "").strip() or None, **extra
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
    reason = require_text(
        reason,
        "a correction needs a reason",
        field="reason",
        hint="say what was wrong with the entry",
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
        reason=reason,
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
    require_text(text, "the note is empty", field="text", hint="write the note's text")
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
