"""Limits by choice (sigma_multiplier, limits=, multiply) and the I', x-bar-R and R charts.

Worked examples: Montgomery's piston rings (Introduction to Statistical Quality Control,
Example 6.1: R-bar 0.023, D4(5) = 2.114, x-bar limits 74.014 / 73.988) and the same 25 samples
in the R package qcc (`qcc(diameter[1:25,], type = "R")`: centre 0.02276, sigma 0.009785039,
UCL 0.04812533; type "xbar": limits 73.98805 / 74.0143, and 73.99242 / 74.00993 with
nsigmas = 2; with rows 9, 10, 30, 35, 45, 64, 65, 74, 75, 85, 99, 100 left out: sigma
0.009856701, x-bar limits 73.98753 / 74.01398 for n = 5 and 73.98368 / 74.01782 for n = 3), as
the mistat package's tests reproduce them from qcc.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import qi
from qi import datasets
from qi.constants import R_CHART_D3, R_CHART_D4, RANGE_D2, RANGE_D3
from qi.errors import QIWarning, ValidationError

Y = [5.0, 7, 6, 9, 4, 8, 7, 6]  # mean 6.5; moving ranges 2,1,3,5,4,1,1: mean 17/7


def chart(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        return qi.chart(data, **kw)


def frame(y=Y):
    return pd.DataFrame({"y": y})


# --- sigma_multiplier -------------------------------------------------------------------


def test_two_sigma_limits_by_hand():
    res = chart(frame(), y="y", chart="i", sigma_multiplier=2)
    sigma = (17 / 7) / 1.128
    assert res.data["ucl"].iat[0] == pytest.approx(6.5 + 2 * sigma, rel=1e-12)
    assert res.data["lcl"].iat[0] == pytest.approx(6.5 - 2 * sigma, rel=1e-12)
    # the zone lines stay at 2 and 1 sigma
    assert res.data["ucl_1s"].iat[0] == pytest.approx(6.5 + sigma, rel=1e-12)
    assert res.options.sigma_multiplier == 2.0
    default = chart(frame(), y="y", chart="i")
    assert default.options.sigma_multiplier == 3.0
    assert default.data["ucl"].iat[0] == pytest.approx(6.5 + 3 * sigma, rel=1e-12)


def test_two_sigma_xbar_r_matches_qcc():
    df = datasets.load("montgomery_piston_rings")
    res = chart(df, y="diameter", x="sample", chart="xbar", sigma_from="range", sigma_multiplier=2)
    assert round(res.data["lcl"].iat[0], 5) == 73.99242
    assert round(res.data["ucl"].iat[0], 5) == 74.00993


def test_sigma_multiplier_moves_the_outside_signal():
    y = [10.0, 11, 9, 10, 11, 9, 10, 11, 9, 10, 13.0]
    three = chart(frame(y), y="y", chart="i", rules="hcdg")
    two = chart(frame(y), y="y", chart="i", rules="hcdg", sigma_multiplier=1.5)
    assert not three.data["outside"].iat[-1]
    assert two.data["outside"].iat[-1] and two.data["rule_outside"].iat[-1]


@pytest.mark.parametrize("bad", [0, -1, "2", True, math.inf])
def test_sigma_multiplier_must_be_a_positive_number(bad):
    with pytest.raises(ValidationError, match="sigma_multiplier must be a number above 0") as e:
        qi.chart(frame(), y="y", chart="i", sigma_multiplier=bad)
    assert e.value.field == "sigma_multiplier"


# --- limits= ----------------------------------------------------------------------------

FIXED = {"centre": 6.0, "lcl": 3.0, "ucl": 9.5, "source": "audit 2023, table 2"}


def test_fixed_limits_replace_the_computed_ones():
    res = chart(frame(Y + [10.0]), y="y", chart="i", rules="hcdg", limits=FIXED)
    d = res.data
    assert d["centre"].eq(6.0).all() and d["lcl"].eq(3.0).all() and d["ucl"].eq(9.5).all()
    # each side on its own: below (6 - 3) / 3 = 1 per sigma, above (9.5 - 6) / 3 = 7/6
    assert d["lcl_2s"].iat[0] == pytest.approx(4.0) and d["ucl_2s"].iat[0] == pytest.approx(
        6 + 7 / 3
    )
    assert d["lcl_1s"].iat[0] == pytest.approx(5.0) and d["ucl_1s"].iat[0] == pytest.approx(
        6 + 7 / 6
    )
    assert res.phases["sigma"].iat[0] == pytest.approx((1 + 7 / 6) / 2)
    assert d["outside"].tolist() == [False] * 8 + [True]  # 10 > 9.5
    assert res.options.limits is not None and res.options.limits.source == "audit 2023, table 2"
    # 9 points, but the limits do not come from them: not trial, no trial warning
    assert not res.phases["trial"].any() and res.warnings == ()


def test_a_fixed_centre_on_a_run_chart_drives_the_runs_analysis():
    y = [5.0, 7, 6, 9, 4, 8, 7, 6, 5, 7]
    res = chart(frame(y), y="y", chart="run", limits={"centre": 3.0, "source": "national median"})
    ph = res.phases.iloc[0]
    assert res.data["centre"].eq(3.0).all() and res.data["ucl"].isna().all()
    assert (ph["longest_run"], ph["n_runs"]) == (10, 1)  # every point above 3
    assert res.data["rule_shift"].all()


@pytest.mark.parametrize(
    ("limits", "kw", "message"),
    [
        ({"centre": 6, "lcl": 3, "ucl": 9}, {}, "limits needs a 'source'"),
        ({**FIXED, "source": "  "}, {}, "limits needs a 'source'"),
        ({**FIXED, "lcl": 7.0}, {}, "lcl <= centre <= ucl"),
        ({**FIXED, "ucl": None}, {}, r"limits\['ucl'\] must be a finite number"),
        ({**FIXED, "upper": 1}, {}, "limits has unknown keys: upper"),
        ([6, 3, 9], {}, "limits must be a mapping"),
        (FIXED, {"phases": [5]}, "cannot be combined with phases or baseline"),
        (FIXED, {"baseline": 4}, "cannot be combined with phases or baseline"),
        (FIXED, {"chart": "run"}, "a run chart has a centre line only"),
    ],
)
def test_bad_limits_are_refused_with_the_fix(limits, kw, message):
    args = {"y": "y", "chart": "i", **kw}
    with pytest.raises(ValidationError, match=message) as e:
        qi.chart(frame(), limits=limits, **args)
    assert e.value.field == "limits"


# --- multiply ---------------------------------------------------------------------------


def test_multiply_scales_the_numbers_not_the_signals():
    df = pd.DataFrame({"y": [5, 7, 6, 9, 4, 8, 7, 6, 20], "n": [50] * 9})
    plain = chart(df, y="y", n="n", chart="p")
    pct = chart(df, y="y", n="n", chart="p", multiply=100)
    # pooled p = 72 / 450 = 0.16; sigma = sqrt(0.16 x 0.84 / 50)
    sigma = math.sqrt(0.16 * 0.84 / 50)
    assert pct.data["centre"].iat[0] == pytest.approx(16.0)
    assert pct.data["ucl"].iat[0] == pytest.approx(100 * (0.16 + 3 * sigma))
    assert pct.data["y"].iat[0] == pytest.approx(10.0)
    assert pct.phases["sigma"].iat[0] == pytest.approx(100 * sigma)
    assert pct.data["signal"].tolist() == plain.data["signal"].tolist()
    assert pct.data["outside"].iat[-1]  # 40% is beyond the limits either way
    assert pct.options.multiply == 100.0


def test_fixed_limits_are_in_displayed_units_with_multiply():
    df = pd.DataFrame({"y": [5, 7, 6, 9, 4, 8, 7, 6], "n": [50] * 8})
    res = chart(
        df,
        y="y",
        n="n",
        chart="p",
        multiply=100,
        limits={"centre": 12.0, "lcl": 2.0, "ucl": 22.0, "source": "2022 baseline"},
    )
    assert res.data["centre"].eq(12.0).all() and res.data["ucl"].eq(22.0).all()
    assert res.data["outside"].tolist() == [False] * 8


def test_multiply_must_be_positive():
    with pytest.raises(ValidationError, match="multiply must be a number above 0"):
        qi.chart(frame(), y="y", chart="i", multiply=0)


# --- I' chart ---------------------------------------------------------------------------


def test_ip_chart_by_hand():
    df = pd.DataFrame({"y": [10, 40, 15], "n": [100, 200, 100]})
    res = chart(df, y="y", n="n", chart="ip")
    # y = 0.1, 0.2, 0.15; centre = 65 / 400; s_j = sqrt(pi/2) |dy| / sqrt(1/n_j + 1/n_j+1)
    s1 = math.sqrt(math.pi / 2) * 0.1 / math.sqrt(1 / 100 + 1 / 200)
    s2 = math.sqrt(math.pi / 2) * 0.05 / math.sqrt(1 / 200 + 1 / 100)
    mean_s = (s1 + s2) / 2  # both below 3.2665 x mean: none screened out
    cl = 65 / 400
    assert res.data["centre"].iat[0] == pytest.approx(cl)
    np.testing.assert_allclose(
        res.data["ucl"], [cl + 3 * mean_s / math.sqrt(n) for n in (100, 200, 100)], rtol=1e-12
    )


def test_ip_chart_without_n_is_an_i_chart_with_exact_d2():
    res = chart(frame(), y="y", chart="ip")
    # n = 1: s = sqrt(pi/2) |dy| / sqrt(2) = |dy| sqrt(pi) / 2, i.e. mean MR / (2 / sqrt(pi))
    sigma = (17 / 7) * math.sqrt(math.pi) / 2
    assert res.data["ucl"].iat[0] == pytest.approx(6.5 + 3 * sigma, rel=1e-12)
    assert res.data["centre"].iat[0] == pytest.approx(6.5)


def test_ip_chart_screens_large_moving_ranges():
    y = [10.0, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 30]
    screened = chart(frame(y), y="y", chart="ip")
    raw = chart(frame(y), y="y", chart="ip", screen_mr=False)
    # the last step (19.5) is above 3.2665 x the mean s and is left out when screening
    assert screened.phases["sigma"].iat[0] == pytest.approx(0.5 * math.sqrt(math.pi) / 2)
    assert raw.phases["sigma"].iat[0] > screened.phases["sigma"].iat[0]


# --- x-bar from ranges, R chart ---------------------------------------------------------


def test_piston_rings_xbar_r_matches_montgomery_and_qcc():
    df = datasets.load("montgomery_piston_rings")
    xbar = chart(df, y="diameter", x="sample", chart="xbar", sigma_from="range")
    r = chart(df, y="diameter", x="sample", chart="r")
    # qcc: centre 74.00118, sigma 0.009785039, limits 73.98805 / 74.0143
    assert round(xbar.phases["centre"].iat[0], 5) == 74.00118
    assert xbar.phases["sigma"].iat[0] * math.sqrt(5) == pytest.approx(0.009785039, rel=2e-4)
    assert round(xbar.data["lcl"].iat[0], 5) == 73.98805
    assert round(xbar.data["ucl"].iat[0], 4) == 74.0143
    # Montgomery: x-bar limits 74.014 / 73.988 (printed to 3 decimals)
    assert (round(xbar.data["ucl"].iat[0], 3), round(xbar.data["lcl"].iat[0], 3)) == (
        74.014,
        73.988,
    )
    # R chart: qcc centre 0.02276, UCL 0.04812533, LCL 0; Montgomery R-bar 0.023, UCL = D4 R-bar
    # with D4(5) = 2.114, LCL = D3 R-bar = 0
    assert r.phases["centre"].iat[0] == pytest.approx(0.02276, abs=1e-12)
    assert round(r.phases["centre"].iat[0], 3) == 0.023
    assert r.data["ucl"].iat[0] / r.phases["centre"].iat[0] == pytest.approx(2.114)
    assert round(r.data["ucl"].iat[0], 4) == round(0.04812533, 4)
    assert r.data["lcl"].eq(0.0).all()
    ranges = df.groupby("sample")["diameter"].agg(lambda v: v.max() - v.min())
    np.testing.assert_allclose(r.data["y"], ranges.to_numpy(), atol=1e-12)
    assert r.data["n"].eq(5).all()


def test_xbar_r_with_varying_subgroups_matches_qcc():
    df = datasets.load("montgomery_piston_rings")
    out = [i - 1 for i in (9, 10, 30, 35, 45, 64, 65, 74, 75, 85, 99, 100)]
    res = chart(df.drop(df.index[out]), y="diameter", x="sample", chart="xbar", sigma_from="range")
    d = res.data.drop_duplicates("n").set_index("n")
    assert (round(d.at[5.0, "lcl"], 5), round(d.at[5.0, "ucl"], 5)) == (73.98753, 74.01398)
    assert (round(d.at[3.0, "lcl"], 5), round(d.at[3.0, "ucl"], 5)) == (73.98368, 74.01782)
    assert d.at[5.0, "ucl"] - d.at[5.0, "centre"] == pytest.approx(
        3 * 0.009856701 / math.sqrt(5), rel=2e-4
    )


def test_r_chart_centre_follows_the_subgroup_size():
    # sizes 2 and 3: sigma = mean(R_i / d2(n_i)); centre_i = d2(n_i) sigma (the expected range;
    # qcc centres on the overall R-bar instead)
    df = pd.DataFrame({"x": [1, 1, 2, 2, 2, 3, 3, 4, 4, 4], "y": [1.0, 2, 1, 3, 2, 5, 4, 0, 1, 3]})
    res = chart(df, y="y", x="x", chart="r")
    sigma = np.mean([1 / 1.128, 2 / 1.693, 1 / 1.128, 3 / 1.693])
    np.testing.assert_allclose(res.data["centre"], [1.128 * sigma, 1.693 * sigma] * 2, rtol=1e-12)
    np.testing.assert_allclose(res.data["ucl"], [3.267 * 1.128 * sigma, 2.574 * 1.693 * sigma] * 2)


def test_range_constants_agree_with_their_definitions():
    # d2(n) = integral of 1 - F^n - (1 - F)^n for the standard normal F (Tippett 1925)
    x = np.linspace(-10, 10, 200_001)
    phi = 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))
    for n, d2 in RANGE_D2.items():
        exact = np.trapezoid(1 - phi**n - (1 - phi) ** n, x)
        assert d2 == pytest.approx(exact, abs=6e-4), n
        assert R_CHART_D4[n] == pytest.approx(1 + 3 * RANGE_D3[n] / d2, abs=2e-3), n
        assert R_CHART_D3[n] == pytest.approx(max(0.0, 1 - 3 * RANGE_D3[n] / d2), abs=1e-3), n


@pytest.mark.parametrize(
    ("kw", "message", "field"),
    [
        (
            {"chart": "i", "sigma_from": "range"},
            "sigma_from='range' applies to xbar charts",
            "sigma_from",
        ),
        (
            {"chart": "xbar", "sigma_from": "mad"},
            "sigma_from must be 'sd' or 'range'",
            "sigma_from",
        ),
        ({"chart": "r", "n": "y"}, "an r chart's subgroups are the rows that share an x", "n"),
    ],
)
def test_bad_range_options(kw, message, field):
    with pytest.raises(ValidationError, match=message) as e:
        qi.chart(frame(), y="y", **kw)
    assert e.value.field == field


def test_r_chart_refuses_subgroups_beyond_the_table():
    df = pd.DataFrame({"x": [1] * 26 + [2] * 26, "y": np.arange(52.0)})
    with pytest.raises(
        ValidationError,
        match="subgroups of up to 25 values can use ranges; this data has a subgroup of 26",
    ):
        qi.chart(df, y="y", x="x", chart="r")
