"""``judge(result)``: what a board needs to know about one measure, as data.

A :class:`ChartResult` says, point by point, where the limits are and which rule fired. A board
needs one verdict per measure: did the process change, when, from what to what, is it holding,
and what does that mean for the target. This module computes that verdict; the words, the MDC
icons and the portfolio's "needs attention" all read it, so they cannot disagree.

Method (``docs/method/verdict.md``; Provost & Murray, *The Health Care Data Guide*, 2011, ch. 5;
D. M. Williams, "When can I change my centerline and limits?", 2019):

- **A new phase must be earned.** At each phase boundary the previous phase's centre and limits
  (from its own baseline points) are extended over the new phase's points and the chart's own
  rule set is applied to the two phases as one stretch (:func:`extended_limits`). A signal among
  the new phase's points in one direction is a real change from the start of that phase; no
  signal means the data do not show that the change moved the measure, whatever the new phase's
  mean. A phase with no signal and fewer points than the rule set's run length cannot be judged
  yet ("too early", with the points still needed).
- **Current state** is read from the latest phase: a special-cause episode that reaches the
  latest point (the point NHSRplotthedots' variation icon reads) is an ongoing change (improving, worsening, or unusual when no
  direction is set); otherwise a phase that was a real change is holding at its new level, and
  anything else shows no change.
- **Target**: the MDC assurance reading (NHSRplotthedots ``ptd_calculate_assurance_type``:
  target beyond the limits on the good side is consistently met, on the wrong side consistently
  missed, between them hit and miss) is given only while the latest phase's limits still
  describe the process. With an ongoing signal the process has moved since the limits were set:
  the verdict says so (``process_changed``) and predicts nothing.
- **Trajectory**: the latest point against the trajectory's value at the same period (linear
  between the trajectory's points): ahead, on, or behind. "On" means within one sigma of the
  current process at that point, the point-to-point variation the process shows by itself, so a
  gap that small cannot be told from noise.
- **Episodes**: the rule episodes of ``result.signals`` that overlap or touch, with the same
  signal type, are merged into one (a shift that is also outside the limits is one episode), and
  split into those before the changes began and those since; the latest first.

This module reads the current state and assembles the verdict; the phase-change test is in
:mod:`qi.charts.phase_change`, the target and trajectory in :mod:`qi.charts.target_status`, the
episodes in :mod:`qi.charts.episodes`, the records in :mod:`qi.charts.verdict_records` and the
vocabularies of states in :mod:`qi.charts.verdict_kinds`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.assurance import variation_state
from qi.charts.episodes import at_or_after, default_changes_from, merge_episodes, position
from qi.charts.phase_change import (
    extended_limits,
    phase_changes,
    run_length,
    signal_type_of,
    useful_points,
)
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT
from qi.charts.target_status import target_status, trajectory_status
from qi.charts.verdict_kinds import (
    ASSURANCE_STATES,
    STATES,
    AssuranceState,
    ChangeStatus,
    State,
    TargetState,
    TrajectoryState,
    VariationState,
)
from qi.charts.verdict_records import (
    Episode,
    PhaseChange,
    SeriesVerdict,
    TargetStatus,
    TrajectoryStatus,
    Verdict,
)

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult

# The records, the vocabularies and the phase-change test live in their own modules; they are
# importable from here as before.
__all__ = [
    "STATES",
    "AssuranceState",
    "ChangeStatus",
    "Episode",
    "PhaseChange",
    "SeriesVerdict",
    "State",
    "TargetState",
    "TargetStatus",
    "TrajectoryState",
    "TrajectoryStatus",
    "VariationState",
    "Verdict",
    "extended_limits",
    "judge",
    "run_length",
]


def judge(
    result: ChartResult,
    *,
    changes_from: Any = None,
    trajectory: pd.DataFrame | None = None,
) -> Verdict:
    """The verdict on every series of ``result`` (see the module docstring).

    Parameters
    ----------
    result:
        A chart result of :func:`qi.chart`.
    changes_from:
        When the changes began (an x value, e.g. the first PDSA cycle's start): signal episodes
        before it are "before the changes". Default: the start of the second phase, else the
        first point after a frozen baseline, else the first point.
    trajectory:
        A frame with columns ``x`` and ``y`` on the chart's scale: the target per period.

    Returns
    -------
    Verdict
    """
    data = result.data
    ext = extended_limits(result)
    names = list(dict.fromkeys(result.phases["series"].astype(str)))
    verdicts = []
    for name in names:
        frame = data[data["series"].astype(str) == name].reset_index(drop=True)
        phases = result.phases[result.phases["series"].astype(str) == name].reset_index(drop=True)
        eps = result.signals[result.signals["series"].astype(str) == name]
        ext_s = ext[ext["series"].astype(str) == name] if len(ext) else ext
        verdicts.append(
            _judge_series(result, name, frame, phases, eps, ext_s, changes_from, trajectory)
        )
    return Verdict(
        tuple(verdicts),
        result.options.improvement,
        result.rule_set.name,
        result.options.chart,
        changes_from,
    )


@dataclass(frozen=True)
class _Reading:
    """The current state of one series and what it is measured from (module docstring)."""

    state: State
    level_before: float
    level_now: float
    direction: int = 0
    signal_type: str = COMMON_CAUSE
    since_x: Any = None
    since_phase: str | None = None
    points_needed: int = 0


def _judge_series(
    result: ChartResult,
    name: str,
    frame: pd.DataFrame,
    phases: pd.DataFrame,
    eps: pd.DataFrame,
    ext: pd.DataFrame,
    changes_from: Any,
    trajectory: pd.DataFrame | None,
) -> SeriesVerdict:
    opts = result.options
    useful = useful_points(frame)
    changes = phase_changes(result, phases, ext, frame)
    start = changes_from if changes_from is not None else default_changes_from(phases, frame)
    episodes = merge_episodes(eps, frame, start)
    last_useful = np.flatnonzero(useful)
    latest_idx = last_useful[-1] if len(last_useful) else len(frame) - 1
    latest = frame.iloc[latest_idx] if len(frame) else None
    centre = float(latest["centre"]) if latest is not None else math.nan
    reading = _read_state(result, frame, phases, episodes, changes, useful, centre)
    target = target_status(opts, latest, phases.iloc[-1] if len(phases) else None, reading.state)
    assurance: AssuranceState | None = None
    if target is not None and target.status in ASSURANCE_STATES:
        assurance = target.status  # narrowed to an assurance state by the test
    return SeriesVerdict(
        series=name,
        state=reading.state,
        direction=reading.direction,
        signal_type=reading.signal_type,
        level_before=reading.level_before,
        level_now=reading.level_now,
        since_x=reading.since_x,
        since_phase=reading.since_phase,
        latest_x=None if latest is None else latest["x"],
        latest_value=math.nan if latest is None else float(latest["y"]),
        centre=centre,
        lcl=float(latest["lcl"]) if latest is not None else math.nan,
        ucl=float(latest["ucl"]) if latest is not None else math.nan,
        n_useful=int(useful.sum()),
        points_needed=reading.points_needed,
        changes=tuple(changes),
        episodes_since=tuple(reversed([e for e in episodes if e.since_changes])),
        episodes_before=tuple(reversed([e for e in episodes if not e.since_changes])),
        target=target,
        trajectory=trajectory_status(opts.improvement, frame, useful, trajectory),
        variation_icon=_variation_icon(reading.signal_type, reading.direction, opts.improvement),
        assurance_icon=assurance,
    )


def _read_state(
    result: ChartResult,
    frame: pd.DataFrame,
    phases: pd.DataFrame,
    episodes: list[Episode],
    changes: list[PhaseChange],
    useful: np.ndarray,
    centre: float,
) -> _Reading:
    """The current state, in order: an ongoing special cause, a real change holding, a change
    too early to judge, too few points, no change."""
    current = str(phases["phase"].iloc[-1]) if len(phases) else ""
    last_useful = np.flatnonzero(useful)
    latest_x = frame["x"].iloc[last_useful[-1]] if len(last_useful) else None
    # ongoing: the episode reaches the latest useful point (as the MDC variation icon reads the
    # latest point); an episode that ended before it is history, listed but not the state
    ongoing = [
        e
        for e in episodes
        if e.phase == current and latest_x is not None and at_or_after(e.last_x, latest_x)
    ]
    if ongoing:
        in_current = (frame["phase"].astype(str) == current).to_numpy()
        rl = run_length(result.rule_set, int(in_current.sum()))
        trends = frozenset(r.name for r in result.rule_set.rules if r.kind == "trend")
        return _ongoing(ongoing, frame, useful, rl, centre, trends)
    last = changes[-1] if changes else None
    if last is not None and last.changed:
        return _Reading(
            "holding",
            last.before,
            last.after,
            last.direction,
            signal_type_of(last.direction, result.options.improvement),
            last.start_x,
            last.phase,
        )
    if last is not None and last.status == "too_early":
        return _Reading(
            "too_early",
            last.before,
            last.after,
            since_x=last.start_x,
            since_phase=last.phase,
            points_needed=last.points_needed,
        )
    n_useful = int(useful.sum())
    if n_useful < K.MIN_USEFUL_FOR_RUNS and not episodes:
        return _Reading(
            "too_few_points", centre, centre, points_needed=K.MIN_USEFUL_FOR_RUNS - n_useful
        )
    return _Reading("no_change", last.before if last is not None else centre, centre)


def _ongoing(
    ongoing: list[Episode],
    frame: pd.DataFrame,
    useful: np.ndarray,
    rl: int,
    centre: float,
    trends: frozenset[str],
) -> _Reading:
    """The state of an ongoing special cause: the latest directional episode (else the latest).
    A step is measured from the centre line to the mean of the episode's latest run-length
    points (its new level). An episode that is a trend (one of its rules is of kind "trend",
    ``trends``) is
    measured from its first useful value to its latest: the centre line sits in the middle of
    a steady rise, so "from the centre" would understate what the eye sees."""
    directional = [e for e in ongoing if e.signal_type in (IMPROVEMENT, CONCERN)]
    ep = (directional or ongoing)[-1]
    first_pos = position(frame)[ep.first_x]
    state: State = (
        "improving"
        if ep.signal_type == IMPROVEMENT
        else "worsening"
        if ep.signal_type == CONCERN
        else "unstable"
    )
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float)
    in_episode = np.flatnonzero(useful[first_pos:]) + first_pos
    if trends.intersection(ep.rules) and len(in_episode):
        before, now = float(y[in_episode[0]]), float(y[in_episode[-1]])
    else:
        recent = in_episode[-rl:]
        before, now = centre, float(np.mean(y[recent])) if len(recent) else math.nan
    return _Reading(state, before, now, ep.direction, ep.signal_type, ep.first_x)


def _variation_icon(signal_type: str, direction: int, improvement: str | None) -> VariationState:
    """The MDC variation icon of the verdict's state (:func:`qi.charts.assurance.variation_state`
    with the state's direction; a neutral state without a direction is drawn high). Unlike
    NHSRplotthedots, which reads only the latest point, a real change that holds in its new
    phase keeps its colour: the icon says what the verdict says."""
    return variation_state(signal_type, direction, improvement, math.nan, math.nan)
