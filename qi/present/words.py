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
}

#: The centre line's name: the median for run and g charts (qicharts2 `qic.run`, `qic.g`), the
#: mean (or pooled mean) otherwise.
_MEDIAN_CHARTS = frozenset({"run", "g"})
#: Charts whose ``y`` is a proportion, shown as a percentage.
PERCENT_CHARTS = frozenset({"p", "pp"})
#: Charts whose ``y`` is a whole count.
COUNT_CHARTS = frozenset({"c", "np", "g"})

ELLIPSIS = "…"


def chart_name(chart: str) -> str:
    """The chart type in words (``"i"`` -> ``"I chart (individual values)"``)."""
    return CHART_NAMES.get(chart, f"{chart} chart")


def centre_name(chart: str) -> str:
    """``"median"`` for run and g charts, ``"mean"`` otherwise."""
    return "median" if chart in _MEDIAN_CHARTS else "mean"


def has_limits(frame: pd.DataFrame) -> bool:
    """True when any row of ``frame`` has a finite lower or upper 3-sigma limit."""
    if frame.empty:
        return False
    lcl = pd.to_numeric(frame["lcl"], errors="coerce").to_numpy(dtype=float)
    ucl = pd.to_numeric(frame["ucl"], errors="coerce").to_numpy(dtype=float)
    return bool(np.isfinite(lcl).any() or np.isfinite(ucl).any())


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
        Appended after a space (``"12.5 days"``); ignored for percentages.

    Examples
    --------
    >>> format_value(0.4567, "p")
    '45.7%'
    >>> format_value(1234.5, "i", "days")
    '1,235 days'
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
    return f"{text} {unit}" if unit else text


def is_monthly(xs: Iterable[Any]) -> bool:
    """True when every date falls on the first of a month (monthly data read as months)."""
    ts = pd.to_datetime(pd.Series(list(xs)), errors="coerce").dropna()
    return bool(len(ts)) and bool((ts.dt.day == 1).all() and (ts.dt.hour == 0).all())


def format_x(value: Any, x_kind: str, monthly: bool = False) -> str:
    """Format an x value: ``"March 2024"`` for monthly dates, ``"3 March 2024"`` for other
    dates, a plain number otherwise (``"12"``, not ``"12.0"``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if x_kind == "date" or isinstance(value, pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return "missing"
        return f"{ts:%B %Y}" if monthly else f"{ts.day} {ts:%B %Y}"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{v:,.0f}" if v == round(v) else _sig3(v)


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
    return f"{n} {word if n == 1 else (words or word + 's')}"


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
