"""Whether a new phase is a real change: the previous phase's limits extended over it.

At each phase boundary the previous phase's centre and limits (from its own baseline points)
are extended over the new phase's points and the chart's own rule set is applied to the two
phases as one stretch (:func:`extended_limits`; Provost & Murray, *The Health Care Data Guide*,
2011, ch. 5; D. M. Williams, "When can I change my centerline and limits?", 2019). A signal
among the new phase's points in one direction is a real change from the start of that phase
(:func:`phase_changes`); no signal means the data do not show that the change moved the
measure, and a phase with fewer points than the rule set's run length (:func:`run_length`)
cannot be judged yet. Method: ``docs/method/verdict.md``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.schema import CONCERN, IMPROVEMENT, NEUTRAL, SIGNAL_TYPES
from qi.charts.verdict_kinds import ChangeStatus
from qi.charts.verdict_records import PhaseChange

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.prepare import Prepared
    from qi.charts.result import ChartResult
    from qi.charts.rules.base import RuleSet

#: Columns of :func:`extended_limits`, one row per point of every new phase.
EXTENDED_COLUMNS: tuple[str, ...] = (
    "series",
    "phase",
    "previous",
    "x",
    "y",
    "centre",
    "lcl",
    "ucl",
    "signal",
    "signal_direction",
    "signal_type",
    "signal_rule",
)


def run_length(rule_set: RuleSet, n_points: int) -> int:
    """Points a shift needs under ``rule_set``: the ``shift_length`` its own runs limits give
    for a phase of ``n_points`` (``RuleSet.phase_limits``, the same numbers ``.phases`` shows:
    IHI 6, Health Care Data Guide 8, MDC 7 or the user's ``shift_length``; for Anhøj's rules
    ``round(log2(n)) + 3 + 1``, one more than the longest run allowed, Anhøj & Olesen 2014).
    A set without a shift rule: the Health Care Data Guide's 8."""
    if rule_set.phase_limits is not None:
        lengths = rule_set.phase_limits(np.array([max(n_points, 2)], dtype=float))
        shift = lengths.get("shift_length")
        if shift is not None and np.isfinite(shift[0]):
            return int(shift[0])
    return K.HCDG_SHIFT_LENGTH


def extended_limits(result: ChartResult) -> pd.DataFrame:
    """Every phase's points judged against the previous phase's centre and limits.

    For each phase boundary of each series, the previous phase's points (with its own baseline)
    and the new phase's points are taken as one stretch, the limits are estimated from the
    previous phase's baseline only (frozen, qicharts2's ``freeze``) and the rule set is applied
    over the stretch: the Health Care Data Guide's test of whether a new phase is a real change.

    Returns one row per point of every new phase: ``series``, ``phase``, ``previous``, ``x``,
    ``y``, ``centre``, ``lcl``, ``ucl`` (the extended lines), ``signal``, ``signal_direction``,
    ``signal_type``, ``signal_rule`` (:data:`EXTENDED_COLUMNS`). Empty when no series has more
    than one phase.
    """
    from qi.charts.api import apply_rules, chart_limits
    from qi.charts.limits import scaled

    prep = result.prepared
    cols = list(EXTENDED_COLUMNS)
    if prep is None or prep.n_segments < 2:
        return pd.DataFrame(columns=cols)
    pairs = [
        (s - 1, s)
        for s in range(1, prep.n_segments)
        if prep.seg_series[s] == prep.seg_series[s - 1]
    ]
    if not pairs:
        return pd.DataFrame(columns=cols)
    merged, old_seg, prev_of = _paired_stretches(prep, pairs)
    opts = result.options
    lim = chart_limits(merged, opts, result.rule_set)  # the chart's own step 3, on the stretch
    applied = apply_rules(merged, lim, result.rule_set, opts)
    lim = scaled(lim, opts.multiply, opts.chart)  # shown in the frame's units, as chart() does
    new_points = old_seg != prev_of
    rule_names = np.array(["", *result.rule_set.rule_names], dtype=object)
    phase_labels = np.asarray(prep.phase_labels, dtype=object)
    out = pd.DataFrame(
        {
            "series": np.asarray(prep.series_labels, dtype=object)[merged.series],
            "phase": phase_labels[merged.phase],
            "previous": phase_labels[prep.seg_phase[prev_of]],
            "x": merged.x_shown,
            "y": lim.y,
            "centre": lim.centre,
            "lcl": lim.lcl,
            "ucl": lim.ucl,
            "signal": np.asarray(applied.signal, dtype=bool),
            "signal_direction": np.asarray(applied.signal_direction, dtype=np.int8),
            "signal_type": np.asarray(SIGNAL_TYPES, dtype=object)[
                np.asarray(applied.signal_type, dtype=np.int64)
            ],
            "signal_rule": rule_names[np.asarray(applied.signal_rule, dtype=np.int64)],
        }
    )
    judged: pd.DataFrame = out[new_points].reset_index(drop=True)
    return judged


