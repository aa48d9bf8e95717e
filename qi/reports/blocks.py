"""The sections of the board reports, as HTML strings the templates display.

Each function reads a loaded project (or the portfolio's data frames) and returns HTML; none
computes statistics (charts come from :mod:`qi.charts`, words from :mod:`qi.present`, the
portfolio's numbers from :mod:`qi.reports.portfolio_data`). Every piece of text a user wrote
(titles, charter fields, PDSA notes, rationales) goes through :func:`qi.present.escape.escape`;
figures are embedded as PNG data URIs.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import pandas as pd

from qi.errors import QIWarning
from qi.present.escape import escape
from qi.present.words import shorten
from qi.reports.portfolio_data import chart_measure, cut_data, scores_until

#: Size (inches) of a measure's chart on a board page: full text width, short enough that a
#: measure's heading, chart and words take about half an A4 page.
BOARD_CHART_SIZE: tuple[float, float] = (8.0, 2.8)

#: Scores listed with their rationale on a project page; earlier ones are on the score chart.
SCORE_ROWS_SHOWN = 3

#: Order and headings of measure types in the project report.
MEASURE_TYPE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("outcome", "Outcome measures"),
    ("process", "Process measures"),
    ("balancing", "Balancing measures"),
)


def show(html: str) -> None:
    """Display ``html`` as the output of the current notebook cell."""
    from IPython.display import HTML, display

    display(HTML(html))


def _date(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    try:
        return pd.Timestamp(value).strftime("%d %b %Y").lstrip("0")
    except (TypeError, ValueError):
        return escape(value)


def _text(value: Any) -> str:
    """Escaped text of a field; empty for None/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape(value)


def table(rows: Sequence[Sequence[str]], head: Sequence[str]) -> str:
    """An HTML table; cells are already-safe HTML (escape user text before calling)."""
    if not rows:
        return "<p><em>None.</em></p>"
    thead = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="qi"><thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table>'


def definition_list(items: Sequence[tuple[str, Any]]) -> str:
    """``<dl>`` of label/value pairs, skipping empty values; values are escaped."""
    parts = [f"<dt>{escape(k)}</dt><dd>{_text(v)}</dd>" for k, v in items if _text(v)]
    return "<dl>" + "".join(parts) + "</dl>" if parts else ""


def title_block(kind: str, title: str, end: pd.Timestamp | None, subtitle: str = "") -> str:
    """The page heading: report kind, title and the period it describes."""
    period = f"Data up to {_date(end)}" if end is not None else "All data"
    sub = f"<p>{escape(subtitle)}</p>" if subtitle else ""
    return f"<p><small>{escape(kind)}</small></p><h1>{escape(title)}</h1>{sub}<p><em>{period}.</em></p>"


def period_end_of(as_of: str) -> pd.Timestamp | None:
    """The period end the page describes: ``as_of`` as a Timestamp, or None for all the data
    (every measure, cycle and score, whatever its date)."""
    return pd.Timestamp(as_of) if as_of else None


# --- charts ----------------------------------------------------------------------------------


