"""The evidence check: the highest project score the project's own files support, and why.

Each level of a scale names evidence checks (``qi/data/scales/*.yaml``, ``evidence:``). A level
is supported when its checks and those of every lower level pass. The checks:

==========================  ===============================================================
check                       passes when
==========================  ===============================================================
project_identified          always (the project exists)
charter_and_team            the charter has an aim statement, a lead and a team
measures_defined            at least one outcome and one process measure, and a plan or
                            change ideas
data_collected              at least one measure has data
changes_tested              a PDSA cycle has been carried out (status doing or later)
change_adopted              a studied cycle ended in an adopt decision
special_cause_improvement   the verdict (``qi.judge``) on a process or outcome measure shows
                            improvement since the changes began: a phase that signals against
                            the previous phase's limits extended, or an improvement episode
                            after the first PDSA cycle linked to the measure
outcome_improvement         ... in an outcome measure
implementing                a change idea is implementing or spreading
sustained_improvement       an outcome measure's latest phase (after a phase change) has at
                            least ``MIN_POINTS_FOR_LIMITS`` points, a centre better than the
                            first phase's, and no special-cause concern
aim_met                     every outcome measure with a target has its latest phase's
                            centre at or beyond the target
==========================  ===============================================================

The score itself stays the team's judgement (Life QI: "it is not an automatic progression");
the check only flags a recorded score above what the files show.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qi.charts.schema import CONCERN, IMPROVEMENT
from qi.constants import MIN_POINTS_FOR_LIMITS
from qi.errors import QIError

if TYPE_CHECKING:  # pragma: no cover
    from qi.project.store import Project


@dataclass(frozen=True)
class LevelEvidence:
    """One level of the scale as checked: met or not, with the evidence found or missing."""

    score: float
    label: str
    met: bool
    evidence: tuple[str, ...]  # sentences: what was found (met) or what is missing (not met)


@dataclass
class ScoreCheck:
    """The result of :meth:`Project.evidence_check`.

    Attributes
    ----------
    current:
        The latest recorded score (None if never scored).
    supported:
        The highest score the evidence supports.
    reasons:
        Sentences: the evidence found for each level reached, the first gap, and a flag when
        ``current`` is above ``supported``.
    above_evidence:
        True when the recorded score is higher than the evidence supports.
    levels:
        The same as data: one :class:`LevelEvidence` per level checked, the last one the first
        level not supported (when there is one).
    """

    current: float | None
    supported: float
    reasons: list[str] = field(default_factory=list)
    above_evidence: bool = False
    levels: list[LevelEvidence] = field(default_factory=list)

    @property
    def reached(self) -> LevelEvidence | None:
        """The highest level supported that names evidence."""
        met = [lv for lv in self.levels if lv.met and lv.evidence]
        return met[-1] if met else None

    @property
    def gap(self) -> LevelEvidence | None:
        """The first level not supported, with what is missing."""
        return next((lv for lv in self.levels if not lv.met), None)

    def text(self) -> str:
        """The check in words: the recorded and supported scores, then one line per reason."""
        current = "not scored yet" if self.current is None else f"{self.current:g}"
        lines = [f"recorded score: {current}; the evidence supports: {self.supported:g}"]
        return "\n".join([*lines, *(f"- {r}" for r in self.reasons)])

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        from qi.present.projects import score_check_html

        return score_check_html(self)

    def to_dict(self) -> dict[str, Any]:
        """``{"current", "supported", "reasons", "above_evidence"}`` (JSON-ready)."""
        return {
            "current": self.current,
            "supported": self.supported,
            "reasons": list(self.reasons),
            "above_evidence": self.above_evidence,
        }


class _Evidence:
    """Facts about a project, computed once (charts are drawn lazily and cached)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._charts: dict[tuple[str, bool], Any] = {}

    def chart(self, measure_id: str, *, phases: bool = True) -> Any:
        """The measure's chart as the charter defines it, or with ``phases=False`` against
        its baseline alone (limits of the first phase, frozen at the baseline if one is set,
        extended over all the data), which is how a change from baseline is detected."""
        key = (measure_id, phases)
        if key not in self._charts:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    overrides = {} if phases else {"phases": None}
                    self._charts[key] = self.project.chart(measure_id, **overrides)
            except QIError as err:
                self._charts[key] = err
        return self._charts[key]

    def improving(self, types: tuple[str, ...]) -> list[str]:
        """Measures of ``types`` whose verdict (the one the board pages show) is a real
        improvement, under way or holding at a new level, that began with the changes: a phase
        that signals against the previous phase's limits extended, or a special-cause
        improvement episode after the first PDSA cycle of a change idea linked to the measure
        (:func:`changes_began`). Signals of the years before any change, and improvements that
        did not last, are not evidence of the project's work (issue 8)."""
        from qi.charts.judge import judge

        found = []
        for m in self.project.measures:
            if (
                m.type not in types
                or m.improvement is None
                or self.project.measure_data(m.id).empty
            ):
                continue
            result = self.chart(m.id)
            if isinstance(result, QIError):
                continue
            v = judge(result, changes_from=changes_began(self.project, m.id, result)).main
            # the page's verdict: a real improvement, still under way or holding at a new level
            if (
                v.signal_type == IMPROVEMENT
                and v.state in ("improving", "holding")
                and (
                    any(c.status == "improvement" for c in v.changes)
                    or any(e.signal_type == IMPROVEMENT for e in v.episodes_since)
                )
            ):
                found.append(m.name)
        return found


