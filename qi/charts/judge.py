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
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL, SIGNAL_TYPES

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult
    from qi.charts.rules.base import RuleSet

State = Literal["improving", "worsening", "unstable", "holding", "no_change", "too_early", "too_few_points"]
ChangeStatus = Literal["improvement", "concern", "neutral", "no_change", "too_early"]
TargetState = Literal["pass", "fail", "hit_and_miss", "process_changed", "no_limits", "not_judged"]
TrajectoryState = Literal["ahead", "on", "behind"]

#: The states of :attr:`SeriesVerdict.state`, in the order the docs list them.
STATES: tuple[str, ...] = (
    "improving", "worsening", "unstable", "holding", "no_change", "too_early", "too_few_points",
)

#: Run length of each rule set: the points a shift needs (constants cite the sources). A phase
#: with fewer points and no signal is "too early to tell".
_RUN_LENGTHS: dict[str, int] = {
    "ihi": K.IHI_SHIFT_LENGTH,
    "hcdg": K.HCDG_SHIFT_LENGTH,
    "western_electric": K.WESTERN_ELECTRIC_SHIFT_LENGTH,
    "nelson": K.NELSON_SHIFT_LENGTH,
    "mdc": K.MDC_RUN_LENGTH,
}


def run_length(rule_set: RuleSet, n_points: int) -> int:
    """Points a shift needs under ``rule_set``: its ``shift_length``/``run_length`` parameter,
    the constant of a named set, or for Anhøj's rules the longest-run limit
    ``round(log2(n) + 3)`` at ``n_points`` (Anhøj & Olesen 2014). Unknown sets: the Health Care
    Data Guide's 8."""
    for key in ("shift_length", "run_length"):
        if key in rule_set.params:
            return int(rule_set.params[key])  # type: ignore[call-overload]
    if rule_set.name.startswith("anhoej"):
        return int(round(math.log2(max(n_points, 2)) + K.ANHOEJ_LONGEST_RUN_OFFSET))
    base = rule_set.name.removesuffix("_exact")
    return _RUN_LENGTHS.get(base, K.HCDG_SHIFT_LENGTH)


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
        return self.status in ("improvement", "concern", "neutral")


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
    """The target against the limits of the current process (see the module docstring)."""

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
    variation_icon: str
    assurance_icon: str | None


@dataclass(frozen=True)
class Verdict:
    """:func:`judge`'s result: one :class:`SeriesVerdict` per series, in the chart's order."""

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
            row = {f.name: getattr(v, f.name) for f in dataclasses.fields(v)
                   if f.name not in ("changes", "episodes_since", "episodes_before", "target", "trajectory")}
            row["target_status"] = v.target.status if v.target else None
            row["trajectory_status"] = v.trajectory.status if v.trajectory else None
            row["n_changes"] = sum(c.changed for c in v.changes)
            row["n_episodes_since"] = len(v.episodes_since)
            rows.append(row)
        return pd.DataFrame(rows)


# --- the previous phase's limits extended over the next -------------------------------------


