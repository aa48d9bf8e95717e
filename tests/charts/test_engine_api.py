"""qi.chart() end to end: the result's columns, the qicharts2 semantics that cross steps
(exclude still tested, freeze, phases, runs counting, trial), by= equals per-series calls."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qi
from qi.charts.rules import get_rule_set
from qi.charts.schema import (
    CHART_TYPES,
    CONCERN,
    EPISODE_COLUMNS,
    IMPROVEMENT,
    NEUTRAL,
    PHASE_COLUMNS,
    POINT_COLUMNS,
    SIGNAL_COLUMNS,
    rule_column,
)
from qi.errors import QIWarning

Y12 = [5.0, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8]


def frame_for(chart: str) -> tuple[pd.DataFrame, dict]:
    """A valid 12-point frame and the arguments for each chart type."""
    base = pd.DataFrame({"x": range(1, 13), "y": Y12, "n": [20.0] * 12})
    if chart in ("xbar", "s"):
        rows = pd.DataFrame({"x": np.repeat(range(1, 13), 3), "y": np.tile([4.0, 5, 7], 12)})
        rows["y"] = rows["y"] + rows["x"] % 3
        return rows, {}
    if chart in ("p", "np", "pp", "u", "up"):
        return base, {"n": "n"}
    return base, {}


@pytest.mark.parametrize("chart", CHART_TYPES)
def test_every_chart_type_gives_the_declared_columns(chart):
    df, kw = frame_for(chart)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)  # the mr chart has 11 moving ranges: trial
        res = qi.chart(df, y="y", x="x", chart=chart, **kw)
    rules = get_rule_set(res.options.rules)
    assert tuple(res.data.columns) == (
        *POINT_COLUMNS,
        *(rule_column(r) for r in rules.rule_names),
        *SIGNAL_COLUMNS,
    )
    assert tuple(res.phases.columns) == PHASE_COLUMNS
    assert tuple(res.signals.columns) == EPISODE_COLUMNS
    assert len(res.data) == 12 and len(res.phases) == 1
    assert res.options.rules == ("ihi" if chart == "run" else "hcdg")


def test_c_chart_end_to_end_worked_example():
    df = pd.DataFrame({"week": range(1, 13), "falls": [2, 4, 3, 7, 2, 4, 3, 7, 2, 4, 3, 15]})
    res = qi.chart(df, y="falls", x="week", chart="c", improvement="down")
    # mean of the 12 counts = 56/12; ucl = c + 3 sqrt(c); 15 is above it
    c = 56 / 12
    assert res.phases["centre"].iat[0] == pytest.approx(c)
    assert res.data["ucl"].iat[0] == pytest.approx(c + 3 * math.sqrt(c))
    last = res.data.iloc[-1]
    assert bool(last["outside"]) and bool(last["rule_outside"])
    assert last["signal_rule"] == "outside" and last["signal_type"] == CONCERN
    sig = res.signals[res.signals["rule"] == "outside"]
    assert sig["first_x"].tolist() == [12] and sig["signal_type"].tolist() == [CONCERN]


def test_excluded_point_is_left_out_but_still_tested():
    y = [5.0, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 40]
    df = pd.DataFrame({"x": range(1, 14), "y": y})
    res = qi.chart(df, y="y", x="x", chart="i", exclude=[13])
    row = res.data.iloc[-1]
    assert not row["included"] and bool(row["outside"])
    # centre from the 12 included points only: 5.5; the excluded point is outside
    assert res.phases["centre"].iat[0] == pytest.approx(5.5)
    assert res.phases["n_obs"].iat[0] == 12  # qicharts2: excluded points are not counted


def test_a_point_exactly_on_a_limit_is_not_outside():
    # baseline 2, 4, 3, 7: c = 4, ucl = 4 + 3 x 2 = 10; the fifth count is exactly 10
    df = pd.DataFrame({"y": [2, 4, 3, 7, 10, 11]})
    with pytest.warns(QIWarning):
        res = qi.chart(df, y="y", chart="c", baseline=4)
    assert res.data["ucl"].iat[4] == 10.0
    assert res.data["outside"].tolist() == [False] * 5 + [True]


def test_freeze_points_after_baseline_are_judged_against_it():
    y = [5.0, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 9, 9, 9]
    df = pd.DataFrame({"x": range(1, 16), "y": y})
    res = qi.chart(df, y="y", x="x", chart="i", baseline=12)
    assert res.data["baseline"].tolist() == [True] * 12 + [False] * 3
    assert res.data["centre"].tolist() == [5.5] * 15
    assert res.data["outside"].tolist()[-3:] == [True] * 3
    # the runs analysis covers the whole series (qicharts2: freeze does not limit it)
    assert res.phases["n_obs"].iat[0] == 15
    assert res.phases["n_baseline"].iat[0] == 12 and not res.phases["trial"].iat[0]


def test_phases_each_get_their_own_row_and_centre():
    y = [5.0, 6, 5, 6, 5, 6, 9, 10, 9, 10, 9, 10]
    df = pd.DataFrame({"x": range(1, 13), "y": y, "stage": ["before"] * 6 + ["after"] * 6})
    with pytest.warns(QIWarning):
        res = qi.chart(df, y="y", x="x", chart="i", phases="stage")
    assert res.phases["phase"].tolist() == ["before", "after"]
    assert res.phases["centre"].tolist() == [5.5, 9.5]
    assert res.phases["first_x"].tolist() == [1, 7] and res.phases["last_x"].tolist() == [6, 12]
    with pytest.warns(QIWarning, match="2 phases have trial"):
        same = qi.chart(df, y="y", x="x", chart="i", phases=[7])
    assert same.phases["centre"].tolist() == [5.5, 9.5]
    assert same.phases["phase"].tolist() == ["1", "2"]


def test_runs_analysis_counts_as_qicharts2():
    # median of 1..5 is 3: the point on the median is dropped (neither breaks nor extends)
    df = pd.DataFrame({"x": range(1, 7), "y": [1.0, 2, 3, 4, 5, np.nan]})
    with pytest.warns(QIWarning):
        res = qi.chart(df, y="y", x="x")
    ph = res.phases.iloc[0]
    assert ph["n_obs"] == 6  # the missing value is counted
    assert ph["n_useful"] == 4
    assert ph["longest_run"] == 2 and ph["crossings"] == 1
    # n_useful 4: round(log2(4)) + 3 = 5; qbinom(0.05, 3, 0.5) = 0
    assert ph["longest_run_max"] == 5 and ph["crossings_min"] == 0


def test_runs_limits_for_24_useful_observations():
    # qicharts2-method.md §3: n_useful 24 -> longest_run_max 8, crossings_min 8
    y = [1.0, 3] * 12
    res = qi.chart(pd.DataFrame({"y": y}), y="y")
    assert res.phases["n_useful"].iat[0] == 24
    assert res.phases["longest_run_max"].iat[0] == 8 and res.phases["crossings_min"].iat[0] == 8


def test_mr_chart_never_has_a_runs_signal():
    y = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 30, 1, 30, 1]
    res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="mr")
    assert not res.phases["runs_signal"].iat[0]


def test_trial_limits_warn_and_mark_the_phase():
    df = pd.DataFrame({"y": [5.0, 6, 7, 6, 5]})
    with pytest.warns(QIWarning, match="fewer than 12"):
        res = qi.chart(df, y="y", chart="i")
    assert res.phases["trial"].tolist() == [True]
    assert res.phases["n_baseline"].tolist() == [5]
    assert tuple(map(str, res.warnings)) == (
        "phase 1: the centre line and limits come from 5 points, fewer than 12; treat them as "
        "trial and recompute when there are 12 or more",
    )


def test_no_warning_with_twelve_points():
    with warnings.catch_warnings():
        warnings.simplefilter("error", QIWarning)
        res = qi.chart(pd.DataFrame({"y": Y12}), y="y", chart="i")
    assert res.warnings == () and not res.phases["trial"].iat[0]


def test_duplicate_x_are_aggregated_as_qicharts2():
    df = pd.DataFrame(
        {"x": [1, 1, 2, 3, 3, 3], "d": [1.0, 2, 3, 0, 1, 1], "n": [10.0, 30, 20, 5, 5, 10]}
    )
    with pytest.warns(QIWarning):
        res = qi.chart(df, y="d", x="x", n="n", chart="p")
    # x = 1: (1 + 2) / (10 + 30); x = 3: 2 / 20; pooled p = (3 + 3 + 2) / (40 + 20 + 20)
    assert res.data["y"].tolist() == pytest.approx([3 / 40, 3 / 20, 2 / 20])
    assert res.data["n"].tolist() == [40.0, 20.0, 20.0]
    assert res.data["y_sum"].tolist() == [3.0, 3.0, 2.0]
    assert res.phases["centre"].iat[0] == pytest.approx(8 / 80)


def test_date_strings_are_parsed_and_sorted():
    df = pd.DataFrame({"month": ["2024-03-01", "2024-01-01", "2024-02-01"], "y": [3.0, 1, 2]})
    with pytest.warns(QIWarning):
        res = qi.chart(df, y="y", x="month")
    assert res.data["x"].dtype.kind == "M"
    assert res.data["y"].tolist() == [1.0, 2.0, 3.0]
    assert res.options.x_kind == "date"


def test_g_chart_phase_centre_is_the_median():
    y = [1.0, 2, 3, 10, 4, 6, 8, 2, 5, 7, 3, 9]
    res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="g")
    assert res.phases["centre"].iat[0] == float(np.median(y))
    m = np.mean(y)
    assert res.data["ucl"].iat[0] == pytest.approx(m + 3 * math.sqrt(m * (m + 1)))


def test_mdc_rule_set_uses_mdc_arithmetic():
    res = qi.chart(pd.DataFrame({"y": Y12}), y="y", chart="i", rules="mdc")
    y = np.array(Y12)
    amr = np.abs(np.diff(y)).mean()
    assert res.data["ucl"].iat[0] == pytest.approx(y.mean() + 2.66 * amr)
    assert res.data["ucl_2s"].iat[0] == pytest.approx(y.mean() + 2 * 2.66 / 3 * amr)


def test_zone_rules_are_skipped_on_run_charts():
    res = qi.chart(pd.DataFrame({"y": Y12}), y="y", chart="run", rules="hcdg")
    assert "outside" in res.rules_skipped
    assert not res.data["rule_outside"].any()


def test_improvement_maps_direction_to_signal_type():
    y = [5.0] * 3 + [6, 5] * 5 + [20]
    df = pd.DataFrame({"y": y})
    up = qi.chart(df, y="y", chart="i", improvement="up").data.iloc[-1]
    down = qi.chart(df, y="y", chart="i", improvement="down").data.iloc[-1]
    none = qi.chart(df, y="y", chart="i").data.iloc[-1]
    assert (up["signal_type"], down["signal_type"], none["signal_type"]) == (
        IMPROVEMENT,
        CONCERN,
        NEUTRAL,
    )
    assert up["signal_direction"] == 1


def test_signal_rule_follows_precedence_and_matches_the_rules_module():
    from qi.charts.api import rule_input
    from qi.charts.limits import compute_limits
    from qi.charts.prepare import prepare
    from qi.charts.rules import apply_rule_set
    from qi.charts.validate import resolve_options, validate_data

    y = [5.0, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 9, 9.5, 10, 10.5, 11, 11.5, 12, 30]
    df = pd.DataFrame({"y": y})
    res = qi.chart(df, y="y", chart="i", rules="nelson")
    opts, rs = resolve_options(
        y="y",
        x=None,
        n=None,
        chart="i",
        phases=None,
        baseline=None,
        exclude=None,
        rules="nelson",
        improvement=None,
        target=None,
        by=None,
        screen_mr=True,
    )
    valid, opts = validate_data(df, opts)
    prep = prepare(valid, opts)
    lim = compute_limits("i", prep)
    app = apply_rule_set(rs, rule_input(prep, lim, opts), has_limits=True)
    assert res.data["signal_rule"].astype(str).tolist() == list(app.signal_rule)


def _series_frame(values: dict[str, list[float]]) -> pd.DataFrame:
    parts = [
        pd.DataFrame({"ward": k, "x": range(1, len(v) + 1), "y": v}) for k, v in values.items()
    ]
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize(
    ("chart", "rules"), [("i", "hcdg"), ("run", "ihi"), ("i", "mdc"), ("c", "nelson")]
)
def test_by_equals_separate_calls(chart, rules):
    rng = np.random.default_rng(7)
    values = {w: rng.poisson(6, 30).astype(float).tolist() for w in ("north", "south", "east")}
    together = qi.chart(_series_frame(values), y="y", x="x", by="ward", chart=chart, rules=rules)
    for ward, v in values.items():
        alone = qi.chart(
            pd.DataFrame({"x": range(1, 31), "y": v}), y="y", x="x", chart=chart, rules=rules
        )
        part = (
            together.data[together.data["series"] == ward]
            .drop(columns="series")
            .reset_index(drop=True)
        )
        pd.testing.assert_frame_equal(
            part, alone.data.drop(columns="series"), check_categorical=False
        )
        ph = (
            together.phases[together.phases["series"] == ward]
            .drop(columns="series")
            .reset_index(drop=True)
        )
        pd.testing.assert_frame_equal(
            ph, alone.phases.drop(columns="series"), check_categorical=False
        )
        sg = together.signals[together.signals["series"] == ward].drop(columns="series")
        pd.testing.assert_frame_equal(
            sg.reset_index(drop=True), alone.signals.drop(columns="series").reset_index(drop=True)
        )


def test_series_keep_their_order_of_first_appearance():
    df = _series_frame({"zeta": Y12, "alpha": Y12})
    res = qi.chart(df, y="y", x="x", by="ward", chart="i")
    assert res.phases["series"].tolist() == ["zeta", "alpha"]


def test_series_column_is_y_name_without_by():
    res = qi.chart(pd.DataFrame({"falls": Y12}), y="falls", chart="c")
    assert set(res.data["series"]) == {"falls"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    y=st.lists(st.integers(0, 40), min_size=12, max_size=30),
    shift=st.integers(-1000, 1000),
)
def test_adding_a_constant_moves_lines_and_keeps_flags(y, shift):
    """Property: an I chart of y + k has every line moved by k and the same flags."""
    a = qi.chart(pd.DataFrame({"y": np.array(y, float)}), y="y", chart="i", rules="nelson")
    b = qi.chart(pd.DataFrame({"y": np.array(y, float) + shift}), y="y", chart="i", rules="nelson")
    for col in ("centre", "ucl", "lcl", "ucl_2s", "lcl_1s"):
        np.testing.assert_allclose(b.data[col], a.data[col] + shift, atol=1e-9, equal_nan=True)
    flags = [c for c in a.data.columns if c.startswith("rule_") and c != "rule_outside"]
    # zone and pattern rules compare y with lines; exact ties can move by round-off, so compare
    # only points not within 1e-9 of a line
    lines = a.data[["centre", "ucl", "lcl", "ucl_2s", "lcl_2s", "ucl_1s", "lcl_1s"]].to_numpy()
    clear = ~(np.abs(lines - a.data[["y"]].to_numpy()) < 1e-9).any(axis=1)
    if clear.all():
        pd.testing.assert_frame_equal(a.data[flags], b.data[flags])


values_with_gaps = st.lists(
    st.one_of(st.integers(0, 30).map(float), st.just(float("nan"))), min_size=1, max_size=25
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=values_with_gaps, b=values_with_gaps, chart=st.sampled_from(["i", "c", "run", "mr", "g"]))
def test_by_equals_separate_calls_property(a, b, chart):
    """Property (segment isolation): charting two series in one call gives, for each, exactly
    what charting it alone gives, whatever their lengths and missing values."""
    df = _series_frame({"a": a, "b": b})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        together = qi.chart(df, y="y", x="x", by="ward", chart=chart, rules="nelson")
        for ward, v in (("a", a), ("b", b)):
            alone = qi.chart(
                pd.DataFrame({"x": range(1, len(v) + 1), "y": v}),
                y="y",
                x="x",
                chart=chart,
                rules="nelson",
            )
            part = together.data[together.data["series"] == ward].drop(columns="series")
            pd.testing.assert_frame_equal(
                part.reset_index(drop=True),
                alone.data.drop(columns="series"),
                check_categorical=False,
            )
            ph = together.phases[together.phases["series"] == ward].drop(columns="series")
            pd.testing.assert_frame_equal(
                ph.reset_index(drop=True),
                alone.phases.drop(columns="series"),
                check_categorical=False,
            )


def test_for_series_picks_one_series():
    df = _series_frame({"north": Y12[:6], "south": Y12})
    with pytest.warns(QIWarning):
        res = qi.chart(df, y="y", x="x", by="ward", chart="i")
    assert res.series_names == ("north", "south")
    north = res.for_series("north")
    assert len(north.data) == 6 and set(north.data["series"]) == {"north"}
    assert len(north.phases) == 1 and north.options == res.options
    assert tuple(map(str, north.warnings)) == (
        "phase 1: the centre line and limits come from 6 points, fewer than 12; treat them as "
        "trial and recompute when there are 12 or more",
    )
    assert res.for_series("south").warnings == ()
    with pytest.raises(
        qi.ValidationError, match="unknown series 'west'; choose one of: north, south"
    ):
        res.for_series("west")


def test_repr_is_one_line():
    res = qi.chart(pd.DataFrame({"falls": Y12}), y="falls", chart="c")
    assert repr(res) == (
        "<ChartResult c chart of 'falls', rules 'hcdg': 1 series, 12 points, 1 phases, "
        f"{len(res.signals)} signal episodes, 0 warnings>"
    )


def test_trial_words_for_a_run_chart():
    with pytest.warns(QIWarning):
        res = qi.chart(pd.DataFrame({"y": [5.0, 6, 7]}), y="y")
    assert tuple(map(str, res.warnings)) == (
        "phase 1: the centre line comes from 3 points, fewer than 12; treat it as trial and "
        "recompute when there are 12 or more",
    )
