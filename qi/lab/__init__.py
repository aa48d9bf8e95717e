"""Jupyter widgets for working on a project in JupyterLab (optional: ``pip install 'qi[lab]'``).

- :class:`CycleForm`: the IHI PDSA worksheet as a form that creates or edits a cycle file;
- :class:`NotesPanel`: a cycle's notes, add one or withdraw one with a reason;
- :class:`ScorePanel`: the scale's words for every level and the evidence check, live;
- :class:`ChartAnnotator`: pick a point of a measure's chart, attach a note or link a PDSA
  cycle, and see it drawn (:func:`plot_with_notes`).

Every widget writes through :mod:`qi.project.commands` (as the CLI does) via the
:class:`~qi.project.store.Project` methods, so the project object refreshes after each save;
bad input is shown beside the field it concerns and nothing is written. Each widget is an
``ipywidgets.VBox``: display it, or drive it from Python (set ``.value``s, call ``.click()``
on its buttons), as the tests do.
"""

from __future__ import annotations

from qi.lab.annotate import ChartAnnotator, plot_with_notes
from qi.lab.cycle_form import CycleForm
from qi.lab.notes import NotesPanel
from qi.lab.score import ScorePanel

__all__ = ["ChartAnnotator", "CycleForm", "NotesPanel", "ScorePanel", "plot_with_notes"]
