"""The target and the trajectory of one series against its current process, for the verdict.

- **Target**: the MDC assurance reading (:func:`qi.charts.assurance.assurance_state`,
  NHSRplotthedots ``ptd_calculate_assurance_type``) is given only while the latest phase's
  limits still describe the process; with an ongoing signal the process has moved since the
  limits were set, and the status says so (``process_changed``) and predicts nothing.
- **Trajectory**: the latest point against the trajectory's value at the same period (linear
  between the trajectory's points): ahead, on, or behind. "On" means within one sigma of the
  current process at that point (``(ucl - centre) / K.SIGMA_LIMITS``), the point-to-point
  variation the process shows by itself, so a gap that small cannot be told from noise.

Method: ``docs/method/verdict.md``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.assurance import assurance_state
from qi.charts.verdict_kinds import ONGOING, State, TargetState, TrajectoryState
from qi.charts.verdict_records import TargetStatus, TrajectoryStatus


def target_status(
    opts: Any, latest: pd.Series | None, phase: pd.Series | None, state: State
) -> TargetStatus | None:
    """The target against the latest point's limits; None without a target or a point."""
    if opts.target is None or latest is None:
        return None
    t = float(opts.target)
    value = float(latest["y"])
    lcl, ucl = float(latest["lcl"]), float(latest["ucl"])
    meets = None
    if opts.improvement in ("up", "down") and math.isfinite(value):
        meets = value >= t if opts.improvement == "up" else value <= t
    limits_from = None if phase is None else phase["first_x"]
    status: TargetState
    if opts.improvement not in ("up", "down"):
        status = "not_judged"
    elif not (math.isfinite(lcl) or math.isfinite(ucl)):
        status = "no_limits"
    elif state in ONGOING:
        status = "process_changed"
    else:  # a target that is not finite is refused by chart()'s validation
        status = assurance_state(t, lcl, ucl, opts.improvement) or "hit_and_miss"
    return TargetStatus(t, status, lcl, ucl, value, meets, limits_from)


def trajectory_status(
    improvement: str | None,
    frame: pd.DataFrame,
    useful: np.ndarray,
    trajectory: pd.DataFrame | None,
) -> TrajectoryStatus | None:
    """The latest useful point against the trajectory (columns ``x``, ``y``) at its period;
    None without a trajectory or when the latest point is outside the trajectory's span."""
    if trajectory is None or len(trajectory) == 0 or not useful.any():
        return None
    tx = _as_number(trajectory["x"])
    order = np.argsort(tx)
    tx, ty = tx[order], trajectory["y"].to_numpy(dtype=float)[order]
    fx = _as_number(frame["x"])
    inside = useful & (fx >= tx[0]) & (fx <= tx[-1])
    if not inside.any():
        return None
    expected = np.interp(fx, tx, ty)
    i = int(np.flatnonzero(useful)[-1])
    if not inside[i]:
        return None
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float)
    gap = float(y[i] - expected[i])
    ucl, centre = float(frame["ucl"].iloc[i]), float(frame["centre"].iloc[i])
    tol = (ucl - centre) / K.SIGMA_LIMITS if math.isfinite(ucl - centre) else 0.0
    better = 1 if improvement != "down" else -1
    status: TrajectoryState = (
        "on" if abs(gap) <= tol else ("ahead" if gap * better > 0 else "behind")
    )
    side = np.sign(y - expected)
    run = 0
    for j in reversed(np.flatnonzero(inside)):
        if side[j] != side[i] or side[i] == 0:
            break
        run += 1
    return TrajectoryStatus(
        frame["x"].iloc[i], float(y[i]), float(expected[i]), gap, status, tol, run
    )


def _as_number(values: Any) -> np.ndarray:
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
