"""The sections of the change idea page (``templates/change_idea.ipynb``): what the idea is,
its PDSA log, ramp, fidelity check and latest Act."""

from __future__ import annotations

from typing import Any

import pandas as pd

from qi.present.escape import escape
from qi.reports.blocks.common import definition_list, field_text, fmt_date, table


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
        dates = " to ".join(d for d in (fmt_date(c.start), fmt_date(c.end)) if d)
        decision = field_text(c.act.decision)
        nxt = field_text(c.act.next_step)
        rows.append(
            [
                f"<strong>Cycle {c.cycle_number}</strong><br>{escape(c.title)}<br><small>{escape(c.status)}</small>",
                dates,
                escape(scale),
                "<br>".join(escape(p) for p in c.plan.predictions),
                field_text(c.study.learning or c.study.results),
                (f"<strong>{decision}</strong><br>" if decision else "") + nxt,
            ]
        )
        for note in c.current_notes:  # withdrawn notes stay in the file, not on the page
            notes.append(
                [
                    f"Cycle {c.cycle_number}",
                    fmt_date(note.date),
                    escape(note.author),
                    escape(note.text),
                ]
            )
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
    return figure_img(
        pdsa_timeline(frame, names=names, numbers=numbers), "timeline of the PDSA cycles"
    )


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
