"""The vocabularies of the verdict and the MDC icons, each declared once as a ``Literal`` type.

The dataclasses of :mod:`qi.charts.verdict_records`, the functions of :mod:`qi.charts.judge`
and :mod:`qi.charts.assurance` and the words of :mod:`qi.present.verdict_words` are typed with
these aliases, so a type checker sees a misspelt state, and the tuples below (read from the
aliases with :func:`typing.get_args`) let tests check that every state has its words and icon.
How each state is reached: ``docs/method/verdict.md`` and the docstring of
:mod:`qi.charts.judge`.
"""

from __future__ import annotations

from typing import Literal, get_args

#: The state of one measure now (:attr:`qi.charts.judge.SeriesVerdict.state`): an ongoing
#: special cause (improving, worsening, or unstable without a direction of improvement), a real
#: change that holds at its new level, no real change, a new phase too short to judge, or too
#: few points for any judgement.
State = Literal[
    "improving", "worsening", "unstable", "holding", "no_change", "too_early", "too_few_points"
]

#: The outcome of one phase boundary judged against the previous phase's extended limits
#: (:attr:`qi.charts.judge.PhaseChange.status`).
ChangeStatus = Literal["improvement", "concern", "neutral", "no_change", "too_early"]

#: The MDC assurance icon states: NHSRplotthedots' consistent_pass, consistent_fail and
#: inconsistent (``ptd_calculate_assurance_type()``).
AssuranceState = Literal["pass", "fail", "hit_and_miss"]

#: The target's status in a verdict (:attr:`qi.charts.judge.TargetStatus.status`): an
#: assurance state while the limits describe the process, else why none is given.
TargetState = Literal[AssuranceState, "process_changed", "no_limits", "not_judged"]

#: The latest point against a trajectory (:attr:`qi.charts.judge.TrajectoryStatus.status`).
TrajectoryState = Literal["ahead", "on", "behind"]

#: The MDC variation icon states (NHSRplotthedots ``ptd_get_icons()`` names).
VariationState = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
]

#: The members of each vocabulary, in the order declared above.
STATES: tuple[State, ...] = get_args(State)
CHANGE_STATUSES: tuple[ChangeStatus, ...] = get_args(ChangeStatus)
ASSURANCE_STATES: tuple[AssuranceState, ...] = get_args(AssuranceState)
TARGET_STATES: tuple[TargetState, ...] = get_args(TargetState)
TRAJECTORY_STATES: tuple[TrajectoryState, ...] = get_args(TrajectoryState)
VARIATION_STATES: tuple[VariationState, ...] = get_args(VariationState)

#: Phase-change outcomes that are a real change (:attr:`qi.charts.judge.PhaseChange.changed`).
CHANGED: tuple[ChangeStatus, ...] = ("improvement", "concern", "neutral")
#: States of an ongoing special cause: the limits no longer describe the process.
ONGOING: tuple[State, ...] = ("improving", "worsening", "unstable")
