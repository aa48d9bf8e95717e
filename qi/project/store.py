"""A project folder on disk, loaded as a :class:`Project`; a folder of projects as a
:class:`Portfolio`.

Layout (DESIGN.md, "A project on disk")::

    kinship/
      charter.yaml                       the charter (hand-edited; comments are kept)
      data/measures.csv                  measure, period, value, denominator, note
      pdsa/<change-idea>/<cycle-id>.yaml one file per PDSA cycle
      scores.csv                         date, score, rationale, scored_by

Files are the source of truth. Loading reads and validates everything and reports every problem
at once (:func:`validate_project`). Writes live in :mod:`qi.project.commands` (and here as
:class:`Project` methods, which reload the project after writing): they take the project lock,
re-read what they change, and replace files atomically, so a failed command leaves every file
as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from qi.constants import MEASURE_DATA_COLUMNS, PDSA_FRAME_COLUMNS
from qi.errors import QIError, ValidationError, closest, unknown_name
from qi.project import data as data_io
from qi.project import scores as scores_io
from qi.project.chartspec import ChartSpec, build_spec
from qi.project.chartspec import chart_context as _chart_context
from qi.project.evidence import ScoreCheck, evidence_check
from qi.project.fsio import LOCK_NAME, atomic_write_text, project_lock
from qi.project.ids import check_inside, is_safe_id, safe_child
from qi.project.model import (
    ChangeIdea,
    Charter,
    Measure,
    PDSACycle,
    PortfolioConfig,
    ScoreEntry,
)
from qi.project.pdsa import FidelityReport, change_idea_fidelity, cycle_fidelity
from qi.project.periods import parse_period
from qi.project.scales import Scale, load_scale
from qi.project.validate import build, raise_problems
from qi.project.yamlio import dump, line_of, load_document, read_text

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult

CHARTER_FILE = "charter.yaml"
DATA_FILE = "data/measures.csv"
SCORES_FILE = "scores.csv"
PDSA_DIR = "pdsa"
PORTFOLIO_FILE = "portfolio.yaml"


# --- reading ---------------------------------------------------------------------------------
def _charter_problems(charter: Charter, tree: Any, file: str) -> list[ValidationError]:
    """Cross-references inside the charter: unique ids, linked measures and change ideas exist."""
    problems: list[ValidationError] = []
    for key, items in (("measures", charter.measures), ("change_ideas", charter.change_ideas)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(ValidationError(f"id '{item.id}' is used twice", field=f"{key}[{i}].id",
                                                file=file, line=line_of(tree, [key, i, "id"]),
                                                hint="give every measure and change idea its own id"))
            seen.add(item.id)
    measure_ids = [m.id for m in charter.measures]
    idea_ids = [c.id for c in charter.change_ideas]
    for i, idea in enumerate(charter.change_ideas):
        for j, mid in enumerate(idea.measures):
            if mid not in measure_ids:
                near = closest(mid, measure_ids)
                problems.append(ValidationError(
                    f"change idea '{idea.id}' links measure '{mid}', which the charter does not define",
                    field=f"change_ideas[{i}].measures[{j}]", file=file,
                    line=line_of(tree, ["change_ideas", i, "measures", j]),
                    hint=(f"did you mean '{near}'? " if near else "") + f"measures: {', '.join(measure_ids)}"))
    for i, m in enumerate(charter.measures):
        for j, phase in enumerate(m.phases):
            if phase.change_idea and phase.change_idea not in idea_ids:
                problems.append(ValidationError(
                    f"phase '{phase.label}' names change idea '{phase.change_idea}', which the charter does not define",
                    field=f"measures[{i}].phases[{j}].change_idea", file=file,
                    line=line_of(tree, ["measures", i, "phases", j, "change_idea"]),
                    hint=f"change ideas: {', '.join(idea_ids)}"))
        if m.rules is not None:
            from qi.charts.rules import rule_sets

            names = list(rule_sets())
            if m.rules not in names:
                near = closest(m.rules, names)
                problems.append(ValidationError(
                    f"unknown rule set '{m.rules}'", field=f"measures[{i}].rules", file=file,
                    line=line_of(tree, ["measures", i, "rules"]),
                    hint=(f"did you mean '{near}'? " if near else "") + f"rule sets: {', '.join(names)}"))
        periods: list[tuple[list[str | int], str | None]] = [(["baseline"], m.baseline)]
        periods += [(["phases", j, "start"], ph.start) for j, ph in enumerate(m.phases)]
        periods += [(["benchmarks", j, "period"], b.period) for j, b in enumerate(m.benchmarks)]
        if m.target is not None:
            periods.append((["target", "date"], m.target.date))
            periods += [(["target", "trajectory", j, "period"], t.period)
                        for j, t in enumerate(m.target.trajectory)]
        for loc, value in periods:
            if value is None:
                continue
            where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in loc)
            try:
                parse_period(value, m.frequency, field=f"measures[{i}]{where}", file=file)
            except ValidationError as err:
                err.line = line_of(tree, ["measures", i, *loc])  # the tree is parsed only now
                problems.append(err)
    return problems


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

    def __init__(self, path: Path, charter: Charter, data: pd.DataFrame, cycles: list[PDSACycle],
                 score_entries: list[ScoreEntry], scale: Scale) -> None:
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
        return (f"Project({self.id!r}, {len(self.measures)} measures, {len(self.change_ideas)} change ideas, "
                f"{len(self.cycles)} cycles)")

    def _repr_html_(self) -> str:
        from qi.project.display import project_html

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
        raise unknown_name("change idea", change_idea_id, [c.id for c in self.change_ideas], field="change_idea")

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
            raise ValidationError(f"measure '{measure_id}' has no data", field="measure",
                                  file=str(self.path / DATA_FILE),
                                  hint="add rows to data/measures.csv or run `qi import-data`")
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
        spec = build_spec(measure, data) if not data.empty else ChartSpec(
            frame=data, kwargs={"unit": measure.unit}, chart=measure.chart, reason="no data yet")
        context = _chart_context(measure, data, spec)
        frame = self.pdsa_frame()
        context["pdsa"] = frame[frame["measures"].map(lambda ms: measure_id in ms)].reset_index(drop=True)
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
                    f"{c.scale.n} {c.scale.unit or 'units'}" + (f" of {c.scale.of}" if c.scale.of else "")
                    if c.scale.n else None)
            rows.append({
                "cycle_id": c.id, "change_idea": c.change_idea, "cycle_number": c.cycle_number,
                "title": c.title, "start": pd.Timestamp(c.start) if c.start else pd.NaT,
                "end": pd.Timestamp(c.end) if c.end else pd.NaT, "scale": scale, "status": c.status,
                "decision": c.act.decision, "previous": c.previous, "measures": list(c.measures),
            })
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

    def fidelity(self, cycle_id: str | None = None, *, change_idea: str | None = None
                 ) -> FidelityReport | list[FidelityReport]:
        """PDSA fidelity in words (Taylor et al. 2014; see :mod:`qi.project.pdsa`).

        ``cycle_id`` gives that cycle's report; ``change_idea`` that change idea's report; with
        neither, a list with one report per change idea.
        """
        if cycle_id is not None:
            return self._cycle_report(self.cycle(cycle_id))
        ideas = [self.change_idea(change_idea).id] if change_idea is not None else [c.id for c in self.change_ideas]
        reports = []
        for idea in ideas:
            cycles = [c for c in self.cycles if c.change_idea == idea]
            reports.append(change_idea_fidelity(idea, cycles, [self._cycle_report(c) for c in cycles]))
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

    def add_note(self, cycle_id: str, text: str, author: str, date: dt.date | None = None) -> PDSACycle:
        """Append a dated, attributed note to a cycle's log."""
        from qi.project import commands

        commands.add_note(self.path, cycle_id, text, author=author, date=date)
        return self.refresh().cycle(cycle_id)

    def withdraw_note(self, cycle_id: str, number: int, reason: str, by: str,
                      date: dt.date | None = None) -> PDSACycle:
        """Withdraw note ``number`` (1 = oldest) with a reason; it stays in the file, marked."""
        from qi.project import commands

        commands.withdraw_note(self.path, cycle_id, number, reason=reason, by=by, date=date)
        return self.refresh().cycle(cycle_id)

    def set_score(self, score: float, rationale: str, by: str | None = None,
                  date: dt.date | None = None) -> ScoreEntry:
        """Record a project score with its rationale (checked against the project's scale)."""
        from qi.project import commands

        entry = commands.set_score(self.path, score, rationale=rationale, by=by, date=date)
        self.refresh()
        return entry

    def correct_score(self, entry_date: dt.date, score: float, rationale: str, reason: str,
                      by: str | None = None) -> ScoreEntry:
        """Correct the score recorded on ``entry_date``; the old entry stays in the history."""
        from qi.project import commands

        entry = commands.correct_score(self.path, entry_date, score, rationale=rationale,
                                       reason=reason, by=by)
        self.refresh()
        return entry

    def annotate_point(self, measure_id: str, period: Any, text: str, author: str | None = None) -> str:
        """Add a note to one data point of a measure (kept with the data, drawn by
        :func:`qi.lab.plot_with_notes`); return the point's whole note."""
        from qi.project import commands

        note = commands.annotate_point(self.path, measure_id, period, text, author=author)
        self.refresh()
        return note

    def link_cycle(self, cycle_id: str, measure_id: str, period: Any, author: str | None = None) -> str:
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


