"""Numbers, ranges, periods and dates as people read them: one module for plots, words and tables.

Everything is driven by what a chart's values are (its chart type and the measure's unit) and
by the period type of its x (``ChartOptions.frequency``, or read from the dates):

================ ================================ =========================================
values           written                          source of the rule
================ ================================ =========================================
p, P' charts,    ``38.5%`` (y is 0-1, shown x100)  issue 8: "percentages always in %"
unit proportion
unit percentage  ``70%`` (y is already 0-100)      the charter writes 70 for 70%
cost             ``£105,000`` (axes too)           UK public services report in pounds
rate             ``40.4 per 10,000`` when the      the measure's own words; never "40.4 rate"
                 title or definition says "per N"
days, hours...   ``12.5 days``                     the unit's word
counts           ``12``; whole-number axis ticks   a count has no fractions
================ ================================ =========================================

Decimals are chosen once per result (:func:`number_style`): two significant figures of the
typical centre or limit ("70", "8.3"), then as many more as it takes to tell each phase's
centre and limits apart, and the phases' centres from one another (x-bar limits of 73.98,
74.00 and 74.02 all read "74" at two figures, so they get two decimals), at most
``MAX_DECIMALS``. Percentages keep one decimal ("38.5%"). A value on its own
(``qi.present.words.format_value``) has three significant figures.

Periods and dates are written by :mod:`qi.present.periods` (its functions are re-exported
here): ``Mar 2021``, ``Jan–Mar 2021``, ``2020/21``, ``2021``, ``5 Mar 2021``.

What a chart's points are comes from the chart-type registry (:mod:`qi.charts.types`):
proportions (``PROPORTION_Y_CHARTS``: p, P'), whole counts (``WHOLE_NUMBER_CHARTS``: c, np, g),
rates (``RATE_CHARTS``: u, U').

Non-negative measures (``NON_NEGATIVE_UNITS``, ``NON_NEGATIVE_CHARTS``): a lower limit
computed below zero is *shown* at zero (:func:`shown_limit`, as qicharts2's ``y.neg = FALSE``);
the result's ``.data`` keeps the computed value.

Nothing here computes a statistic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.types import (
    NON_NEGATIVE_CHARTS,
    PROPORTION_Y_CHARTS,
    RATE_CHARTS,
    WHOLE_NUMBER_CHARTS,
)
from qi.present.periods import (
    PERIOD_STYLES,
    format_date,
    format_number_x,
    format_period,
    infer_style,
    period_style,
    write_period,
)

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult

__all__ = [
    "PERIOD_STYLES",
    "NumberStyle",
    "format_date",
    "format_number_x",
    "format_period",
    "format_range",
    "format_value",
    "non_negative",
    "number_style",
    "infer_style",
    "period_style",
    "shown_limit",
    "style_for",
    "write_period",
]

#: Units that read worse than no unit after a number ("69.8 count").
SILENT_UNITS = frozenset({"count", "counts", "number", "n", "total", "score", "other", "rate"})
#: Units meaning money; the audience is UK public services, so costs read in pounds.
MONEY_UNITS = frozenset({"cost", "£", "gbp", "pounds"})
#: Units of whole counts.
WHOLE_UNITS = frozenset({"count", "counts", "number", "n"})
#: Limit columns floored at zero for non-negative measures (3-, 2- and 1-sigma lower lines).
LOWER_COLUMNS: tuple[str, ...] = ("lcl", "lcl_2s", "lcl_1s")
UPPER_COLUMNS: tuple[str, ...] = ("ucl", "ucl_2s", "ucl_1s")

_PER_NUMBER = re.compile(r"\bper\s+(\d[\d,]*)", re.IGNORECASE)


@dataclass(frozen=True)
class NumberStyle:
    """How the values of one chart are written (see the module docstring).

    Attributes
    ----------
    kind:
        ``"proportion"`` (0-1, shown as %), ``"percent"`` (0-100, shown with %), ``"money"``,
        ``"count"`` (whole numbers) or ``"plain"``.
    suffix:
        Words after a number (``" days"``, ``" per 10,000"``), empty for none.
    decimals:
        Decimals of centre lines, limits and other computed values.
    non_negative:
        The values cannot be below zero (lower limits are shown at zero).
    """

    kind: str = "plain"
    suffix: str = ""
    decimals: int = 1
    non_negative: bool = False

    @property
    def scale(self) -> float:
        """Factor from the chart's y to the written number (100 for proportions)."""
        return 100.0 if self.kind == "proportion" else 1.0

    @property
    def whole(self) -> bool:
        """Values are whole numbers: integer axis ticks, data points without decimals."""
        return self.kind == "count"

    @property
    def upper(self) -> float | None:
        """The largest possible value on the chart's y scale (1 for proportions, 100 for
        percentages), or None."""
        return {"proportion": 1.0, "percent": 100.0}.get(self.kind)

    def shown(self, value: Any, column: str = "lcl") -> float:
        """A limit as it is shown: a lower line (``lcl``, ``lcl_2s``, ``lcl_1s``) below zero
        is 0 when the values cannot be negative; an upper line above 100% is 100%."""
        try:
            v = float(value)
        except (TypeError, ValueError):
            return math.nan
        if not math.isfinite(v):
            return v
        if column in LOWER_COLUMNS and v < 0 and self.non_negative:
            return 0.0
        if column in UPPER_COLUMNS and self.upper is not None and v > self.upper:
            return self.upper
        return v

    def number(self, value: Any, decimals: int | None = None) -> str:
        """The number alone, with thousands separators, ``%`` and ``£`` (no word suffix)."""
        try:
            v = float(value)
        except (TypeError, ValueError):
            return "missing"
        if not math.isfinite(v):
            return "missing"
        v *= self.scale
        d = self.decimals if decimals is None else decimals
        if v == 0:
            d = 0  # zero is exact: a floored lower limit reads "0", not "0.00"
        if round(abs(v), d) == 0:
            v = 0.0  # never "-0": a value that rounds to zero is written without a sign
        text = f"{abs(v):,.{d}f}"
        sign = "-" if v < 0 else ""
        if self.kind == "money":
            return f"{sign}£{text}"
        if self.kind in ("proportion", "percent"):
            return f"{sign}{text}%"
        return sign + text

    def value(self, value: Any, *, exact: bool = False) -> str:
        """One value: ``"38.5%"``, ``"£63,642"``, ``"12.5 days"``, ``"40.4 per 10,000"``.

        ``exact=True`` is for values a person typed (a target, a benchmark, a data point):
        written with as few decimals as show them exactly (``"Target 70%"``, not
        ``"70.0%"``; a benchmark of 10.9 beside limits written "13" and "7" stays "10.9"), up
        to two more than the style's decimals.
        """
        text = self.number(value, self.exact_decimals(value) if exact else None)
        return text if text == "missing" else text + self.suffix

    def label(self, value: Any, *, exact: bool = False) -> str:
        """A value without its words (``"40.4"`` where :meth:`value` says ``"40.4 per
        10,000"``): for labels beside an axis that names the unit."""
        return self.number(value, self.exact_decimals(value) if exact else None)

    def point(self, value: Any) -> str:
        """A data point: whole counts without decimals, other values as :meth:`value` with
        ``exact``."""
        return self.value(value, exact=True)

    def range(self, low: Any, high: Any) -> str:
        """``"12.1 to 18.4 days"``, ``"38.5% to 42.0%"``, ``"£1,200 to £1,900"``."""
        lo, hi = self.number(low), self.number(high)
        return f"{lo} to {hi}{self.suffix}"

    def tick(self, value: float, step: float) -> str:
        """An axis tick label: the number with as many decimals as the tick step needs."""
        s = abs(step) * self.scale
        d = (
            0
            if not math.isfinite(s) or s <= 0 or s >= 1
            else min(K.MAX_DECIMALS, -math.floor(math.log10(s) + 1e-9))
        )
        if s > 0 and math.isfinite(s) and abs(round(s, d) - s) > 1e-9 * s:
            d = min(K.MAX_DECIMALS, d + 1)
        return self.number(value, d)

    def exact_decimals(self, value: Any, extra: int = 2) -> int:
        """The fewest decimals that write ``value`` exactly, at most the style's decimals plus
        ``extra``; the style's decimals for a value that is not a finite number."""
        try:
            finite = math.isfinite(float(value))
        except (TypeError, ValueError):
            finite = False
        return self.fewest_decimals(value, self.decimals + extra) if finite else self.decimals

    def fewest_decimals(self, value: Any, most: int) -> int:
        """The fewest decimals, at most ``most``, that write ``value`` exactly as this style
        shows it (after the scale of proportions): 0.5 as a proportion needs 0 ("50%"), 12.30
        needs 1 ("12.3"). A value that is not a finite number takes ``most``."""
        try:
            v = float(value) * self.scale
        except (TypeError, ValueError):
            return most
        if not math.isfinite(v):
            return most
        for d in range(0, most + 1):
            if abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)):
                return d
        return most


