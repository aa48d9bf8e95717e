"""Vectorised run-length helpers over one long array of segments, and the qicharts2 runs analysis.

Every function here works on the whole concatenated array at once (all series and phases, each a
``segment``), with numpy run-length tricks and no Python loop over points or segments. A run
never crosses a segment boundary.

Vocabulary used throughout:

- **kept points**: the points a pattern looks at. Points that are not kept (missing, excluded,
  on the centre line for shifts) are *skipped*: they neither break nor extend a run, and a run
  continues across them.
- **run**: a maximal stretch of kept points with the same key within one segment.
- **extent** of a pattern: its first point to its last point in the original array, including
  skipped points between them; its first and last points are always flagged points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qi.charts.rules.thresholds import crossings_min, longest_run_max


def segment_starts(segment: np.ndarray) -> np.ndarray:
    """Boolean array: True where a new segment starts (always True at index 0)."""
    segment = np.asarray(segment)
    starts = np.ones(segment.shape[0], dtype=bool)
    if segment.shape[0] > 1:
        starts[1:] = segment[1:] != segment[:-1]
    return starts


def segment_index(segment: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense segment positions: (position 0..S-1 of each point's segment, the S segment ids)."""
    starts = segment_starts(segment)
    ids = np.asarray(segment)[starts]
    return np.cumsum(starts) - 1, ids


@dataclass(frozen=True)
class Runs:
    """Maximal runs of equal key among kept points, one element per run, in array order.

    ``start``/``end`` are original indices of the run's first and last kept point, ``length`` the
    number of kept points, ``key`` the run's key and ``segment`` its segment id.
    """

    start: np.ndarray
    end: np.ndarray
    length: np.ndarray
    key: np.ndarray
    segment: np.ndarray


def find_runs(key: np.ndarray, segment: np.ndarray, keep: np.ndarray | None = None) -> Runs:
    """Maximal runs of equal ``key`` among the ``keep`` points, never crossing a segment.

    Parameters
    ----------
    key:
        The value that defines a run (e.g. the side of the centre line, -1/+1).
    segment:
        Non-decreasing segment ids, same length as ``key``.
    keep:
        Boolean mask of the points to look at; the others are skipped (neither break nor
        extend a run). All points when None.

    Examples
    --------
    >>> r = find_runs(np.array([1, 1, -1, 1]), np.array([0, 0, 0, 0]))
    >>> r.length.tolist(), r.key.tolist()
    ([2, 1, 1], [1, -1, 1])
    """
    key = np.asarray(key)
    segment = np.asarray(segment)
    if keep is None:
        idx = None
        k, s = key, segment
    else:
        idx = np.flatnonzero(keep)
        k, s = key[idx], segment[idx]
    m = k.shape[0]
    if m == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Runs(empty, empty, empty, k[:0], s[:0])
    brk = np.ones(m, dtype=bool)
    brk[1:] = (k[1:] != k[:-1]) | (s[1:] != s[:-1])
    first = np.flatnonzero(brk)
    last = np.empty_like(first)
    last[:-1] = first[1:] - 1
    last[-1] = m - 1
    start, end = (first, last) if idx is None else (idx[first], idx[last])
    return Runs(start=start, end=end, length=last - first + 1, key=k[first], segment=s[first])


def cover(start: np.ndarray, end: np.ndarray, n: int) -> np.ndarray:
    """Union of the closed intervals ``[start, end]`` as a boolean array of length ``n``."""
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    if start.shape[0] == 0:
        return np.zeros(n, dtype=bool)
    d = np.bincount(start, minlength=n + 1) - np.bincount(end + 1, minlength=n + 1)
    return np.cumsum(d[:n]) > 0


