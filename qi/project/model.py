"""Typed models of an improvement project: charter, measures, change ideas, PDSA cycles,
score entries and the portfolio.

Every model refuses unknown fields (``extra="forbid"``); :mod:`qi.project.validate` turns
pydantic's errors into :class:`qi.errors.ValidationError` with the file, the line and the
nearest valid field name. Periods are kept as written (``"2019-07"``, ``"2016/17"``) and parsed
with :mod:`qi.project.periods`.

Field sources: charter fields follow IHI/HIS charter templates and the seed charter
(``seeds/000``; domain.md §6d); PDSA fields follow the IHI worksheet (plan: objective,
questions, predictions, who/what/where/when, data to collect; do; study; act: adopt, adapt or
abandon) with the additions Taylor et al. 2014 ask for (cycle number, previous cycle, scale);
domain.md §5.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from qi.charts.schema import CHART_TYPES
from qi.constants import (
    ACT_DECISIONS,
    CHANGE_IDEA_STATUSES,
    CYCLE_STATUSES,
    DEFAULT_SCALE,
    FREQUENCIES,
    MEASURE_TYPES,
    MEASURE_UNITS,
)
from qi.project.ids import is_safe_id
from qi.project.periods import PERIOD_FORMS, parse_period


def _check_slug(value: str) -> str:
    if not is_safe_id(value):
        raise ValueError(
            f"{value!r} is not a valid id (1-64 letters, digits, '_' or '-', starting with a "
            "letter or digit; no '/', '..' or leading dot)"
        )
    return value


def _check_period(value: str) -> str:
    from qi.errors import ValidationError

    try:
        parse_period(value)
    except ValidationError as err:  # -> pydantic error text, reported with field and line
        raise ValueError(
            f"period {value!r} is not a period qi can read; write {PERIOD_FORMS}"
        ) from err
    return value


def _choice(kind: str, choices: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in choices:
            from qi.errors import closest

            near = closest(value, choices)
            hint = f" (did you mean '{near}'?)" if near else ""
            raise ValueError(f"unknown {kind} '{value}'{hint}; choose one of: {', '.join(choices)}")
        return value

    return AfterValidator(check)


Slug = Annotated[str, AfterValidator(_check_slug)]
Period = Annotated[str, AfterValidator(_check_period)]
MeasureType = Annotated[str, _choice("measure type", MEASURE_TYPES)]
Unit = Annotated[str, _choice("unit", MEASURE_UNITS)]
Frequency = Annotated[str, _choice("frequency", FREQUENCIES)]
ChartName = Annotated[str, _choice("chart", ("auto", *CHART_TYPES))]
ChangeStatus = Annotated[str, _choice("change idea status", CHANGE_IDEA_STATUSES)]
CycleStatus = Annotated[str, _choice("cycle status", CYCLE_STATUSES)]
Decision = Annotated[str, _choice("decision", ACT_DECISIONS)]


class QIModel(BaseModel):
    """Base of every project model: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- charter ---------------------------------------------------------------------------------
class Person(QIModel):
    """A team member."""

    name: str
    role: str | None = None


class Aim(QIModel):
    """The aim statement: what, where, by how much, by when (HIS charter guidance)."""

    statement: str
    what: str | None = None
    where: str | None = None
    how_much: str | None = None
    by_when: dt.date | None = None


class TrajectoryPoint(QIModel):
    """One planned value on the way to a target."""

    period: Period
    value: float


class Target(QIModel):
    """A measure's target: a value, when it should be reached, and an optional trajectory."""

    value: float
    date: Period | None = None
    trajectory: list[TrajectoryPoint] = Field(default_factory=list)
    source: str | None = None


class Benchmark(QIModel):
    """A comparison line, e.g. England or statistical-neighbour averages (seed 004)."""

    label: str
    value: float
    period: Period | None = None
    source: str | None = None


class ComparisonUnit(QIModel):
    """One unit of a comparison: its count (numerator) and denominator for the period."""

    unit: str
    value: float = Field(ge=0)
    denominator: float = Field(gt=0)