def changes_began(project: Project, measure_id: str, result: Any = None) -> Any:
    """When the changes meant to move a measure began: the first start of a PDSA cycle of a
    change idea linked to it (or of a cycle naming it), else the project's first cycle; None
    without any cycle, or when the changes predate the measure's first point (``result``)."""
    import pandas as pd

    frame = project.pdsa_frame()
    if frame.empty:
        return None
    ideas = {i.id for i in project.change_ideas if measure_id in i.measures}
    linked = frame[
        frame["change_idea"].isin(ideas)
        | frame["measures"].map(lambda ms: measure_id in (ms or []))
    ]
    starts = (linked if len(linked) else frame)["start"].dropna()
    if starts.empty:
        return None
    began = pd.Timestamp(starts.min())
    if result is not None and len(result.data) and result.options.x_kind == "date":
        if began <= pd.Timestamp(result.data["x"].iloc[0]):
            return None
    return began


Check = Callable[[_Evidence], tuple[bool, str]]


def _identified(ev: _Evidence) -> tuple[bool, str]:
    return True, f"the project '{ev.project.charter.title}' is identified"


def _charter_and_team(ev: _Evidence) -> tuple[bool, str]:
    c = ev.project.charter
    missing = [
        w
        for w, ok in (
            ("aim statement", bool(c.aim.statement.strip())),
            ("lead", bool(c.lead)),
            ("team", bool(c.team)),
        )
        if not ok
    ]
    if missing:
        return False, f"the charter names no {', no '.join(missing)}"
    return True, f"the charter has an aim, a lead and a team of {len(c.team)}"


def _measures_defined(ev: _Evidence) -> tuple[bool, str]:
    types = {m.type for m in ev.project.measures}
    missing = [t for t in ("outcome", "process") if t not in types]
    if missing:
        return False, f"the charter defines no {' or '.join(missing)} measure"
    if not ev.project.charter.plan and not ev.project.change_ideas:
        return False, "the charter has neither a project plan nor change ideas"
    return True, (
        f"{len(ev.project.measures)} measures and {len(ev.project.change_ideas)} change ideas "
        "are defined"
    )


def _data_collected(ev: _Evidence) -> tuple[bool, str]:
    with_data = [m.id for m in ev.project.measures if not ev.project.measure_data(m.id).empty]
    if not with_data:
        return False, "no measure has data yet"
    return True, f"{len(with_data)} of {len(ev.project.measures)} measures have data"


def _changes_tested(ev: _Evidence) -> tuple[bool, str]:
    done = [c for c in ev.project.cycles if c.status != "planned"]
    if not done:
        return False, "no PDSA cycle has been carried out yet"
    return True, f"{len(done)} PDSA cycle(s) carried out"


def _change_adopted(ev: _Evidence) -> tuple[bool, str]:
    adopted = [
        c.id
        for c in ev.project.cycles
        if c.act.decision == "adopt" and c.status in ("studying", "complete")
    ]
    if not adopted:
        return False, "no tested change has been adopted yet (no studied cycle ends in 'adopt')"
    return True, f"{len(adopted)} studied cycle(s) ended in 'adopt' ({', '.join(adopted)})"


def _special_cause(ev: _Evidence) -> tuple[bool, str]:
    found = ev.improving(("outcome", "process"))
    if not found:
        return False, "no process or outcome measure shows special-cause improvement on its chart"
    return True, f"special-cause improvement in {', '.join(found)}"


def _outcome_improvement(ev: _Evidence) -> tuple[bool, str]:
    found = ev.improving(("outcome",))
    if not found:
        return False, "no outcome measure shows special-cause improvement on its chart"
    return True, f"special-cause improvement in the outcome measure(s) {', '.join(found)}"