def extended_limits(result: ChartResult) -> pd.DataFrame:
    """Every phase's points judged against the previous phase's centre and limits.

    For each phase boundary of each series, the previous phase's points (with its own baseline)
    and the new phase's points are taken as one stretch, the limits are estimated from the
    previous phase's baseline only (frozen, qicharts2's ``freeze``) and the rule set is applied
    over the stretch: the Health Care Data Guide's test of whether a new phase is a real change.

    Returns one row per point of every new phase: ``series``, ``phase``, ``previous``, ``x``,
    ``y``, ``centre``, ``lcl``, ``ucl`` (the extended lines), ``signal``, ``signal_direction``,
    ``signal_type``, ``signal_rule``. Empty when no series has more than one phase.
    """
    from qi.charts.api import apply_rules, chart_limits
    from qi.charts.limits import scaled

    prep = result.prepared
    cols = ["series", "phase", "previous", "x", "y", "centre", "lcl", "ucl", "signal",
            "signal_direction", "signal_type", "signal_rule"]
    if prep is None or prep.n_segments < 2:
        return pd.DataFrame(columns=cols)
    ends = np.append(prep.seg_start[1:], prep.n_points)
    pairs = [(s - 1, s) for s in range(1, prep.n_segments) if prep.seg_series[s] == prep.seg_series[s - 1]]
    if not pairs:
        return pd.DataFrame(columns=cols)
    idx = np.concatenate([np.arange(prep.seg_start[a], ends[b]) for a, b in pairs])
    new_seg = np.concatenate([np.full(ends[b] - prep.seg_start[a], k) for k, (a, b) in enumerate(pairs)])
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
    merged = dataclasses.replace(prep, **changes)
    opts = result.options
    lim = chart_limits(merged, opts, result.rule_set)  # the chart's own step 3, on the stretch
    applied = apply_rules(merged, lim, result.rule_set, opts)
    lim = scaled(lim, opts.multiply, opts.chart)  # shown in the frame's units, as chart() does
    new_points = old_seg != prev_of
    rule_names = np.array(["", *result.rule_set.rule_names], dtype=object)
    phase_labels = np.asarray(prep.phase_labels, dtype=object)
    out = pd.DataFrame({
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
        "signal_type": np.asarray(SIGNAL_TYPES, dtype=object)[np.asarray(applied.signal_type, dtype=np.int64)],
        "signal_rule": rule_names[np.asarray(applied.signal_rule, dtype=np.int64)],
    })
    return out[new_points].reset_index(drop=True)


# --- judging -------------------------------------------------------------------------------


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
        verdicts.append(_judge_series(result, name, frame, phases, eps, ext_s, changes_from, trajectory))
    return Verdict(tuple(verdicts), result.options.improvement, result.rule_set.name,
                   result.options.chart, changes_from)


def _useful(frame: pd.DataFrame) -> np.ndarray:
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float)
    return np.isfinite(y) & frame["included"].to_numpy(dtype=bool)


def _signal_type(direction: int, improvement: str | None) -> str:
    if direction == 0 or improvement is None:
        return NEUTRAL
    better = 1 if improvement == "up" else -1
    return IMPROVEMENT if direction == better else CONCERN


def _changes(result: ChartResult, phases: pd.DataFrame, ext: pd.DataFrame, frame: pd.DataFrame) -> list[PhaseChange]:
    out = []
    improvement = result.options.improvement
    useful = _useful(frame)
    for i in range(1, len(phases)):
        new, old = phases.iloc[i], phases.iloc[i - 1]
        label = str(new["phase"])
        pts = ext[ext["phase"].astype(str) == label]
        in_phase = (frame["phase"].astype(str) == label).to_numpy()
        n_useful = int((useful & in_phase).sum())
        before, after = float(old["centre"]), float(new["centre"])
        directional = pts[pts["signal"] & (pts["signal_direction"] != 0)]
        rl = run_length(result.rule_set, n_useful + int(old["n_obs"]))
        if len(directional):
            shift = int(np.sign(after - before)) if math.isfinite(after - before) else 0
            same = directional[directional["signal_direction"] == shift]
            first = (same if len(same) else directional).iloc[0]
            direction = int(first["signal_direction"])
            t = _signal_type(direction, improvement)
            status: ChangeStatus = "improvement" if t == IMPROVEMENT else "concern" if t == CONCERN else "neutral"
        else:  # a pattern without a side (e.g. stratification) says nothing about a level
            first, direction = None, 0
            status = "too_early" if n_useful < rl else "no_change"
        last = pts.iloc[-1] if len(pts) else None
        out.append(PhaseChange(
            phase=label, previous=str(old["phase"]), start_x=new["first_x"], status=status,
            direction=direction, before=before, after=after,
            first_signal_x=None if first is None else first["x"],
            rule="" if first is None else str(first["signal_rule"]),
            n_points=n_useful, points_needed=max(rl - n_useful, 0) if status == "too_early" else 0,
            extended_lcl=math.nan if last is None else float(last["lcl"]),
            extended_ucl=math.nan if last is None else float(last["ucl"]),
        ))
    return out


def _position(frame: pd.DataFrame) -> dict[Any, int]:
    return {x: i for i, x in enumerate(frame["x"].tolist())}


