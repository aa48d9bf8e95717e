"""assemble: the frames' dtypes, the episode frame, and trial warnings for many phases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import qi
from qi.charts.schema import EPISODE_COLUMNS, SIGNAL_TYPES
from qi.errors import QIWarning


def test_dtypes_of_the_frames():
    df = pd.DataFrame(
        {
            "x": pd.date_range("2024-01-01", periods=14, freq="MS"),
            "y": [5.0, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 30],
        }
    )
    res = qi.chart(df, y="y", x="x", chart="i", improvement="up")
    d = res.data
    assert isinstance(d["series"].dtype, pd.CategoricalDtype)
    assert isinstance(d["phase"].dtype, pd.CategoricalDtype)
    assert list(d["signal_type"].cat.categories) == list(SIGNAL_TYPES)
    assert list(d["signal_rule"].cat.categories)[0] == ""
    assert d["x"].dtype == "datetime64[ns]" and d["signal_direction"].dtype == np.int8
    assert d["baseline"].dtype == bool and d["outside"].dtype == bool
    assert res.phases["first_x"].dtype == "datetime64[ns]"
    sig = res.signals
    assert tuple(sig.columns) == EPISODE_COLUMNS
    out = sig[sig["rule"] == "outside"].iloc[0]
    assert out["first_x"] == pd.Timestamp("2025-02-01") and out["n_points"] == 1
    assert out["direction"] == 1 and out["signal_type"] == "special_cause_improvement"


def test_no_signals_gives_an_empty_frame_with_the_columns():
    res = qi.chart(pd.DataFrame({"y": [5.0, 6] * 6}), y="y", chart="i", rules="western_electric")
    assert res.signals.empty and tuple(res.signals.columns) == EPISODE_COLUMNS


@pytest.mark.filterwarnings("ignore::qi.errors.QIWarning")
def test_whole_number_x_is_int_other_numbers_float():
    a = qi.chart(pd.DataFrame({"x": [1.0, 2, 3], "y": [1.0, 2, 3]}), y="y", x="x")
    b = qi.chart(pd.DataFrame({"x": [0.5, 1, 2], "y": [1.0, 2, 3]}), y="y", x="x")
    assert a.data["x"].dtype == np.int64 and b.data["x"].dtype == np.float64


def test_many_trial_phases_are_summarised():
    df = pd.DataFrame(
        {"s": np.repeat([f"w{i:02d}" for i in range(13)], 3), "y": 1.0 + np.arange(39) % 3}
    )
    with pytest.warns(QIWarning, match="13 phases have trial centre line and limits"):
        res = qi.chart(df, y="y", by="s", chart="i")
    assert len(res.warnings) == 11
    assert str(res.warnings[0]).startswith(
        "series w00, phase 1: the centre line and limits come from 3"
    )
    assert (
        str(res.warnings[-1])
        == "... and 3 more phases with fewer than 12 points (trial centre line and limits)"
    )
