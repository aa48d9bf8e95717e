"""Words and number formats shared by plots, narrative, icons and HTML.

Numbers and periods are written by :mod:`qi.present.numbers` (one module for plots, words and
tables); the functions here keep their older signatures for a single value. Nothing here
computes a statistic.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from qi.charts.types import CHART_TYPE_RECORDS
from qi.constants import FINANCIAL_YEAR_START_MONTH
from qi.present.numbers import (
    PERIOD_STYLES,
    format_number_x,
    infer_style,
    style_for,
    write_period,
)

#: What each chart type shows, in words (:attr:`qi.charts.types.ChartType.title`).
CHART_NAMES: dict[str, str] = {name: t.title for name, t in CHART_TYPE_RECORDS.items()}

#: What the centre line is, per chart type, as the limit function computes it
#: (:attr:`qi.charts.types.ChartType.centre_name`; docs/method/charts.md section 3): the median
#: for run and g charts, pooled proportions and rates for p/pp and u/up (sum of numerators over
#: sum of denominators), the back-transformed mean of y^(1/3.6) for t charts.
CENTRE_NAMES: dict[str, str] = {name: t.centre_name for name, t in CHART_TYPE_RECORDS.items()}

ELLIPSIS = "…"


def chart_name(chart: str) -> str:
    """The chart type in words (``"i"`` -> ``"I chart (individual values)"``)."""
    return CHART_NAMES.get(chart, f"{chart} chart")


def limits_name(rule_set: str) -> str:
    """``"process limits"`` for the Making Data Count rules (MDC's word), ``"control limits"``
    otherwise."""
    return "process limits" if rule_set == "mdc" else "control limits"


def centre_name(chart: str) -> str:
    """The centre line in words: ``"median"`` (run, g), ``"overall proportion"`` (p, pp),
    ``"mean"`` (i)... (:data:`CENTRE_NAMES`)."""
    return CENTRE_NAMES.get(chart, "centre line")


def format_value(value: Any, chart: str, unit: str | None = None) -> str:
    """Format one value on its own, as a reader expects it (:mod:`qi.present.numbers` rules).

    Proportions (p and P' charts, unit ``proportion``) are percentages with one decimal;
    other values have three significant figures without trailing zeros. To write the values
    of a result with one set of decimals that tells its centre and limits apart, use
    ``qi.present.numbers.number_style(result)``.

    Parameters
    ----------
    value:
        The value (a proportion for p/pp charts and the unit ``proportion``).
    chart:
        The chart type.
    unit:
        ``"percentage"`` (or ``"%"``) appends ``%``; ``"cost"`` writes pounds; ``"count"``,
        ``"rate"`` and ``"number"`` add nothing; other words follow after a space.

    Examples
    --------
    >>> format_value(0.4567, "p")
    '45.7%'
    >>> format_value(1234.6, "i", "days")
    '1,235 days'
    >>> format_value(63642.3, "i", "cost")
    '£63,642'
    """
    style = style_for(chart, unit, levels=[[_as_float(value)]])
    if style.kind == "proportion":
        return style.value(value)
    text = style.number(value, style.exact_decimals(value, extra=0))  # no trailing zeros
    return text if text == "missing" else text + style.suffix


def _as_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


#: How dates are written, by the spacing of the data (see :func:`date_style`).
DATE_STYLES: tuple[str, ...] = ("day", "month", "quarter", "year")


def date_style(xs: Iterable[Any]) -> str:
    """How to write the dates of a chart, from the dates themselves.

    ``"year"`` when every date is the same day of the year and they are a year or more apart
    (April years are written as financial years by :func:`format_x`), ``"quarter"`` when every
    date is the first of a calendar quarter, ``"month"`` when every date is the first of a
    month, ``"day"`` otherwise (see :func:`qi.present.numbers.infer_style`).
    """
    style = infer_style(xs)
    return "year" if style == "financial_year" else style


def is_monthly(xs: Iterable[Any]) -> bool:
    """True when the dates are written as months or coarser (every date the first of a month)."""
    return date_style(xs) != "day"


def format_x(value: Any, x_kind: str, style: str = "day") -> str:
    """Format an x value.

    Dates by ``style`` (:func:`date_style`, or a period type of ``qi.constants.PERIOD_TYPES``):
    ``"5 Mar 2024"`` (day), ``"Mar 2024"`` (month), ``"Jan–Mar 2024"`` (quarter: calendar
    months, never "Q1", which means April to June in UK public-sector financial years),
    ``"2024"`` (year, or ``"2024/25"`` for years starting in April). Numbers plainly
    (``"12"``, ``"2016"``, ``"2.5"``). The one writer is :mod:`qi.present.numbers`.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if x_kind == "date" or isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return "missing"
        style = PERIOD_STYLES.get(style, style)
        if style == "year" and ts.month == FINANCIAL_YEAR_START_MONTH:
            style = "financial_year"
        return write_period(ts, style)
    return format_number_x(value)


def shorten(text: Any, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis when longer."""
    flat = " ".join(str(text).split())
    if len(flat) <= width:
        return flat
    return flat[: max(0, width - 1)].rstrip() + ELLIPSIS


def wrap(text: Any, width: int, max_lines: int = 3) -> str:
    """``text`` wrapped to lines of at most ``width`` characters, at most ``max_lines`` lines
    (the last one shortened with an ellipsis)."""
    lines = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [shorten(" ".join(lines[max_lines - 1 :]), width)]
    return "\n".join(lines)


def cap(text: str) -> str:
    """``text`` with its first letter upper case (the start of a sentence)."""
    return text[:1].upper() + text[1:]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 point"``, ``"3 points"``."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def join_words(items: list[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def show_value(v: Any) -> str:
    """A bad value as an error message shows it: its repr, or ``missing``."""
    return "missing" if v is None or (not isinstance(v, str) and pd.isna(v)) else repr(v)