class Comparison(QIModel):
    """Other units (England, statistical neighbours, teams) to compare a measure with on a
    funnel plot (Spiegelhalter 2005; ``qi.funnel``): one period, counts and denominators."""

    period: str
    chart: Literal["proportion", "rate"] = "rate"
    multiply: float = Field(default=1.0, gt=0)
    per: str | None = None  # the words of multiply, e.g. "per 10,000 children"
    denominator_label: str | None = None  # what the denominators count, e.g. "children aged 0-17"
    #: Spiegelhalter (2005b): units of a national indicator usually vary more than chance
    #: alone; "additive" (DerSimonian-Laird tau^2) or "multiplicative" (phi) widens the limits.
    overdispersion: Literal["additive", "multiplicative"] | None = None
    target: float | None = None  # the centre line in displayed units (e.g. England's value)
    target_label: str | None = None  # e.g. "England 2016/17"
    highlight: str | None = None  # this project's own unit
    source: str | None = None
    units: list[ComparisonUnit] = Field(min_length=2)


class Phase(QIModel):
    """A new phase of a measure's chart from ``start`` (e.g. after a change was adopted)."""

    start: Period
    label: str
    change_idea: Slug | None = None


class Measure(QIModel):
    """An outcome, process or balancing measure with its operational definition."""

    id: Slug
    name: str
    type: MeasureType
    definition: str | None = None
    unit: Unit = "count"
    numerator: str | None = None
    denominator: str | None = None
    improvement: Literal["up", "down"] | None = None
    frequency: Frequency = "monthly"
    chart: ChartName = "auto"
    rules: str | None = None
    baseline: Period | None = None
    phases: list[Phase] = Field(default_factory=list)
    target: Target | None = None
    benchmarks: list[Benchmark] = Field(default_factory=list)
    source: str | None = None
    comparison: Comparison | None = None
    #: True for a running total (year to date, "since April"): it rises by construction, so
    #: it is shown against its target without the run or control chart rules.
    cumulative: bool = False


class ChangeIdea(QIModel):
    """A change idea; the fields fit the action plans of seeds 001 and 002 as they are."""

    id: Slug
    title: str
    description: str | None = None
    driver: str | None = None
    measures: list[Slug] = Field(default_factory=list)
    status: ChangeStatus = "idea"
    owner: str | None = None
    timescale: str | None = None
    how_we_will_know: str | None = None


class Board(QIModel):
    """What the board is asked to note or decide this period (shown in the page's summary)."""

    ask: str | None = None
    decisions: list[str] = Field(default_factory=list)


class Risk(QIModel):
    """A risk or barrier and the action to address it."""

    risk: str
    action: str | None = None


class PlanAction(QIModel):
    """One action of the outline project plan."""

    action: str
    timescale: str | None = None
    status: str | None = None


class PlanStage(QIModel):
    """A plan stage banded by project score (seed 000: 'Getting Started (Project Score 1-3)')."""

    stage: str
    score_from: float | None = None
    score_to: float | None = None
    actions: list[PlanAction] = Field(default_factory=list)


class Charter(QIModel):
    """An improvement project charter (``charter.yaml``)."""

    id: Slug
    title: str
    reference: str | None = None
    stretch_outcome: str | None = None
    sponsor: str | None = None
    lead: str | None = None
    adviser: str | None = None
    team: list[Person] = Field(default_factory=list)
    aim: Aim
    why: str | None = None
    scope: str | None = None
    measures: list[Measure] = Field(default_factory=list)
    change_ideas: list[ChangeIdea] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    plan: list[PlanStage] = Field(default_factory=list)
    board: Board | None = None
    score_scale: str = DEFAULT_SCALE
    data_note: str | None = None
    source: str | None = None


# --- PDSA ------------------------------------------------------------------------------------
class TestScale(QIModel):
    """The scale of a test: how many units out of how many (Taylor 2014 'small-scale testing';
    Knudsen 2019: 'smaller than an entire department... before a full-scale test')."""

    description: str | None = None
    n: int | None = Field(default=None, ge=1)
    of: int | None = Field(default=None, ge=1)
    unit: str | None = None
    duration_days: int | None = Field(default=None, ge=1)


