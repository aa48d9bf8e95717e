"""The score panel: every level of the project's scale in its own words, the level picked
highlighted, and the evidence check beside it, updated as the score is changed; then
:meth:`Project.set_score`. A score above what the files support is flagged before it is saved
(the score stays the team's judgement, as Life QI says; the flag only shows the gap)."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from qi.errors import ValidationError
from qi.lab.fields import ERROR_STYLE, OK_STYLE, FieldRow, run_save

if TYPE_CHECKING:  # pragma: no cover
    from qi.project.scales import Scale
    from qi.project.store import Project


def levels_html(scale: Scale, chosen: float | None, supported: float) -> str:
    """The scale as a table: score, label, words; the chosen level in bold, levels above the
    evidence marked."""
    rows = []
    for level in scale.levels:
        style = " style='background:#fff3c4;font-weight:bold'" if level.score == chosen else ""
        mark = "" if level.score <= supported else " <small>(above the evidence)</small>"
        rows.append(
            f"<tr{style}><td>{level.score:g}</td><td>{escape(level.label)}{mark}</td>"
            f"<td>{escape(level.description or '')}</td></tr>"
        )
    return (
        f"<table class='qi-levels'><caption>{escape(scale.name)}</caption>"
        f"<tr><th>score</th><th>level</th><th>what it means</th></tr>{''.join(rows)}</table>"
    )


class ScorePanel(w.VBox):
    """Score ``project``: ``score`` (a dropdown of the scale's levels), ``rationale``, ``by``,
    ``date``; ``save``. ``levels`` and ``evidence`` update as the score changes."""

    def __init__(self, project: Project) -> None:
        self.project = project
        scale = project.scale
        latest = None if project.scores.empty else float(project.scores["score"].iloc[-1])
        options = [(f"{lv.score:g}: {lv.label}", lv.score) for lv in scale.levels]
        self.rows = {
            "score": FieldRow("score", "Score", w.Dropdown(options=options, value=latest)),
            "rationale": FieldRow(
                "rationale",
                "Rationale (the evidence)",
                w.Textarea(layout=w.Layout(width="40em", height="4em")),
            ),
            "by": FieldRow("by", "Scored by", w.Text()),
            "date": FieldRow("date", "Date (YYYY-MM-DD, default today)", w.Text()),
        }
        self.check = project.evidence_check()
        self.evidence = w.HTML()
        self.verdict = w.HTML()
        self.levels = w.HTML()
        self.save = w.Button(description="Record score", button_style="primary")
        self.save.add_class("qi-save")
        self.status = w.HTML()
        self.status.add_class("qi-status")
        self.rows["score"].input.observe(lambda _: self._show(), names="value")
        self.save.on_click(lambda _: self._save())
        super().__init__(
            [
                self.rows["score"],
                self.verdict,
                self.levels,
                self.evidence,
                *list(self.rows.values())[1:],
                self.save,
                self.status,
            ]
        )
        self.add_class("qi-score-panel")
        self._show()

    def _show(self) -> None:
        chosen = self.rows["score"].input.value
        supported = self.check.supported
        self.levels.value = levels_html(self.project.scale, chosen, supported)
        self.evidence.value = self.check._repr_html_()
        if chosen is None:
            self.verdict.value = ""
        elif chosen > supported:
            self.verdict.value = (
                f"<span style='{ERROR_STYLE}'>{chosen:g} is above what the evidence "
                f"supports ({supported:g}): say in the rationale what the files do not show."
                "</span>"
            )
        else:
            self.verdict.value = f"<span style='{OK_STYLE}'>{chosen:g} is within the evidence ({supported:g}).</span>"

    def _save(self) -> None:
        def write() -> str:
            text = self.rows["date"].input.value.strip()
            try:
                date = dt.date.fromisoformat(text) if text else None
            except ValueError:
                raise ValidationError(
                    f"date {text!r} is not a date",
                    field="date",
                    hint="write the date as YYYY-MM-DD",
                ) from None
            score = self.rows["score"].input.value
            if score is None:
                raise ValidationError("no score chosen", field="score", hint="pick a level")
            entry = self.project.set_score(
                score, self.rows["rationale"].input.value, by=self.rows["by"].input.value, date=date
            )
            return f"Score {entry.score:g} recorded for {entry.date}."

        if run_save(self.rows, self.status, write):
            self.check = self.project.evidence_check()
            self.rows["rationale"].input.value = ""
            self._show()
