"""prepare(): sorting, aggregation of duplicate x, phases, baseline and exclusion, segments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qi.charts.prepare import prepare
from qi.charts.result import ChartOptions
from qi.charts.validate import validate_data


def prep(df, **kw):
    kw.setdefault("chart", "i")
    kw.setdefault("y", "y")
    kw.setdefault("x", "x")
    opts = ChartOptions(**kw)
    valid, opts = validate_data(pd.DataFrame(df), opts)
    return prepare(valid, opts)


def test_rows_are_sorted_by_x():
    p = prep({"x": [3, 1, 2], "y": [30.0, 10, 20]})
    assert p.x_shown.tolist() == [1, 2, 3] and p.value.tolist() == [10.0, 20.0, 30.0]


def test_duplicate_x_mean_sum_sd_and_size():
    p = prep({"x": [1, 2, 1, 1], "y": [1.0, 5, 2, 6]})
    # x = 1: values 1, 2, 6 -> sum 9, mean 3, sd sqrt(((-2)^2 + (-1)^2 + 3^2) / 2) = sqrt(7)
    assert p.y_sum.tolist() == [9.0, 5.0]
    assert p.y_mean.tolist() == [3.0, 5.0]
    assert p.y_length.tolist() == [3, 1]
    assert p.y_sd[0] == pytest.approx(math.sqrt(7)) and np.isnan(p.y_sd[1])
    assert p.value.tolist() == [3.0, 5.0]  # mean of values without n


def test_duplicate_x_with_n_is_sum_over_sum():
    p = prep({"x": [1, 1], "y": [1.0, 3], "n": [10.0, 30]}, n="n", chart="p")
    assert p.value.tolist() == [4 / 40] and p.n.tolist() == [40.0]


def test_missing_values_stay_and_complete_cases_with_n():
    p = prep({"x": [1, 2, 3], "y": [1.0, np.nan, 3], "n": [10.0, 10, np.nan]}, n="n", chart="p")
    # row 2 lacks y, row 3 lacks n: both become missing in y and n (R complete.cases)
    assert p.n_points == 3
    assert np.isnan(p.value[1]) and np.isnan(p.value[2])
    assert np.isnan(p.n[2]) and np.isnan(p.y_sum[2])


def test_group_of_missing_rows_stays_missing():
    p = prep({"x": [1, 1, 2], "y": [np.nan, np.nan, 4.0]})
    assert np.isnan(p.y_sum[0]) and p.y_length[0] == 0 and np.isnan(p.value[0])


def test_x_defaults_to_row_order_within_series():
    df = {"s": ["a", "b", "a", "b"], "y": [1.0, 2, 3, 4]}
    p = prep(df, x=None, by="s")
    assert p.x_shown.tolist() == [1, 2, 1, 2]
    assert p.value.tolist() == [1.0, 3.0, 2.0, 4.0]
    assert p.series_labels == ("a", "b")


def test_segments_per_series_and_phase():
    df = {
        "s": ["a"] * 4 + ["b"] * 4,
        "x": [1, 2, 3, 4] * 2,
        "y": [1.0] * 8,
    }
    p = prep(df, by="s", phases=(3,))
    assert p.segment.tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    assert p.seg_series.tolist() == [0, 0, 1, 1]
    assert [p.phase_labels[c] for c in p.phase] == ["1", "1", "2", "2"] * 2


def test_phase_start_at_first_point_does_not_make_an_empty_phase():
    p = prep({"x": [1, 2, 3], "y": [1.0, 2, 3]}, phases=(1, 3))
    assert [p.phase_labels[c] for c in p.phase] == ["1", "1", "2"]


def test_phase_column_labels_in_order_of_appearance():
    df = {"x": [4, 3, 2, 1], "y": [1.0] * 4, "stage": ["late", "late", "early", "early"]}
    p = prep(df, phases="stage")
    assert [p.phase_labels[c] for c in p.phase] == ["early", "early", "late", "late"]
    assert p.segment.tolist() == [0, 0, 1, 1]


def test_baseline_int_counts_points_including_missing():
    p = prep({"x": [1, 2, 3, 4], "y": [1.0, np.nan, 3, 4]}, baseline=2)
    assert p.baseline.tolist() == [True, True, False, False]


def test_baseline_x_value():
    p = prep({"x": [1, 2, 3, 4], "y": [1.0, 2, 3, 4]}, baseline=2.0)
    assert p.baseline.tolist() == [True, True, False, False]


def test_baseline_applies_to_first_phase_only():
    p = prep({"x": [1, 2, 3, 4, 5, 6], "y": [1.0] * 6}, phases=(5,), baseline=2)
    assert p.baseline.tolist() == [True, True, False, False, True, True]


def test_exclude_marks_points_in_every_series():
    df = {"s": ["a", "a", "b", "b"], "x": [1, 2, 1, 2], "y": [1.0] * 4}
    p = prep(df, by="s", exclude=(2,))
    assert p.included.tolist() == [True, False, True, False]


def test_dates_with_iso_strings_and_datetimes_agree():
    a = prep({"x": ["2024-02-01", "2024-01-01"], "y": [2.0, 1]})
    b = prep({"x": pd.to_datetime(["2024-02-01", "2024-01-01"]), "y": [2.0, 1]})
    assert a.x_kind == b.x_kind == "date"
    assert (a.x == b.x).all() and a.value.tolist() == [1.0, 2.0]


def test_date_exclusions_and_baseline_parse_like_x():
    df = {"x": ["2024-01-01", "2024-02-01", "2024-03-01"], "y": [1.0, 2, 3]}
    p = prep(df, exclude=("2024-02-01",), baseline="2024-02-01")
    assert p.included.tolist() == [True, False, True]
    assert p.baseline.tolist() == [True, True, False]


def test_periods_are_their_first_day():
    df = {"x": pd.period_range("2024-01", periods=3, freq="M"), "y": [1.0, 2, 3]}
    p = prep(df, exclude=(pd.Period("2024-02", freq="M"),), baseline="2024-02")
    assert p.x_kind == "date"
    assert list(p.x) == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]).to_numpy())
    assert p.included.tolist() == [True, False, True]
    assert p.baseline.tolist() == [True, True, False]


def test_time_zones_become_utc():
    x = pd.to_datetime(["2024-07-01 01:00", "2024-07-02 01:00"]).tz_localize("Europe/London")
    p = prep({"x": x, "y": [1.0, 2]})
    # 01:00 BST is 00:00 UTC (qicharts2 turns dates into POSIXct UTC)
    assert list(p.x) == list(pd.to_datetime(["2024-07-01", "2024-07-02"]).to_numpy())