# --- building a style -------------------------------------------------------------------
def _unit(unit: Any) -> str:
    return str(unit).strip().lower() if isinstance(unit, str) else ""


def _kind(chart: str, unit: str) -> str:
    if chart in PROPORTION_Y_CHARTS or unit in K.PROPORTION_UNITS:
        return "proportion"
    if unit in K.PERCENT_UNITS:
        return "percent"
    if unit in MONEY_UNITS:
        return "money"
    if chart in WHOLE_NUMBER_CHARTS or unit in WHOLE_UNITS:
        return "count"
    return "plain"


def rate_words(*texts: Any) -> str:
    """``" per 10,000"`` when one of ``texts`` (a title, a definition) says "per 10,000"
    (or "per 1000": written with a separator), else ``""``."""
    for t in texts:
        if isinstance(t, str) and (m := _PER_NUMBER.search(t)):
            digits = m[1].replace(",", "")
            return f" per {int(digits):,}" if digits.isdigit() else ""
    return ""


def _suffix(kind: str, unit: str, raw_unit: Any, chart: str, title: Any, definition: Any) -> str:
    if kind != "plain":
        return ""
    if unit == "rate" or chart in RATE_CHARTS:
        words = rate_words(title, definition)
        if words or unit in SILENT_UNITS or not unit:
            return words
    if not unit or unit in SILENT_UNITS:
        return ""
    return f" {raw_unit.strip()}"


