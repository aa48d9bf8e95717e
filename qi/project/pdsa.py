"""PDSA fidelity: how fully a cycle, or a change idea's ramp of cycles, follows the method.

The features are Taylor et al.'s framework for the PDSA method (Taylor MJ et al. Systematic
review of the application of the plan-do-study-act method to improve quality in healthcare.
BMJ Qual Saf 2014;23:290-298, Table 2), with Knudsen et al.'s thresholds where Taylor gives a
question rather than a number (Knudsen SV et al. BMC Health Serv Res 2019;19:683):

=========================  ===========================================================
feature                    a cycle meets it when
=========================  ===========================================================
prediction before test     the plan states predictions, dated on or before the start
iterative                  it follows a previous cycle, or its Act names a next step
small scale first          its scale is stated, and the first cycle of a ramp tests fewer
                           units than the whole (``n < of``); later cycles do not shrink
data over time             a linked measure has at least ``MIN_POINTS_DATA_OVER_TIME``
                           data points up to the cycle's end
study against prediction   Study records results and whether the predictions were met
decision recorded          Act records adopt, adapt or abandon
=========================  ===========================================================

For a change idea: at least ``MIN_CYCLES_ITERATIVE`` linked cycles, and each feature judged
over its cycles. Each check is met (True), not met (False) or not yet due / cannot tell (None),
with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from qi.constants import MIN_CYCLES_ITERATIVE, MIN_POINTS_DATA_OVER_TIME
from qi.project.model import PDSACycle

FEATURES: tuple[str, ...] = (
    "prediction before test",
    "iterative",
    "small scale first",
    "data over time",
    "study against prediction",
    "decision recorded",
)

#: Cycle statuses at which Study and Act are due.
_STUDIED = ("studying", "complete")


@dataclass(frozen=True)
class FidelityCheck:
    """One feature: met (True), not met (False) or not yet due / cannot tell (None)."""

    feature: str
    met: bool | None
    detail: str


@dataclass
class FidelityReport:
    """The checks for one cycle or one change idea, and a summary in words."""

    subject: str
    kind: str
    checks: list[FidelityCheck] = field(default_factory=list)

    @property
    def met(self) -> int:
        """Number of features met."""
        return sum(1 for c in self.checks if c.met is True)

    @property
    def due(self) -> int:
        """Number of features that could be judged."""
        return sum(1 for c in self.checks if c.met is not None)

    def text(self) -> str:
        """The report in words, one line per feature."""
        head = f"{self.kind} {self.subject}: {self.met} of {self.due} features met"
        if self.due < len(self.checks):
            head += f" ({len(self.checks) - self.due} not yet due or unknown)"
        marks = {True: "met", False: "NOT met", None: "not yet due or cannot tell"}
        lines = [f"- {c.feature}: {marks[c.met]}. {c.detail}" for c in self.checks]
        return "\n".join([head + ".", *lines])

    def frame(self) -> pd.DataFrame:
        """One row per feature: ``feature, met, detail``."""
        return pd.DataFrame(
            [{"feature": c.feature, "met": c.met, "detail": c.detail} for c in self.checks]
        )

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        from qi.present.projects import fidelity_html

        return fidelity_html(self)


PointsBefore = Callable[[str, pd.Timestamp | None], int]


def _prediction(cycle: PDSACycle) -> FidelityCheck:
    plan = cycle.plan
    if not plan.predictions:
        return FidelityCheck(FEATURES[0], False, "The plan states no prediction.")
    count = f"{len(plan.predictions)} prediction(s) stated"
    if plan.predictions_written and cycle.start:
        if plan.predictions_written <= cycle.start:
            return FidelityCheck(
                FEATURES[0],
                True,
                f"{count}, written {plan.predictions_written} "
                f"before the test started on {cycle.start}.",
            )
        return FidelityCheck(
            FEATURES[0],
            False,
            f"{count} but written {plan.predictions_written}, "
            f"after the test started on {cycle.start}.",
        )
    return FidelityCheck(
        FEATURES[0],
        None,
        f"{count}, but without the date they were written "
        "(plan.predictions_written) and the start date, qi cannot tell they came first.",
    )


def _iterative(cycle: PDSACycle) -> FidelityCheck:
    if cycle.previous:
        return FidelityCheck(FEATURES[1], True, f"Follows cycle {cycle.previous}.")
    if cycle.act.next_step:
        return FidelityCheck(FEATURES[1], True, "First of its ramp; Act names the next step.")
    if cycle.status in _STUDIED:
        return FidelityCheck(
            FEATURES[1], False, "Not linked to a previous cycle and Act names no next step."
        )
    return FidelityCheck(FEATURES[1], None, "First of its ramp; the next step is decided at Act.")


def _small_scale(cycle: PDSACycle, previous: PDSACycle | None) -> FidelityCheck:
    scale = cycle.scale
    if scale is None or scale.n is None:
        return FidelityCheck(FEATURES[2], False, "The scale of the test (scale.n) is not stated.")
    unit = scale.unit or "units"
    if previous is not None and previous.scale is not None and previous.scale.n is not None:
        if scale.n >= previous.scale.n:
            return FidelityCheck(
                FEATURES[2],
                True,
                f"Tests {scale.n} {unit}, up from or equal to {previous.scale.n} in {previous.id}.",
            )
        return FidelityCheck(
            FEATURES[2],
            False,
            f"Tests {scale.n} {unit}, fewer than {previous.scale.n} "
            f"in {previous.id}: the ramp shrank.",
        )
    if scale.of is None:
        return FidelityCheck(
            FEATURES[2],
            None,
            f"Tests {scale.n} {unit}; the whole (scale.of) is not "
            "stated, so qi cannot tell it was small.",
        )
    if scale.n < scale.of:
        return FidelityCheck(
            FEATURES[2], True, f"Tests {scale.n} of {scale.of} {unit} before a full-scale test."
        )
    return FidelityCheck(
        FEATURES[2], False, f"Tests all {scale.of} {unit} at once: no small-scale test first."
    )


def _data_over_time(cycle: PDSACycle, points_before: PointsBefore) -> FidelityCheck:
    if not cycle.measures:
        return FidelityCheck(FEATURES[3], False, "No measure is linked to the cycle.")
    end = pd.Timestamp(cycle.end) if cycle.end else None
    counts = {m: points_before(m, end) for m in cycle.measures}
    best = max(counts, key=lambda m: counts[m])
    if counts[best] >= MIN_POINTS_DATA_OVER_TIME:
        return FidelityCheck(
            FEATURES[3],
            True,
            f"Measure {best} has {counts[best]} data points up to the "
            f"cycle's end (at least {MIN_POINTS_DATA_OVER_TIME} needed).",
        )
    return FidelityCheck(
        FEATURES[3],
        False,
        f"Linked measures have at most {counts[best]} data points up to "
        f"the cycle's end; at least {MIN_POINTS_DATA_OVER_TIME} are needed to see change over time.",
    )


def _study(cycle: PDSACycle) -> FidelityCheck:
    if cycle.status not in _STUDIED:
        return FidelityCheck(FEATURES[4], None, f"The cycle is {cycle.status}; Study comes later.")
    study = cycle.study
    if study.results and study.predictions_met:
        return FidelityCheck(
            FEATURES[4], True, f"Results recorded; predictions met: {study.predictions_met}."
        )
    missing = [
        name
        for name, v in (("results", study.results), ("predictions_met", study.predictions_met))
        if not v
    ]
    return FidelityCheck(FEATURES[4], False, f"Study is missing {' and '.join(missing)}.")


def _decision(cycle: PDSACycle) -> FidelityCheck:
    if cycle.act.decision:
        return FidelityCheck(FEATURES[5], True, f"Decision: {cycle.act.decision}.")
    if cycle.status == "complete":
        return FidelityCheck(
            FEATURES[5],
            False,
            "The cycle is complete but no adopt/adapt/abandon decision is recorded.",
        )
    return FidelityCheck(
        FEATURES[5], None, f"The cycle is {cycle.status}; the decision comes at Act."
    )


def cycle_fidelity(
    cycle: PDSACycle, *, previous: PDSACycle | None, points_before: PointsBefore
) -> FidelityReport:
    """The six checks for one cycle.

    Parameters
    ----------
    cycle:
        The cycle.
    previous:
        The cycle it follows (``cycle.previous``), if found.
    points_before:
        ``points_before(measure_id, end)``: data points of a measure up to ``end`` (all if None).
    """
    return FidelityReport(
        cycle.id,
        "cycle",
        [
            _prediction(cycle),
            _iterative(cycle),
            _small_scale(cycle, previous),
            _data_over_time(cycle, points_before),
            _study(cycle),
            _decision(cycle),
        ],
    )


def _share(feature: str, reports: Sequence[FidelityReport], index: int, what: str) -> FidelityCheck:
    judged = [r for r in reports if r.checks[index].met is not None]
    if not judged:
        return FidelityCheck(
            feature, None, f"No cycle has reached the point where {what} can be judged."
        )
    met = [r.subject for r in judged if r.checks[index].met]
    missed = [r.subject for r in judged if not r.checks[index].met]
    detail = f"{len(met)} of {len(judged)} cycles {what}"
    if missed:
        detail += f" (not: {', '.join(missed)})"
    return FidelityCheck(feature, not missed, detail + ".")


def change_idea_fidelity(
    change_idea: str, cycles: Sequence[PDSACycle], reports: Sequence[FidelityReport]
) -> FidelityReport:
    """The six features judged over a change idea's cycles (``cycles`` and their ``reports``)."""
    if not cycles:
        return FidelityReport(
            change_idea,
            "change idea",
            [
                FidelityCheck(
                    f,
                    False if f == "iterative" else None,
                    "No PDSA cycle has been recorded for this change idea.",
                )
                for f in FEATURES
            ],
        )
    ordered = sorted(zip(cycles, reports, strict=True), key=lambda cr: cr[0].cycle_number)
    cycles = [c for c, _ in ordered]
    reports = [r for _, r in ordered]
    linked = sum(1 for c in cycles if c.previous)
    if len(cycles) >= MIN_CYCLES_ITERATIVE and linked >= MIN_CYCLES_ITERATIVE - 1:
        iterative = FidelityCheck(
            FEATURES[1], True, f"{len(cycles)} cycles, {linked} linked to the one before."
        )
    else:
        iterative = FidelityCheck(
            FEATURES[1],
            False,
            f"{len(cycles)} cycle(s), {linked} linked to a previous one; "
            f"iterative testing needs at least {MIN_CYCLES_ITERATIVE} linked cycles.",
        )
    first = reports[0].checks[2]
    ramp = [c.scale.n for c in cycles if c.scale is not None and c.scale.n is not None]
    grows = all(b >= a for a, b in zip(ramp, ramp[1:], strict=False))
    if first.met is True and grows:
        small = FidelityCheck(
            FEATURES[2],
            True,
            f"First test small ({first.detail.rstrip('.')}); the scale "
            f"then went {' -> '.join(str(n) for n in ramp)}.",
        )
    elif first.met is None and grows:
        small = FidelityCheck(FEATURES[2], None, first.detail)
    else:
        why = first.detail if first.met is False else "the scale shrank during the ramp"
        small = FidelityCheck(FEATURES[2], False, why)
    return FidelityReport(
        change_idea,
        "change idea",
        [
            _share(FEATURES[0], reports, 0, "stated a prediction before the test"),
            iterative,
            small,
            _share(FEATURES[3], reports, 3, "had data over time"),
            _share(FEATURES[4], reports, 4, "compared results with predictions"),
            _share(FEATURES[5], reports, 5, "recorded a decision"),
        ],
    )
