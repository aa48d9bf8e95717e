"""Each measure of a project read once for a page: its chart, its verdict and the period.

A :class:`Reading` holds what every part of a board page needs about one measure (the chart up
to the period end, :func:`qi.charts.judge.judge`'s verdict with the trajectory and the date the
changes began, and the words drawn from it), so the summary, the measure sections, the icons and
the portfolio all read the same verdict. Data only: HTML is built in :mod:`qi.reports.blocks`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qi.charts.schema import NEUTRAL
from qi.constants import REPORT_PERIOD_MONTHS
from qi.errors import QIWarning
from qi.project.evidence import changes_began
from qi.reports.portfolio_data import chart_measure, cut_data


@dataclass
class Period:
    """The reporting period: ``months`` up to ``end`` (the latest period with data when the
    report names no ``as_of``)."""

    end: pd.Timestamp | None
    months: int = REPORT_PERIOD_MONTHS

    @property
    def start(self) -> pd.Timestamp | None:
        """The first day of the period (exclusive of the period before)."""
        return None if self.end is None else self.end - pd.DateOffset(months=self.months)

    @property
    def previous(self) -> Period:
        """The period of the previous report."""
        return Period(self.start, self.months)

    def words(self, *, capital: bool = True) -> str:
        """``"Quarter to March 2021"``, ``"Month to March 2021"``, ``"Year to March 2021"``,
        ``"6 months to March 2021"``, or ``"No data yet"`` without an end.

        ``capital=False`` gives the words as they read in mid-sentence (``"quarter to March
        2021"``, ``"no data yet"``); a month's name keeps its capital.
        """
        if self.end is None:
            text = "no data yet"
        else:
            name = {1: "month", 3: "quarter", 12: "year"}.get(self.months, f"{self.months} months")
            text = f"{name} to {self.end:%B %Y}"
        return text[:1].upper() + text[1:] if capital else text

    def contains(self, when: Any) -> bool:
        if self.end is None or when is None or pd.isna(when):
            return False
        ts = pd.Timestamp(when)
        return bool(self.start < ts <= self.end)


def report_period(project: Any, as_of: str | None, months: int = REPORT_PERIOD_MONTHS) -> Period:
    """The period a project page describes: up to ``as_of``, else to its latest data."""
    if as_of:
        return Period(pd.Timestamp(as_of), months)
    data = project.data
    end = data["period"].max() if len(data) else None
    return Period(None if end is None or pd.isna(end) else pd.Timestamp(end), months)


@dataclass
class Reading:
    """One measure of a project at the end of a period."""

    measure: Any
    result: Any | None  # ChartResult, None without data by the period end
    verdict: Any | None  # SeriesVerdict of the measure's (only) series
    context: dict[str, Any] = field(default_factory=dict)
    phase_names: dict[str, str] = field(default_factory=dict)
    funnel: Any | None = None  # FunnelResult of the measure's comparison table, if it has one

    @property
    def has_data(self) -> bool:
        return self.result is not None and self.verdict is not None

    def headline(self, short: bool = False) -> str:
        from qi.present.verdict_words import headline

        if not self.has_data:
            return "No data yet."
        return headline(self.verdict, self.result, self.phase_names, short=short)

    def sentences(self) -> list[str]:
        from qi.present.verdict_words import what_it_shows

        if not self.has_data:
            return ["No data for this measure yet."]
        return what_it_shows(self.verdict, self.result, self.phase_names)

    @property
    def group(self) -> str:
        """Where the summary lists it: ``better`` (a real improvement, ongoing or holding),
        ``attention`` (:attr:`attention` is not empty), ``changing`` (special cause that is
        neither better nor worse: unusual variation, or a change where no direction of
        improvement is set) or ``steady`` (no real change, too early, too few points)."""
        v = self.verdict
        if self.attention:
            return "attention"
        if (
            v is not None
            and v.signal_type == "special_cause_improvement"
            and v.state in ("improving", "holding")
        ):
            return "better"
        if v is not None and (
            v.state == "unstable" or (v.state == "holding" and v.signal_type == NEUTRAL)
        ):
            return "changing"
        return "steady"

    @property
    def attention(self) -> list[str]:
        """Why the board should look at this measure (empty when nothing is wrong)."""
        v = self.verdict
        if v is None:
            return []
        out = []
        if v.state == "worsening" or (
            v.state == "holding" and v.signal_type == "special_cause_concern"
        ):
            out.append("getting worse")
        for c in v.changes[-1:]:
            if c.status == "improvement" and v.state == "worsening":
                out.append("the improvement is not holding")
        if v.target is not None and v.target.status == "fail":
            out.append("will not reach its target without further change")
        if (
            v.trajectory is not None
            and v.trajectory.status == "behind"
            and v.trajectory.run_same_side >= 3
        ):
            out.append("behind its trajectory")
        return out


def comparison_funnel(measure: Any) -> Any | None:
    """The funnel of a measure's comparison table (``qi.funnel``, exact limits), or None."""
    from qi.charts.funnel import funnel

    comp = measure.comparison
    if comp is None:
        return None
    table = pd.DataFrame([u.model_dump() for u in comp.units])
    with warnings.catch_warnings():  # kept in the result's .warnings; the method note says them
        warnings.simplefilter("ignore", QIWarning)
        return funnel(
            table,
            y="value",
            n="denominator",
            unit="unit",
            target=comp.target,
            chart=comp.chart,
            improvement=measure.improvement,
            multiply=comp.multiply,
            overdispersion=comp.overdispersion,
            target_source=comp.target_label if comp.target is not None else None,
            title=measure.name,
        )


def read_measure(project: Any, measure_id: str, end: pd.Timestamp | None) -> Reading:
    """Chart and judge one measure with data up to ``end``."""
    from qi.charts.judge import judge

    measure = project.measure(measure_id)
    result = chart_measure(project, measure_id, end)
    context = project.chart_context(measure_id)
    phase_names = {p.label: p.label for p in measure.phases}
    comparison = comparison_funnel(measure)
    if result is None:
        return Reading(measure, None, None, context, phase_names, comparison)
    trajectory = context.get("trajectory")
    if trajectory is not None:
        trajectory = trajectory.rename(columns={"period": "x", "value": "y"})
    began = changes_began(project, measure_id, result)
    verdict = judge(result, changes_from=began, trajectory=trajectory)
    return Reading(measure, result, verdict.main, context, phase_names, comparison)


def read_measures(project: Any, end: pd.Timestamp | None) -> dict[str, Reading]:
    """Every measure of the project, in the charter's order."""
    return {m.id: read_measure(project, m.id, end) for m in project.measures}


def cycles_in(project: Any, period: Period, idea_ids: set[str] | None = None) -> pd.DataFrame:
    """PDSA cycles active in the period (started in it, ended in it, or running through it),
    of the given change ideas (all without), with the idea's title."""
    frame = project.pdsa_frame()
    if frame.empty or period.end is None:
        return frame.assign(idea_title=pd.Series(dtype=object))
    if idea_ids is not None:
        frame = frame[frame["change_idea"].isin(idea_ids)]
    started = frame["start"] <= period.end
    not_over = frame["end"].isna() | (frame["end"] > period.start)
    frame = cut_data(frame[started & not_over].reset_index(drop=True), None)
    titles = {i.id: i.title for i in project.change_ideas}
    return frame.assign(idea_title=frame["change_idea"].map(titles))
