"""The :class:`Project`: an improvement project loaded from its folder (read by
:mod:`qi.project.load`); its write methods call :mod:`qi.project.commands` and reload.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from qi.constants import MEASURE_DATA_COLUMNS, PDSA_FRAME_COLUMNS
from qi.errors import ValidationError, unknown_name
from qi.project import scores as scores_io
from qi.project.chartspec import ChartSpec, build_spec
from qi.project.chartspec import chart_context as _chart_context
from qi.project.evidence import ScoreCheck, evidence_check
from qi.project.model import ChangeIdea, Charter, Measure, PDSACycle, ScoreEntry
from qi.project.pdsa import FidelityReport, change_idea_fidelity, cycle_fidelity
from qi.project.scales import Scale

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult

from qi.project.layout import DATA_FILE


class Project:
    """An improvement project loaded from its folder.

    Attributes
    ----------
    path:
        The project folder.
    charter:
        The :class:`~qi.project.model.Charter`.
    cycles:
        Every PDSA cycle, ordered by change idea then cycle number.
    scores:
        Score history, one row per entry: ``date, score, rationale, scored_by`` (oldest first).
    scale:
        The project score scale named by the charter.
    """

    def __init__(
        self,
        path: Path,
        charter: Charter,
        data: pd.DataFrame,
        cycles: list[PDSACycle],
        score_entries: list[ScoreEntry],
        scale: Scale,
    ) -> None:
        self.path = Path(path)
        self.charter = charter
        self._data = data
        self.cycles = sorted(cycles, key=lambda c: (c.change_idea, c.cycle_number))
        self.score_entries = score_entries
        self.scores = scores_io.scores_frame(score_entries)
        self.scale = scale

    # identity and parts ------------------------------------------------------------------
    @property
    def id(self) -> str:
        """The charter's id."""
        return self.charter.id

    @property
    def title(self) -> str:
        """The charter's title."""
        return self.charter.title

    @property
    def measures(self) -> list[Measure]:
        """The charter's measures."""
        return self.charter.measures

    @property
    def change_ideas(self) -> list[ChangeIdea]:
        """The charter's change ideas."""
        return self.charter.change_ideas

    def __repr__(self) -> str:
        return (
            f"Project({self.id!r}, {len(self.measures)} measures, {len(self.change_ideas)} change ideas, "
            f"{len(self.cycles)} cycles)"
        )

    def _repr_html_(self) -> str:
        from qi.present.projects import project_html

        return project_html(self)

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (an unknown id lists the valid ones)."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise unknown_name("measure", measure_id, [m.id for m in self.measures], field="measure")

    def change_idea(self, change_idea_id: str) -> ChangeIdea:
        """The change idea with this id (an unknown id lists the valid ones)."""
        for c in self.change_ideas:
            if c.id == change_idea_id:
                return c
        raise unknown_name(
            "change idea", change_idea_id, [c.id for c in self.change_ideas], field="change_idea"
        )

    def cycle(self, cycle_id_: str) -> PDSACycle:
        """The PDSA cycle with this id."""
        for c in self.cycles:
            if c.id == cycle_id_:
                return c
        raise unknown_name("cycle", cycle_id_, [c.id for c in self.cycles], field="cycle")

    # measure data and charts -------------------------------------------------------------
    def measure_data(self, measure_id: str) -> pd.DataFrame:
        """One measure's data: ``period`` (Timestamp, period start), ``value``, ``denominator``
        (NaN if none), ``note``; sorted by period."""
        self.measure(measure_id)
        rows = self._data[self._data["measure"] == measure_id]
        return rows.loc[:, list(MEASURE_DATA_COLUMNS)].sort_values("period").reset_index(drop=True)

    @property
    def data(self) -> pd.DataFrame:
        """All measure data in the tidy layout (``measure, period, value, denominator, note``)."""
        return self._data.drop(columns=["line"]).reset_index(drop=True)

    def chart_spec(self, measure_id: str, **overrides: Any) -> ChartSpec:
        """The frame and arguments :meth:`chart` hands to :func:`qi.chart`, and the chart's reason."""
        measure = self.measure(measure_id)
        data = self.measure_data(measure_id)
        if data.empty:
            raise ValidationError(
                f"measure '{measure_id}' has no data",
                field="measure",
                file=str(self.path / DATA_FILE),
                hint="add rows to data/measures.csv or run `qi import-data`",
            )
        return build_spec(measure, data, **overrides)

    def chart(self, measure_id: str, **overrides: Any) -> ChartResult:
        """Chart a measure with everything the charter says about it (see :mod:`qi.project.chartspec`).

        ``overrides`` replace any :func:`qi.chart` argument. The chosen chart and why are in
        ``result.extras["chart_reason"]``; targets and benchmark lines in :meth:`chart_context`.
        """
        from qi.charts.api import chart as qi_chart

        spec = self.chart_spec(measure_id, **overrides)
        kwargs = {k: v for k, v in spec.kwargs.items() if v is not None or k in ("n",)}
        result = qi_chart(spec.frame, **kwargs)
        result.extras["chart_reason"] = spec.reason
        result.extras.update(spec.extras)
        result.extras["measure"] = measure_id
        result.extras["project"] = self.id
        return result

    def chart_context(self, measure_id: str) -> dict[str, Any]:
        """What the plot draws besides the chart: ``target``, ``target_date``, ``trajectory``
        (DataFrame ``period, value`` or None), ``benchmarks`` (list of ``{label, value}``),
        ``pdsa`` (:meth:`pdsa_frame` of the cycles linked to the measure), ``chart``,
        ``chart_reason`` and ``unit``. Values are on the chart's y scale."""
        measure = self.measure(measure_id)
        data = self.measure_data(measure_id)
        spec = (
            build_spec(measure, data)
            if not data.empty
            else ChartSpec(
                frame=data, kwargs={"unit": measure.unit}, chart=measure.chart, reason="no data yet"
            )
        )
        context = _chart_context(measure, data, spec)
        frame = self.pdsa_frame()
        context["pdsa"] = frame[frame["measures"].map(lambda ms: measure_id in ms)].reset_index(
            drop=True
        )
        return context

    # PDSA ----------------------------------------------------------------------------------
    def pdsa_frame(self, change_idea: str | None = None) -> pd.DataFrame:
        """One row per cycle: ``PDSA_FRAME_COLUMNS``."""
        if change_idea is not None:
            self.change_idea(change_idea)
        rows = []
        for c in self.cycles:
            if change_idea is not None and c.change_idea != change_idea:
                continue
            scale = None
            if c.scale is not None:
                scale = c.scale.description or (
                    f"{c.scale.n} {c.scale.unit or 'units'}"
                    + (f" of {c.scale.of}" if c.scale.of else "")
                    if c.scale.n
                    else None
                )
            rows.append(
                {
                    "cycle_id": c.id,
                    "change_idea": c.change_idea,
                    "cycle_number": c.cycle_number,
                    "title": c.title,
                    "start": pd.Timestamp(c.start) if c.start else pd.NaT,
                    "end": pd.Timestamp(c.end) if c.end else pd.NaT,
                    "scale": scale,
                    "status": c.status,
                    "decision": c.act.decision,
                    "previous": c.previous,
                    "measures": list(c.measures),
                }
            )
        frame = pd.DataFrame(rows, columns=list(PDSA_FRAME_COLUMNS))
        for key in ("scale", "decision", "previous", "measures"):  # None stays None, not NaN
            frame[key] = pd.Series([r[key] for r in rows], dtype=object)
        frame["start"] = pd.to_datetime(frame["start"])
        frame["end"] = pd.to_datetime(frame["end"])
        frame["cycle_number"] = frame["cycle_number"].astype("int64")
        return frame

    def _points_before(self, measure_id: str, end: pd.Timestamp | None) -> int:
        rows = self._data[self._data["measure"] == measure_id]
        if end is not None:
            rows = rows[rows["period"] <= end]
        return len(rows)

    def _cycle_report(self, c: PDSACycle) -> FidelityReport:
        previous = None
        if c.previous:
            previous = next((p for p in self.cycles if p.id == c.previous), None)
        return cycle_fidelity(c, previous=previous, points_before=self._points_before)

    def fidelity(
        self, cycle_id: str | None = None, *, change_idea: str | None = None
    ) -> FidelityReport | list[FidelityReport]:
        """PDSA fidelity in words (Taylor et al. 2014; see :mod:`qi.project.pdsa`).

        ``cycle_id`` gives that cycle's report; ``change_idea`` that change idea's report; with
        neither, a list with one report per change idea.
        """
        if cycle_id is not None:
            return self._cycle_report(self.cycle(cycle_id))
        ideas = (
            [self.change_idea(change_idea).id]
            if change_idea is not None
            else [c.id for c in self.change_ideas]
        )
        reports = []
        for idea in ideas:
            cycles = [c for c in self.cycles if c.change_idea == idea]
            reports.append(
                change_idea_fidelity(idea, cycles, [self._cycle_report(c) for c in cycles])
            )
        return reports[0] if change_idea is not None else reports

    # scores -------------------------------------------------------------------------------
    def evidence_check(self) -> ScoreCheck:
        """The highest score the evidence supports and why; flags a recorded score above it."""
        return evidence_check(self)

    @property
    def score_history(self) -> pd.DataFrame:
        """Every row of ``scores.csv`` in file order, corrections and the entries they replaced
        included (``in_force`` tells which is which); :attr:`scores` is the corrected view."""
        return scores_io.history_frame(self.score_entries)

    # writing: qi.project.commands, then the object reloads itself ---------------------------
    def refresh(self) -> Project:
        """Re-read the project folder (after a write from here, the CLI or another notebook)."""
        from qi.project.load import load_project  # load imports this module

        fresh = load_project(self.path)
        self.__dict__.update(fresh.__dict__)
        return self

    def new_cycle(self, change_idea: str, **fields: Any) -> PDSACycle:
        """Create the next PDSA cycle of ``change_idea`` with ``fields`` (nested, e.g.
        ``plan={"objective": ...}``, or dotted via ``**{"plan.objective": ...}``); return it.

        ``plan.predictions_written`` defaults to today only for a cycle not started yet; give it
        for a cycle logged after the fact (see :func:`qi.project.commands.new_cycle`).
        """
        from qi.project import commands

        cid = commands.new_cycle(self.path, change_idea, fields=fields)
        return self.refresh().cycle(cid)

    def update_cycle(self, cycle_id: str, **fields: Any) -> PDSACycle:
        """Set fields of a cycle (nested or dotted names, validated by the model, comments kept)."""
        from qi.project import commands

        commands.update_cycle(self.path, cycle_id, fields)
        return self.refresh().cycle(cycle_id)

    def add_note(
        self, cycle_id: str, text: str, author: str, date: dt.date | None = None
    ) -> PDSACycle:
        """Append a dated, attributed note to a cycle's log."""
        from qi.project import commands

        commands.add_note(self.path, cycle_id, text, author=author, date=date)
        return self.refresh().cycle(cycle_id)

    def withdraw_note(
        self, cycle_id: str, number: int, reason: str, by: str, date: dt.date | None = None
    ) -> PDSACycle:
        """Withdraw note ``number`` (1 = oldest) with a reason; it stays in the file, marked."""
        from qi.project import commands

        commands.withdraw_note(self.path, cycle_id, number, reason=reason, by=by, date=date)
        return self.refresh().cycle(cycle_id)

    def set_score(
        self, score: float, rationale: str, by: str | None = None, date: dt.date | None = None
    ) -> ScoreEntry:
        """Record a project score with its rationale (checked against the project's scale)."""
        from qi.project import commands

        entry = commands.set_score(self.path, score, rationale=rationale, by=by, date=date)
        self.refresh()
        return entry

    def correct_score(
        self, entry_date: dt.date, score: float, rationale: str, reason: str, by: str | None = None
    ) -> ScoreEntry:
        """Correct the score recorded on ``entry_date``; the old entry stays in the history."""
        from qi.project import commands

        entry = commands.correct_score(
            self.path, entry_date, score, rationale=rationale, reason=reason, by=by
        )
        self.refresh()
        return entry

    def annotate_point(
        self, measure_id: str, period: Any, text: str, author: str | None = None
    ) -> str:
        """Add a note to one data point of a measure (kept with the data, drawn by
        :func:`qi.lab.plot_with_notes`); return the point's whole note."""
        from qi.project import commands

        note = commands.annotate_point(self.path, measure_id, period, text, author=author)
        self.refresh()
        return note

    def link_cycle(
        self, cycle_id: str, measure_id: str, period: Any, author: str | None = None
    ) -> str:
        """Link a PDSA cycle to one point of a measure's chart (see :func:`qi.project.commands.link_cycle`)."""
        from qi.project import commands

        note = commands.link_cycle(self.path, cycle_id, measure_id, period, author=author)
        self.refresh()
        return note

    def add_measure(self, **fields: Any) -> Measure:
        """Add a measure to the charter (``id``, ``name``, ``type``, ...)."""
        from qi.project import commands

        measure = commands.add_measure(self.path, **fields)
        self.refresh()
        return measure

    def add_change_idea(self, **fields: Any) -> ChangeIdea:
        """Add a change idea to the charter (``id``, ``title``, ...)."""
        from qi.project import commands

        idea = commands.add_change_idea(self.path, **fields)
        self.refresh()
        return idea

    def stage(self, score: float | None = None) -> list[str]:
        """The plan stage band(s) of ``score`` (default: the latest recorded score)."""
        if score is None:
            if self.scores.empty:
                return []
            score = float(self.scores["score"].iloc[-1])
        return self.scale.stages_of(score)