def _read_cycles(root: Path, charter: Charter | None) -> tuple[list[PDSACycle], list[ValidationError]]:
    cycles: list[PDSACycle] = []
    problems: list[ValidationError] = []
    pdsa = root / PDSA_DIR
    if not pdsa.is_dir():
        return cycles, problems
    idea_ids = [c.id for c in charter.change_ideas] if charter else None
    invalid: set[str] = set()  # cycles whose files exist but have problems (reported already)
    for folder in sorted(p for p in pdsa.iterdir() if not p.name.startswith(".")):
        if not folder.is_dir():
            if folder.suffix not in (".yaml", ".yml"):
                continue
            problems.append(ValidationError("unexpected file in pdsa/ (cycles live in pdsa/<change-idea>/)",
                                            file=str(folder), hint="move it into its change idea's folder"))
            continue
        if not is_safe_id(folder.name):
            problems.append(ValidationError(f"folder name '{folder.name}' is not a valid change idea id",
                                            file=str(folder), hint="rename the folder to the change idea's id"))
            continue
        if outside := _links_leaving(root, [folder]):
            problems += outside
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.suffix not in (".yaml", ".yml"):
                continue
            if outside := _links_leaving(root, [path]):
                problems += outside
                continue
            file = str(path)
            try:
                tree = load_document(path)
            except ValidationError as err:
                problems.append(err)
                invalid.add(path.stem)
                continue
            cycle, found = build(PDSACycle, tree, file=file)
            problems.extend(found)
            if cycle is None:
                invalid.add(path.stem)
                continue
            if cycle.change_idea != folder.name:
                problems.append(ValidationError(
                    f"change_idea is '{cycle.change_idea}' but the file is in pdsa/{folder.name}/",
                    field="change_idea", file=file, line=line_of(tree, ["change_idea"]),
                    hint="move the file or correct change_idea"))
            if path.stem != cycle.id:
                problems.append(ValidationError(
                    f"file name '{path.name}' does not match the cycle id '{cycle.id}'", field="cycle_number",
                    file=file, line=line_of(tree, ["cycle_number"]), hint=f"rename it to {cycle.id}.yaml"))
            if idea_ids is not None and cycle.change_idea not in idea_ids:
                near = closest(cycle.change_idea, idea_ids)
                problems.append(ValidationError(
                    f"cycle for change idea '{cycle.change_idea}', which the charter does not define",
                    field="change_idea", file=file, line=line_of(tree, ["change_idea"]),
                    hint=(f"did you mean '{near}'? " if near else "") + f"change ideas: {', '.join(idea_ids)}"))
            if charter is not None:
                measure_ids = [m.id for m in charter.measures]
                for j, mid in enumerate(cycle.measures):
                    if mid not in measure_ids:
                        problems.append(ValidationError(
                            f"cycle links measure '{mid}', which the charter does not define",
                            field=f"measures[{j}]", file=file, line=line_of(tree, ["measures", j]),
                            hint=f"measures: {', '.join(measure_ids)}"))
            cycles.append(cycle)
    ids = {c.id for c in cycles}
    for c in cycles:
        if c.previous and c.previous not in ids and c.previous not in invalid:
            problems.append(ValidationError(f"previous cycle '{c.previous}' does not exist", field="previous",
                                            file=str(root / PDSA_DIR / c.change_idea / f"{c.id}.yaml"),
                                            hint=f"cycles: {', '.join(sorted(ids))}"))
    return cycles, problems


