"""A cycle's notes: the log (withdrawn notes struck through, with who, when and why), a box to
add a note and a way to withdraw one with a reason (:meth:`Project.add_note`,
:meth:`Project.withdraw_note`). Nothing is ever deleted."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from qi.lab.fields import FieldRow, run_save

if TYPE_CHECKING:  # pragma: no cover
    from qi.project.store import Project


def notes_html(cycle: object) -> str:
    """The numbered log; a withdrawn note is struck through and says why."""
    notes = getattr(cycle, "notes", [])
    if not notes:
        return "<p><i>No notes yet.</i></p>"
    items = []
    for note in notes:
        text = f"{note.date} <b>{escape(note.author)}</b>: {escape(note.text)}"
        if note.withdrawn is not None:
            wd = note.withdrawn
            text = (
                f"<s>{text}</s> <i>withdrawn {wd.date} by {escape(wd.by)}: {escape(wd.reason)}</i>"
            )
        items.append(f"<li>{text}</li>")
    return f"<ol class='qi-notes'>{''.join(items)}</ol>"


class NotesPanel(w.VBox):
    """Notes of one cycle of ``project``: ``author``/``text`` and ``add``; ``withdraw_number``,
    ``reason`` and ``withdraw``. ``notes_view`` shows the notes; ``status`` the last outcome."""

    def __init__(self, project: Project, cycle_id: str | None = None) -> None:
        self.project = project
        ids = [c.id for c in project.cycles]
        self.cycle = w.Dropdown(
            options=ids, value=cycle_id or (ids[0] if ids else None), description="Cycle"
        )
        self.notes_view = w.HTML()
        self.rows = {
            "author": FieldRow("author", "Your name", w.Text()),
            "text": FieldRow(
                "text", "Note", w.Textarea(layout=w.Layout(width="40em", height="4em"))
            ),
        }
        self.add = w.Button(description="Add note", button_style="primary")
        self.withdraw_rows = {
            "note": FieldRow("note", "Withdraw note number", w.Dropdown(options=[])),
            "reason": FieldRow("reason", "Why", w.Text(layout=w.Layout(width="30em"))),
        }
        self.withdraw = w.Button(description="Withdraw note")
        self.status = w.HTML()
        self.add.on_click(lambda _: self._add())
        self.withdraw.on_click(lambda _: self._withdraw())
        self.cycle.observe(lambda _: self._show(), names="value")
        super().__init__(
            [
                self.cycle,
                self.notes_view,
                *self.rows.values(),
                self.add,
                *self.withdraw_rows.values(),
                self.withdraw,
                self.status,
            ]
        )
        self.add_class("qi-notes-panel")
        self._show()

    def _show(self) -> None:
        cycle = self.project.cycle(self.cycle.value) if self.cycle.value else None
        self.notes_view.value = notes_html(cycle)
        live = [
            i for i, n in enumerate(getattr(cycle, "notes", []), start=1) if n.withdrawn is None
        ]
        self.withdraw_rows["note"].input.options = live
        self.withdraw_rows["note"].input.value = live[-1] if live else None

    def _add(self) -> None:
        def write() -> str:
            self.project.add_note(
                self.cycle.value, self.rows["text"].input.value, self.rows["author"].input.value
            )
            return f"Note added to {self.cycle.value}."

        if run_save(self.rows, self.status, write):
            self.rows["text"].input.value = ""
            self._show()

    def _withdraw(self) -> None:
        rows = {**self.withdraw_rows, "by": self.rows["author"]}

        def write() -> str:
            number = self.withdraw_rows["note"].input.value
            self.project.withdraw_note(
                self.cycle.value,
                number if number is not None else 0,
                self.withdraw_rows["reason"].input.value,
                self.rows["author"].input.value,
            )
            return f"Note {number} of {self.cycle.value} withdrawn."

        if run_save(rows, self.status, write):
            self.withdraw_rows["reason"].input.value = ""
            self._show()