def base_decimals(kind: str, level: float, figures: int = 3) -> int:
    """Decimals that show ``level`` (on the written scale) to ``figures`` significant
    figures; money to whole pounds from £100; percentages to one decimal."""
    if kind in ("proportion", "percent"):
        return 1  # "38.5%", "100.0%": one decimal, as the NHS publishes percentages
    if not math.isfinite(level) or level == 0:
        return 1 if kind == "plain" else 0
    if kind == "money" and abs(level) >= 100:
        return 0
    return max(0, figures - 1 - math.floor(math.log10(abs(level))))


def distinct_decimals(groups: Iterable[Iterable[float]], start: int, scale: float = 1.0) -> int:
    """The fewest decimals, from ``start``, at which the values of each group (a phase's
    centre and limits) are written differently when they differ (at most ``MAX_DECIMALS``)."""
    d = start
    sets = [
        sorted({round(float(v) * scale, 9) for v in g if math.isfinite(float(v))}) for g in groups
    ]
    while d < K.MAX_DECIMALS:
        if all(len({f"{v:.{d}f}" for v in s}) == len(s) for s in sets):
            return d
        d += 1
    return d


def style_for(
    chart: str,
    unit: str | None = None,
    *,
    title: str | None = None,
    definition: str | None = None,
    levels: Iterable[Iterable[float]] = (),
    figures: int = 3,
) -> NumberStyle:
    """The :class:`NumberStyle` of a chart type and unit (when no result is at hand).

    ``levels``: groups of values that must be told apart (each phase's centre and limits);
    their median magnitude shown to ``figures`` significant figures sets the fewest decimals.
    """
    u = _unit(unit)
    kind = _kind(chart, u)
    groups = [[float(v) for v in g] for g in levels]
    scale = 100.0 if kind == "proportion" else 1.0
    finite = [abs(v) * scale for g in groups for v in g if math.isfinite(v)]
    level = float(np.median(finite)) if finite else math.nan
    start = base_decimals(kind, level, figures)
    decimals = distinct_decimals(groups, start, scale) if groups else start
    return NumberStyle(
        kind=kind,
        suffix=_suffix(kind, u, unit or "", chart, title, definition),
        decimals=decimals,
        non_negative=chart in NON_NEGATIVE_CHARTS or u in K.NON_NEGATIVE_UNITS,
    )