def _implementing(ev: _Evidence) -> tuple[bool, str]:
    ideas = [
        ci.title for ci in ev.project.change_ideas if ci.status in ("implementing", "spreading")
    ]
    if not ideas:
        return False, "no change idea is being implemented yet"
    return True, f"{len(ideas)} change idea(s) implementing or spreading"


def _fmt(ev: _Evidence, measure_id: str, value: float) -> str:
    """A value on a measure's chart scale, in the measure's own terms (percentages as %)."""
    if (
        ev.project.measure(measure_id).unit == "percentage"
        and ev.project.chart_context(measure_id)["unit"] == "proportion"
    ):
        return f"{value * 100:.1f}%"
    return f"{value:.3g}"


def _better(a: float, b: float, direction: str) -> bool:
    return a > b if direction == "up" else a < b


def _sustained(ev: _Evidence) -> tuple[bool, str]:
    for m in ev.project.measures:
        if m.type != "outcome" or m.improvement is None or not m.phases:
            continue
        result = ev.chart(m.id)
        if isinstance(result, QIError) or result.phases.empty:
            continue
        phases = result.phases
        if len(phases) < 2:
            continue
        first, last = phases.iloc[0], phases.iloc[-1]
        in_last = result.data[result.data["phase"] == last["phase"]]
        if (
            int(last["n_obs"]) >= MIN_POINTS_FOR_LIMITS
            and _better(float(last["centre"]), float(first["centre"]), m.improvement)
            and not bool((in_last["signal_type"] == CONCERN).any())
        ):
            return True, (
                f"{m.name}: the phase '{last['phase']}' has held {int(last['n_obs'])} points at a "
                f"better level ({_fmt(ev, m.id, float(last['centre']))} against "
                f"{_fmt(ev, m.id, float(first['centre']))}) with no special-cause concern"
            )
    return False, (
        f"no outcome measure has a new phase of at least {MIN_POINTS_FOR_LIMITS} points held at a "
        "better level"
    )


def _aim_met(ev: _Evidence) -> tuple[bool, str]:
    with_target = [
        m
        for m in ev.project.measures
        if m.type == "outcome" and m.target is not None and m.improvement is not None
    ]
    if not with_target:
        return False, "no outcome measure has a target, so qi cannot tell the aim is met"
    missed = []
    for m in with_target:
        result = ev.chart(m.id)
        if isinstance(result, QIError) or result.phases.empty:
            missed.append(f"{m.name} (no chart)")
            continue
        centre = float(result.phases.iloc[-1]["centre"])
        target = float(ev.project.chart_context(m.id)["target"])
        assert m.improvement is not None  # with_target holds measures with a direction only
        if _better(target, centre, m.improvement):
            missed.append(
                f"{m.name} ({_fmt(ev, m.id, centre)} against a target of {_fmt(ev, m.id, target)})"
            )
    if missed:
        return False, f"target not yet met: {'; '.join(missed)}"
    return True, f"all {len(with_target)} outcome target(s) met"


EVIDENCE: dict[str, Check] = {
    "project_identified": _identified,
    "charter_and_team": _charter_and_team,
    "measures_defined": _measures_defined,
    "data_collected": _data_collected,
    "changes_tested": _changes_tested,
    "change_adopted": _change_adopted,
    "special_cause_improvement": _special_cause,
    "outcome_improvement": _outcome_improvement,
    "implementing": _implementing,
    "sustained_improvement": _sustained,
    "aim_met": _aim_met,
}


def evidence_check(project: Project) -> ScoreCheck:
    """Walk the project's scale level by level; stop at the first level the files do not support."""
    scale = project.scale
    ev = _Evidence(project)
    supported = scale.levels[0].score
    reasons: list[str] = []
    levels: list[LevelEvidence] = []
    for level in scale.levels:
        results = [EVIDENCE[key](ev) for key in level.evidence]
        failed = [text for ok, text in results if not ok]
        if failed:
            reasons.append(f"not {level.score:g} ({level.label}): {'; '.join(failed)}")
            levels.append(LevelEvidence(level.score, level.label, False, tuple(failed)))
            break
        supported = level.score
        levels.append(LevelEvidence(level.score, level.label, True, tuple(t for _, t in results)))
        if results:
            reasons.append(f"{level.score:g} ({level.label}): {'; '.join(t for _, t in results)}")
    current = None if project.scores.empty else float(project.scores["score"].iloc[-1])
    above = current is not None and current > supported
    if above:
        reasons.append(
            f"the recorded score {current:g} is above the {supported:g} the evidence supports"
        )
    return ScoreCheck(
        current=current, supported=supported, reasons=reasons, above_evidence=above, levels=levels
    )
