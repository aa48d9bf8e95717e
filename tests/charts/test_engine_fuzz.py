"""Property: whatever the (well-typed) input, qi.chart() either returns a result whose frames
have the declared columns and consistent lengths, or raises a qi ValidationError; never an
exception from deep inside numpy or pandas."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qi
from qi.charts.schema import CHART_TYPES, PHASE_COLUMNS
from qi.errors import QIWarning, ValidationError

cells = st.one_of(st.integers(-2, 40).map(float), st.just(float("nan")))


@st.composite
def chart_calls(draw):
    size = draw(st.integers(1, 30))
    df = pd.DataFrame(
        {
            "x": draw(st.lists(st.integers(1, 15), min_size=size, max_size=size)),
            "y": draw(st.lists(cells, min_size=size, max_size=size)),
            "n": draw(
                st.lists(
                    st.one_of(st.integers(0, 60).map(float), st.just(float("nan"))),
                    min_size=size,
                    max_size=size,
                )
            ),
            "s": draw(st.lists(st.sampled_from(["a", "b"]), min_size=size, max_size=size)),
        }
    )
    chart = draw(st.sampled_from(CHART_TYPES))
    kw = {"chart": chart, "x": "x"}
    if chart in ("p", "np", "pp", "u", "up") or (
        chart in ("run", "i", "mr") and draw(st.booleans())
    ):
        kw["n"] = "n"
    if draw(st.booleans()):
        kw["by"] = "s"
    if draw(st.booleans()):
        kw["phases"] = [draw(st.integers(1, 15))]
    if draw(st.booleans()):
        kw["exclude"] = [draw(st.integers(1, 15))]
    if draw(st.booleans()):
        kw["baseline"] = draw(st.integers(1, 6))
    kw["rules"] = draw(
        st.sampled_from(["ihi", "anhoej", "hcdg", "western_electric", "nelson", "mdc"])
    )
    kw["improvement"] = draw(st.sampled_from([None, "up", "down"]))
    kw["screen_mr"] = draw(st.booleans())
    return df, kw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call=chart_calls())
def test_chart_returns_a_result_or_a_validation_error(call):
    df, kw = call
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        try:
            res = qi.chart(df, y="y", **kw)
        except ValidationError as err:
            assert err.field is not None and str(err)
            return
    assert tuple(res.phases.columns) == PHASE_COLUMNS
    assert len(res.data) == len(df.groupby(["s", "x"] if "by" in kw else ["x"]))
    assert res.phases["n_obs"].sum() == res.data["included"].sum()
    lines = res.data[["lcl", "ucl"]].to_numpy()
    assert not np.isinf(lines).any()
    with np.errstate(invalid="ignore"):
        assert not (res.data["lcl"] > res.data["ucl"]).any()
    assert res.data["signal"].dtype == bool
