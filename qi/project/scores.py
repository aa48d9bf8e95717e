"""Score history: ``scores.csv`` with ``date, score, rationale, scored_by``.

Lines starting with ``#`` are comments and are kept when qi appends a score (the file is
rewritten atomically with the new row added at the end; nothing else changes).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pydantic

from qi.constants import SCORE_COLUMNS
from qi.errors import ValidationError
from qi.project.data import check_period_range, csv_records
from qi.project.model import ScoreEntry
from qi.project.scales import Scale


def empty_scores() -> pd.DataFrame:
    """An empty score history with the right columns and dtypes."""
    return pd.DataFrame({
        "date": pd.Series([], dtype="datetime64[ns]"),
        "score": pd.Series([], dtype="float64"),
        "rationale": pd.Series([], dtype="string"),
        "scored_by": pd.Series([], dtype="string"),
    })


def parse_scores(text: str, *, file: str, scale: Scale | None = None) -> tuple[list[ScoreEntry], list[ValidationError]]:
    """Parse ``scores.csv`` text; every problem names the file and line."""
    entries: list[ScoreEntry] = []
    problems: list[ValidationError] = []
    header: list[str] | None = None
    for line, record in csv_records(text, file=file):
        if header is None:
            header = [c.strip().lower() for c in record]
            missing = [c for c in ("date", "score", "rationale") if c not in header]
            unknown = [c for c in header if c not in SCORE_COLUMNS]
            if missing or unknown:
                raise ValidationError(
                    (f"missing column(s) {', '.join(missing)}" if missing else
                     f"unknown column(s) {', '.join(unknown)}") + f"; found: {', '.join(header)}",
                    file=file, line=line, hint=f"the header must be: {','.join(SCORE_COLUMNS)}")
            continue
        row = dict(zip(header, record, strict=False))
        try:
            entry = ScoreEntry(date=row.get("date", "").strip(), score=row.get("score", "").strip(),
                               rationale=row.get("rationale", ""),
                               scored_by=(row.get("scored_by") or "").strip() or None)
        except pydantic.ValidationError as err:
            first = err.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "row"
            message = first["msg"].removeprefix("Value error, ")
            problems.append(ValidationError(f"{message} (found {row.get(field, '')!r})", field=field,
                                            file=file, line=line,
                                            hint="dates are YYYY-MM-DD, scores are numbers"))
            continue
        try:  # a year like 0001 or 3019 cannot be charted (issue 11, finding 3)
            check_period_range(entry.date, row.get("date", "").strip(), field="date", file=file, line=line)
        except ValidationError as err:
            problems.append(err)
            continue
        if scale is not None and entry.score not in scale.scores:
            problems.append(ValidationError(
                f"score {entry.score:g} is not on the scale '{scale.id}'", field="score", file=file,
                line=line, hint=f"use one of: {', '.join(f'{s:g}' for s in scale.scores)}"))
            continue
        entries.append(entry)
    return entries, problems


def scores_frame(entries: list[ScoreEntry]) -> pd.DataFrame:
    """The history as a frame (``SCORE_COLUMNS``), oldest first."""
    if not entries:
        return empty_scores()
    frame = pd.DataFrame({
        "date": pd.to_datetime([e.date for e in entries]),
        "score": [float(e.score) for e in entries],
        "rationale": pd.array([e.rationale for e in entries], dtype="string"),
        "scored_by": pd.array([e.scored_by for e in entries], dtype="string"),
    })
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def appended_text(existing: str, entry: ScoreEntry) -> str:
    """``existing`` (comments and all) with ``entry`` appended as a new CSV row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not any(line.strip() and not line.lstrip().startswith("#") for line in existing.splitlines()):
        writer.writerow(SCORE_COLUMNS)
    score = int(entry.score) if float(entry.score).is_integer() else entry.score
    writer.writerow([entry.date.isoformat(), score, entry.rationale, entry.scored_by or ""])
    if existing and not existing.endswith("\n"):
        existing += "\n"
    return existing + buffer.getvalue()


def read_scores_file(path: Path, scale: Scale | None = None) -> tuple[list[ScoreEntry], list[ValidationError]]:
    """Read ``scores.csv`` (a missing file is an empty history)."""
    if not path.exists():
        return [], []
    from qi.project.yamlio import read_text

    return parse_scores(read_text(path), file=str(path), scale=scale)


def today() -> dt.date:
    """Today's date (a function so tests can pass ``--date`` instead)."""
    return dt.date.today()
