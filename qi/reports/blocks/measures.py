"""A measure's section of a board page: its chart, what it shows, its comparison with other
units, the PDSA cycles of its change ideas and what comes next (project and change idea pages).

None of these computes statistics: charts come from :mod:`qi.charts` (through
:mod:`qi.reports.portfolio_data`), words from :mod:`qi.present`.
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from qi.errors import QIWarning
from qi.present.escape import escape
from qi.reports.blocks.common import BOARD_CHART_SIZE, MEASURE_TYPE_HEADINGS, fmt_date
from qi.reports.portfolio_data import chart_measure, cut_data


def measure_charts(project: Any, end: pd.Timestamp | None) -> dict[str, Any]:
    """Every measure's chart up to ``end`` (None for a measure without data), computed once
    for the summary table and the chart sections."""
    return {m.id: chart_measure(project, m.id, end) for m in project.measures}


def _chart_marks(context: dict[str, Any]) -> tuple[pd.DataFrame | None, list[tuple[str, Any]]]:
    """The trajectory (as ``x``/``y`` columns) and benchmarks of a measure's chart context, in
    the form :func:`qi.present.plot.plot_chart` takes them."""
    trajectory = context.get("trajectory")
    if trajectory is not None:
        trajectory = trajectory.rename(columns={"period": "x", "value": "y"})
    return trajectory, [(b["label"], b["value"]) for b in context.get("benchmarks", [])]


def measure_block(
    project: Any,
    measure_id: str,
    end: pd.Timestamp | None,
    pdsa: pd.DataFrame | None = None,
    charts: dict[str, Any] | None = None,
) -> str:
    """A measure's chart (targets, benchmarks, trajectory, PDSA cycles marked) and narrative.

    ``charts`` (from :func:`measure_charts`) saves computing the chart again.
    """
    from qi.present.html import figure_img
    from qi.present.plot import plot_chart

    measure = project.measure(measure_id)
    heading = f"<h3>{escape(measure.name)}</h3>"
    result = charts[measure_id] if charts is not None else chart_measure(project, measure_id, end)
    if result is None:
        return heading + "<p><em>No data for this measure yet.</em></p>"
    context = project.chart_context(measure_id)
    cycles = context["pdsa"] if pdsa is None else pdsa
    cycles = cut_data(cycles, end, "start") if len(cycles) else cycles
    trajectory, benchmarks = _chart_marks(context)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        fig = plot_chart(
            result,
            pdsa=cycles if len(cycles) else None,
            # the idea's own cycle numbers, as its PDSA log and ramp name them
            pdsa_numbers=dict(
                zip(cycles["cycle_id"], cycles["cycle_number"].astype(int), strict=True)
            )
            if len(cycles)
            else None,
            benchmarks=benchmarks or None,
            trajectory=trajectory,
            title="",  # the heading names it; the method note says how it is charted
            caption=False,
            figsize=BOARD_CHART_SIZE,
        )
    from qi.reports.readings import read_measure

    reading = read_measure(project, measure_id, end)
    shows = "".join(f"<p>{escape(s)}</p>" for s in reading.sentences())
    return (
        heading
        + figure_img(fig, f"chart of {measure.name}")
        + f'<div class="qi-shows">{shows}</div>'
    )


def measures_summary(
    project: Any, end: pd.Timestamp | None, charts: dict[str, Any] | None = None
) -> str:
    """The MDC summary table (latest value, limits, variation and assurance icons)."""
    from qi.present.html import summary_html

    charts = charts if charts is not None else measure_charts(project, end)
    results = {}
    for m in project.measures:
        result = charts[m.id]
        if result is not None:
            results[m.name] = result
    if not results:
        return "<p><em>No measure has data yet.</em></p>"
    return summary_html(results)


def measures_by_type(
    project: Any, end: pd.Timestamp | None, charts: dict[str, Any] | None = None
) -> str:
    """Every outcome, process and balancing measure: chart and narrative, grouped by type."""
    parts = []
    for kind, heading in MEASURE_TYPE_HEADINGS:
        measures = [m for m in project.measures if m.type == kind]
        if not measures:
            continue
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.extend(measure_block(project, m.id, end, charts=charts) for m in measures)
    return "".join(parts) or "<p><em>The charter defines no measures yet.</em></p>"


def _cycle_line(row: Any, numbers: dict[str, int] | None = None) -> str:
    """A cycle active in the period: what it tested and where it stands; with ``numbers``
    (the page's), the number its marker carries on the charts."""
    decision = row["decision"] if isinstance(row["decision"], str) else None
    start, end = fmt_date(row["start"]), fmt_date(row["end"])
    if decision:
        state = f"decision: {decision}" + (f", {end}" if end else "")
    elif row["status"] == "planned":
        state = "planned" + (f" for {start}" if start else "")
    else:
        state = f"{row['status']} since {start}" if start else str(row["status"])
    mark = f"[{numbers[row['cycle_id']]}] " if numbers and row["cycle_id"] in numbers else ""
    return (
        f"<li>{mark}{escape(row['idea_title'])}, cycle {int(row['cycle_number'])}: "
        f"{escape(row['title'])} ({escape(state)})</li>"
    )


def measure_section(
    project: Any, reading: Any, period: Any, numbers: dict[str, int] | None = None
) -> str:
    """One measure: heading, chart, what it shows (at most three sentences), the PDSA activity
    of its change ideas in the period, and what comes next."""
    from qi.present.html import figure_img
    from qi.present.plot import plot_chart
    from qi.reports.readings import cycles_in

    m = reading.measure
    out = [f'<section class="qi-measure"><h3>{escape(m.name)}</h3>']
    if not reading.has_data:
        return out[0] + "<p><em>No data for this measure yet.</em></p></section>"
    ideas = {i.id for i in project.change_ideas if m.id in i.measures}
    context = reading.context
    cycles = project.pdsa_frame()
    cycles = cycles[cycles["change_idea"].isin(ideas)] if ideas else cycles.iloc[0:0]
    cycles = cut_data(cycles, period.end, "start") if len(cycles) else cycles
    trajectory, benchmarks = _chart_marks(context)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        # the page's heading names the measure and the method note says how it is charted:
        # the chart carries neither (no title, no technical caption) and is kept short, so
        # two measures fit an A4 page (issue 8: the project page prints to at most 8 pages)
        fig = plot_chart(
            reading.result,
            pdsa=cycles if len(cycles) else None,
            pdsa_numbers=numbers,
            benchmarks=benchmarks or None,
            trajectory=trajectory,
            title="",
            caption=False,
            figsize=BOARD_CHART_SIZE,
        )
    out.append(figure_img(fig, f"chart of {m.name}"))
    out.append(
        '<div class="qi-shows">'
        + "".join(f"<p>{escape(s)}</p>" for s in reading.sentences())
        + "</div>"
    )
    if reading.funnel is not None:
        out.append(comparison_block(reading))
    active = cycles_in(project, period, ideas) if ideas else None
    if active is not None and len(active):
        out.append(
            "<h4>PDSA cycles in the period</h4><ul>"
            + "".join(_cycle_line(r, numbers) for _, r in active.iterrows())
            + "</ul>"
        )
    nxt = _next_steps(project, ideas, period)
    if nxt:
        out.append("<h4>What comes next</h4><ul>" + "".join(nxt) + "</ul>")
    out.append("</section>")
    return "".join(out)


def comparison_sentence(reading: Any) -> str:
    """How the project's own unit compares, in one sentence, from the funnel's data."""
    comp = reading.measure.comparison
    res = reading.funnel
    data = res.data
    per = f" {comp.per}" if comp.per else ""
    target = float(data["target"].iloc[0])
    centre = (
        f"{comp.target_label} ({target:,.3g}{per})"
        if comp.target_label
        else f"the overall {target:,.3g}{per}"
    )
    others = data[data["unit"] != comp.highlight] if comp.highlight else data
    n_out = int(others["outside"].sum())
    rest = (
        f"{n_out} of the {len(others)} other units {'is' if n_out == 1 else 'are'} outside the limits"
        if n_out
        else f"none of the {len(others)} other units is outside the limits"
    )
    if comp.highlight is None or comp.highlight not in set(data["unit"]):
        return f"Compared with {centre} in {comp.period}: {rest}."
    me = data[data["unit"] == comp.highlight].iloc[0]
    side = "higher than" if float(me["value"]) > target else "lower than"
    if bool(me["outside"]):
        where = f"{side} {centre}, by more than chance would explain (beyond the 99.8% limits)"
    elif bool(me["outside_95"]):
        where = f"{side} {centre}, near the edge of what chance would explain (beyond the 95% limits only)"
    else:
        where = f"in line with {centre}: the difference is within what chance would explain"
    return (
        f"In {comp.period}, {comp.highlight} ({float(me['value']):,.3g}{per}) is {where}; {rest}."
    )


def comparison_block(reading: Any) -> str:
    """The measure's funnel plot against other units, with one sentence."""
    from qi.present.html import figure_img

    comp = reading.measure.comparison
    fig = reading.funnel.plot(
        title=f"{reading.measure.name}: how we compare, {comp.period}",
        xlabel=comp.denominator_label or "denominator",
        ylabel=f"{reading.measure.name}" + (f" ({comp.per})" if comp.per else ""),
        highlight=comp.highlight,
    )
    source = f" Source: {comp.source}." if comp.source else ""
    return (
        '<div class="qi-comparison"><h4>How we compare</h4>'
        + figure_img(fig, f"funnel plot of {reading.measure.name}")
        + f"<p>{escape(comparison_sentence(reading))}{escape(source)}</p></div>"
    )


def _next_steps(project: Any, ideas: set[str], period: Any) -> list[str]:
    """The latest Act of each linked change idea, and cycles planned but not started."""
    titles = {i.id: i.title for i in project.change_ideas}
    out = []
    for idea in sorted(ideas):
        cycles = [
            c
            for c in project.cycles
            if c.change_idea == idea
            and (period.end is None or c.start is None or pd.Timestamp(c.start) <= period.end)
        ]
        acted = [c for c in cycles if c.act.decision or c.act.next_step]
        if acted:
            c = acted[-1]
            what = f"{c.act.decision}: " if c.act.decision else ""
            out.append(
                f"<li>{escape(titles.get(idea, idea))}: {escape(what + (c.act.next_step or ''))}</li>"
            )
        planned = [c for c in cycles if c.status == "planned"]
        for c in planned:
            out.append(
                f"<li>{escape(titles.get(idea, idea))}: planned cycle, {escape(c.title)}</li>"
            )
    return out


def results_block(project: Any, readings: dict[str, Any], period: Any) -> str:
    """Every measure's section, grouped by type (outcome, process, balancing); PDSA cycles
    carry one number across the page's charts."""
    from qi.present.marks import number_cycles

    numbers = number_cycles(project.pdsa_frame())
    parts = []
    for kind, heading in MEASURE_TYPE_HEADINGS:
        group = [r for r in readings.values() if r.measure.type == kind]
        if group:
            parts.append(f"<h2>{escape(heading)}</h2>")
            parts.extend(measure_section(project, r, period, numbers) for r in group)
    return "".join(parts) or "<p><em>The charter defines no measures yet.</em></p>"