class Plan(QIModel):
    """Plan: objective, questions, predictions, who/what/where/when, data to collect."""

    objective: str | None = None
    questions: list[str] = Field(default_factory=list)
    predictions: list[str] = Field(default_factory=list)
    predictions_written: dt.date | None = None
    who: str | None = None
    what: str | None = None
    where: str | None = None
    when: str | None = None
    data_to_collect: str | None = None


class Do(QIModel):
    """Do: what happened, observations, problems."""

    what_happened: str | None = None
    observations: str | None = None
    problems: str | None = None
    carried_out_as_planned: bool | None = None


class Study(QIModel):
    """Study: results compared with the predictions, and what was learned."""

    results: str | None = None
    predictions_met: Literal["yes", "no", "partly"] | None = None
    learning: str | None = None


class Act(QIModel):
    """Act: adopt, adapt or abandon, and the next step."""

    decision: Decision | None = None
    next_step: str | None = None


class Withdrawal(QIModel):
    """Why, when and by whom a note was withdrawn; the note stays in the file (nothing in a
    log is deleted: seed 000's audit trail of adviser notes)."""

    date: dt.date
    by: str
    reason: str


class Note(QIModel):
    """A dated, attributed adviser note (the log is append-only; a mistaken note is withdrawn
    with a reason, never removed)."""

    date: dt.date
    author: str
    text: str
    withdrawn: Withdrawal | None = None


class PDSACycle(QIModel):
    """One PDSA cycle (``pdsa/<change-idea>/<cycle-id>.yaml``)."""

    change_idea: Slug
    cycle_number: int = Field(ge=1)
    title: str
    purpose: str | None = None
    status: CycleStatus = "planned"
    previous: Slug | None = None
    scale: TestScale | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    measures: list[Slug] = Field(default_factory=list)
    plan: Plan = Field(default_factory=Plan)
    do: Do = Field(default_factory=Do)
    study: Study = Field(default_factory=Study)
    act: Act = Field(default_factory=Act)
    notes: list[Note] = Field(default_factory=list)

    def _repr_html_(self) -> str:
        from qi.present.projects import cycle_html

        return cycle_html(self)

    @property
    def current_notes(self) -> list[Note]:
        """The notes in force: every note not withdrawn (``notes`` keeps the whole log)."""
        return [n for n in self.notes if n.withdrawn is None]

    @property
    def id(self) -> str:
        """The cycle id: ``<change-idea>-<number, 3 digits>``."""
        return cycle_id(self.change_idea, self.cycle_number)

    @model_validator(mode="after")
    def _dates_in_order(self) -> PDSACycle:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


def cycle_id(change_idea: str, number: int) -> str:
    """The id of cycle ``number`` of ``change_idea`` (e.g. ``assessment_framework-002``)."""
    return f"{change_idea}-{number:03d}"


# --- scores and portfolio --------------------------------------------------------------------
class ScoreEntry(QIModel):
    """One row of ``scores.csv``.

    A correction is a new row with the same ``date`` as the entry it replaces, the date it was
    made (``corrected_on``) and why (``reason``); the replaced row stays in the file.
    """

    date: dt.date
    score: float
    rationale: str
    scored_by: str | None = None
    corrected_on: dt.date | None = None
    reason: str | None = None

    @field_validator("rationale")
    @classmethod
    def _rationale_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a score needs a rationale")
        return value


class StretchOutcome(QIModel):
    """A portfolio-level outcome that projects contribute to."""

    id: str
    title: str


class PortfolioConfig(QIModel):
    """``portfolio.yaml``: the portfolio's name, stretch outcomes and project folders."""

    name: str
    description: str | None = None
    stretch_outcomes: list[StretchOutcome] = Field(default_factory=list)
    projects: list[Slug] | None = None
    data_note: str | None = None