def _levels(result: ChartResult) -> list[list[float]]:
    """Each phase's last centre and limits as shown (floored at zero where they cannot be
    negative), per series."""
    data = result.data
    if data.empty:
        return []
    nonneg = non_negative(result)
    groups = []
    for _, g in data.groupby(["series", "phase"], sort=False):
        last = g.iloc[-1]
        vals = []
        for col in ("lcl", "centre", "ucl"):
            v = pd.to_numeric(pd.Series([last[col]]), errors="coerce").iloc[0]
            if pd.notna(v):
                vals.append(max(float(v), 0.0) if nonneg and col == "lcl" else float(v))
        groups.append(vals)
    # one series' phases: "from 5.0 to 5.2", never "from 5 to 5" (series need not differ)
    for _, g in data.groupby("series", sort=False):
        centres = pd.to_numeric(g.groupby("phase", sort=False)["centre"].last(), errors="coerce")
        groups.append([float(v) for v in centres if pd.notna(v)])
    return groups


def number_style(result: ChartResult) -> NumberStyle:
    """How the values of ``result`` are written: from its chart type, unit, title and
    definition, with the fewest decimals, from two significant figures, that tell each
    phase's centre and limits apart, and one phase's centre from another's."""
    o = result.options
    return style_for(
        o.chart, o.unit, title=o.title, definition=o.definition, levels=_levels(result), figures=2
    )


# --- non-negative measures --------------------------------------------------------------
def non_negative(result: ChartResult | Any) -> bool:
    """True when the values of ``result`` cannot be negative (a count, percentage, rate,
    duration or cost, or a chart of such values: ``NON_NEGATIVE_CHARTS``): its lower limits
    are shown at zero (the method note says so once: "lower limits below zero are shown at
    zero")."""
    o = result.options
    return o.chart in NON_NEGATIVE_CHARTS or _unit(o.unit) in K.NON_NEGATIVE_UNITS


def shown_limit(value: Any, result: ChartResult, column: str = "lcl") -> float:
    """A limit of ``result`` as it is shown (:meth:`NumberStyle.shown`): a lower line below
    zero is 0 for a non-negative measure; an upper line above 100% is 100% for a percentage."""
    return style_for(result.options.chart, result.options.unit).shown(value, column)


def shown_limits(frame: pd.DataFrame, result: ChartResult) -> pd.DataFrame:
    """A copy of ``frame`` (rows of ``result.data``) with its limit columns as shown
    (:func:`shown_limit`)."""
    out = frame.copy()
    nonneg = non_negative(result)
    top = style_for(result.options.chart, result.options.unit).upper
    for col in LOWER_COLUMNS:
        if nonneg and col in out.columns:
            v = pd.to_numeric(out[col], errors="coerce")
            out[col] = v.where(~(v < 0), 0.0)
    for col in UPPER_COLUMNS:
        if top is not None and col in out.columns:
            v = pd.to_numeric(out[col], errors="coerce")
            out[col] = v.where(~(v > top), top)
    return out


# --- values of a result ------------------------------------------------------------------
def format_value(value: Any, result: ChartResult, *, exact: bool = False) -> str:
    """One value of ``result`` as people read it (:meth:`NumberStyle.value`)."""
    return number_style(result).value(value, exact=exact)


def format_range(low: Any, high: Any, result: ChartResult, *, limits: bool = True) -> str:
    """``"0 to 7.2"``: a range of ``result``; with ``limits`` the low end is shown as a
    lower limit (at zero for non-negative measures) and the high end as an upper limit."""
    if limits:
        low, high = shown_limit(low, result, "lcl"), shown_limit(high, result, "ucl")
    return number_style(result).range(low, high)
