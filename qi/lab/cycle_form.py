"""The PDSA cycle form: the IHI worksheet (:data:`qi.project.display.WORKSHEET`) as inputs that
create a new cycle or edit one, through :meth:`Project.new_cycle` / :meth:`Project.update_cycle`.

Only the fields the user changed are written, so a save keeps the rest of the file (and its
comments) as it was. Dates are typed as YYYY-MM-DD; lists (questions, predictions) one per
line. A bad value is shown beside its field and nothing is written.
"""

from __future__ import annotations

import typing
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from qi.constants import CYCLE_STATUSES
from qi.lab.fields import FieldRow, lines, run_save, shown, text_or_none
from qi.project.display import WORKSHEET, field_value
from qi.project.model import Act, Do, PDSACycle, Plan, Study
from qi.project.validate import _unwrap

if TYPE_CHECKING:  # pragma: no cover
    from qi.project.store import Project

_SECTIONS = {"plan": Plan, "do": Do, "study": Study, "act": Act}
#: The cycle's own fields above the worksheet: (field, label).
HEAD_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("status", "Status"),
    ("start", "Start (YYYY-MM-DD)"),
    ("end", "End (YYYY-MM-DD)"),
    ("measures", "Measures it is marked on"),
)


def _annotation(dotted: str) -> Any:
    if "." not in dotted:
        return PDSACycle.model_fields[dotted].annotation
    section, name = dotted.split(".")
    return _SECTIONS[section].model_fields[name].annotation


def field_kind(dotted: str) -> tuple[str, tuple[str, ...]]:
    """How a field is entered: ``("list", ())``, ``("choice", options)``, ``("bool", ("yes",
    "no"))`` or ``("text", ())``, read from the model's type (Literal and the checked choices
    of :mod:`qi.project.model`), so the form and the file always agree."""
    from qi.constants import ACT_DECISIONS

    if dotted == "status":
        return "choice", CYCLE_STATUSES
    if dotted == "act.decision":
        return "choice", ACT_DECISIONS
    types = _unwrap(_annotation(dotted))
    for tp in types:
        if typing.get_origin(tp) is list:
            return "list", ()
        if typing.get_origin(tp) is typing.Literal:
            return "choice", tuple(str(a) for a in typing.get_args(tp))
        if tp is bool:
            return "bool", ("yes", "no")
    return "text", ()


class CycleForm(w.VBox):
    """Create (``cycle_id=None``) or edit a PDSA cycle of ``project``.

    Attributes
    ----------
    rows:
        ``{dotted field: FieldRow}``; ``rows[name].input.value`` is what the user typed,
        ``rows[name].error.value`` the error shown beside it.
    save:
        The Save button (``form.save.click()`` saves from Python).
    status:
        The outcome of the last save.
    cycle_id:
        The cycle being edited (set after a new cycle is saved).
    """

    def __init__(
        self, project: Project, cycle_id: str | None = None, *, change_idea: str | None = None
    ) -> None:
        self.project = project
        self.cycle_id = cycle_id
        ideas = [c.id for c in project.change_ideas]
        self.change_idea = w.Dropdown(
            options=ideas, value=change_idea or (ideas[0] if ideas else None)
        )
        self.heading = w.HTML()
        self.idea_box = w.HBox(
            [w.HTML("<b>Change idea</b>", layout=w.Layout(width="14em")), self.change_idea]
        )
        self.rows: dict[str, FieldRow] = {}
        for name, label in HEAD_FIELDS:
            self.rows[name] = FieldRow(name, label, self._input(name))
        blocks: list[w.Widget] = [self.heading, self.idea_box, *self.rows.values()]
        for section, fields in WORKSHEET:
            blocks.append(w.HTML(f"<h4>{section}</h4>"))
            for dotted, label in fields:
                if dotted == "plan.predictions_written":
                    label += " (YYYY-MM-DD)"
                self.rows[dotted] = FieldRow(dotted, label, self._input(dotted))
                blocks.append(self.rows[dotted])
        self.save = w.Button(description="Save cycle", button_style="primary")
        self.save.add_class("qi-save")
        self.status = w.HTML()
        self.status.add_class("qi-status")
        self.save.on_click(lambda _: self._save())
        super().__init__([*blocks, w.HBox([self.save, self.status])])
        self.add_class("qi-cycle-form")
        self._initial: dict[str, Any] = {}
        self._load()

    # building -------------------------------------------------------------------------------
    def _input(self, name: str) -> w.Widget:
        if name == "measures":
            return w.SelectMultiple(options=[m.id for m in self.project.measures], rows=3)
        if name == "title":
            return w.Text(layout=w.Layout(width="40em"))
        kind, options = field_kind(name)
        if kind in ("choice", "bool"):
            return w.Dropdown(options=["", *options], value="")
        if kind == "list" or name.split(".")[0] in _SECTIONS and name != "plan.predictions_written":
            return w.Textarea(
                layout=w.Layout(width="40em", height="4.5em"),
                placeholder="one per line" if kind == "list" else "",
            )
        return w.Text(layout=w.Layout(width="12em"))

    def _load(self) -> None:
        cycle = self.project.cycle(self.cycle_id) if self.cycle_id else None
        if cycle is None:
            self.heading.value = "<h3>New PDSA cycle</h3>"
        else:
            self.heading.value = f"<h3>PDSA cycle {escape(cycle.id)}</h3>"
            self.idea_box.layout.display = "none"  # a cycle keeps its change idea
        for name, row in self.rows.items():
            value = field_value(cycle, name) if cycle is not None else None
            if name == "status" and value is None:
                value = "planned"
            row.input.value = tuple(value or ()) if name == "measures" else shown(value)
            self._initial[name] = row.input.value

    # saving ---------------------------------------------------------------------------------
    def _value(self, name: str) -> Any:
        raw = self.rows[name].input.value
        if name == "measures":
            return list(raw)
        kind, _ = field_kind(name) if name != "title" else ("text", ())
        if kind == "list":
            return lines(raw)
        if kind == "bool":
            return {"yes": True, "no": False}.get(raw)
        return text_or_none(raw)

    def changed(self) -> dict[str, Any]:
        """The fields whose input differs from the file, as the write API takes them."""
        return {
            name: self._value(name)
            for name, row in self.rows.items()
            if row.input.value != self._initial.get(name)
        }

    def _save(self) -> None:
        fields = self.changed()

        def write() -> str:
            if self.cycle_id is None:
                cycle = self.project.new_cycle(self.change_idea.value, **fields)
                self.cycle_id = cycle.id
                return f"Saved new cycle {cycle.id}."
            if not fields:
                return "Nothing changed."
            self.project.update_cycle(self.cycle_id, **fields)
            return f"Saved {self.cycle_id}: {', '.join(fields)}."

        if run_save(self.rows, self.status, write):
            self._load()
