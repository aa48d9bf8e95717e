"""HTML summaries of a project and a portfolio for Jupyter (``_repr_html_``).

Everything users wrote (titles, aims, names) is escaped with :func:`html.escape`: text is data,
never markup.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from qi.project.store import Portfolio, Project


def _row(*cells: object, head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{escape('' if c is None else str(c))}</{tag}>" for c in cells) + "</tr>"


def project_html(project: Project) -> str:
    """A project's charter at a glance: aim, lead, measures, change ideas, cycles, latest score."""
    c = project.charter
    if project.scores.empty:
        score = "not scored yet"
    else:
        last = project.scores.iloc[-1]
        score = f"{last['score']:g} on {last['date']:%d %b %Y}"
    measures = "".join(_row(m.id, m.name, m.type, m.unit, len(project.measure_data(m.id)))
                       for m in project.measures)
    ideas = "".join(_row(i.id, i.title, i.status, sum(1 for cy in project.cycles if cy.change_idea == i.id))
                    for i in project.change_ideas)
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
        rows.append(_row(p.id, p.title, len(p.measures), len(p.change_ideas), len(p.cycles), latest or "-"))
    return (
        f"<div class='qi-portfolio'><h3>{escape(portfolio.name)}</h3><table><thead>"
        + _row("project", "title", "measures", "change ideas", "cycles", "latest score", head=True)
        + f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
