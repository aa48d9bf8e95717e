"""qi.charts.kinds declares each status once; the values the engine writes are the declared ones."""

from __future__ import annotations

from typing import get_args

import pandas as pd
import pytest

import qi
from qi.charts.kinds import Improvement, SignalType, XKind
from qi.charts.schema import SIGNAL_TYPES


def test_signal_types_are_the_schema_categories_in_order():
    assert get_args(SignalType) == SIGNAL_TYPES


def test_the_engine_writes_only_declared_signal_types():
    df = pd.DataFrame({"y": [5.0, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 30]})
    res = qi.chart(df, y="y", chart="i", improvement="up")
    assert res.data["signal_type"].iat[-1] == "special_cause_improvement"  # 30, above the limits
    assert set(res.data["signal_type"].astype(str)) <= set(get_args(SignalType))
    assert set(res.signals["signal_type"]) <= set(get_args(SignalType))


def test_x_kinds_and_improvement_directions():
    assert get_args(XKind) == ("number", "date") and get_args(Improvement) == ("up", "down")
    dated = qi.chart(
        pd.DataFrame({"x": pd.date_range("2024-01-01", periods=12, freq="MS"), "y": range(12)}),
        y="y",
        x="x",
    )
    assert dated.options.x_kind == "date"
    with pytest.raises(qi.ValidationError, match="improvement"):
        qi.chart(pd.DataFrame({"y": range(12)}), y="y", improvement="higher")  # type: ignore[arg-type]
