"""Score history: ``scores.csv`` with ``date, score, rationale, scored_by`` and, once a score
has been corrected, ``corrected_on, reason``.

Lines starting with ``#`` are comments and are kept when qi appends a score (the file is
rewritten atomically with the new row added at the end; nothing else changes but the header,
which gains the correction columns the first time one is needed).

A correction never edits or removes a row: it is a new row with the corrected entry's ``date``,
``corrected_on`` and ``reason``. :func:`current_entries` is the corrected view every reader
uses; :func:`history_frame` shows every row with what replaced what.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pydantic

from qi.constants import SCORE_COLUMNS, SCORE_CORRECTION_COLUMNS
from qi.errors import ValidationError
from qi.project.data import check_period_range, csv_records
from qi.project.messages import pydantic_message
from qi.project.model import ScoreEntry
from qi.project.scales import Scale


def empty_scores() -> pd.DataFrame:
    """An empty score history with the right columns and dtypes."""
    return pd.DataFrame(
        {
            "date": pd.Series([], dtype="datetime64[ns]"),
            "score": pd.Series([], dtype="float64"),
            "rationale": pd.Series([], dtype="string"),
            "scored_by": pd.Series([], dtype="string"),
        }
    )


def parse_scores(
    text: str, *, file: str, scale: Scale | None = None
) -> tuple[list[ScoreEntry], list[ValidationError]]:
    """Parse ``scores.csv`` text; every problem names the file and line."""
    entries: list[ScoreEntry] = []
    problems: list[ValidationError] = []
    header: list[str] | None = None
    for line, record in csv_records(text, file=file):
        if header is None:
            header = _header(record, file=file, line=line)
            continue
        found = _score_row(dict(zip(header, record, strict=False)), file, line, scale)
        if isinstance(found, ValidationError):
            problems.append(found)
        else:
            entries.append(found)
    return entries, problems


def _header(record: list[str], *, file: str, line: int) -> list[str]:
    """The column names of ``scores.csv`` (lower case); a missing or unknown column is an error."""
    header = [c.strip().lower() for c in record]
    missing = [c for c in ("date", "score", "rationale") if c not in header]
    unknown = [c for c in header if c not in (*SCORE_COLUMNS, *SCORE_CORRECTION_COLUMNS)]
    if missing or unknown:
        raise ValidationError(
            (
                f"missing column(s) {', '.join(missing)}"
                if missing
                else f"unknown column(s) {', '.join(unknown)}"
            )
            + f"; found: {', '.join(header)}",
            file=file,
            line=line,
            hint=f"the header must be: {','.join(SCORE_COLUMNS)}",
        )
    return header


def _score_row(
    row: dict[str, str], file: str, line: int, scale: Scale | None
) -> ScoreEntry | ValidationError:
    """One row of ``scores.csv`` as an entry, or the first problem with it: a field that does
    not validate, a date outside the years qi charts, a score not on the project's scale."""
    try:
        entry = ScoreEntry(
            date=row.get("date", "").strip(),
            score=row.get("score", "").strip(),
            rationale=row.get("rationale", ""),
            scored_by=(row.get("scored_by") or "").strip() or None,
            corrected_on=(row.get("corrected_on") or "").strip() or None,
            reason=(row.get("reason") or "").strip() or None,
        )
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "row"
        return ValidationError(
            f"{pydantic_message(first)} (found {row.get(field, '')!r})",
            field=field,
            file=file,
            line=line,
            hint="dates are YYYY-MM-DD, scores are numbers",
        )
    try:  # a year like 0001 or 3019 cannot be charted (issue 11, finding 3)
        check_period_range(
            entry.date, row.get("date", "").strip(), field="date", file=file, line=line
        )
    except ValidationError as err:
        return err
    if scale is not None and entry.score not in scale.scores:
        return ValidationError(
            f"score {entry.score:g} is not on the scale '{scale.id}'",
            field="score",
            file=file,
            line=line,
            hint=f"use one of: {', '.join(f'{s:g}' for s in scale.scores)}",
        )
    return entry