def _paired_stretches(
    prep: Prepared, pairs: list[tuple[int, int]]
) -> tuple[Prepared, np.ndarray, np.ndarray]:
    """The prepared data re-cut into one segment per (previous, new) pair of phases, the
    baseline kept only in the previous phase; with each point's original segment and the
    previous segment of its pair."""
    ends = np.append(prep.seg_start[1:], prep.n_points)
    idx = np.concatenate([np.arange(prep.seg_start[a], ends[b]) for a, b in pairs])
    new_seg = np.concatenate(
        [np.full(ends[b] - prep.seg_start[a], k) for k, (a, b) in enumerate(pairs)]
    )
    n_all = prep.n_points
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(prep):
        value = getattr(prep, f.name)
        if isinstance(value, np.ndarray) and value.shape[:1] == (n_all,):
            changes[f.name] = value[idx]
    old_seg = prep.segment[idx]
    prev_of = np.array([a for a, _ in pairs])[new_seg]
    changes["segment"] = new_seg.astype(np.int64)
    changes["baseline"] = prep.baseline[idx] & (old_seg == prev_of)
    starts = np.flatnonzero(np.r_[True, new_seg[1:] != new_seg[:-1]])
    changes["seg_start"] = starts.astype(np.int64)
    changes["seg_series"] = prep.seg_series[[b for _, b in pairs]]
    changes["seg_phase"] = prep.seg_phase[[b for _, b in pairs]]
    return dataclasses.replace(prep, **changes), old_seg, prev_of


def useful_points(frame: pd.DataFrame) -> np.ndarray:
    """True where a point has a value and is included in the limits."""
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float)
    return np.asarray(np.isfinite(y) & frame["included"].to_numpy(dtype=bool))


def signal_type_of(direction: int, improvement: str | None) -> str:
    """The signal type of a move in ``direction`` under the improvement direction."""
    if direction == 0 or improvement is None:
        return NEUTRAL
    better = 1 if improvement == "up" else -1
    return IMPROVEMENT if direction == better else CONCERN


def phase_changes(
    result: ChartResult, phases: pd.DataFrame, ext: pd.DataFrame, frame: pd.DataFrame
) -> list[PhaseChange]:
    """Each phase boundary of one series judged on :func:`extended_limits`' rows ``ext``."""
    out = []
    improvement = result.options.improvement
    useful = useful_points(frame)
    for i in range(1, len(phases)):
        new, old = phases.iloc[i], phases.iloc[i - 1]
        label = str(new["phase"])
        pts = ext[ext["phase"].astype(str) == label]
        in_phase = (frame["phase"].astype(str) == label).to_numpy()
        n_useful = int((useful & in_phase).sum())
        before, after = float(old["centre"]), float(new["centre"])
        directional = pts[pts["signal"] & (pts["signal_direction"] != 0)]
        rl = run_length(result.rule_set, n_useful + int(old["n_obs"]))
        status: ChangeStatus
        if len(directional):
            shift = int(np.sign(after - before)) if math.isfinite(after - before) else 0
            same = directional[directional["signal_direction"] == shift]
            first = (same if len(same) else directional).iloc[0]
            direction = int(first["signal_direction"])
            t = signal_type_of(direction, improvement)
            status = "improvement" if t == IMPROVEMENT else "concern" if t == CONCERN else "neutral"
        else:  # a pattern without a side (e.g. stratification) says nothing about a level
            first, direction = None, 0
            status = "too_early" if n_useful < rl else "no_change"
        last = pts.iloc[-1] if len(pts) else None
        out.append(
            PhaseChange(
                phase=label,
                previous=str(old["phase"]),
                start_x=new["first_x"],
                status=status,
                direction=direction,
                before=before,
                after=after,
                first_signal_x=None if first is None else first["x"],
                rule="" if first is None else str(first["signal_rule"]),
                n_points=n_useful,
                points_needed=max(rl - n_useful, 0) if status == "too_early" else 0,
                extended_lcl=math.nan if last is None else float(last["lcl"]),
                extended_ucl=math.nan if last is None else float(last["ucl"]),
            )
        )
    return out
