"""Chart annotation: pick a point of a measure's chart (a dropdown of its periods and values),
attach a note or link a PDSA cycle to it, and see it drawn.

Notes live with the data, in the ``note`` column of ``data/measures.csv`` (DESIGN.md's tidy
layout), added to and never overwritten (:func:`qi.project.commands.annotate_point`); a linked
cycle is also marked on the measure (:func:`qi.project.commands.link_cycle`), so the chart's
PDSA marks show it. :func:`plot_with_notes` reads both and only draws.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from qi.lab.fields import FieldRow, run_save

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from qi.project.store import Project

#: Colour of the numbered note markers: apart from the chart's greys (qi.present.style) and the MDC
#: icon colours, so a note never reads as a limit or a signal.
NOTE_COLOUR = "#6a1b9a"


def point_notes(project: Project, measure_id: str) -> pd.DataFrame:
    """The measure's points that carry a note: ``number, period, value, note`` (numbered from 1
    in period order, as the chart labels them)."""
    data = project.measure_data(measure_id)
    noted = data[data["note"].notna() & (data["note"].astype(str).str.strip() != "")]
    out = noted.loc[:, ["period", "value", "note"]].reset_index(drop=True)
    out.insert(0, "number", range(1, len(out) + 1))
    return out


def plot_with_notes(project: Project, measure_id: str, **plot_kwargs: Any) -> Figure:
    """The measure's chart with its PDSA cycles marked and each noted point numbered, the notes
    listed under the chart. ``plot_kwargs`` go to :meth:`ChartResult.plot`."""
    result = project.chart(measure_id)
    pdsa = project.chart_context(measure_id)["pdsa"]
    if not pdsa.empty and "pdsa" not in plot_kwargs:
        plot_kwargs["pdsa"] = pdsa
    fig = result.plot(**plot_kwargs)
    notes = point_notes(project, measure_id)
    if notes.empty:
        return fig
    ax = fig.axes[0]
    points = result.data.set_index("x")["y"]
    for row in notes.itertuples(index=False):
        x = pd.Timestamp(row.period)
        y = points.get(x, row.value)
        ax.annotate(
            str(row.number),
            (x, y),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            fontweight="bold",
            color="white",
            bbox={"boxstyle": "circle,pad=0.2", "fc": NOTE_COLOUR, "ec": "none"},
            arrowprops={"arrowstyle": "-", "color": NOTE_COLOUR},
        )
    listed = "\n".join(
        textwrap.shorten(f"{r.number}. {pd.Timestamp(r.period):%b %Y}: {r.note}", 110)
        for r in notes.itertuples(index=False)
    )
    fig.supxlabel(
        listed, x=0.01, ha="left", fontsize=8, color=NOTE_COLOUR, parse_math=False
    )  # user text
    return fig


def _png(fig: Figure) -> bytes:
    from qi.present.display import figure_png

    return figure_png(fig)


class ChartAnnotator(w.VBox):
    """Annotate ``measure_id``'s chart: ``point`` (dropdown), ``mode`` ("note" or "PDSA
    cycle"), ``text`` or ``cycle``, ``author``; ``save``. ``chart`` is the drawn chart (PNG)."""

    MODES = ("note", "PDSA cycle")

    def __init__(self, project: Project, measure_id: str) -> None:
        self.project = project
        self.measure_id = measure_id
        project.measure(measure_id)
        self.chart = w.Image(format="png")
        self.mode = w.ToggleButtons(options=list(self.MODES), value="note")
        self.rows = {
            "period": FieldRow("period", "Point", w.Dropdown(options=[])),
            "text": FieldRow(
                "text", "Note", w.Textarea(layout=w.Layout(width="40em", height="3em"))
            ),
            "cycle": FieldRow(
                "cycle", "PDSA cycle", w.Dropdown(options=[c.id for c in project.cycles])
            ),
            "author": FieldRow("author", "Your name", w.Text()),
        }
        self.save = w.Button(description="Attach", button_style="primary")
        self.save.add_class("qi-save")
        self.status = w.HTML()
        self.status.add_class("qi-status")
        self.mode.observe(lambda _: self._mode(), names="value")
        self.save.on_click(lambda _: self._save())
        super().__init__(
            [
                self.chart,
                self.rows["period"],
                self.mode,
                self.rows["text"],
                self.rows["cycle"],
                self.rows["author"],
                self.save,
                self.status,
            ]
        )
        self.add_class("qi-annotator")
        self._mode()
        self._draw()

    def _mode(self) -> None:
        note = self.mode.value == "note"
        self.rows["text"].layout.display = None if note else "none"
        self.rows["cycle"].layout.display = "none" if note else None

    def _draw(self) -> None:
        data = self.project.measure_data(self.measure_id)
        options = [
            (f"{pd.Timestamp(p):%Y-%m-%d}: {v:g}", pd.Timestamp(p))
            for p, v in zip(data["period"], data["value"], strict=True)
        ]
        chosen = self.rows["period"].input.value
        self.rows["period"].input.options = options
        if chosen is not None and any(v == chosen for _, v in options):
            self.rows["period"].input.value = chosen
        elif options:
            self.rows["period"].input.value = options[-1][1]  # the latest point
        self.figure = plot_with_notes(self.project, self.measure_id)
        self.chart.value = _png(self.figure)

    def _save(self) -> None:
        period = self.rows["period"].input.value
        author = self.rows["author"].input.value

        def write() -> str:
            if self.mode.value == "note":
                self.project.annotate_point(
                    self.measure_id, period, self.rows["text"].input.value, author=author
                )
                return f"Note added to {self.measure_id} at {period:%Y-%m-%d}."
            cid = self.rows["cycle"].input.value
            self.project.link_cycle(cid, self.measure_id, period, author=author)
            return f"{cid} linked to {self.measure_id} at {period:%Y-%m-%d}."

        if run_save(self.rows, self.status, write):
            self.rows["text"].input.value = ""
            self._draw()
