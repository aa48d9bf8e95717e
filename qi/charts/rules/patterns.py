"""Pattern detectors shared by the rule sets: pure, vectorised functions on a RuleInput.

Each returns a :class:`~qi.charts.rules.base.RuleOutput` whose ``flag`` marks every point of
every pattern and whose ``extent`` spans each pattern from its first to its last flagged point.

Conventions, pinned by ``tests/rules``:

- "Beyond" a line is strict (``y > ucl_2s``), as "outside the limits" is strict in qicharts2
  (``y > ucl | y < lcl``) and NHSRplotthedots; "within" 1 sigma is its complement
  (``lcl_1s <= y <= ucl_1s``), so a point on a 1-sigma line is within, never beyond.
- A missing y or a NaN line is never beyond and never within.
- ``missing="skip"``: missing and excluded points are left out; a pattern continues across
  them (qicharts2 and Perla et al. drop them before counting). ``missing="break"``: they
  interrupt every pattern (NHSRplotthedots).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from qi.charts.kinds import SkipOrBreak
from qi.charts.rules.base import RuleInput, RuleOutput
from qi.charts.rules.runs import (
    cover,
    find_runs,
    paint,
    segment_index,
    segment_starts,
    useful_signs,
)
from qi.charts.rules.thresholds import runs_limits_array

Missing = SkipOrBreak


def _valid(inp: RuleInput) -> np.ndarray:
    """Points a pattern may use: included and not missing."""
    return np.asarray(np.asarray(inp.included, dtype=bool) & np.isfinite(inp.y))


def _none(n: int) -> RuleOutput:
    return RuleOutput(flag=np.zeros(n, dtype=bool), direction=np.zeros(n, dtype=np.int8))


def _gt(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.asarray(a > b, dtype=bool)


def _lt(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.asarray(a < b, dtype=bool)


def _output(
    flag: np.ndarray, up: np.ndarray | None, extent: np.ndarray | None = None
) -> RuleOutput:
    """A RuleOutput with direction +1 where ``up``, -1 elsewhere on flagged points (0 if up is None)."""
    direction = np.zeros(flag.shape[0], dtype=np.int8)
    if up is not None:
        direction[flag & up] = 1
        direction[flag & ~up] = -1
    return RuleOutput(flag=flag, direction=direction, extent=extent)


# --- single points ---------------------------------------------------------------------------


def beyond_limits(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> RuleOutput:
    """Points strictly above ``upper`` (+1) or below ``lower`` (-1); every point, excluded or not.

    qicharts2 ``sigma.signal = y > ucl | y < lcl`` is computed for excluded points too
    (qicharts2-method.md §1 step 9); a missing y or limit never flags.
    """
    above = _gt(y, upper)
    below = _lt(y, lower)
    return _output(above | below, above)


def outside(inp: RuleInput) -> RuleOutput:
    """Beyond the 3-sigma limits ``lcl``/``ucl``, strict (the Shewhart rule 1 of every set)."""
    return beyond_limits(inp.y, inp.lcl, inp.ucl)


# --- runs on one side of the centre line ------------------------------------------------------


def shift_skip(
    inp: RuleInput, min_length: int | np.ndarray, *, longer_than: bool = False
) -> RuleOutput:
    """Runs of points on one side of the centre line, skipping points ON the line.

    Points exactly on the centre line, missing and excluded points neither break nor extend a run
    (Perla et al. 2011; Anhøj; qicharts2). A run of ``length >= min_length`` is flagged (``>``
    when ``longer_than``, as Anhøj's "longer than the limit"). ``min_length`` may be an array
    with one value per segment position (dense 0..S-1 order).
    """
    n = inp.y.shape[0]
    pos, _ = segment_index(inp.segment)
    side, useful = useful_signs(inp.y, inp.centre, inp.included)
    runs = find_runs(side, pos, keep=useful)
    limit = np.asarray(min_length)
    lim = limit[runs.segment] if limit.ndim else limit
    long = runs.length > lim if longer_than else runs.length >= lim
    extent = cover(runs.start[long], runs.end[long], n)
    flag = extent & useful
    return _output(flag, side > 0, extent)


def shift_break(inp: RuleInput, min_length: int) -> RuleOutput:
    """Runs of consecutive points on one side of the centre line, broken by anything else.

    NHSRplotthedots ``ptd_seven_point_one_side_mean``: a point exactly on the centre line breaks
    the run, and so does a missing value (qi: and an excluded point).
    """
    n = inp.y.shape[0]
    side, useful = useful_signs(inp.y, inp.centre, inp.included)
    key = np.where(useful, side, 0).astype(np.int8)
    runs = find_runs(key, inp.segment)
    long = (runs.key != 0) & (runs.length >= min_length)
    extent = cover(runs.start[long], runs.end[long], n)
    return _output(extent, side > 0, extent)


# --- trends ----------------------------------------------------------------------------------


def _steps(yc: np.ndarray, first_in_segment: np.ndarray) -> np.ndarray:
    """Sign of each step between consecutive points; 0 across a segment boundary or a NaN."""
    with np.errstate(invalid="ignore"):
        d = np.diff(yc)
    step = np.zeros(d.shape[0], dtype=np.int8)
    ok = np.isfinite(d) & ~first_in_segment[1:]
    step[ok] = np.sign(d[ok]).astype(np.int8)
    return step


def trend(
    inp: RuleInput,
    min_length: int,
    *,
    ties: SkipOrBreak = "skip",
    missing: Missing = "skip",
) -> RuleOutput:
    """``min_length`` or more points all rising or all falling (counted in points, not steps).

    ``ties="skip"``: equal neighbours count once; a tie neither makes nor breaks a trend (Perla
    et al. 2011; Health Care Data Guide). ``ties="break"``: an equal neighbour ends it
    (NHSRplotthedots; Nelson's "steadily increasing"). With ties skipped, the repeats of a
    trend's values (at its start, inside or at its end) are flagged with it. A point shared by a rising and a falling trend (a peak or a
    trough) takes the direction of the later trend, as NHSRplotthedots labels a peak.
    """
    n = inp.y.shape[0]
    valid = _valid(inp)
    y = np.where(valid, inp.y, np.nan)
    idx = np.flatnonzero(valid) if missing == "skip" else np.arange(n)
    if idx.shape[0] < 2:
        return _none(n)
    yv = y[idx]
    first = segment_starts(np.asarray(inp.segment)[idx])
    if ties == "skip":
        # keep the first point of each group of equal consecutive values
        distinct = first.copy()
        distinct[1:] |= yv[1:] != yv[:-1]
        cpos = np.flatnonzero(distinct)
        # the last member of each tie group, in positions of idx
        group_last = np.empty_like(cpos)
        group_last[:-1] = cpos[1:] - 1
        group_last[-1] = idx.shape[0] - 1
    else:
        cpos = np.arange(idx.shape[0])
        group_last = cpos
    step = _steps(yv[cpos], first[cpos])
    if step.shape[0] == 0:
        return _none(n)
    runs = find_runs(step, np.zeros(step.shape[0], dtype=np.int8))
    sel = (runs.key != 0) & (runs.length + 1 >= min_length)
    # steps j0..j1 join compressed points j0..j1+1
    start = idx[cpos[runs.start[sel]]]
    end = idx[group_last[runs.end[sel] + 1]]
    covered, painted = paint(start, end, runs.key[sel].astype(np.int8), n)
    flag = covered & valid
    direction = np.where(flag, painted, 0).astype(np.int8)
    return RuleOutput(flag=flag, direction=direction, extent=covered)


def alternating(inp: RuleInput, min_length: int) -> RuleOutput:
    """``min_length`` or more points in a row alternating up and down (Nelson 1984, test 4).

    Missing and excluded points are skipped; an equal neighbour (neither up nor down) ends the
    alternation. Direction 0: the pattern has no side.
    """
    n = inp.y.shape[0]
    valid = _valid(inp)
    idx = np.flatnonzero(valid)
    if idx.shape[0] < 3:
        return _none(n)
    first = segment_starts(np.asarray(inp.segment)[idx])
    step = _steps(inp.y[idx], first)
    alt = (step[:-1] * step[1:]) == -1  # pair of steps j, j+1 going opposite ways
    runs = find_runs(alt.astype(np.int8), np.zeros(alt.shape[0], dtype=np.int8))
    sel = (runs.key == 1) & (runs.length + 2 >= min_length)
    # pairs j0..j1 use steps j0..j1+1, i.e. points j0..j1+2
    extent = cover(idx[runs.start[sel]], idx[runs.end[sel] + 2], n)
    return _output(extent & valid, None, extent)


# --- zones -----------------------------------------------------------------------------------


def k_of_m_hits(
    hit: np.ndarray,
    keep: np.ndarray,
    segment: np.ndarray,
    k: int,
    m: int,
    good: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Flag and extent of every window of ``m`` consecutive kept points holding >= ``k`` hits.

    Parameters
    ----------
    hit:
        Boolean: the points that count (a subset of ``keep``).
    keep:
        Boolean: the points windows are made of; the others are skipped (missing and excluded
        points under ``missing="skip"``; every point under ``missing="break"``).
    segment:
        Non-decreasing segment ids; a window never crosses a boundary.
    k, m:
        At least ``k`` (>= 2) hits in ``m`` consecutive kept points.
    good:
        Optional boolean: a window also needs every one of its points ``good`` (NHSRplotthedots:
        all three strictly on the same side of the mean).

    Returns
    -------
    (flag, extent):
        The hits inside a qualifying window, and the union of each qualifying window's first-to-
        last-hit span.

    Notes
    -----
    Works from the hits alone (they are usually few) instead of sliding over every point: ``k``
    consecutive hits of one segment lie in a common window exactly when they span at most
    ``m - 1`` kept positions and the segment has at least ``m`` kept points; with ``good``, the
    (at most ``m``) candidate windows around them are checked with a cumulative sum. With
    ``k >= 2`` consecutive k-groups of a window share hits, so their spans join up into the
    window's span. ``tests/rules`` pins this against a sliding-window reference.
    """
    if k < 2:
        raise ValueError(f"k must be >= 2, got {k}")
    n = hit.shape[0]
    none = np.zeros(n, dtype=bool)
    hi = np.flatnonzero(hit)
    if hi.shape[0] < k:
        return none, none.copy()
    rank = np.cumsum(keep) - 1  # position of each kept point among the kept points
    seg_pos, ids = segment_index(segment)
    kept = np.bincount(seg_pos[keep], minlength=ids.shape[0])
    seg_first = np.cumsum(kept) - kept  # rank of the first kept point of each segment
    hp = rank[hi]
    hs = seg_pos[hi]
    a = np.arange(hi.shape[0] - k + 1)
    b = a + (k - 1)
    ok = (hp[b] - hp[a] <= m - 1) & (hs[a] == hs[b]) & (kept[hs[a]] >= m)
    if good is not None and ok.any():
        sel = np.flatnonzero(ok)
        seg = hs[a[sel]]
        lo = np.maximum(hp[b[sel]] - (m - 1), seg_first[seg])  # candidate window starts
        up = np.minimum(hp[a[sel]], seg_first[seg] + kept[seg] - m)
        count = up - lo + 1
        group = np.repeat(np.arange(sel.shape[0]), count)
        offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        starts = np.repeat(lo, count) + offset
        cs = np.concatenate(([0], np.cumsum(np.asarray(good, dtype=bool)[keep])))
        window_ok = (cs[starts + m] - cs[starts]) == m
        ok[sel] = np.bincount(group, weights=window_ok, minlength=sel.shape[0]) > 0
    extent = cover(hi[a[ok]], hi[b[ok]], n)
    return extent & hit, extent


def k_of_m_beyond(
    inp: RuleInput,
    k: int,
    m: int,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    missing: Missing = "skip",
    exclude_outside: bool = False,
    all_same_side: bool = False,
) -> RuleOutput:
    """``k`` of ``m`` consecutive points beyond a zone line on the same side.

    Only the points beyond the line are flagged (the others in the window are in the extent).
    Counted separately above ``upper`` (+1) and below ``lower`` (-1), so the k points are on the
    same side. ``exclude_outside``: a point beyond the 3-sigma limits does not count
    (NHSRplotthedots "close to limits"). ``all_same_side``: every point of the window, not only
    the k, must be strictly on that side of the centre line (NHSRplotthedots, issue #143).
    """
    n = inp.y.shape[0]
    valid = _valid(inp)
    keep = valid if missing == "skip" else np.ones(n, dtype=bool)
    up_hit = valid & _gt(inp.y, upper)
    lo_hit = valid & _lt(inp.y, lower)
    if exclude_outside:
        out = _gt(inp.y, inp.ucl) | _lt(inp.y, inp.lcl)
        up_hit &= ~out
        lo_hit &= ~out
    if all_same_side:
        side, useful = useful_signs(inp.y, inp.centre, inp.included)
    up_flag, up_ext = k_of_m_hits(
        up_hit, keep, inp.segment, k, m, (useful & (side > 0)) if all_same_side else None
    )
    lo_flag, lo_ext = k_of_m_hits(
        lo_hit, keep, inp.segment, k, m, (useful & (side < 0)) if all_same_side else None
    )
    return _output(up_flag | lo_flag, up_flag, up_ext | lo_ext)


def run_of_condition(inp: RuleInput, condition: np.ndarray, min_length: int) -> RuleOutput:
    """``min_length`` or more consecutive valid points meeting ``condition`` (missing skipped).

    Used for "15 in a row within 1 sigma" (stratification) and "8 in a row with none within
    1 sigma" (mixture). Direction 0.
    """
    n = inp.y.shape[0]
    valid = _valid(inp)
    runs = find_runs(np.asarray(condition, dtype=np.int8), inp.segment, keep=valid)
    sel = (runs.key == 1) & (runs.length >= min_length)
    extent = cover(runs.start[sel], runs.end[sel], n)
    return _output(extent & valid, None, extent)


def within_1s(inp: RuleInput) -> np.ndarray:
    """``lcl_1s <= y <= ucl_1s`` (inclusive: the complement of beyond); False for NaN."""
    with np.errstate(invalid="ignore"):
        return np.asarray((inp.y >= inp.lcl_1s) & (inp.y <= inp.ucl_1s), dtype=bool)


def beyond_1s(inp: RuleInput) -> np.ndarray:
    """``y > ucl_1s or y < lcl_1s`` (strict); False for NaN."""
    return np.asarray(_gt(inp.y, inp.ucl_1s) | _lt(inp.y, inp.lcl_1s))


# --- number of runs / crossings per segment ---------------------------------------------------


def _segment_runs(inp: RuleInput) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(dense segment position of each point, useful mask, n_useful per segment, runs per segment)."""
    pos, ids = segment_index(inp.segment)
    side, useful = useful_signs(inp.y, inp.centre, inp.included)
    runs = find_runs(side, pos, keep=useful)
    n_useful = np.bincount(pos[useful], minlength=ids.shape[0])
    n_runs = np.bincount(runs.segment, minlength=ids.shape[0])
    return pos, useful, n_useful, n_runs


def _flag_segments(
    inp: RuleInput, pos: np.ndarray, useful: np.ndarray, seg_flag: np.ndarray
) -> RuleOutput:
    """Flag every useful point of the flagged segments; the extent spans first to last useful."""
    n = inp.y.shape[0]
    flag = useful & seg_flag[pos]
    idx = np.flatnonzero(flag)
    if idx.shape[0] == 0:
        return _none(n)
    p = pos[idx]
    brk = np.ones(idx.shape[0], dtype=bool)
    brk[1:] = p[1:] != p[:-1]
    firsts = np.flatnonzero(brk)
    lasts = np.r_[firsts[1:] - 1, idx.shape[0] - 1]
    extent = cover(idx[firsts], idx[lasts], n)
    return _output(flag, None, extent)


def crossings_rule(
    inp: RuleInput, crossings_min_fn: Callable[[np.ndarray], np.ndarray]
) -> RuleOutput:
    """Every useful point of a segment whose crossings are fewer than ``crossings_min_fn(n)``."""
    pos, useful, n_useful, n_runs = _segment_runs(inp)
    limit = crossings_min_fn(n_useful)
    with np.errstate(invalid="ignore"):
        seg_flag = (n_useful > 0) & ((n_runs - 1) < limit)
    return _flag_segments(inp, pos, useful, seg_flag)


def number_of_runs(
    inp: RuleInput,
    which: Literal["few", "many"],
    limits_fn: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] = runs_limits_array,
) -> RuleOutput:
    """Too few or too many runs by ``limits_fn(n_useful) -> (lower, upper)`` (default: the
    exact Swed-Eisenhart limits; the ``ihi`` set passes Perla et al.'s printed Table 1).

    Every useful point of the segment is flagged; where the limits are NaN (outside 10-60
    useful observations) the rule never fires.
    """
    pos, useful, n_useful, n_runs = _segment_runs(inp)
    few, many = limits_fn(n_useful)
    with np.errstate(invalid="ignore"):
        seg_flag = (n_runs < few) if which == "few" else (n_runs > many)
    return _flag_segments(inp, pos, useful, seg_flag)
