"""Validating rows of measure data against the charter's measures: the period, the value and
the denominator of each row, one row per measure and period, denominators on every row of a
measure or none. :mod:`qi.project.data` reads the CSV file and the Excel sheet into rows and
calls :func:`read_rows`; every problem names the file and the line (CSV) or row (Excel).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from qi.constants import EARLIEST_YEAR, LATEST_YEARS_AHEAD, VALUE_ABS_MAX
from qi.errors import ValidationError
from qi.project.messages import did_you_mean
from qi.project.model import Measure
from qi.project.periods import parse_period, period_label

#: Columns of the parsed frame (one row per measure and period).
PARSED_COLUMNS: tuple[str, ...] = ("measure", "period", "value", "denominator", "note", "line")

#: Units whose values cannot be below zero (counts, shares, rates and durations).
_NON_NEGATIVE_UNITS = ("count", "percentage", "proportion", "rate", "days", "hours")


#: A plain number as qi writes it: digits with an optional '.' decimal point and exponent; no
#: digit separators (Python's float() also takes '1_000', 'nan' and 'infinity').
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _number(text: str, *, column: str, file: str, line: int, where: str) -> float:
    """The number in ``text`` (NaN when empty), or the problem with it."""
    text = text.strip()
    if text == "":
        return math.nan
    at: dict[str, Any] = {"field": column, "file": file, "line": line, "where": where}
    if not _PLAIN_NUMBER.fullmatch(text):
        if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise _problem(
                f"{column} {text!r} is not a finite number", **at, hint="write a plain number"
            )
        try:
            float(text.replace(",", "").replace("_", "").replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            raise _problem(
                f"{column} {text!r} is not a number",
                **at,
                hint="write a plain number (no units or % signs), or leave it empty",
            ) from None
        raise _problem(
            f"{column} {text!r} has a decimal comma or digit separators",
            **at,
            hint="write digits with '.' as the decimal point and nothing between the digits: "
            "'1234,5' is 1234.5, '1.234,5' is 1234.5, '1,234' is 1234 (qi cannot tell which "
            "one a comma means)",
        )
    if where == "line":
        return check_bounds(float(text), text, column=column, file=file, line=line)
    return check_bounds(float(text), text, column=column, file=file, rows=[line])


def check_bounds(
    value: float,
    text: str,
    *,
    column: str,
    file: str,
    line: int | None = None,
    rows: list[int] | None = None,
) -> float:
    """``value`` if finite and within +-:data:`~qi.constants.VALUE_ABS_MAX`, else the problem."""
    if not math.isfinite(value) or abs(value) > VALUE_ABS_MAX:
        raise ValidationError(
            f"{column} {text!r} is too large to chart (the limit is +-{VALUE_ABS_MAX:.4g})",
            field=column,
            file=file,
            line=line,
            rows=rows,
            hint="check for a typing error (extra digits, a misplaced exponent)",
        )
    return value


def check_period_range(
    period: pd.Timestamp | dt.date,
    text: object,
    *,
    field: str,
    file: str,
    line: int | None = None,
    rows: list[int] | None = None,
) -> None:
    """Refuse a period or date outside the years qi charts (:func:`year_range`)."""
    first, last = year_range()
    if not first <= period.year <= last:
        raise ValidationError(
            f"{field} {str(text)!r} is in {period.year}, outside {first}-{last}",
            field=field,
            file=file,
            line=line,
            rows=rows,
            hint="check the year for a typing error (qi charts periods from "
            f"{first} to {LATEST_YEARS_AHEAD} years from now)",
        )


def year_range(today: dt.date | None = None) -> tuple[int, int]:
    """The first and last year of a period or date qi accepts (constants' EARLIEST_YEAR to
    LATEST_YEARS_AHEAD years after this year; both inside pandas' 1677-2262)."""
    return EARLIEST_YEAR, (today or dt.date.today()).year + LATEST_YEARS_AHEAD


def read_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    measures: Mapping[str, Measure],
    *,
    file: str,
    where: str = "line",
    skip: Iterable[str] = (),
) -> tuple[pd.DataFrame, list[ValidationError]]:
    """Validate tidy rows against the charter's measures.

    Parameters
    ----------
    rows:
        ``(line or row number, {column: text})`` pairs.
    measures:
        The charter's measures by id.
    file:
        The file named in messages.
    where:
        ``"line"`` (CSV line numbers) or ``"row"`` (spreadsheet rows).
    skip:
        Measure ids whose rows are passed over silently (measures the charter names but
        could not define, so that ``qi validate`` still checks the other rows).
    """
    problems: list[ValidationError] = []
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, pd.Timestamp], int] = {}
    skipped = set(skip)
    for line, row in rows:
        measure_id = (row.get("measure") or "").strip()
        if not measure_id and not any((v or "").strip() for v in row.values()):
            continue  # blank line
        if measure_id not in measures and measure_id in skipped:
            continue
        try:
            record = _read_row(line, row, measure_id, measures, file=file, where=where)
            _check_unique(record, seen, measures[measure_id], file=file, where=where)
        except ValidationError as err:
            if where == "row" and err.line is None and not err.rows:
                err.rows = [line]
            problems.append(err)
            continue
        seen[(measure_id, record["period"])] = line
        out.append(record)
    problems += _mixed_denominators(out, file=file)
    frame = pd.DataFrame(out, columns=list(PARSED_COLUMNS))
    frame = frame.astype(
        {
            "measure": "string",
            "value": "float64",
            "denominator": "float64",
            "note": "string",
            "line": "int64",
        }
    )
    frame["period"] = pd.to_datetime(frame["period"])
    return frame, problems


