"""Words and number formats shared by plots, narrative, icons and HTML.

Values are formatted as people read them: proportions as percentages (p and P' charts hold
proportions in ``y``), counts without decimals, other values to three significant figures, dates
as months when the data are monthly. Nothing here computes a statistic.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

#: What each chart type shows, in words (qicharts2 chart codes; pp/up are Laney P'/U').
CHART_NAMES: dict[str, str] = {
    "run": "run chart",
    "i": "I chart (individual values)",
    "mr": "MR chart (moving ranges)",
    "xbar": "X-bar chart (subgroup means)",
    "s": "S chart (subgroup standard deviations)",
    "p": "P chart (proportions)",
    "np": "NP chart (counts of cases)",
    "c": "C chart (counts)",
    "u": "U chart (rates)",
    "g": "G chart (cases between events)",
    "t": "T chart (time between events)",
    "pp": "P′ chart (Laney proportions)",
    "up": "U′ chart (Laney rates)",
    "ip": "I′ chart (individual rates or proportions, limits by denominator)",
    "r": "R chart (subgroup ranges)",
}

#: What the centre line is, per chart type, as qicharts2 computes it
#: (research/qicharts2-method.md §2): the median for run and g charts, pooled proportions and
#: rates for p/pp and u/up (sum of numerators over sum of denominators), the back-transformed
#: mean of y^(1/3.6) for t charts.
CENTRE_NAMES: dict[str, str] = {
    "run": "median",
    "i": "mean",
    "mr": "mean moving range",
    "xbar": "grand mean",
    "s": "average standard deviation",
    "p": "overall proportion",
    "pp": "overall proportion",
    "np": "mean count",
    "c": "mean count",
    "u": "overall rate",
    "up": "overall rate",
    "g": "median",
    "t": "centre line",
    "ip": "weighted mean",
    "r": "average range",
}
#: Charts whose ``y`` is a proportion, shown as a percentage.
PERCENT_CHARTS = frozenset({"p", "pp"})
#: Charts whose ``y`` is a whole count.
COUNT_CHARTS = frozenset({"c", "np", "g"})

ELLIPSIS = "…"

#: Units that read worse than no unit after a number ("69.8 count").
_SILENT_UNITS = frozenset({"count", "counts", "number", "n", "total", "score", "other"})
#: Units meaning money; the audience is UK public services, so costs read in pounds ("£63,642").
_MONEY_UNITS = frozenset({"cost", "£", "gbp", "pounds"})
#: Units meaning the values are already percentages (45 -> "45%").
_PERCENT_UNITS = frozenset({"%", "percent", "percentage", "per cent"})


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


def _sig3(v: float) -> str:
    """``v`` to three significant figures, never in scientific notation, with thousands commas."""
    if v == 0:
        return "0"
    digits = max(0, 2 - int(math.floor(math.log10(abs(v)))))
    text = f"{v:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value(value: Any, chart: str, unit: str | None = None) -> str:
    """Format one charted value as a reader expects it.

    Parameters
    ----------
    value:
        The value (a proportion for p/pp charts).
    chart:
        The chart type; p and pp values become percentages with one decimal.
    unit:
        Appended after a space (``"12.5 days"``); ``"%"`` or ``"percent"`` appends ``%``;
        ``"count"`` and ``"number"`` add nothing; ignored for p and pp charts.

    Examples
    --------
    >>> format_value(0.4567, "p")
    '45.7%'
    >>> format_value(1234.6, "i", "days")
    '1,235 days'
    >>> format_value(63642.3, "i", "cost")
    '£63,642'
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "missing"
    if not math.isfinite(v):
        return "missing"
    if chart in PERCENT_CHARTS:
        return f"{v * 100:.1f}%"
    text = f"{v:,.0f}" if (chart in COUNT_CHARTS and v == round(v)) or abs(v) >= 1000 else _sig3(v)
    if not unit or unit.strip().lower() in _SILENT_UNITS:
        return text
    if unit.strip().lower() in _PERCENT_UNITS:
        return f"{text}%"
    if unit.strip().lower() in _MONEY_UNITS:
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return f"{text} {unit}"


#: How dates are written, by the spacing of the data (see :func:`date_style`).
DATE_STYLES: tuple[str, ...] = ("day", "month", "quarter", "year")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_style(xs: Iterable[Any]) -> str:
    """How to write the dates of a chart, from the dates themselves.

    ``"year"`` when every date is 1 January (or every date is the same day of the year and
    they are a year or more apart), ``"quarter"`` when every date is the first of a month,
    three months apart, ``"month"`` when every date is the first of a month, ``"day"``
    otherwise (and for fewer than two dates that are not the first of a month).
    """
    ts = pd.to_datetime(pd.Series(list(xs)), errors="coerce").dropna().sort_values()
    if not len(ts) or not ((ts.dt.day == 1).all() and (ts.dt.hour == 0).all()):
        return "day"
    months = ts.dt.year * 12 + ts.dt.month
    steps = months.diff().dropna()
    steps = steps[steps > 0]
    if len(steps) and (steps % 12 == 0).all() and ts.dt.month.nunique() == 1:
        return "year"
    if len(steps) and (steps % 3 == 0).all() and ts.dt.month.nunique() <= 4 and (
        ts.dt.month.isin([1, 4, 7, 10]).all()
    ):
        return "quarter"
    return "month"


def is_monthly(xs: Iterable[Any]) -> bool:
    """True when the dates are written as months or coarser (every date the first of a month)."""
    return date_style(xs) != "day"


def format_x(value: Any, x_kind: str, style: str = "day") -> str:
    """Format an x value.

    Dates by ``style`` (:func:`date_style`): ``"3 March 2024"`` (day), ``"March 2024"``
    (month), ``"Jan–Mar 2024"`` (quarter: calendar months, never "Q1", which means April to
    June in UK public-sector financial years), ``"2024"`` (year, or ``"2024/25"`` for years
    starting in April). Numbers plainly (``"12"``, ``"2016"``, ``"2.5"``).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if x_kind == "date" or isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return "missing"
        if style == "year":
            return f"{ts.year}/{(ts.year + 1) % 100:02d}" if ts.month == 4 else f"{ts.year}"
        if style == "quarter":
            return f"{_MONTH_ABBR[ts.month - 1]}–{_MONTH_ABBR[ts.month + 1]} {ts.year}"
        return f"{ts:%B %Y}" if style == "month" else f"{ts.day} {ts:%B %Y}"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{v:.0f}" if v == round(v) else _sig3(v)


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