def _merge_episodes(eps: pd.DataFrame, frame: pd.DataFrame, changes_from: Any) -> list[Episode]:
    """Rule episodes that overlap or touch, with one signal type, become one episode."""
    if eps.empty:
        return []
    pos = _position(frame)
    rows = sorted(
        # pandas-stubs types a named tuple's fields as any scalar (str, bytes, None...): hence the ignore
        ((pos[e.first_x], pos[e.last_x], int(e.direction), str(e.signal_type), str(e.rule), str(e.phase))  # type: ignore[arg-type]
         for e in eps.itertuples(index=False)),
        key=lambda r: (r[0], r[1]),
    )
    merged: list[list[Any]] = []
    for start, end, direction, stype, rule, phase in rows:
        last = merged[-1] if merged else None
        if last is not None and last[3] == stype and last[2] == direction and start <= last[1] + 1:
            last[1] = max(last[1], end)
            if rule not in last[4]:
                last[4].append(rule)
        else:
            merged.append([start, end, direction, stype, [rule], phase])
    xs = frame["x"].tolist()
    useful = _useful(frame)
    out = []
    for start, end, direction, stype, rules, phase in merged:
        first_x = xs[start]
        since = changes_from is None or _ge(first_x, changes_from)  # began with the changes
        out.append(Episode(first_x, xs[end], int(useful[start:end + 1].sum()), direction, stype,
                           tuple(rules), phase, bool(since)))
    return out


def _ge(a: Any, b: Any) -> bool:
    try:
        return bool(pd.Timestamp(a) >= pd.Timestamp(b)) if isinstance(a, pd.Timestamp | np.datetime64) else bool(a >= b)
    except (TypeError, ValueError):
        return False


def _default_changes_from(phases: pd.DataFrame, frame: pd.DataFrame) -> Any:
    if len(phases) > 1:
        return phases["first_x"].iloc[1]
    base = frame["baseline"].to_numpy(dtype=bool)
    if len(base) and not base.all():
        return frame["x"].iloc[int(np.argmin(base))]
    return None