def current_entries(entries: list[ScoreEntry]) -> list[ScoreEntry]:
    """The corrected view: each correction takes the place of the entry of its ``date`` written
    before it (the latest one, when a date has several); file order otherwise."""
    shown: list[ScoreEntry] = []
    for entry in entries:
        if entry.corrected_on is not None:
            for i in range(len(shown) - 1, -1, -1):
                if shown[i].date == entry.date:
                    shown[i] = entry
                    break
            else:
                shown.append(entry)  # nothing to replace (checked when the correction is written)
        else:
            shown.append(entry)
    return shown


def history_frame(entries: list[ScoreEntry]) -> pd.DataFrame:
    """Every row of ``scores.csv`` in file order, with ``corrected_on``, ``reason`` and
    ``in_force`` (False for an entry a later correction replaced)."""
    in_force = {id(e) for e in current_entries(entries)}
    return pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series([e.date for e in entries], dtype=object)),
            "score": pd.Series([float(e.score) for e in entries], dtype="float64"),
            "rationale": pd.array([e.rationale for e in entries], dtype="string"),
            "scored_by": pd.array([e.scored_by for e in entries], dtype="string"),
            "corrected_on": pd.to_datetime(
                pd.Series([e.corrected_on for e in entries], dtype=object)
            ),
            "reason": pd.array([e.reason for e in entries], dtype="string"),
            "in_force": pd.Series([id(e) in in_force for e in entries], dtype=bool),
        }
    )


def scores_frame(entries: list[ScoreEntry]) -> pd.DataFrame:
    """The corrected history as a frame (``SCORE_COLUMNS``), oldest first."""
    entries = current_entries(entries)
    if not entries:
        return empty_scores()
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime([e.date for e in entries]),
            "score": [float(e.score) for e in entries],
            "rationale": pd.array([e.rationale for e in entries], dtype="string"),
            "scored_by": pd.array([e.scored_by for e in entries], dtype="string"),
        }
    )
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def appended_text(existing: str, entry: ScoreEntry) -> str:
    """``existing`` (comments and all) with ``entry`` appended as a new CSV row.

    A correction needs the columns ``corrected_on, reason``: a header without them gains them
    (earlier rows simply leave them empty); every other line is kept byte for byte.
    """
    correcting = entry.corrected_on is not None
    lines = existing.splitlines(keepends=True)
    header_at = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")),
        None,
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [*SCORE_COLUMNS, *SCORE_CORRECTION_COLUMNS] if correcting else list(SCORE_COLUMNS)
    if header_at is None:
        writer.writerow(columns)
    else:
        header = [c.strip().lower() for c in next(csv.reader([lines[header_at]]))]
        if correcting and not all(c in header for c in SCORE_CORRECTION_COLUMNS):
            header += [c for c in SCORE_CORRECTION_COLUMNS if c not in header]
            ending = "\r\n" if lines[header_at].endswith("\r\n") else "\n"
            lines[header_at] = ",".join(header) + ending
        columns = header
    score = int(entry.score) if float(entry.score).is_integer() else entry.score
    values = {
        "date": entry.date.isoformat(),
        "score": score,
        "rationale": entry.rationale,
        "scored_by": entry.scored_by or "",
        "corrected_on": entry.corrected_on.isoformat() if entry.corrected_on else "",
        "reason": entry.reason or "",
    }
    writer.writerow([values[c] for c in columns])
    existing = "".join(lines)
    if existing and not existing.endswith("\n"):
        existing += "\n"
    return existing + buffer.getvalue()


def read_scores_file(
    path: Path, scale: Scale | None = None
) -> tuple[list[ScoreEntry], list[ValidationError]]:
    """Read ``scores.csv`` (a missing file is an empty history)."""
    if not path.exists():
        return [], []
    from qi.project.yamlio import read_text

    return parse_scores(read_text(path), file=str(path), scale=scale)


def today() -> dt.date:
    """Today's date (a function so tests can pass ``--date`` instead)."""
    return dt.date.today()
