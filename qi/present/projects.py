"""Projects shown: HTML for Jupyter (``_repr_html_`` of a project, a portfolio, a PDSA cycle
laid out as the IHI worksheet, a score check and a fidelity report) and the cycle as plain text
for ``qi pdsa show``. The project layer (:mod:`qi.project`) returns the data; this module only
reads it.

Everything users wrote (titles, aims, names, notes) is escaped (:func:`qi.present.escape.escape`):
text is data, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qi.present.escape import escape
from qi.project.worksheet import WORKSHEET, field_value

if TYPE_CHECKING:  # pragma: no cover
    from qi.project.evidence import ScoreCheck
    from qi.project.model import PDSACycle
    from qi.project.pdsa import FidelityReport
    from qi.project.store import Portfolio, Project


def _shown(value: Any) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        return "\n".join(f"- {v}" for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _cycle_head(cycle: PDSACycle) -> list[tuple[str, str]]:
    dates = " to ".join(str(d) for d in (cycle.start, cycle.end) if d) or "not started"
    return [
        ("Status", cycle.status),
        ("Dates", dates),
        ("Previous cycle", cycle.previous or "none"),
        ("Measures", ", ".join(cycle.measures) or "none"),
    ]


def _note_line(number: int, note: Any) -> str:
    line = f"{number}. {note.date} {note.author}: {note.text}"
    if note.withdrawn is not None:
        w = note.withdrawn
        line += f" [withdrawn {w.date} by {w.by}: {w.reason}]"
    return line


def cycle_text(cycle: PDSACycle) -> str:
    """The cycle as the worksheet in plain text (``qi pdsa show``); notes numbered, withdrawn
    notes marked (their number is what ``qi pdsa withdraw-note`` takes)."""
    lines = [f"{cycle.id}: {cycle.title}"]
    lines += [f"  {k}: {v}" for k, v in _cycle_head(cycle)]
    for section, fields in WORKSHEET:
        lines.append(section)
        for dotted, label in fields:
            text = _shown(field_value(cycle, dotted))
            if text:
                lines.append(f"  {label}: " + text.replace("\n", "\n    "))
    if cycle.notes:
        lines.append("Notes")
        lines += [f"  {_note_line(i, n)}" for i, n in enumerate(cycle.notes, start=1)]
    return "\n".join(lines)


def cycle_html(cycle: PDSACycle) -> str:
    """The cycle as the worksheet: one table per section, empty fields shown as empty; only the
    notes in force (withdrawn notes stay in the file)."""
    head = "".join(_row(k, v) for k, v in _cycle_head(cycle))
    parts = [
        f"<div class='qi-cycle'><h3>{escape(cycle.id)}: {escape(cycle.title)}</h3>"
        f"<table>{head}</table>"
    ]
    for section, fields in WORKSHEET:
        rows = "".join(
            f"<tr><th>{escape(label)}</th><td style='white-space:pre-wrap'>"
            f"{escape(_shown(field_value(cycle, dotted)))}</td></tr>"
            for dotted, label in fields
        )
        parts.append(f"<h4>{section}</h4><table>{rows}</table>")
    if cycle.current_notes:
        notes = "".join(_row(n.date, n.author, n.text) for n in cycle.current_notes)
        parts.append(
            "<h4>Notes</h4><table>" + _row("date", "by", "note", head=True) + f"{notes}</table>"
        )
    return "".join(parts) + "</div>"


def score_check_html(check: ScoreCheck) -> str:
    """The evidence check: recorded and supported scores, a warning when the record is above
    the evidence, and the reasons."""
    current = "not scored yet" if check.current is None else f"{check.current:g}"
    flag = (
        "<p style='color:#9c2a00'><b>The recorded score is above what the evidence supports.</b></p>"
        if check.above_evidence
        else ""
    )
    reasons = "".join(f"<li>{escape(r)}</li>" for r in check.reasons)
    return (
        f"<div class='qi-score-check'><p><b>Recorded score:</b> {escape(current)} &middot; "
        f"<b>the evidence supports:</b> {check.supported:g}</p>{flag}<ul>{reasons}</ul></div>"
    )


def fidelity_html(report: FidelityReport) -> str:
    """A fidelity report: the count met, then one row per feature (met, not met, not yet due)."""
    marks = {True: "met", False: "not met", None: "not yet due or cannot tell"}
    rows = "".join(_row(c.feature, marks[c.met], c.detail) for c in report.checks)
    return (
        f"<div class='qi-fidelity'><p><b>{escape(report.kind)} {escape(report.subject)}:</b> "
        f"{report.met} of {report.due} features met</p><table>"
        + _row("feature", "", "detail", head=True)
        + f"{rows}</table></div>"
    )


def _row(*cells: object, head: bool = False) -> str:
    tag = "th" if head else "td"
    return (
        "<tr>"
        + "".join(f"<{tag}>{escape('' if c is None else str(c))}</{tag}>" for c in cells)
        + "</tr>"
    )


def project_html(project: Project) -> str:
    """A project's charter at a glance: aim, lead, measures, change ideas, cycles, latest score."""
    c = project.charter
    if project.scores.empty:
        score = "not scored yet"
    else:
        last = project.scores.iloc[-1]
        score = f"{last['score']:g} on {last['date']:%d %b %Y}"
    measures = "".join(
        _row(m.id, m.name, m.type, m.unit, len(project.measure_data(m.id)))
        for m in project.measures
    )
    ideas = "".join(
        _row(i.id, i.title, i.status, sum(1 for cy in project.cycles if cy.change_idea == i.id))
        for i in project.change_ideas
    )
    return (
        f"<div class='qi-project'><h3>{escape(c.title)}</h3>"
        f"<p><b>Aim:</b> {escape(c.aim.statement)}</p>"
        f"<p><b>Lead:</b> {escape(c.lead or '-')} &middot; <b>Latest score:</b> {escape(score)}"
        f" &middot; <b>PDSA cycles:</b> {len(project.cycles)}</p>"
        "<table><thead>" + _row("measure", "name", "type", "unit", "points", head=True) + "</thead>"
        f"<tbody>{measures}</tbody></table>"
        "<table><thead>" + _row("change idea", "title", "status", "cycles", head=True) + "</thead>"
        f"<tbody>{ideas}</tbody></table></div>"
    )


def portfolio_html(portfolio: Portfolio) -> str:
    """A portfolio's projects, one row each."""
    rows = []
    for p in portfolio.projects:
        latest = None if p.scores.empty else f"{p.scores['score'].iloc[-1]:g}"
        rows.append(
            _row(p.id, p.title, len(p.measures), len(p.change_ideas), len(p.cycles), latest or "-")
        )
    return (
        f"<div class='qi-portfolio'><h3>{escape(portfolio.name)}</h3><table><thead>"
        + _row("project", "title", "measures", "change ideas", "cycles", "latest score", head=True)
        + f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


__all__ = [
    "cycle_html",
    "cycle_text",
    "fidelity_html",
    "portfolio_html",
    "project_html",
    "score_check_html",
]
