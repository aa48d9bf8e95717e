"""The sections of the project page (``templates/project.ipynb``): the summary of verdicts and
the board's ask, the score and its evidence, change ideas, charter, risks, plan and method.

The page reads top-down like seed 003: the period, a summary of verdicts and the ask, then per
measure chart -> what it shows -> what was done -> what comes next (:mod:`.measures`); the
charter last.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from qi.present.escape import escape
from qi.present.score import score_figure
from qi.reports.blocks.change_idea import idea_cycles
from qi.reports.blocks.common import SCORE_ROWS_SHOWN, definition_list, field_text, fmt_date, table
from qi.reports.portfolio_data import scores_until


def charter_summary(project: Any) -> str:
    """Aim, stretch outcome, sponsor, lead, adviser, team and why."""
    ch = project.charter
    aim = ch.aim
    team = ", ".join(escape(p.name) + (f" ({escape(p.role)})" if p.role else "") for p in ch.team)
    return (
        f"<p><strong>Aim:</strong> {escape(aim.statement)}</p>"
        + definition_list(
            [
                ("What", aim.what),
                ("Where", aim.where),
                ("How much", aim.how_much),
                ("By when", fmt_date(aim.by_when) if aim.by_when else None),
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
            f"<p>Latest score <strong>{float(last['score']):g}</strong> on {fmt_date(last['date'])}"
            f" ({escape(stage)}): {escape(last['rationale'])}</p>"
        )
    else:
        parts.append("<p><em>No score recorded yet.</em></p>")
    parts.append(_evidence_sentences(project, check))
    recent = scores.tail(SCORE_ROWS_SHOWN)
    rows = [
        [
            fmt_date(r["date"]),
            f"{float(r['score']):g}",
            escape(r["rationale"]),
            field_text(r["scored_by"]),
        ]
        for _, r in recent.iterrows()
    ]
    heading = "Recent scores" if len(scores) > len(recent) else "Scores"  # the rest: on the chart
    return (
        "".join(parts)
        + f"<h3>{heading}</h3>"
        + table(rows, ("Date", "Score", "Rationale", "Scored by"))
    )


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
        out.append(
            f'<p class="qi-attention"><strong>The recorded score {check.current:g} is above the '
            f"{check.supported:g} the evidence supports.</strong></p>"
        )
    reached = check.reached
    why = f": {'; '.join(reached.evidence)}" if reached is not None else ""
    out.append(
        f"<p>The evidence in the project's files supports a score of {check.supported:g} "
        f"({escape(_stage_words(project, check.supported))}){escape(why)}.</p>"
    )
    gap = check.gap
    if gap is not None:
        out.append(
            f"<p>Not yet {gap.score:g} ({escape(_stage_words(project, gap.score))}): "
            f"{escape('; '.join(gap.evidence))}.</p>"
        )
    return "".join(out)


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
                field_text(decided["decision"].iloc[-1]) if len(decided) else "",
                field_text(idea.owner),
            ]
        )
    return table(rows, ("Change idea", "Status", "Cycles", "Latest decision", "Owner"))


def risks_table(project: Any) -> str:
    """Risks and the actions that address them (a list when no risk has an action yet)."""
    risks = project.charter.risks
    if risks and not any(r.action for r in risks):
        return (
            "<ul>"
            + "".join(
                f"<li>{escape(r.risk)} <small>(no action recorded yet)</small></li>" for r in risks
            )
            + "</ul>"
        )
    rows = [[escape(r.risk), field_text(r.action)] for r in risks]
    return table(rows, ("Risk", "Action"))


_GROUPS: tuple[tuple[str, str], ...] = (
    ("better", "Improving"),
    ("attention", "Needs attention"),
    ("changing", "Changing, neither better nor worse"),
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


def summary_block(
    project: Any, readings: dict[str, Any], period: Any, previous: dict[str, Any] | None = None
) -> str:
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
            line += f' <span class="qi-attention">({escape("; ".join(extra))})</span>'
        groups[r.group].append(f"<li>{line}</li>")
    ask_html = ""
    board = getattr(project.charter, "board", None)
    if board is not None and (board.ask or board.decisions):
        ask = f"<p>{escape(board.ask)}</p>" if board.ask else ""
        decisions = "".join(f"<li>{escape(d)}</li>" for d in board.decisions)
        ask_html = (
            '<div class="qi-ask"><h3>Asked of the board</h3>'
            + ask
            + (f"<ul>{decisions}</ul>" if decisions else "")
            + "</div>"
        )
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
                moved.append(
                    f"<li><strong>{escape(r.measure.name)}</strong>: from "
                    f"{escape(STATE_WORDS[before.verdict.state])} to "
                    f"{escape(STATE_WORDS[r.verdict.state])}</li>"
                )
        parts.append(
            "<h3>Since the last report</h3><div>"
            + (
                f"<ul>{''.join(moved)}</ul>"
                if moved
                else "<p>No measure changed its state since the previous period.</p>"
            )
            + "</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def plan_table(project: Any) -> str:
    """The charter's stage plan: each stage's score band, actions, timescales and status."""
    rows = []
    for stage in project.charter.plan:
        band = "" if stage.score_from is None else f"{stage.score_from:g}–{stage.score_to:g}"
        actions = "; ".join(  # one paragraph per stage: the plan is detail, after the results
            escape(a.action)
            + (f" <small>({escape(a.timescale)})</small>" if a.timescale else "")
            + (f" — <em>{escape(a.status)}</em>" if a.status else "")
            for a in stage.actions
        )
        rows.append([escape(stage.stage), band, actions])
    return table(rows, ("Stage", "Score", "Actions"))


def method_block(readings: dict[str, Any]) -> str:
    """The technical account, short: measures grouped by chart type and rule set, then the
    phase tests, fixed limits and comparisons of the measures that have them."""
    from qi.charts.judge import Verdict
    from qi.present.funnel import caveat_sentences
    from qi.present.verdict_words import method_note

    groups: dict[str, list[str]] = {}
    details = []
    for r in readings.values():
        if not r.has_data:
            continue
        verdict = Verdict(
            (r.verdict,),
            r.result.options.improvement,
            r.result.rule_set.name,
            r.result.options.chart,
            None,
        )
        head, *rest = method_note(r.result, verdict)
        groups.setdefault(head.rstrip("."), []).append(r.measure.name)
        if r.funnel is not None:
            comp = r.measure.comparison
            rest.append(
                f"How we compare: a funnel plot of {len(r.funnel.data)} units with exact "
                f"{'binomial' if comp.chart == 'proportion' else 'Poisson'} 95% and 99.8% limits "
                "(Spiegelhalter 2005)"
                + ("" if comp.target is not None else ", around their pooled value")
                + "."
                + "".join(f" {sentence}" for sentence in caveat_sentences(r.funnel))
            )
        if rest:
            details.append(
                f"<li><strong>{escape(r.measure.name)}</strong>: {escape(' '.join(rest))}</li>"
            )
    items = [
        f"<li>{escape(head)}: {escape(', '.join(names))}.</li>" for head, names in groups.items()
    ]
    general = (
        "<p>Each chart shows a centre line and the limits within which the process varies by "
        "itself. A change is real only when the points after it fall outside the earlier limits "
        "(Provost &amp; Murray, <em>The Health Care Data Guide</em>, 2011). Limits below zero on "
        "measures that cannot be negative are shown at zero.</p>"
    )
    return (
        '<div class="qi-method">'
        + general
        + f"<ul>{''.join(items)}</ul>"
        + (f"<ul>{''.join(details)}</ul>" if details else "")
        + "</div>"
    )
