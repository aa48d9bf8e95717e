"""Speed of qi.chart() against a minimal numpy reference, in one process (run by hand).

    .venv/bin/python benchmarks/bench_charts.py

1. One ``by=`` call over 10,000 series x 60 points, I chart, ``rules="hcdg"``.
2. One I chart of 1,000,000 points, ``rules="hcdg"``.

The reference (:func:`reference`) does the same work in plain numpy from the same columns:
factorize the series (rows come sorted), the same limits (mean, screened mean moving range / 1.128), the
five hcdg patterns and the runs analysis; it skips validation, missing-value handling, the
result frames and the signal episodes. Each timing is the best of 3. Targets (issue 2): case 1
under 0.5 s and within 5x of the reference.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from timing import best_of  # benchmarks/timing.py

import qi
from qi.errors import QIWarning


def run_flags(key: np.ndarray, new_segment: np.ndarray, min_len: int) -> np.ndarray:
    """Points in runs of equal non-zero ``key`` of at least ``min_len`` (within segments)."""
    start = new_segment.copy()
    start[1:] |= key[1:] != key[:-1]
    run_id = np.cumsum(start) - 1
    length = np.bincount(run_id)
    return (length[run_id] >= min_len) & (key != 0)


def _roll3(a: np.ndarray, new_segment: np.ndarray) -> np.ndarray:
    """Sum of a[i-2..i] within segments (0 where the window would cross a boundary)."""
    c = np.concatenate(([0], np.cumsum(a)))
    out = np.zeros(a.size)
    out[2:] = c[3:] - c[:-3]
    pos = np.arange(a.size) - np.maximum.accumulate(np.where(new_segment, np.arange(a.size), 0))
    return np.where(pos >= 2, out, 0)


def reference(series: np.ndarray, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """The same work as qi.chart(chart="i", rules="hcdg", by=...) in plain numpy, for rows
    already grouped by series and sorted by x (as the benchmark's are): factorize the series, per-series mean and screened mean MR, 3/2/1-sigma lines, the five hcdg
    patterns (outside; 8 on one side; 6 rising or falling; 2 of 3 beyond 2 sigma; 15 within
    1 sigma) and the runs analysis (longest run, crossings). No validation, no frames, no
    episodes, no missing values, ties treated simply."""
    codes, _ = pd.factorize(series)  # rows are already grouped by series and sorted by x
    new = np.ones(y.size, dtype=bool)
    new[1:] = codes[1:] != codes[:-1]
    seg = np.cumsum(new) - 1
    n_seg = int(seg[-1]) + 1
    cl = np.bincount(seg, y, n_seg) / np.bincount(seg, minlength=n_seg)
    mr = np.abs(np.diff(y))
    same = ~new[1:]
    ms, mv = seg[1:][same], mr[same]
    amr = np.bincount(ms, mv, n_seg) / np.bincount(ms, minlength=n_seg)
    keep = mv < 3.267 * amr[ms]
    amr = np.bincount(ms[keep], mv[keep], n_seg) / np.bincount(ms[keep], minlength=n_seg)
    c = cl[seg]
    s = (amr / 1.128)[seg]
    outside = (y > c + 3 * s) | (y < c - 3 * s)
    side = np.sign(y - c)
    shift = run_flags(side, new, 8)
    step = np.zeros(y.size)
    step[1:] = np.sign(np.diff(y))
    step[new] = 0
    trend = run_flags(step, new, 5)  # 5 steps = 6 points
    within = np.where(np.abs(y - c) < s, 1, 0)
    fifteen = run_flags(within, new, 15)
    two_hi = _roll3((y > c + 2 * s).astype(float), new) >= 2
    two_lo = _roll3((y < c - 2 * s).astype(float), new) >= 2
    useful = side != 0
    u_seg, u_side = seg[useful], side[useful]
    u_new = np.ones(u_seg.size, dtype=bool)
    u_new[1:] = (u_seg[1:] != u_seg[:-1]) | (u_side[1:] != u_side[:-1])
    run_id = np.cumsum(u_new) - 1
    run_len = np.bincount(run_id)
    run_seg = u_seg[u_new]
    longest = np.zeros(n_seg, dtype=np.int64)
    np.maximum.at(longest, run_seg, run_len)
    crossings = np.bincount(run_seg, minlength=n_seg) - 1
    return {
        "outside": outside,
        "shift": shift,
        "trend": trend,
        "fifteen": fifteen,
        "two_of_three": two_hi | two_lo,
        "longest_run": longest,
        "crossings": crossings,
    }


def lower_bound(y: np.ndarray, n_series: int) -> np.ndarray:
    """A floor, not the same work: a 2-D batch of equal-length series, limits and 3-sigma flags
    only (the "numpy 2-D batch" of research/python-peers.md)."""
    m = y.reshape(n_series, -1)
    cl = m.mean(axis=1, keepdims=True)
    mr = np.abs(np.diff(m, axis=1))
    amr = mr.mean(axis=1, keepdims=True)
    keep = mr < 3.267 * amr
    sigma = (mr * keep).sum(axis=1, keepdims=True) / keep.sum(axis=1, keepdims=True) / 1.128
    return ((m > cl + 3 * sigma) | (m < cl - 3 * sigma)).ravel()


def main() -> None:
    rng = np.random.default_rng(2024)
    warnings.simplefilter("ignore", QIWarning)

    n_series, n_points = 10_000, 60
    y = rng.normal(50, 5, n_series * n_points)
    frame = pd.DataFrame(
        {
            "ward": np.repeat(np.array([f"w{i:05d}" for i in range(n_series)]), n_points),
            "week": np.tile(np.arange(1, n_points + 1), n_series),
            "y": y,
        }
    )
    cols = (frame["ward"].to_numpy(), frame["week"].to_numpy(), frame["y"].to_numpy())
    res = qi.chart(frame, y="y", x="week", by="ward", chart="i", rules="hcdg")
    ref = reference(*cols)
    assert np.array_equal(res.data["outside"].to_numpy(), ref["outside"])
    assert np.array_equal(res.phases["longest_run"].to_numpy(), ref["longest_run"])
    assert np.array_equal(res.phases["crossings"].to_numpy(), ref["crossings"])
    t_qi = best_of(lambda: qi.chart(frame, y="y", x="week", by="ward", chart="i", rules="hcdg"))
    t_ref = best_of(lambda: reference(*cols))
    t_floor = best_of(lambda: lower_bound(y, n_series))
    print(
        f"10,000 series x 60 points, by=, hcdg: qi {t_qi:.3f} s, numpy reference {t_ref:.3f} s, "
        f"ratio {t_qi / t_ref:.1f}x (target < 0.5 s and < 5x); "
        f"2-D limits-only floor {t_floor:.3f} s ({t_qi / t_floor:.0f}x)"
    )

    big = rng.normal(50, 5, 1_000_000)
    one = pd.DataFrame({"t": np.arange(1, big.size + 1), "y": big})
    res = qi.chart(one, y="y", x="t", chart="i", rules="hcdg")
    one_cols = (np.zeros(big.size, dtype=np.int64), one["t"].to_numpy(), big)
    assert np.array_equal(res.data["outside"].to_numpy(), reference(*one_cols)["outside"])
    t_qi = best_of(lambda: qi.chart(one, y="y", x="t", chart="i", rules="hcdg"))
    t_ref = best_of(lambda: reference(*one_cols))
    print(
        f"1 series x 1,000,000 points, hcdg:     qi {t_qi:.3f} s, numpy reference {t_ref:.3f} s, "
        f"ratio {t_qi / t_ref:.1f}x"
    )


if __name__ == "__main__":
    main()