def _links_leaving(root: Path, paths: list[Path]) -> list[ValidationError]:
    """A problem for each of ``paths`` that is a link leading out of the project (qi's one
    symlink policy, :func:`qi.project.ids.is_inside`); links inside it are followed."""
    problems = []
    for path in paths:
        if path.is_symlink() or path.exists():
            try:
                check_inside(root, path)
            except ValidationError as err:
                problems.append(err)
    return problems


def _usable_measures(charter: Charter | None, tree: Any) -> tuple[dict[str, Measure], set[str]]:
    """Measures to check the data against: the charter's, or when the charter has problems,
    each measure entry that is valid on its own (ids of invalid entries are skipped)."""
    if charter is not None:
        return {m.id: m for m in charter.measures}, set()
    usable: dict[str, Measure] = {}
    unusable: set[str] = set()
    try:
        plain = tree.plain if tree is not None else None
    except ValidationError:
        plain = None
    entries = plain.get("measures") if isinstance(plain, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        measure, found = build(Measure, entry, file="")
        if measure is not None:
            usable[measure.id] = measure
        elif isinstance(entry.get("id"), str):
            unusable.add(str(entry["id"]))
    return usable, unusable


def _load(path: Path) -> tuple[Project | None, list[ValidationError]]:
    root = Path(path)
    if not root.is_dir():
        return None, [ValidationError("project folder not found", file=str(root),
                                      hint="give the folder that holds charter.yaml, or run `qi init PATH`")]
    problems = _links_leaving(root, [root / CHARTER_FILE, root / DATA_FILE, root / SCORES_FILE])
    if problems:
        return None, problems
    charter_file = root / CHARTER_FILE
    charter: Charter | None = None
    tree: Any = None
    try:
        tree = load_document(charter_file)
        charter, found = build(Charter, tree, file=str(charter_file))
        problems.extend(found)
        if charter is not None:
            problems.extend(_charter_problems(charter, tree, str(charter_file)))
    except ValidationError as err:
        problems.append(err)
    scale = None
    if charter is not None:
        try:
            if charter.score_scale.endswith((".yaml", ".yml")):  # the project's or its portfolio's
                shared = root.parent if (root.parent / PORTFOLIO_FILE).is_file() else root
                check_inside(shared, root / charter.score_scale, what="score scale file")
            scale = load_scale(charter.score_scale, base=root)
        except ValidationError as err:
            err.field = err.field or "score_scale"
            problems.append(err)
    measures, unusable = _usable_measures(charter, tree)
    data = pd.DataFrame(columns=list(data_io.PARSED_COLUMNS))
    try:
        data, found = data_io.read_csv_file(root / DATA_FILE, measures, skip=unusable)
        if charter is not None or measures or unusable:
            problems.extend(found)
    except ValidationError as err:
        problems.append(err)
    cycles, found = _read_cycles(root, charter)
    problems.extend(found)
    entries: list[ScoreEntry] = []
    try:
        entries, found = scores_io.read_scores_file(root / SCORES_FILE, scale)
        problems.extend(found)
    except ValidationError as err:
        problems.append(err)
    if charter is None or scale is None or problems:
        return None, problems
    return Project(root, charter, data, cycles, entries, scale), []


def validate_project(path: str | Path) -> list[ValidationError]:
    """Every problem in a project folder (empty when it is valid)."""
    return _load(Path(path))[1]


def load_project(path: str | Path) -> Project:
    """Load and validate a project folder.

    Raises
    ------
    qi.errors.ValidationError
        One problem, or a :class:`~qi.errors.ProblemList` of all of them, each naming the file
        and line or field.
    """
    project, problems = _load(Path(path))
    if problems:
        raise_problems(problems, file=str(path))
    assert project is not None
    return project


# --- writing ---------------------------------------------------------------------------------
# The writes to cycles, notes, scores and the charter live in qi.project.commands (one module for
# the CLI, the Project methods and the widgets); their old names here still work.
_MOVED_TO_COMMANDS = ("CYCLE_TEMPLATE", "add_note", "new_cycle", "set_score")


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_COMMANDS:
        from qi.project import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'qi.project.store' has no attribute {name!r}")


def _yaml_scalar(text: str) -> str:
    return dump({"v": text}).split(":", 1)[1].strip()


def import_data(path: str | Path, source: str | Path, *, sheet: str | None = None) -> tuple[int, int]:
    """Merge a tidy CSV or ``.xlsx`` file into ``data/measures.csv``; return (added, replaced).

    ``sheet`` names the workbook's sheet (default: the first). Nothing is written unless every
    row of ``source`` is valid and the merged file passes the checks of ``qi validate``.
    """
    root = Path(path)
    project = load_project(root)
    measures = {m.id: m for m in project.measures}
    source = Path(source)
    excel = source.suffix.lower() in (".xlsx", ".xlsm")
    if sheet is not None and not excel:
        raise ValidationError("--sheet applies to Excel workbooks only", field="--sheet", file=str(source),
                              hint="leave out --sheet for a CSV file")
    if excel:
        new, problems = data_io.read_excel_file(source, measures, sheet=sheet)
    elif source.suffix.lower() == ".csv":
        if not source.exists():
            raise ValidationError("file not found", file=str(source), hint="check the path")
        new, problems = data_io.read_csv_file(source, measures)
    else:
        raise ValidationError(f"cannot import '{source.suffix or source.name}' files", file=str(source),
                              hint="import a .csv or .xlsx file with columns measure, period, value, denominator, note")
    if problems:
        raise_problems(problems, file=str(source))
    file = root / DATA_FILE

    def merge(text: str) -> tuple[str, int, int]:
        return data_io.merge_into(text, new, measures, file=str(file), source=str(source),
                                  source_where="row" if excel else "line")

    # The merge (seconds for a million rows) runs before the lock is taken, so other writers
    # wait only for the write (issue 11): under the lock the file is read again and, if someone
    # changed it meanwhile, merged again from what is there now.
    before = read_text(file) if file.exists() else ""
    merged, added, replaced = merge(before)
    with project_lock(root):
        now = read_text(file) if file.exists() else ""
        if now != before:
            merged, added, replaced = merge(now)
        atomic_write_text(file, merged)
    return added, replaced


def init_project(path: str | Path, *, title: str | None = None) -> Path:
    """Create a project folder from the skeleton shipped with qi (``qi/templates/skeleton``).

    The folder must not exist or be empty. The files are written to a temporary sibling folder
    and renamed into place, so a failure leaves nothing behind.
    """
    import os
    import shutil
    import tempfile
    from importlib import resources

    root = Path(path)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ValidationError("the folder already exists and is not empty", file=str(root),
                              hint="choose a new folder name, or run `qi validate` on the existing project")
    from qi.project.ids import suggest_id

    project_id = suggest_id(root.resolve().name)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    try:
        skeleton = resources.files("qi") / "templates" / "skeleton"
        with resources.as_file(skeleton) as source:
            shutil.copytree(source, staging, dirs_exist_ok=True)
        charter = staging / CHARTER_FILE
        text = charter.read_text(encoding="utf-8")
        text = text.replace("__PROJECT_ID__", project_id).replace(
            "__PROJECT_TITLE__", _yaml_scalar(title or root.resolve().name.replace("_", " ").capitalize()))
        atomic_write_text(charter, text)
        # the lock file qi takes while writing is not part of the project's history
        atomic_write_text(staging / ".gitignore", f"{LOCK_NAME}\n")
        if root.exists():
            root.rmdir()
        os.rename(staging, root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return root


# --- portfolio -------------------------------------------------------------------------------
class Portfolio:
    """A folder of projects with ``portfolio.yaml``.

    Attributes
    ----------
    path:
        The portfolio folder.
    config:
        The :class:`~qi.project.model.PortfolioConfig` (name, stretch outcomes).
    projects:
        The loaded projects, in the order ``portfolio.yaml`` lists them (else by folder name).
    """

    def __init__(self, path: Path, config: PortfolioConfig, projects: list[Project]) -> None:
        self.path = Path(path)
        self.config = config
        self.projects = projects

    @property
    def name(self) -> str:
        """The portfolio's name."""
        return self.config.name

    def project(self, project_id: str) -> Project:
        """The project with this id."""
        for p in self.projects:
            if p.id == project_id:
                return p
        raise unknown_name("project", project_id, [p.id for p in self.projects], field="project")

    def __iter__(self) -> Iterator[Project]:
        return iter(self.projects)

    def __len__(self) -> int:
        return len(self.projects)

    def __repr__(self) -> str:
        return f"Portfolio({self.name!r}, {len(self.projects)} projects)"

    def _repr_html_(self) -> str:
        from qi.project.display import portfolio_html

        return portfolio_html(self)


def _portfolio_parts(path: Path) -> tuple[PortfolioConfig | None, list[Path], list[ValidationError]]:
    root = Path(path)
    file = root / PORTFOLIO_FILE
    try:
        tree = load_document(file)
    except ValidationError as err:
        return None, [], [err]
    config, problems = build(PortfolioConfig, tree, file=str(file))
    if config is None:
        return None, [], problems
    if config.projects is not None:
        folders = []
        for i, name in enumerate(config.projects):
            folder = safe_child(root, name)
            if not (folder / CHARTER_FILE).is_file():
                problems.append(ValidationError(f"project folder '{name}' has no charter.yaml",
                                                field=f"projects[{i}]", file=str(file),
                                                line=line_of(tree, ["projects", i]),
                                                hint="create it with `qi init` or remove it from the list"))
            else:
                folders.append(folder)
    else:
        folders = []
        for p in sorted(root.iterdir()):
            if p.is_dir() and not p.name.startswith(".") and (p / CHARTER_FILE).is_file():
                try:
                    folders.append(check_inside(root, p, what="project folder"))
                except ValidationError as err:
                    problems.append(err)
    problems += _duplicate_project_ids(folders)
    return config, folders, problems


def _duplicate_project_ids(folders: list[Path]) -> list[ValidationError]:
    """Two projects of one portfolio with one id would write the same board page, and one
    would be lost (issue 11, finding 4): each later one is a problem naming the first."""
    first: dict[str, Path] = {}
    problems: list[ValidationError] = []
    for folder in folders:
        file = folder / CHARTER_FILE
        try:
            doc = load_document(file)
            project_id = doc.plain.get("id") if isinstance(doc.plain, dict) else None
        except ValidationError:
            continue  # reported when the project itself is validated
        if not isinstance(project_id, str):
            continue
        if project_id in first:
            problems.append(ValidationError(
                f"project id(s) used twice: {project_id} (also the id of the project in "
                f"'{first[project_id]}')", field="id", file=str(file), line=line_of(doc, ["id"]),
                hint="give each charter its own id (a copied folder keeps the old one)"))
        else:
            first[project_id] = folder
    return problems


def validate_portfolio(path: str | Path) -> list[ValidationError]:
    """Every problem in a portfolio: ``portfolio.yaml`` and each project."""
    config, folders, problems = _portfolio_parts(Path(path))
    for folder in folders:
        problems.extend(validate_project(folder))
    return problems


def load_portfolio(path: str | Path) -> Portfolio:
    """Load a portfolio folder and every project in it (all problems reported together)."""
    config, folders, problems = _portfolio_parts(Path(path))
    projects = []
    for folder in folders:
        project, found = _load(folder)
        problems.extend(found)
        if project is not None:
            projects.append(project)
    if problems:
        raise_problems(problems, file=str(path))
    assert config is not None
    return Portfolio(Path(path), config, projects)


def is_portfolio(path: str | Path) -> bool:
    """True when ``path`` holds ``portfolio.yaml``."""
    return (Path(path) / PORTFOLIO_FILE).is_file()


__all__ = [
    "Portfolio", "Project", "QIError", "import_data", "init_project", "is_portfolio", "load_portfolio",
    "load_project", "validate_portfolio", "validate_project",
]