def measure_charts(project: Any, end: pd.Timestamp | None) -> dict[str, Any]:
    """Every measure's chart up to ``end`` (None for a measure without data), computed once
    for the summary table and the chart sections."""
    return {m.id: chart_measure(project, m.id, end) for m in project.measures}


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
    trajectory = context.get("trajectory")
    if trajectory is not None:
        trajectory = trajectory.rename(columns={"period": "x", "value": "y"})
    benchmarks = [(b["label"], b["value"]) for b in context.get("benchmarks", [])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        fig = plot_chart(
            result,
            pdsa=cycles if len(cycles) else None,
            # the idea's own cycle numbers, as its PDSA log and ramp name them
            pdsa_numbers=dict(zip(cycles["cycle_id"], cycles["cycle_number"].astype(int), strict=True))
            if len(cycles) else None,
            benchmarks=benchmarks or None,
            trajectory=trajectory,
            title="",  # the heading names it; the method note says how it is charted
            caption=False,
            figsize=BOARD_CHART_SIZE,
        )
    from qi.reports.readings import read_measure

    reading = read_measure(project, measure_id, end)
    shows = "".join(f"<p>{escape(s)}</p>" for s in reading.sentences())
    return heading + figure_img(fig, f"chart of {measure.name}") + f'<div class="qi-shows">{shows}</div>'


def score_figure(scores: pd.DataFrame, plan: Sequence[Any], supported: float | None) -> Any:
    """The score history as a step line over the charter's stage bands (a matplotlib Figure)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 2.6), dpi=100)
    ax = fig.add_subplot()
    shades = ("#f2f2f2", "#e0ecf7", "#d9f0e3", "#fdf0d5")
    for i, stage in enumerate(plan):
        lo, hi = stage.score_from, stage.score_to
        if lo is None or hi is None:
            continue
        ax.axhspan(lo - 0.5, hi + 0.5, color=shades[i % len(shades)], alpha=0.7, zorder=0)
        # Labelled at the band's foot: the seed's bands overlap (7-10 and 9-10 share their
        # top), so labels at the top would print over each other.
        label = f"{shorten(stage.stage, 50)} ({lo:g}\u2013{hi:g})"
        ax.text(0.005, lo - 0.45, label, transform=ax.get_yaxis_transform(), va="bottom",
                fontsize=7, color="#555555", zorder=1, parse_math=False)  # user text
    if len(scores):
        ax.step(scores["date"], scores["score"], where="post", color="#005eb8", zorder=3)
        ax.plot(scores["date"], scores["score"], "o", color="#005eb8", zorder=4, label="recorded score")
    if supported is not None:
        ax.axhline(supported, color="#e46c0a", linestyle="--", zorder=2,
                   label=f"evidence supports {supported:g}")
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # "Jul 2019": years on every axis
    ax.set_ylim(0.5, 10.5)
    ax.set_yticks(range(1, 11))
    ax.set_ylabel("project score")
    ax.legend(loc="lower right", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


# --- change idea report ----------------------------------------------------------------------


def idea_cycles(project: Any, idea_id: str, end: pd.Timestamp | None) -> pd.DataFrame:
    """The change idea's PDSA frame, cycles started by ``end``."""
    frame = project.pdsa_frame(idea_id)
    if end is None:
        return frame
    return frame[frame["start"].isna() | (frame["start"] <= end)].reset_index(drop=True)


def change_idea_summary(project: Any, idea: Any) -> str:
    """What the change idea is and which measures it should move."""
    names = {m.id: m.name for m in project.measures}
    moves = ", ".join(escape(names.get(m, m)) for m in idea.measures) or "none linked yet"
    return (
        definition_list(
            [
                ("Description", idea.description),
                ("Driver", idea.driver),
                ("Status", idea.status),
                ("Owner", idea.owner),
                ("Timescale", idea.timescale),
                ("How we will know", idea.how_we_will_know),
            ]
        )
        + f"<p><strong>Measures it should move:</strong> {moves}</p>"
    )


def pdsa_log(project: Any, idea_id: str, end: pd.Timestamp | None) -> str:
    """The change idea's PDSA cycles as a table, then each cycle's notes."""
    wanted = set(idea_cycles(project, idea_id, end)["cycle_id"])
    cycles = [c for c in project.cycles if c.id in wanted]
    rows = []
    notes = []
    for c in cycles:
        scale = ""
        if c.scale is not None:
            scale = c.scale.description or (
                f"{c.scale.n or '?'} of {c.scale.of or '?'} {c.scale.unit or ''}".strip()
            )
        dates = " to ".join(d for d in (_date(c.start), _date(c.end)) if d)
        decision = _text(c.act.decision)
        nxt = _text(c.act.next_step)
        rows.append(
            [
                f"<strong>Cycle {c.cycle_number}</strong><br>{escape(c.title)}<br><small>{escape(c.status)}</small>",
                dates,
                escape(scale),
                "<br>".join(escape(p) for p in c.plan.predictions),
                _text(c.study.learning or c.study.results),
                (f"<strong>{decision}</strong><br>" if decision else "") + nxt,
            ]
        )
        for note in c.current_notes:  # withdrawn notes stay in the file, not on the page
            notes.append([f"Cycle {c.cycle_number}", _date(note.date), escape(note.author), escape(note.text)])
    head = ("Cycle", "Dates", "Scale", "Predictions", "Learning", "Decision and next step")
    out = table(rows, head)
    if notes:
        out += "<h3>Notes</h3>" + table(notes, ("Cycle", "Date", "By", "Note"))
    return out


def ramp_timeline(project: Any, idea_id: str, end: pd.Timestamp | None) -> str:
    """The ramp of cycles: dates, scale and decisions, arrows from each cycle to the next."""
    from qi.present.html import figure_img
    from qi.present.timeline import pdsa_timeline

    frame = idea_cycles(project, idea_id, end)
    if frame.empty or frame["start"].isna().all():
        return "<p><em>No dated cycles yet.</em></p>"
    numbers = dict(zip(frame["cycle_id"], frame["cycle_number"].astype(int), strict=True))
    names = {i.id: i.title for i in project.change_ideas}
    return figure_img(pdsa_timeline(frame, names=names, numbers=numbers), "timeline of the PDSA cycles")


def fidelity_block(project: Any, idea_id: str) -> str:
    """The PDSA fidelity check of the change idea (Taylor et al. 2014): one row per feature,
    read from the report's checks (data, not its text); one sentence when there is no cycle."""
    if not len(project.pdsa_frame(idea_id)):
        return "<p>No PDSA cycle has been logged for this change idea yet, so there is nothing to check.</p>"
    report = project.fidelity(change_idea=idea_id)
    marks = {True: "met", False: "not met", None: "not yet due"}
    rows = [[escape(c.feature), escape(marks[c.met]), escape(c.detail)] for c in report.checks]
    head = f"{report.met} of {report.due} features met"
    if report.due < len(report.checks):
        head += f" ({len(report.checks) - report.due} not yet due)"
    return f"<p>{escape(head)}.</p>" + table(rows, ("Feature", "", "Detail"))


def latest_act(project: Any, idea_id: str, end: pd.Timestamp | None) -> str:
    """What the latest cycle's Act says comes next."""
    wanted = set(idea_cycles(project, idea_id, end)["cycle_id"])
    decided = [c for c in project.cycles if c.id in wanted and (c.act.decision or c.act.next_step)]
    if not decided:
        return "<p><em>No cycle has reached Act yet.</em></p>"
    c = decided[-1]
    decision = f"<strong>{escape(c.act.decision)}</strong>. " if c.act.decision else ""
    nxt = f"Next: {escape(c.act.next_step)}" if c.act.next_step else ""
    return f"<p>Cycle {c.cycle_number} ({escape(c.title)}): {decision}{nxt}</p>"


# --- project report --------------------------------------------------------------------------


def charter_summary(project: Any) -> str:
    """Aim, stretch outcome, sponsor, lead, adviser, team and why."""
    ch = project.charter
    aim = ch.aim
    team = ", ".join(
        escape(p.name) + (f" ({escape(p.role)})" if p.role else "") for p in ch.team
    )
    return (
        f"<p><strong>Aim:</strong> {escape(aim.statement)}</p>"
        + definition_list(
            [
                ("What", aim.what),
                ("Where", aim.where),
                ("How much", aim.how_much),
                ("By when", _date(aim.by_when) if aim.by_when else None),
                ("Stretch outcome", ch.stretch_outcome),
                ("Reference", ch.reference),
                ("Sponsor", ch.sponsor),
                ("Lead", ch.lead),
                ("Improvement adviser", ch.adviser),
            ]
        )
        + (f"<p><strong>Team:</strong> {team}</p>" if team else "")
        + (f"<p><strong>Why:</strong> {escape(ch.why)}</p>" if ch.why else "")
    )


def score_block(project: Any, end: pd.Timestamp | None) -> str:
    """Score history against the stage bands, the latest rationale and the evidence check."""
    from qi.present.html import figure_img

    scores = scores_until(project, end)
    check = project.evidence_check()
    fig = score_figure(scores, project.charter.plan, check.supported)
    parts = [figure_img(fig, "project score history against the stage bands")]
    if len(scores):
        last = scores.iloc[-1]
        stage = ", ".join(project.stage(float(last["score"])))
        parts.append(
            f"<p>Latest score <strong>{float(last['score']):g}</strong> on {_date(last['date'])}"
            f" ({escape(stage)}): {escape(last['rationale'])}</p>"
        )
    else:
        parts.append("<p><em>No score recorded yet.</em></p>")
    parts.append(_evidence_sentences(project, check))
    recent = scores.tail(SCORE_ROWS_SHOWN)
    rows = [[_date(r["date"]), f"{float(r['score']):g}", escape(r["rationale"]), _text(r["scored_by"])]
            for _, r in recent.iterrows()]
    heading = "Recent scores" if len(scores) > len(recent) else "Scores"  # the rest: on the chart
    return "".join(parts) + f"<h3>{heading}</h3>" + table(rows, ("Date", "Score", "Rationale", "Scored by"))


def _stage_words(project: Any, score: float) -> str:
    """The charter's own stage band(s) of a score ("Spreading changes")."""
    stages = project.stage(score)
    return " / ".join(stages) if stages else f"level {score:g}"


def _evidence_sentences(project: Any, check: Any) -> str:
    """The evidence check in two sentences, in the charter's stage words: what the files
    support and why, then what the next level still needs; a flag when the recorded score is
    above the evidence."""
    out = []
    if check.above_evidence:
        out.append(f'<p class="qi-attention"><strong>The recorded score {check.current:g} is above the '
                   f'{check.supported:g} the evidence supports.</strong></p>')
    reached = check.reached
    why = f": {'; '.join(reached.evidence)}" if reached is not None else ""
    out.append(f"<p>The evidence in the project's files supports a score of {check.supported:g} "
               f"({escape(_stage_words(project, check.supported))}){escape(why)}.</p>")
    gap = check.gap
    if gap is not None:
        out.append(f"<p>Not yet {gap.score:g} ({escape(_stage_words(project, gap.score))}): "
                   f"{escape('; '.join(gap.evidence))}.</p>")
    return "".join(out)


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


def change_ideas_table(project: Any, end: pd.Timestamp | None, link_dir: str | None = None) -> str:
    """Each change idea with its status, cycles so far and latest decision.

    With ``link_dir`` each title links to ``<link_dir>/<change idea id>.html`` (the layout
    ``qi report`` writes).
    """
    rows = []
    for idea in project.change_ideas:
        frame = idea_cycles(project, idea.id, end)
        decided = frame[frame["decision"].notna()]
        title = escape(idea.title)
        if link_dir is not None:
            title = f'<a href="{escape(f"{link_dir}/{idea.id}.html")}">{title}</a>'
        rows.append(
            [
                title,
                escape(idea.status),
                str(len(frame)),
                _text(decided["decision"].iloc[-1]) if len(decided) else "",
                _text(idea.owner),
            ]
        )
    return table(rows, ("Change idea", "Status", "Cycles", "Latest decision", "Owner"))


def risks_table(project: Any) -> str:
    """Risks and the actions that address them (a list when no risk has an action yet)."""
    risks = project.charter.risks
    if risks and not any(r.action for r in risks):
        return "<ul>" + "".join(f"<li>{escape(r.risk)} <small>(no action recorded yet)</small></li>"
                                for r in risks) + "</ul>"
    rows = [[escape(r.risk), _text(r.action)] for r in risks]
    return table(rows, ("Risk", "Action"))


# --- portfolio report ------------------------------------------------------------------------

_TREND_ARROWS = {"up": "&#8599; up", "down": "&#8600; down", "level": "&#8594; level"}


def portfolio_table(rows: pd.DataFrame, links: dict[str, str] | None = None) -> str:
    """One row per project: score, stage, trend, MDC icons of its outcome measures, cycles."""
    from qi.present.icons import LEGEND_WORDS, icon_img

    out = []
    for _, r in rows.iterrows():
        title = escape(r["title"])
        if links and r["project"] in links:
            title = f'<a href="{escape(links[r["project"]])}">{title}</a>'
        score = "" if r["score"] is None or pd.isna(r["score"]) else f"{r['score']:g}"
        if score and r["supported"] is not None and r["score"] > r["supported"]:
            score += f' <span class="qi-attention">(evidence: {r["supported"]:g})</span>'
        icons = []
        for k in r["key_measures"]:
            v, a = str(k["variation"]), k["assurance"]
            # images, not inline SVG: they survive an untrusted notebook in JupyterLab
            icon = icon_img(v, 28, title=f"{k['name']}: {LEGEND_WORDS.get(v, v)}")
            if isinstance(a, str):
                icon += icon_img(a, 28, title=f"{k['name']}: {LEGEND_WORDS.get(a, a)}")
            icons.append(f"<div>{icon}<br><small>{escape(k['name'])}</small></div>")
        out.append(
            [
                title,
                score,
                escape(r["stage"]),
                _TREND_ARROWS.get(r["trend"], escape(r["trend"])),
                "".join(icons) or "<small>no outcome data</small>",
                f'{r["cycles_in_period"]} in the {escape(r["period_words"])}'
                f'<br><small>{r["cycles_total"]} in all</small>',
            ]
        )
    return table(out, ("Project", "Score", "Stage", "Score trend", "Key measures", "PDSA cycles"))


def portfolio_legend(rows: pd.DataFrame) -> str:
    """The printed legend of the icons the portfolio table shows (in the same order)."""
    from qi.present.icons import icon_legend

    states = [s for _, r in rows.iterrows() for k in r["key_measures"]
              for s in (k["variation"], k["assurance"]) if isinstance(s, str)]
    return '<div class="qi-key">' + icon_legend(states) + "</div>" if states else ""


def portfolio_summary_block(counts: dict[str, int], n_projects: int) -> str:
    """One sentence for the first screen: how the portfolio's measures stand."""
    total = sum(counts.values())
    parts = [f"{counts['better']} improving", f"{counts['attention']} needing attention",
             f"{counts['steady']} with no real change yet"]
    if counts["no_data"]:
        parts.append(f"{counts['no_data']} without data")
    words = ", ".join(parts[:-1]) + " and " + parts[-1]
    return (f'<div class="qi-summary"><p>Across {n_projects} project{"" if n_projects == 1 else "s"} '
            f'and {total} measure{"" if total == 1 else "s"}: {escape(words)}.</p></div>')


def attention_list(items: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """The "needs attention" list: one heading per project (named by ``titles``, project id to
    title, where given), one sentence per item under it."""
    if items.empty:
        return "<p>Nothing needs attention.</p>"
    titles = titles or {}
    parts = ['<ul class="qi-attention-list">']
    for project, group in items.groupby("project", sort=False):
        lis = []
        for _, r in group.iterrows():
            detail = str(r["detail"])
            detail = detail[:1].upper() + detail[1:]
            subject = str(r["subject"])
            lis.append(f"<li>{escape(subject[:1].upper() + subject[1:])}: {escape(detail)}</li>")
        parts.append(f"<li><strong>{escape(titles.get(project, project))}</strong><ul>{''.join(lis)}</ul></li>")
    return "".join(parts) + "</ul>"


# --- board pages built around the verdict (issue 8) ------------------------------------------
# The page reads top-down like seed 003: the period, a summary of verdicts and the ask, then
# per measure chart -> what it shows -> what was done -> what comes next; the charter last.


def period_block(kind: str, title: str, period: Any, subtitle: str = "") -> str:
    """The page heading with the reporting period ("Quarter to March 2021")."""
    sub = f'<p class="qi-subtitle">{escape(subtitle)}</p>' if subtitle else ""
    return (f'<p class="qi-kind"><small>{escape(kind)}</small></p><h1>{escape(title)}</h1>{sub}'
            f'<p class="qi-period"><strong>{escape(period.words())}</strong></p>')


_GROUPS: tuple[tuple[str, str], ...] = (
    ("better", "Improving"),
    ("attention", "Needs attention"),
    ("steady", "No real change yet"),
)


def _steady_words(reading: Any) -> str:
    """A steady measure in a few words for the summary's one line: "around 3.5", "too early
    to tell", "too few points", "a running total"."""
    v = reading.verdict
    if v is None:
        return "no data yet"
    if reading.result.extras.get("cumulative"):
        return "a running total"
    if v.state == "no_change":
        from qi.present.verdict_words import Words

        return f"around {Words(reading.result).about(v.centre)}"
    from qi.present.verdict_words import STATE_WORDS

    return STATE_WORDS[v.state]


def summary_block(project: Any, readings: dict[str, Any], period: Any,
                  previous: dict[str, Any] | None = None) -> str:
    """One line per measure in plain words, grouped (improving, needs attention, no change
    yet), what changed since the previous report, and what the board is asked to do."""
    from qi.present.verdict_words import STATE_WORDS

    groups: dict[str, list[str]] = {k: [] for k, _ in _GROUPS}
    steady: list[str] = []
    for r in readings.values():
        if r.group == "steady":
            steady.append(f"<strong>{escape(r.measure.name)}</strong> ({escape(_steady_words(r))})")
        line = f"<strong>{escape(r.measure.name)}</strong>: {escape(r.headline(short=True))}"
        extra = [a for a in r.attention if a != "getting worse"]  # the headline says that
        if extra:
            line += f' <span class="qi-risk">({escape("; ".join(extra))})</span>'
        groups[r.group].append(f"<li>{line}</li>")
    ask_html = ""
    board = getattr(project.charter, "board", None)
    if board is not None and (board.ask or board.decisions):
        ask = f"<p>{escape(board.ask)}</p>" if board.ask else ""
        decisions = "".join(f"<li>{escape(d)}</li>" for d in board.decisions)
        ask_html = ('<div class="qi-ask"><h3>Asked of the board</h3>' + ask
                     + (f"<ul>{decisions}</ul>" if decisions else "") + "</div>")
    parts = ['<div class="qi-summary">', ask_html]
    for key, heading in _GROUPS:
        if groups[key] and key == "steady":  # no story to tell: one line, names and levels
            parts.append(f"<h3>{escape(heading)}</h3><p>{'; '.join(steady)}.</p>")
        elif groups[key]:
            parts.append(f"<h3>{escape(heading)}</h3><ul>{''.join(groups[key])}</ul>")
    if previous:
        moved = []
        for mid, r in readings.items():
            before = previous.get(mid)
            if r.verdict is None or before is None or before.verdict is None:
                continue
            if before.verdict.state != r.verdict.state:
                moved.append(f"<li><strong>{escape(r.measure.name)}</strong>: from "
                             f"{escape(STATE_WORDS[before.verdict.state])} to "
                             f"{escape(STATE_WORDS[r.verdict.state])}</li>")
        parts.append("<h3>Since the last report</h3><div>"
                     + (f"<ul>{''.join(moved)}</ul>" if moved else
                        "<p>No measure changed its state since the previous period.</p>") + "</div>")
    parts.append("</div>")
    return "".join(parts)


def _cycle_line(row: Any, numbers: dict[str, int] | None = None) -> str:
    """A cycle active in the period: what it tested and where it stands; with ``numbers``
    (the page's), the number its marker carries on the charts."""
    decision = row["decision"] if isinstance(row["decision"], str) else None
    start, end = _date(row["start"]), _date(row["end"])
    if decision:
        state = f"decision: {decision}" + (f", {end}" if end else "")
    elif row["status"] == "planned":
        state = "planned" + (f" for {start}" if start else "")
    else:
        state = f"{row['status']} since {start}" if start else str(row["status"])
    mark = f"[{numbers[row['cycle_id']]}] " if numbers and row["cycle_id"] in numbers else ""
    return (f"<li>{mark}{escape(row['idea_title'])}, cycle {int(row['cycle_number'])}: "
            f"{escape(row['title'])} ({escape(state)})</li>")


def measure_section(project: Any, reading: Any, period: Any, numbers: dict[str, int] | None = None) -> str:
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
    trajectory = context.get("trajectory")
    if trajectory is not None:
        trajectory = trajectory.rename(columns={"period": "x", "value": "y"})
    benchmarks = [(b["label"], b["value"]) for b in context.get("benchmarks", [])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        # the page's heading names the measure and the method note says how it is charted:
        # the chart carries neither (no title, no technical caption) and is kept short, so
        # two measures fit an A4 page (issue 8: the project page prints to at most 8 pages)
        fig = plot_chart(reading.result, pdsa=cycles if len(cycles) else None, pdsa_numbers=numbers,
                         benchmarks=benchmarks or None, trajectory=trajectory, title="", caption=False,
                         figsize=BOARD_CHART_SIZE)
    out.append(figure_img(fig, f"chart of {m.name}"))
    out.append('<div class="qi-shows">' + "".join(f"<p>{escape(s)}</p>" for s in reading.sentences()) + "</div>")
    if reading.funnel is not None:
        out.append(comparison_block(reading))
    active = cycles_in(project, period, ideas) if ideas else None
    if active is not None and len(active):
        out.append("<h4>PDSA cycles in the period</h4><ul>"
                   + "".join(_cycle_line(r, numbers) for _, r in active.iterrows()) + "</ul>")
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
    centre = (f"{comp.target_label} ({target:,.3g}{per})" if comp.target_label
              else f"the overall {target:,.3g}{per}")
    others = data[data["unit"] != comp.highlight] if comp.highlight else data
    n_out = int(others["outside"].sum())
    rest = (f"{n_out} of the {len(others)} other units {'is' if n_out == 1 else 'are'} outside the limits" if n_out
            else f"none of the {len(others)} other units is outside the limits")
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
    return f"In {comp.period}, {comp.highlight} ({float(me['value']):,.3g}{per}) is {where}; {rest}."


def comparison_block(reading: Any) -> str:
    """The measure's funnel plot against other units, with one sentence."""
    from qi.present.html import figure_img

    comp = reading.measure.comparison
    fig = reading.funnel.plot(title=f"{reading.measure.name}: how we compare, {comp.period}",
                              xlabel=comp.denominator_label or "denominator",
                              ylabel=f"{reading.measure.name}" + (f" ({comp.per})" if comp.per else ""))
    source = f" Source: {comp.source}." if comp.source else ""
    return ('<div class="qi-comparison"><h4>How we compare</h4>'
            + figure_img(fig, f"funnel plot of {reading.measure.name}")
            + f"<p>{escape(comparison_sentence(reading))}{escape(source)}</p></div>")


def _next_steps(project: Any, ideas: set[str], period: Any) -> list[str]:
    """The latest Act of each linked change idea, and cycles planned but not started."""
    titles = {i.id: i.title for i in project.change_ideas}
    out = []
    for idea in sorted(ideas):
        cycles = [c for c in project.cycles if c.change_idea == idea
                  and (period.end is None or c.start is None or pd.Timestamp(c.start) <= period.end)]
        acted = [c for c in cycles if c.act.decision or c.act.next_step]
        if acted:
            c = acted[-1]
            what = f"{c.act.decision}: " if c.act.decision else ""
            out.append(f"<li>{escape(titles.get(idea, idea))}: {escape(what + (c.act.next_step or ''))}</li>")
        planned = [c for c in cycles if c.status == "planned"]
        for c in planned:
            out.append(f"<li>{escape(titles.get(idea, idea))}: planned cycle, {escape(c.title)}</li>")
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


def plan_table(project: Any) -> str:
    """The charter's stage plan: each stage's score band, actions, timescales and status."""
    rows = []
    for stage in project.charter.plan:
        band = ("" if stage.score_from is None else f"{stage.score_from:g}–{stage.score_to:g}")
        actions = "; ".join(  # one paragraph per stage: the plan is detail, after the results
            escape(a.action) + (f" <small>({escape(a.timescale)})</small>" if a.timescale else "")
            + (f" — <em>{escape(a.status)}</em>" if a.status else "") for a in stage.actions)
        rows.append([escape(stage.stage), band, actions])
    return table(rows, ("Stage", "Score", "Actions"))


def method_block(readings: dict[str, Any]) -> str:
    """The technical account, short: measures grouped by chart type and rule set, then the
    phase tests, fixed limits and comparisons of the measures that have them."""
    from qi.charts.judge import Verdict
    from qi.present.verdict_words import method_note

    groups: dict[str, list[str]] = {}
    details = []
    for r in readings.values():
        if not r.has_data:
            continue
        verdict = Verdict((r.verdict,), r.result.options.improvement, r.result.rule_set.name,
                          r.result.options.chart, None)
        head, *rest = method_note(r.result, verdict)
        groups.setdefault(head.rstrip("."), []).append(r.measure.name)
        if r.funnel is not None:
            comp = r.measure.comparison
            rest.append(f"How we compare: a funnel plot of {len(r.funnel.data)} units with exact "
                        f"{'binomial' if comp.chart == 'proportion' else 'Poisson'} 95% and 99.8% limits "
                        "(Spiegelhalter 2005)" + ("" if comp.target is not None else ", around their pooled value")
                        + "." + "".join(f" {w[:1].upper() + w[1:]}." for w in r.funnel.warnings))
        if rest:
            details.append(f"<li><strong>{escape(r.measure.name)}</strong>: {escape(' '.join(rest))}</li>")
    items = [f"<li>{escape(head)}: {escape(', '.join(names))}.</li>" for head, names in groups.items()]
    general = (
        "<p>Each chart shows a centre line and the limits within which the process varies by "
        "itself. A change is real only when the points after it fall outside the earlier limits "
        "(Provost &amp; Murray, <em>The Health Care Data Guide</em>, 2011). Limits below zero on "
        "measures that cannot be negative are shown at zero.</p>"
    )
    return ('<div class="qi-method">' + general + f"<ul>{''.join(items)}</ul>"
            + (f"<ul>{''.join(details)}</ul>" if details else "") + "</div>")
