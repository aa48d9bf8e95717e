"""The records of a verdict (:func:`qi.charts.judge.judge`): data only, no judgement.

A :class:`Verdict` holds one :class:`SeriesVerdict` per series; each carries its phase changes
(:class:`PhaseChange`), its merged special-cause episodes (:class:`Episode`), and the target
(:class:`TargetStatus`) and trajectory (:class:`TrajectoryStatus`) readings. The statuses are
typed by the vocabularies of :mod:`qi.charts.verdict_kinds`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qi.charts.verdict_kinds import (
    CHANGED,
    AssuranceState,
    ChangeStatus,
    State,
    TargetState,
    TrajectoryState,
    VariationState,
)


@dataclass(frozen=True)
class PhaseChange:
    """One phase boundary, judged against the previous phase's limits extended over it."""

    phase: str
    previous: str
    start_x: Any
    status: ChangeStatus
    direction: int  # +1 up, -1 down, 0 none
    before: float  # previous phase's centre
    after: float  # new phase's centre
    first_signal_x: Any  # first signalling point of the new phase (None without one)
    rule: str  # the rule that labelled that point ("" without one)
    n_points: int  # useful points of the new phase
    points_needed: int  # more points needed before "no change" can be said (0 when judged)
    extended_lcl: float  # previous limits at the new phase's last point (NaN for run charts)
    extended_ucl: float

    @property
    def changed(self) -> bool:
        return self.status in CHANGED


@dataclass(frozen=True)
class Episode:
    """Special cause merged across rules: one stretch of points, one signal type."""

    first_x: Any
    last_x: Any
    n_points: int
    direction: int
    signal_type: str
    rules: tuple[str, ...]
    phase: str
    since_changes: bool


@dataclass(frozen=True)
class TargetStatus:
    """The target against the limits of the current process (see :mod:`qi.charts.judge`)."""

    target: float
    status: TargetState
    lcl: float
    ucl: float
    latest: float
    latest_meets: bool | None  # None without an improvement direction
    limits_from: Any  # first x of the phase whose limits are used


@dataclass(frozen=True)
class TrajectoryStatus:
    """The latest point against the trajectory at the same period."""

    x: Any
    value: float
    expected: float
    gap: float  # value - expected; its sign is better or worse by the improvement direction
    status: TrajectoryState
    tolerance: float  # one sigma of the current process at that point (0 without limits)
    run_same_side: int  # latest consecutive points on the same side of the trajectory


@dataclass(frozen=True)
class SeriesVerdict:
    """The verdict on one series of a chart."""

    series: str
    state: State
    direction: int  # of the state: +1 up, -1 down, 0 none
    signal_type: str  # improvement / concern / neutral / common cause, of the state
    level_before: float
    level_now: float
    since_x: Any  # when the current state began (phase start or first signal); None if n/a
    since_phase: str | None  # the phase label when the state began with a phase
    latest_x: Any
    latest_value: float
    centre: float
    lcl: float
    ucl: float
    n_useful: int
    points_needed: int
    changes: tuple[PhaseChange, ...]
    episodes_since: tuple[Episode, ...]
    episodes_before: tuple[Episode, ...]
    target: TargetStatus | None
    trajectory: TrajectoryStatus | None
    variation_icon: VariationState
    assurance_icon: AssuranceState | None


@dataclass(frozen=True)
class Verdict:
    """:func:`qi.charts.judge.judge`'s result: one :class:`SeriesVerdict` per series, in the
    chart's order."""

    series: tuple[SeriesVerdict, ...]
    improvement: str | None
    rule_set: str
    chart: str
    changes_from: Any

    def __getitem__(self, name: str) -> SeriesVerdict:
        for v in self.series:
            if v.series == str(name):
                return v
        from qi.errors import unknown_name

        raise unknown_name("series", str(name), [v.series for v in self.series], field="series")

    @property
    def main(self) -> SeriesVerdict:
        """The first (usually only) series."""
        return self.series[0]

    def frame(self) -> pd.DataFrame:
        """One row per series: the scalar fields, target and trajectory status flattened."""
        rows = []
        for v in self.series:
            row = {
                f.name: getattr(v, f.name)
                for f in dataclasses.fields(v)
                if f.name
                not in ("changes", "episodes_since", "episodes_before", "target", "trajectory")
            }
            row["target_status"] = v.target.status if v.target else None
            row["trajectory_status"] = v.trajectory.status if v.trajectory else None
            row["n_changes"] = sum(c.changed for c in v.changes)
            row["n_episodes_since"] = len(v.episodes_since)
            rows.append(row)
        return pd.DataFrame(rows)
