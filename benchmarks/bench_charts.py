"""Speed of qi.chart() against a minimal numpy reference, in one process (run by hand).

    .venv/bin/python benchmarks/bench_charts.py

1. One ``by=`` call over 10,000 series x 60 points, I chart, ``rules="hcdg"``.
2. One I chart of 1,000,000 points, ``rules="hcdg"``.

The reference does the same limits (mean, screened mean moving range / 1.128, 3-sigma lines)
and the run lengths of the two run rules (8 on one side, 6 rising or falling) with plain numpy on
the already-sorted arrays: no validation, no frames, no zone rules, no episodes. Each timing is
the best of 3. Targets (issue 2): case 1 under 0.5 s and within 5x of the reference.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

import qi
from qi.errors import QIWarning


def run_flags(key: np.ndarray, new_segment: np.ndarray, min_len: int) -> np.ndarray:
    """Points in runs of equal non-zero ``key`` of at least ``min_len`` (within segments)."""
    start = new_segment.copy()
    start[1:] |= key[1:] != key[:-1]
    run_id = np.cumsum(start) - 1
    length = np.bincount(run_id)
    return (length[run_id] >= min_len) & (key != 0)


def reference(y: np.ndarray, n_series: int) -> dict[str, np.ndarray]:
    """I-chart limits and shift/trend flags of equal-length series, plain numpy."""
    m = y.reshape(n_series, -1)
    cl = m.mean(axis=1, keepdims=True)
    mr = np.abs(np.diff(m, axis=1))
    amr = mr.mean(axis=1, keepdims=True)
    keep = mr < 3.267 * amr
    amr = (mr * keep).sum(axis=1, keepdims=True) / keep.sum(axis=1, keepdims=True)
    sigma = amr / 1.128
    ucl = (cl + 3 * sigma).repeat(m.shape[1], axis=1).ravel()
    lcl = (cl - 3 * sigma).repeat(m.shape[1], axis=1).ravel()
    centre = cl.repeat(m.shape[1], axis=1).ravel()
    outside = (y > ucl) | (y < lcl)
    new_segment = np.zeros(y.size, dtype=bool)
    new_segment[:: m.shape[1]] = True
    side = np.sign(y - centre)
    shift = run_flags(side, new_segment, 8)
    step = np.zeros(y.size)
    step[1:] = np.sign(np.diff(y))
    step[new_segment] = 0
    trend = run_flags(step, new_segment, 5)  # 5 steps = 6 points
    return {"outside": outside, "shift": shift, "trend": trend}


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
    res = qi.chart(frame, y="y", x="week", by="ward", chart="i", rules="hcdg")
    ref = reference(y, n_series)
    assert np.array_equal(res.data["outside"].to_numpy(), ref["outside"])
    t_qi = best_of(lambda: qi.chart(frame, y="y", x="week", by="ward", chart="i", rules="hcdg"))
    t_ref = best_of(lambda: reference(y, n_series))
    print(f"10,000 series x 60 points, by=, hcdg: qi {t_qi:.3f} s, numpy reference {t_ref:.3f} s, "
          f"ratio {t_qi / t_ref:.1f}x (target < 0.5 s and < 5x)")

    big = rng.normal(50, 5, 1_000_000)
    one = pd.DataFrame({"t": np.arange(1, big.size + 1), "y": big})
    res = qi.chart(one, y="y", x="t", chart="i", rules="hcdg")
    assert np.array_equal(res.data["outside"].to_numpy(), reference(big, 1)["outside"])
    t_qi = best_of(lambda: qi.chart(one, y="y", x="t", chart="i", rules="hcdg"))
    t_ref = best_of(lambda: reference(big, 1))
    print(f"1 series x 1,000,000 points, hcdg:     qi {t_qi:.3f} s, numpy reference {t_ref:.3f} s, "
          f"ratio {t_qi / t_ref:.1f}x")


if __name__ == "__main__":
    main()
