"""Reporting periods as people write them, turned into the Timestamp of the period's start.

Accepted forms (whitespace around parts ignored, case-insensitive):

============== ===================== ==============================================
form           example               period start
============== ===================== ==============================================
month          ``2019-07``           2019-07-01
date           ``2019-07-31``        the date itself, then floored to the frequency
quarter        ``2016 Q1``           2016-01-01 (calendar quarters; also ``2016Q1``,
                                     ``2016-Q1``, ``Q1 2016``)
financial year ``2016/17``           2016-04-01 (UK financial year, 1 April to
                                     31 March: Interpretation Act 1978, Schedule 1;
                                     also ``2016/2017``, ``FY2016/17``)
============== ===================== ==============================================

A period is floored to the measure's frequency: with ``monthly`` data ``2019-07-31`` becomes
2019-07-01; ``weekly`` floors to the Monday of the ISO week. A period coarser than the
frequency (a quarter for monthly data) is refused, since it cannot name one point.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from qi.constants import FINANCIAL_YEAR_START_MONTH, FREQUENCIES
from qi.errors import ValidationError, unknown_name

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})\s*-?\s*Q([1-4])|Q([1-4])\s*-?\s*(\d{4})", re.IGNORECASE)
_FY = re.compile(r"(?:FY\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})", re.IGNORECASE)

#: Granularity of each written form, coarse to fine.
_RANK = {"financial_year": 3, "quarterly": 2, "monthly": 1, "weekly": 0, "date": -1}

PERIOD_FORMS = (
    "'2019-07' (month), '2019-07-31' (date), '2016 Q1' (quarter), '2016/17' (UK financial year)"
)


def _bad(text: str, why: str, *, field: str, file: str | None, line: int | None) -> ValidationError:
    return ValidationError(
        f"period {text!r} {why}",
        field=field,
        file=file,
        line=line,
        hint=f"write periods as {PERIOD_FORMS}",
    )


def parse_period_form(
    value: object, *, field: str = "period", file: str | None = None, line: int | None = None
) -> tuple[pd.Timestamp, str]:
    """Parse a period; return its start and its form (``date``, ``monthly``, ``quarterly``,
    ``financial_year``)."""
    if isinstance(value, pd.Timestamp):
        return value.normalize(), "date"
    if isinstance(value, dt.date):
        return pd.Timestamp(value).normalize(), "date"
    text = str(value).strip()
    if not text:
        raise _bad(text, "is empty", field=field, file=file, line=line)
    try:
        if m := _DATE.fullmatch(text):
            return pd.Timestamp(dt.date(int(m[1]), int(m[2]), int(m[3]))), "date"
        if m := _MONTH.fullmatch(text):
            return pd.Timestamp(dt.date(int(m[1]), int(m[2]), 1)), "monthly"
    except ValueError:
        raise _bad(text, "is not a real date", field=field, file=file, line=line) from None
    if m := _QUARTER.fullmatch(text):
        year, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
        return pd.Timestamp(dt.date(int(year), 3 * (int(quarter) - 1) + 1, 1)), "quarterly"
    if m := _FY.fullmatch(text):
        start, end = int(m[1]), m[2]
        expected = (start + 1) % 100 if len(end) == 2 else start + 1
        if int(end) != expected:
            raise _bad(
                text,
                f"is not a financial year: the second year must follow {start}",
                field=field,
                file=file,
                line=line,
            )
        return pd.Timestamp(dt.date(start, FINANCIAL_YEAR_START_MONTH, 1)), "financial_year"
    raise _bad(text, "is not a period qi can read", field=field, file=file, line=line)


def floor_to(ts: pd.Timestamp, frequency: str) -> pd.Timestamp:
    """The start of the ``frequency`` period containing ``ts``."""
    if frequency == "weekly":
        return (ts - pd.Timedelta(days=ts.weekday())).normalize()
    if frequency == "monthly":
        return pd.Timestamp(dt.date(ts.year, ts.month, 1))
    if frequency == "quarterly":
        return pd.Timestamp(dt.date(ts.year, 3 * ((ts.month - 1) // 3) + 1, 1))
    if frequency == "financial_year":
        year = ts.year if ts.month >= FINANCIAL_YEAR_START_MONTH else ts.year - 1
        return pd.Timestamp(dt.date(year, FINANCIAL_YEAR_START_MONTH, 1))
    raise unknown_name("frequency", frequency, FREQUENCIES)


def parse_period(
    value: object,
    frequency: str | None = None,
    *,
    field: str = "period",
    file: str | None = None,
    line: int | None = None,
) -> pd.Timestamp:
    """Parse a period and floor it to ``frequency`` (see the module docstring).

    Parameters
    ----------
    value:
        ``'2019-07'``, ``'2019-07-31'``, ``'2016 Q1'``, ``'2016/17'``, a date or a Timestamp.
    frequency:
        ``weekly``, ``monthly``, ``quarterly`` or ``financial_year``; None keeps the start as
        written.
    field, file, line:
        Where the value came from, for the error message.

    Raises
    ------
    ValidationError
        If the text is not a period, is not a real date, or is coarser than ``frequency``.
    """
    start, form = parse_period_form(value, field=field, file=file, line=line)
    if frequency is None:
        return start
    if frequency not in FREQUENCIES:
        raise unknown_name("frequency", frequency, FREQUENCIES)
    if _RANK[form] > _RANK[frequency]:
        raise _bad(
            str(value).strip(),
            f"is a {form.replace('_', ' ')} period but the measure is "
            f"{frequency.replace('_', ' ')}",
            field=field,
            file=file,
            line=line,
        )
    if form == "financial_year" and frequency == "quarterly":  # pragma: no cover - ranked out
        return start
    return floor_to(start, frequency)


def period_label(ts: pd.Timestamp, frequency: str) -> str:
    """How a period start is written back (``2019-07``, ``2016 Q1``, ``2016/17``, a date)."""
    if frequency == "monthly":
        return f"{ts.year:04d}-{ts.month:02d}"
    if frequency == "quarterly":
        return f"{ts.year:04d} Q{(ts.month - 1) // 3 + 1}"
    if frequency == "financial_year":
        return f"{ts.year:04d}/{(ts.year + 1) % 100:02d}"
    return ts.strftime("%Y-%m-%d")