def _judge_series(
    result: ChartResult, name: str, frame: pd.DataFrame, phases: pd.DataFrame, eps: pd.DataFrame,
    ext: pd.DataFrame, changes_from: Any, trajectory: pd.DataFrame | None,
) -> SeriesVerdict:
    opts = result.options
    useful = _useful(frame)
    n_useful = int(useful.sum())
    changes = _changes(result, phases, ext, frame)
    start = changes_from if changes_from is not None else _default_changes_from(phases, frame)
    episodes = _merge_episodes(eps, frame, start)
    since = tuple(reversed([e for e in episodes if e.since_changes]))
    before = tuple(reversed([e for e in episodes if not e.since_changes]))
    current = str(phases["phase"].iloc[-1]) if len(phases) else ""
    in_current = (frame["phase"].astype(str) == current).to_numpy()
    rl = run_length(result.rule_set, int(in_current.sum()))
    last_useful = np.flatnonzero(useful)
    latest_x = frame["x"].iloc[last_useful[-1]] if len(last_useful) else None
    # ongoing: the episode reaches the latest useful point (as the MDC variation icon reads the
    # latest point); an episode that ended before it is history, listed but not the state
    ongoing = [e for e in episodes if e.phase == current and latest_x is not None and _ge(e.last_x, latest_x)]
    ongoing_directional = [e for e in ongoing if e.signal_type in (IMPROVEMENT, CONCERN)]
    latest_idx = last_useful[-1] if len(last_useful) else len(frame) - 1
    latest = frame.iloc[latest_idx] if len(frame) else None
    cur_phase = phases.iloc[-1] if len(phases) else None
    centre = float(latest["centre"]) if latest is not None else math.nan
    lcl = float(latest["lcl"]) if latest is not None else math.nan
    ucl = float(latest["ucl"]) if latest is not None else math.nan
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float)
    last_change = changes[-1] if changes else None

    state: State
    direction, stype, since_x, since_phase = 0, COMMON_CAUSE, None, None
    level_before, level_now = centre, centre
    points_needed = 0
    if ongoing:
        ep = (ongoing_directional or ongoing)[-1]
        first_pos = _position(frame)[ep.first_x]
        direction, stype, since_x = ep.direction, ep.signal_type, ep.first_x
        state = "improving" if stype == IMPROVEMENT else "worsening" if stype == CONCERN else "unstable"
        level_before = centre
        # the level now: the mean of the episode's latest run-length points (a step's new
        # level; near the latest value for a trend)
        recent = np.flatnonzero(useful[first_pos:])[-rl:] + first_pos
        level_now = float(np.mean(y[recent])) if len(recent) else math.nan
    elif last_change is not None and last_change.changed:
        state = "holding"
        direction, since_x, since_phase = last_change.direction, last_change.start_x, last_change.phase
        stype = _signal_type(direction, opts.improvement)
        level_before, level_now = last_change.before, last_change.after
    elif last_change is not None and last_change.status == "too_early":
        state, points_needed = "too_early", last_change.points_needed
        since_x, since_phase = last_change.start_x, last_change.phase
        level_before, level_now = last_change.before, last_change.after
    elif n_useful < K.MIN_USEFUL_FOR_RUNS and not episodes:
        state, points_needed = "too_few_points", K.MIN_USEFUL_FOR_RUNS - n_useful
    else:
        state = "no_change"
        if last_change is not None:
            level_before = last_change.before
    target = _target(opts, latest, cur_phase, state)
    traj = _trajectory(opts.improvement, frame, useful, trajectory)
    return SeriesVerdict(
        series=name, state=state, direction=direction, signal_type=stype,
        level_before=level_before, level_now=level_now, since_x=since_x, since_phase=since_phase,
        latest_x=None if latest is None else latest["x"],
        latest_value=math.nan if latest is None else float(latest["y"]),
        centre=centre, lcl=lcl, ucl=ucl, n_useful=n_useful, points_needed=points_needed,
        changes=tuple(changes), episodes_since=since, episodes_before=before,
        target=target, trajectory=traj,
        variation_icon=_variation_icon(stype, direction, opts.improvement),
        assurance_icon=target.status if target and target.status in ("pass", "fail", "hit_and_miss") else None,
    )


def _variation_icon(signal_type: str, direction: int, improvement: str | None) -> str:
    """The MDC variation icon of the verdict's state. Unlike NHSRplotthedots, which reads only
    the latest point, a real change that holds in its new phase keeps its colour: the icon
    says what the verdict says."""
    if signal_type == IMPROVEMENT:
        return "improvement_low" if improvement == "down" else "improvement_high"
    if signal_type == CONCERN:
        return "concern_high" if improvement == "down" else "concern_low"
    if signal_type == NEUTRAL:
        return "neutral_low" if direction < 0 else "neutral_high"
    return "common_cause"


def _target(opts: Any, latest: pd.Series | None, phase: pd.Series | None, state: str) -> TargetStatus | None:
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
    elif state in ("improving", "worsening", "unstable"):
        status = "process_changed"
    else:
        above, below = t > ucl, t < lcl  # strict, NaN compares False (NHSRplotthedots)
        if opts.improvement == "up":
            status = "fail" if above else ("pass" if below else "hit_and_miss")
        else:
            status = "pass" if above else ("fail" if below else "hit_and_miss")
    return TargetStatus(t, status, lcl, ucl, value, meets, limits_from)


def _trajectory(
    improvement: str | None, frame: pd.DataFrame, useful: np.ndarray, trajectory: pd.DataFrame | None
) -> TrajectoryStatus | None:
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
    status: TrajectoryState = "on" if abs(gap) <= tol else ("ahead" if gap * better > 0 else "behind")
    side = np.sign(y - expected)
    run = 0
    for j in reversed(np.flatnonzero(inside)):
        if side[j] != side[i] or side[i] == 0:
            break
        run += 1
    return TrajectoryStatus(frame["x"].iloc[i], float(y[i]), float(expected[i]), gap, status, tol, run)


def _as_number(values: Any) -> np.ndarray:
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
