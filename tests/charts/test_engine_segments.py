"""Per-segment statistics on hand vectors: several segments at once, NaNs, empty segments."""

from __future__ import annotations

import numpy as np
import pytest

from qi.charts.segments import (
    moving_ranges,
    seg_constant,
    seg_count,
    seg_mean,
    seg_mean_mr,
    seg_median,
    seg_sum,
    varies,
)

NAN = np.nan


def test_mean_sum_count_leave_out_nan_and_masked_points():
    v = np.array([1.0, 3, NAN, 10, 20, 5])
    seg = np.array([0, 0, 0, 1, 1, 2])
    mask = np.array([True, True, True, True, False, False])
    assert seg_mean(v, mask, seg, 3).tolist()[:2] == [2.0, 10.0]
    assert np.isnan(seg_mean(v, mask, seg, 3)[2])  # nothing left in segment 2
    assert seg_sum(v, mask, seg, 3).tolist() == [4.0, 10.0, 0.0]
    assert seg_count(mask, seg, 3).tolist() == [3, 1, 0]


def test_median_odd_even_nan_and_empty():
    v = np.array([3.0, 1, 2, 9, 4, NAN, 7, 5])
    seg = np.array([0, 0, 0, 1, 1, 1, 3, 3])  # segment 2 has no points
    med = seg_median(v, np.ones(8, dtype=bool), seg, 4)
    assert med[0] == 2.0  # 1, 2, 3
    assert med[1] == 6.5  # (4 + 9) / 2, NaN left out
    assert np.isnan(med[2])
    assert med[3] == 6.0


def test_moving_ranges_bridge_masked_points_not_nan_and_stop_at_segments():
    v = np.array([1.0, 100, 3, NAN, 4, 6, 50])
    seg = np.array([0, 0, 0, 0, 0, 0, 1])
    mask = np.array([True, False, True, True, True, True, True])
    mr, s = moving_ranges(v, mask, seg)
    # 1 -> 3 bridges the masked 100; 3 -> NaN -> 4 gives no MR; 6 -> 50 crosses segments
    assert mr.tolist() == [2.0, 2.0] and s.tolist() == [0, 0]


def test_mean_mr_screening_per_segment():
    # segment 0: MR 1 x 8 and 15 -> mean 23/9; 15 >= 3.267 x 23/9 is dropped -> 1
    # segment 1: MR 2, 2 -> 2 (nothing dropped)
    v = np.array([10.0, 11, 10, 11, 10, 11, 10, 11, 10, 25, 0, 2, 4])
    seg = np.array([0] * 10 + [1] * 3)
    mask = np.ones(13, dtype=bool)
    assert seg_mean_mr(v, mask, seg, 2, screen=True).tolist() == [1.0, 2.0]
    assert seg_mean_mr(v, mask, seg, 2, screen=False) == pytest.approx([23 / 9, 2.0])


def test_constant_and_varies():
    start = np.array([0, 3])
    v = np.array([2.0, 2, 2, 1, 2])
    out = seg_constant(v, start)
    assert out[0] == 2.0 and np.isnan(out[1])
    assert varies(np.array([5, 5, 5, 4, 5]), start).tolist() == [False, True]
