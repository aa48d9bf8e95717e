"""From a measure in a charter to the arguments of :func:`qi.chart`.

``auto`` chooses the chart from the unit, the presence of denominators and the number of
points, and says why (Health Care Data Guide, Provost & Murray 2011, ch. 5-6 chart selection;
qicharts2 vignette):

1. fewer than ``MIN_POINTS_FOR_LIMITS`` points: a run chart ("start with a run chart"; limits
   from fewer points are trial limits);
2. a percentage or proportion with denominators: a p chart (binomial: numerator out of
   denominator);
3. a rate with denominators: a u chart (events per unit of opportunity);
4. anything else (counts of people or placements, days, costs, percentages given without
   their denominators): an I chart, the chart to use when the distribution is not known.
   Counts are not given a c chart automatically: a c chart assumes Poisson events with a
   constant area of opportunity, which a count of carers or children in care is not; set
   ``chart: c`` in the charter when it is.

Percentages with denominators are charted as proportions (0-1): targets, trajectories and
benchmarks written as percentages are divided by 100 to match (``scale_factor``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qi.charts.rules.base import RuleSet
from qi.charts.types import NEEDS_N, get_chart_type
from qi.constants import MIN_POINTS_FOR_LIMITS
from qi.project.model import Measure
from qi.project.periods import parse_period

#: The phase label of points before a measure's first charter phase.
FIRST_PHASE_LABEL = "before changes"


@dataclass
class ChartSpec:
    """What :meth:`Project.chart` hands to :func:`qi.chart`: a frame and keyword arguments."""

    frame: pd.DataFrame
    kwargs: dict[str, Any]
    chart: str
    reason: str
    scale_factor: float = 1.0
    extras: dict[str, Any] = field(default_factory=dict)


def has_denominators(data: pd.DataFrame) -> bool:
    """True when every row has a denominator."""
    return len(data) > 0 and bool(data["denominator"].notna().all())


def choose_chart(measure: Measure, data: pd.DataFrame) -> tuple[str, str]:
    """The chart for ``measure`` and the reason, in words (see the module docstring)."""
    if measure.chart != "auto":
        return measure.chart, f"the charter sets chart: {measure.chart}"
    n_points = int(data["value"].notna().sum())
    if n_points < MIN_POINTS_FOR_LIMITS:
        return "run", (
            f"run chart: {n_points} points, fewer than the {MIN_POINTS_FOR_LIMITS} needed "
            "for useful control limits"
        )
    denominators = has_denominators(data)
    if measure.unit in ("percentage", "proportion") and denominators:
        return "p", "p chart: a proportion with a denominator for every point (binomial data)"
    if measure.unit == "rate" and denominators:
        return (
            "u",
            "u chart: a rate of events per unit of opportunity, with a denominator for every point",
        )
    what = {
        "count": "a count without a known constant area of opportunity",
        "percentage": "a percentage given without its denominators",
        "proportion": "a proportion given without its denominators",
        "rate": "a rate given without its denominators",
    }.get(measure.unit, f"a measurement in {measure.unit}")
    return "i", f"I chart: {what}, charted as individual values"


#: The "rule set" of a cumulative measure: none. A running total rises by construction, so
#: every run-chart rule (a shift, a trend) would fire on it and mean nothing (the issue's
#: "cumulative year-to-date measure flagged orange").
CUMULATIVE_RULES = RuleSet(
    name="none",
    title="no rules (a cumulative measure rises by construction)",
    source="qi: the run and Shewhart rules assume independent points; a running total is not",
    rules=(),
)


def build_spec(measure: Measure, data: pd.DataFrame, **overrides: Any) -> ChartSpec:
    """The :func:`qi.chart` call for ``measure`` with everything the charter says about it.

    ``overrides`` replace any argument (e.g. ``chart="run"``, ``rules="anhoej"``). A
    cumulative measure is drawn as a run chart without rules (:data:`CUMULATIVE_RULES`).
    """
    chart, reason = _chart_and_reason(measure, data, overrides)
    frame, n_column, factor = _values(measure, data, chart)
    phases = _label_phases(measure, frame)
    baseline = parse_period(measure.baseline, measure.frequency) if measure.baseline else None
    target = None
    if measure.target is not None:
        target = measure.target.value * factor
    kwargs: dict[str, Any] = {
        "y": "value",
        "x": "period",
        "n": n_column,
        "chart": chart,
        "phases": phases,
        "baseline": baseline,
        "improvement": measure.improvement,
        "target": target,
        "title": measure.name,
        "definition": measure.definition,
        "unit": "proportion" if factor == 0.01 else measure.unit,
        "frequency": measure.frequency,
    }
    if measure.cumulative:
        kwargs["rules"] = CUMULATIVE_RULES
    elif measure.rules:
        kwargs["rules"] = measure.rules
    kwargs.update({k: v for k, v in overrides.items() if k != "chart"})
    kwargs["chart"] = chart
    return ChartSpec(
        frame=frame,
        kwargs=kwargs,
        chart=chart,
        reason=reason,
        scale_factor=factor,
        extras={"cumulative": measure.cumulative},
    )


def _chart_and_reason(
    measure: Measure, data: pd.DataFrame, overrides: dict[str, Any]
) -> tuple[str, str]:
    """The chart to draw and why: the caller's ``chart``, else a run chart for a cumulative
    measure, else :func:`choose_chart`."""
    chart, reason = choose_chart(measure, data)
    if measure.cumulative:
        chart, reason = (
            "run",
            "a cumulative (year-to-date) total, shown against its target without rules",
        )
    if "chart" in overrides and overrides["chart"] != chart:
        chart = overrides["chart"]
        reason = f"chart {chart} requested by the caller"
    return chart, reason


def _values(
    measure: Measure, data: pd.DataFrame, chart: str
) -> tuple[pd.DataFrame, str | None, float]:
    """The frame charted (``period``, ``value`` and, for a chart with denominators,
    ``denominator``), the name of its denominator column, and the factor that brings the
    charter's percentages to the chart's scale (0.01 when they are charted as proportions)."""
    frame = pd.DataFrame({"period": data["period"].to_numpy()})
    factor = 1.0
    n_column: str | None = None
    if chart in NEEDS_N:  # p, np, pp, u, up: numerators and denominators as given
        frame["value"] = data["value"].to_numpy()
        frame["denominator"] = data["denominator"].to_numpy()
        n_column = "denominator"
        if measure.unit == "percentage" and not get_chart_type(chart).whole_numbers:  # np: counts
            factor = 0.01
    elif has_denominators(data) and measure.unit in ("percentage", "proportion", "rate"):
        frame["value"] = (data["value"] / data["denominator"]).to_numpy()
        if measure.unit == "percentage":
            factor = 0.01
    else:
        frame["value"] = data["value"].to_numpy()
    return frame, n_column, factor


def _label_phases(measure: Measure, frame: pd.DataFrame) -> str | None:
    """Add a ``phase`` column to ``frame`` from the charter's phases and return its name (None
    when the measure has no phases).

    Each point takes the label of the latest phase that started on or before it; points before
    the first phase are "before changes" (not "baseline": the frozen baseline is a separate
    idea, and a phase of that name made the narrative ambiguous).
    """
    if not measure.phases:
        return None
    bounds = sorted((parse_period(p.start, measure.frequency), p.label) for p in measure.phases)
    frame["phase"] = [
        next((label for start, label in reversed(bounds) if period >= start), FIRST_PHASE_LABEL)
        for period in frame["period"]
    ]
    return "phase"


def chart_context(measure: Measure, data: pd.DataFrame, spec: ChartSpec) -> dict[str, Any]:
    """Target, target date, trajectory and benchmark lines on the chart's own y scale."""
    factor = spec.scale_factor
    target = measure.target
    trajectory = None
    if target is not None and target.trajectory:
        trajectory = pd.DataFrame(
            {
                "period": [parse_period(p.period, measure.frequency) for p in target.trajectory],
                "value": [p.value * factor for p in target.trajectory],
            }
        )
    return {
        "target": None if target is None else target.value * factor,
        "target_date": None
        if target is None or target.date is None
        else parse_period(target.date, measure.frequency),
        "trajectory": trajectory,
        "benchmarks": [{"label": b.label, "value": b.value * factor} for b in measure.benchmarks],
        "chart": spec.chart,
        "chart_reason": spec.reason,
        "unit": spec.kwargs.get("unit"),
    }