def _problem(
    message: str, *, field: str, file: str, line: int, where: str, hint: str
) -> ValidationError:
    """A problem at a CSV ``line`` or a spreadsheet row (``where``)."""
    at: dict[str, Any] = {"line": line} if where == "line" else {"rows": [line]}
    return ValidationError(message, field=field, file=file, hint=hint, **at)


def _read_row(
    line: int,
    row: Mapping[str, str],
    measure_id: str,
    measures: Mapping[str, Measure],
    *,
    file: str,
    where: str,
) -> dict[str, Any]:
    """One row as a record of :data:`PARSED_COLUMNS`, or the first problem in it (raised)."""
    measure = measures.get(measure_id)
    if measure is None:
        ids = list(measures)
        raise _problem(
            f"unknown measure '{measure_id}'",
            field="measure",
            file=file,
            line=line,
            where=where,
            hint=did_you_mean(measure_id, ids)
            + f"measures in the charter: {', '.join(ids) or '(none)'}",
        )
    period = parse_period(
        row.get("period") or "",
        measure.frequency,
        field="period",
        file=file,
        line=line if where == "line" else None,
    )
    check_period_range(
        period,
        row.get("period"),
        field="period",
        file=file,
        line=line if where == "line" else None,
        rows=None if where == "line" else [line],
    )
    value = _number(row.get("value") or "", column="value", file=file, line=line, where=where)
    denominator = _number(
        row.get("denominator") or "", column="denominator", file=file, line=line, where=where
    )
    _check_value(value, denominator, measure, file=file, line=line, where=where)
    return {
        "measure": measure_id,
        "period": period,
        "value": value,
        "denominator": denominator,
        "note": (row.get("note") or "").strip(),
        "line": line,
    }


def _check_value(
    value: float, denominator: float, measure: Measure, *, file: str, line: int, where: str
) -> None:
    """Refuse an empty value, a negative count or share, a denominator not above zero, and a
    numerator above its denominator."""
    at: dict[str, Any] = {"file": file, "line": line, "where": where}
    if math.isnan(value):
        raise _problem(
            "value is empty",
            field="value",
            **at,
            hint="write the value, or delete the row if there is no data for that period",
        )
    if value < 0 and measure.unit in _NON_NEGATIVE_UNITS:
        raise _problem(
            f"value {value:g} is negative, but a measure in {measure.unit} cannot be",
            field="value",
            **at,
            hint="check the sign; only costs, scores and 'other' units may be negative",
        )
    if not math.isnan(denominator) and denominator <= 0:
        raise _problem(
            f"denominator {denominator:g} is not above zero",
            field="denominator",
            **at,
            hint="a denominator counts the people or cases at risk: write a positive number "
            "or leave it empty",
        )
    if (
        not math.isnan(denominator)
        and value > denominator
        and measure.unit in ("percentage", "proportion")
    ):
        raise _problem(
            f"value {value:g} is above its denominator {denominator:g}",
            field="value",
            **at,
            hint="for a percentage measure, value is the numerator (a count), not the percentage",
        )


def _check_unique(
    record: Mapping[str, Any],
    seen: Mapping[tuple[str, pd.Timestamp], int],
    measure: Measure,
    *,
    file: str,
    where: str,
) -> None:
    """Refuse a second row for a measure and period already read."""
    key = (str(record["measure"]), record["period"])
    if key in seen:
        raise _problem(
            f"measure '{key[0]}' has two rows for period {period_label(key[1], measure.frequency)}",
            field="period",
            file=file,
            line=int(record["line"]),
            where=where,
            hint=f"keep one of them (the other is at {where} {seen[key]})",
        )


def _mixed_denominators(out: list[dict[str, Any]], *, file: str) -> list[ValidationError]:
    """A problem for each measure with a denominator on some rows but not on others."""
    problems = []
    for measure_id in dict.fromkeys(str(r["measure"]) for r in out):
        rows_of = [r for r in out if r["measure"] == measure_id]
        missing = [int(r["line"]) for r in rows_of if math.isnan(float(r["denominator"]))]
        if missing and len(missing) < len(rows_of):
            problems.append(
                ValidationError(
                    f"measure '{measure_id}' has denominators on some rows but not on others",
                    field="denominator",
                    file=file,
                    rows=missing,
                    hint="give every row of a measure its denominator, or none (the chart type depends on it)",
                )
            )
    return problems


__all__ = ["PARSED_COLUMNS", "check_bounds", "check_period_range", "read_rows", "year_range"]
