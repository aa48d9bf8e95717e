"""Periods and dates as people read them, one way in tables, axes and text.

Period types (``qi.constants.PERIOD_TYPES``) are written ``Mar 2021`` (monthly),
``Jan–Mar 2021`` (quarterly: calendar months, never "Q1", which means April to June in UK
public-sector financial years), ``2020/21`` (financial year), ``2021`` (annual) and
``5 Mar 2021`` (weekly and daily dates). Every written date has its year. A chart's period
type comes from ``ChartOptions.frequency``, or is read from its dates (:func:`infer_style`).
Re-exported by :mod:`qi.present.numbers`. Nothing here computes a statistic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from qi import constants as K

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Period type -> how dates are written (the styles of :func:`write_period`).
PERIOD_STYLES: dict[str, str] = {
    "weekly": "day",
    "monthly": "month",
    "quarterly": "quarter",
    "financial_year": "financial_year",
    "annual": "year",
}


def infer_style(xs: Iterable[Any]) -> str:
    """How to write dates, from the dates themselves: ``"year"`` or ``"financial_year"``
    (every date the same day of the year, a year or more apart; April years are financial
    years), ``"quarter"`` (firsts of calendar quarters), ``"month"`` (firsts of months),
    ``"day"`` otherwise."""
    ts = pd.to_datetime(pd.Series(list(xs)), errors="coerce").dropna().sort_values()
    if not len(ts) or not ((ts.dt.day == 1).all() and (ts.dt.hour == 0).all()):
        return "day"
    months = ts.dt.year * 12 + ts.dt.month
    steps = months.diff().dropna()
    steps = steps[steps > 0]
    if len(steps) and (steps % 12 == 0).all() and ts.dt.month.nunique() == 1:
        return "financial_year" if ts.dt.month.iloc[0] == K.FINANCIAL_YEAR_START_MONTH else "year"
    if len(steps) and (steps % 3 == 0).all() and ts.dt.month.isin([1, 4, 7, 10]).all():
        return "quarter"
    return "month"


def period_style(result: ChartResult) -> str:
    """The date style of ``result``'s x: from ``options.frequency`` when the measure says
    it, else read from the dates (:func:`infer_style`); ``"number"`` for a numeric x."""
    o = result.options
    if o.x_kind != "date":
        return "number"
    frequency = getattr(o, "frequency", None)
    if frequency in PERIOD_STYLES:
        return PERIOD_STYLES[frequency]
    return infer_style(result.data["x"])


def format_date(value: Any) -> str:
    """A date with its year: ``"5 Mar 2021"``."""
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return "missing"
    return f"{ts.day} {_MONTH_ABBR[ts.month - 1]} {ts.year}"


def write_period(value: Any, style: str) -> str:
    """A date written in ``style``: ``day`` ``"5 Mar 2021"``, ``month`` ``"Mar 2021"``,
    ``quarter`` ``"Jan–Mar 2021"`` (the calendar quarter holding the date), ``financial_year``
    ``"2020/21"`` (the UK financial year holding it), ``year`` ``"2021"``."""
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return "missing"
    if style == "month":
        return f"{_MONTH_ABBR[ts.month - 1]} {ts.year}"
    if style == "quarter":
        first = 3 * ((ts.month - 1) // 3)
        return f"{_MONTH_ABBR[first]}–{_MONTH_ABBR[first + 2]} {ts.year}"
    if style == "financial_year":
        start = ts.year if ts.month >= K.FINANCIAL_YEAR_START_MONTH else ts.year - 1
        return f"{start}/{(start + 1) % 100:02d}"
    if style == "year":
        return f"{ts.year}"
    return format_date(ts)


def format_number_x(value: Any) -> str:
    """A numeric x: ``"12"``, ``"2.5"``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return "missing"
    return f"{v:.0f}" if v == round(v) else f"{v:g}"


def format_period(value: Any, result: ChartResult | str) -> str:
    """An x value of ``result`` (or of a period type, ``qi.constants.PERIOD_TYPES``) written
    as a period: ``"Mar 2021"``, ``"Jan–Mar 2021"``, ``"2020/21"``, ``"2021"``, ``"5 Mar
    2021"``; a numeric x plainly."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if isinstance(result, str):
        style = PERIOD_STYLES.get(result, result)
    else:
        style = period_style(result)
        if style == "number":
            return format_number_x(value)
    return write_period(value, style)