def paint(
    start: np.ndarray, end: np.ndarray, value: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Paint intervals ``[start, end]`` with ``value``; where two overlap, the later one wins.

    Intervals must be sorted by ``start`` (strictly increasing) with non-decreasing ``end``, as
    the runs of :func:`find_runs` are. Returns ``(covered, painted)``; ``painted`` is 0 where not
    covered.
    """
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    value = np.asarray(value)
    covered = np.zeros(n, dtype=bool)
    painted = np.zeros(n, dtype=value.dtype if value.shape[0] else np.int8)
    if start.shape[0] == 0 or n == 0:
        return covered, painted
    # the later interval wins: clip each interval just before the next one starts
    stop = end.copy()
    stop[:-1] = np.minimum(end[:-1], start[1:] - 1)
    length = stop - start + 1
    offsets = np.repeat(start - np.concatenate(([0], np.cumsum(length)[:-1])), length)
    points = offsets + np.arange(int(length.sum()))
    covered[points] = True
    painted[points] = np.repeat(value, length)
    return covered, painted


def next_true(mask: np.ndarray) -> np.ndarray:
    """For each index, the smallest j >= i with ``mask[j]``; ``len(mask)`` when there is none."""
    n = mask.shape[0]
    idx = np.where(mask, np.arange(n), n)
    return np.minimum.accumulate(idx[::-1])[::-1] if n else idx


def previous_true(mask: np.ndarray) -> np.ndarray:
    """For each index, the largest j <= i with ``mask[j]``; -1 when there is none."""
    n = mask.shape[0]
    idx = np.where(mask, np.arange(n), -1)
    return np.maximum.accumulate(idx) if n else idx


def episodes(
    flag: np.ndarray,
    segment: np.ndarray,
    direction: np.ndarray | None = None,
    extent: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Maximal flagged stretches (signal episodes) within each segment.

    Parameters
    ----------
    flag:
        Boolean: the points a rule flags.
    segment:
        Non-decreasing segment ids; an episode never crosses a boundary.
    direction:
        Optional int8 direction of each flagged point; an episode also ends where the direction
        changes (a shift above followed at once by a shift below is two episodes).
    extent:
        Optional boolean: the points inside a pattern (flagged points plus the skipped points
        between them, e.g. a point on the median inside a shift, the middle point of "2 of 3").
        Stretches are taken over ``extent`` when given, so such points do not split an episode.

    Returns
    -------
    (start_idx, end_idx):
        Index arrays of each episode's first and last point, in array order. Both are always
        flagged points, so ``direction[start_idx]`` is the episode's direction.
    """
    flag = np.asarray(flag, dtype=bool)
    n = flag.shape[0]
    if n == 0 or not flag.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    ext = flag if extent is None else (np.asarray(extent, dtype=bool) | flag)
    # Work on the (usually few) extent points only.
    e = np.flatnonzero(ext)
    f = flag[e]
    seg = np.asarray(segment)[e]
    # direction of the last flagged point at or before each extent point (forward fill)
    last_f = previous_true(f)
    if direction is None:
        dir_ff = np.zeros(e.shape[0], dtype=np.int8)
    else:
        d = np.asarray(direction)[e]
        dir_ff = np.where(last_f >= 0, d[np.maximum(last_f, 0)], 0)
    brk = np.ones(e.shape[0], dtype=bool)
    brk[1:] = (e[1:] != e[:-1] + 1) | (seg[1:] != seg[:-1]) | (dir_ff[1:] != dir_ff[:-1])
    first = np.flatnonzero(brk)
    last = np.empty_like(first)
    last[:-1] = first[1:] - 1
    last[-1] = e.shape[0] - 1
    # trim each stretch to its first and last flagged point
    start = next_true(f)[first]
    stop = last_f[last]
    keep = (start <= last) & (stop >= first) & (stop >= 0)
    return e[start[keep]].astype(np.int64), e[stop[keep]].astype(np.int64)


@dataclass(frozen=True)
class RunsAnalysis:
    """Per-segment runs statistics, counted exactly as qicharts2 ``runs.analysis()`` counts.

    One element per segment, in the order of ``segment`` (the segment ids). ``n_obs`` and
    ``n_useful`` are ints; the other statistics are floats, NaN (R's NA) when ``n_useful == 0``;
    ``runs_signal`` is False there.
    """

    segment: np.ndarray
    n_obs: np.ndarray
    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    crossings: np.ndarray
    crossings_min: np.ndarray
    runs_signal: np.ndarray


def useful_signs(
    y: np.ndarray, centre: np.ndarray, included: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The side of the centre line of each point (-1, 0, +1; 0 when missing) and the useful mask.

    A point is *useful* (qicharts2, Anhøj; Perla et al.) when it is included, not missing and not
    exactly on the centre line (exact floating-point comparison, as R's ``sign(y - cl)``).
    """
    with np.errstate(invalid="ignore"):
        diff = np.asarray(y, dtype=float) - np.asarray(centre, dtype=float)
    finite = np.isfinite(diff)
    side = np.zeros(diff.shape[0], dtype=np.int8)
    side[finite] = np.sign(diff[finite]).astype(np.int8)
    useful = np.asarray(included, dtype=bool) & finite & (side != 0)
    return side, useful


def runs_analysis(
    y: np.ndarray, centre: np.ndarray, segment: np.ndarray, included: np.ndarray
) -> RunsAnalysis:
    """The Anhøj runs analysis of every segment, exactly as qicharts2 ``runs.analysis()``.

    Per segment (qicharts2-method.md §3): ``n_obs`` = included points (missing values counted);
    points on the centre line and missing values are dropped (they neither break nor extend a
    run); ``n_useful`` = the rest; ``longest_run`` = longest run of equal sides;
    ``crossings`` = number of runs - 1; ``longest_run_max = round(log2(n_useful)) + 3``;
    ``crossings_min = qbinom(0.05, n_useful - 1, 0.5)``; ``runs_signal = longest_run >
    longest_run_max or crossings < crossings_min``. All four statistics are NA (NaN) when
    ``n_useful == 0``.

    Examples
    --------
    >>> ra = runs_analysis(np.array([1., 2, 3, 4, 5, 6]), np.full(6, 3.5), np.zeros(6, int),
    ...                    np.ones(6, bool))
    >>> int(ra.longest_run[0]), int(ra.crossings[0])
    (3, 1)
    """
    y = np.asarray(y, dtype=float)
    segment = np.asarray(segment)
    included = np.asarray(included, dtype=bool)
    pos, ids = segment_index(segment)
    nseg = ids.shape[0]
    side, useful = useful_signs(y, centre, included)
    n_obs = np.bincount(pos[included], minlength=nseg).astype(np.int64)
    n_useful = np.bincount(pos[useful], minlength=nseg).astype(np.int64)
    runs = find_runs(side, pos, keep=useful)
    n_runs = np.bincount(runs.segment, minlength=nseg)
    longest = np.zeros(nseg, dtype=np.int64)
    np.maximum.at(longest, runs.segment, runs.length)
    has = n_useful > 0
    nan = np.full(nseg, np.nan)
    longest_run = np.where(has, longest, nan)
    crossings = np.where(has, n_runs - 1, nan)
    lr_max = longest_run_max(n_useful)
    c_min = crossings_min(n_useful)
    with np.errstate(invalid="ignore"):
        signal = has & ((longest_run > lr_max) | (crossings < c_min))
    return RunsAnalysis(
        segment=ids,
        n_obs=n_obs,
        n_useful=n_useful,
        longest_run=longest_run,
        longest_run_max=lr_max,
        crossings=crossings,
        crossings_min=c_min,
        runs_signal=signal,
    )
