"""qi.funnel(): exact and normal limits, overdispersion, signals, errors, plot and words.

Every expected value is computed here from the published formulas with exact integer sums
(binomial and Poisson terms as fractions), not from qi's own functions:

- limits: Spiegelhalter DJ (2005) Funnel plots for comparing institutional performance, Stat Med
  24:1185-1202, Appendix A.1.1 (interpolated exact limits) and eq. for the normal limits;
- overdispersion: Spiegelhalter DJ (2005) Handling over-dispersion of performance indicators,
  Qual Saf Health Care 14:347-351, as FunnelPlotR 0.5 computes it (R/od_adjustment.R:
  Winsorised z at 10%/90%, phi = mean z_w^2; tau2 by DerSimonian & Laird; arcsine scale for
  proportions).
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import qi
from qi.charts.distributions import binom_cdf, log_gamma, pois_cdf
from qi.charts.funnel import CURVE_COLUMNS, FUNNEL_COLUMNS
from qi.errors import QIWarning, ValidationError


def quiet(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        return qi.funnel(*args, **kw)


def exact_binom_cdf(k: int, n: int, p: Fraction) -> Fraction:
    return sum((math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1)), Fraction(0))


def exact_limit(cdf, prob: float, n: int) -> float:
    """Spiegelhalter's interpolated limit from an exact cdf (smallest r with F(r) >= P); a limit
    below 0 (when F(0) >= P already) is drawn at 0."""
    r = 0
    while float(cdf(r)) < prob:
        r += 1
    f, f_prev = float(cdf(r)), float(cdf(r - 1)) if r > 0 else 0.0
    return max(0.0, r - (f - prob) / (f - f_prev)) / n


def pois_terms_cdf(k: int, mu: float) -> float:
    return math.fsum(math.exp(-mu + i * math.log(mu) - math.lgamma(i + 1)) for i in range(k + 1))


# --- the distribution functions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "p"), [(0, 5, "3/10"), (3, 20, "1/10"), (50, 100, "1/2"), (37, 400, "1/8")]
)
def test_binomial_cdf_equals_the_exact_sum(k, n, p):
    want = float(exact_binom_cdf(k, n, Fraction(p)))
    assert binom_cdf(np.array([k]), np.array([n]), np.array([float(Fraction(p))]))[
        0
    ] == pytest.approx(want, rel=1e-11)


@pytest.mark.parametrize(("k", "mu"), [(0, 0.1), (3, 2.5), (10, 30.0), (100, 90.0), (250, 260.5)])
def test_poisson_cdf_equals_the_exact_sum(k, mu):
    assert pois_cdf(np.array([k]), np.array([mu]))[0] == pytest.approx(
        pois_terms_cdf(k, mu), rel=1e-10
    )


def test_log_gamma():
    x = np.array([0.5, 1.0, 2.5, 10.0, 1234.5])
    np.testing.assert_allclose(log_gamma(x), [math.lgamma(v) for v in x], rtol=1e-13, atol=1e-13)


# --- limits ----------------------------------------------------------------------------------

UNITS = pd.DataFrame(
    {"ward": ["A", "B", "C", "D"], "falls": [2, 9, 30, 14], "beds": [20, 150, 200, 130]}
)
# pooled target 55 / 500 = 0.11


def test_exact_binomial_limits_follow_spiegelhalter_interpolation():
    res = quiet(UNITS, y="falls", n="beds", unit="ward")
    p0 = Fraction(55, 500)
    assert res.target == pytest.approx(0.11)
    for row in res.data.itertuples():
        n = int(row.n)
        cdf = lambda r, n=n: exact_binom_cdf(r, n, p0)  # noqa: E731
        assert row.lcl_95 == pytest.approx(exact_limit(cdf, 0.025, n), abs=1e-9)
        assert row.ucl_95 == pytest.approx(exact_limit(cdf, 0.975, n), abs=1e-9)
        assert row.lcl_998 == pytest.approx(exact_limit(cdf, 0.001, n), abs=1e-9)
        assert row.ucl_998 == pytest.approx(exact_limit(cdf, 0.999, n), abs=1e-9)
    # by hand for n = 20, p = 0.11: F(4) = 0.9313..., F(5) = 0.9801...: r = 5
    f4, f5 = float(exact_binom_cdf(4, 20, p0)), float(exact_binom_cdf(5, 20, p0))
    assert f4 < 0.975 <= f5
    assert res.data["ucl_95"].iat[0] == pytest.approx((5 - (f5 - 0.975) / (f5 - f4)) / 20)


def test_normal_limits_by_hand():
    res = quiet(UNITS, y="falls", n="beds", unit="ward", limits="normal")
    se = math.sqrt(0.11 * 0.89 / 150)
    row = res.data.iloc[1]
    assert row["ucl_95"] == pytest.approx(0.11 + 1.959963984540054 * se)
    assert row["lcl_998"] == pytest.approx(0.11 - 3.090232306167813 * se)


def test_exact_poisson_rate_limits_and_a_given_target():
    df = pd.DataFrame(
        {"la": ["X", "Y", "Z"], "events": [4, 40, 130], "pop": [1000.0, 8000.0, 20000.0]}
    )
    res = quiet(
        df,
        y="events",
        n="pop",
        unit="la",
        chart="rate",
        target=5.5,
        multiply=1000,
        target_source="England 2023/24",
    )
    assert res.target == pytest.approx(5.5) and res.options.target_source == "England 2023/24"
    for row in res.data.itertuples():
        mu = 0.0055 * row.n
        cdf = lambda r, mu=mu: pois_terms_cdf(r, mu)  # noqa: E731
        assert row.ucl_998 == pytest.approx(1000 * exact_limit(cdf, 0.999, 1) / row.n, rel=1e-9)
        assert row.lcl_95 == pytest.approx(1000 * exact_limit(cdf, 0.025, 1) / row.n, rel=1e-9)
    assert res.data["value"].tolist() == pytest.approx([4.0, 5.0, 6.5])


def test_ratio_funnel_pools_observed_over_expected():
    df = pd.DataFrame(
        {
            "trust": list("abcdef"),
            "obs": [100, 150, 180, 80, 120, 225],
            "exp": [108.0, 112, 165, 95, 100, 220],
        }
    )  # FunnelPlotR's own test data
    res = quiet(df, y="obs", n="exp", unit="trust", chart="ratio")
    assert res.target == pytest.approx(855 / 800)
    assert res.data["value"].iat[1] == pytest.approx(150 / 112)


def test_mean_funnel_by_hand():
    df = pd.DataFrame({"gp": ["p", "q", "r"], "wait": [12.0, 15.0, 30.0], "patients": [40, 90, 60]})
    res = quiet(df, y="wait", n="patients", unit="gp", chart="mean", sd=20.0)
    t = (12 * 40 + 15 * 90 + 30 * 60) / 190
    assert res.target == pytest.approx(t)
    assert res.data["ucl_998"].iat[2] == pytest.approx(t + 3.090232306167813 * 20 / math.sqrt(60))
    assert res.data["z"].iat[2] == pytest.approx((30 - t) / (20 / math.sqrt(60)))
    # multiply scales the values and limits, not the SD (given in the units of y)
    hours = quiet(df, y="wait", n="patients", unit="gp", chart="mean", sd=20.0, multiply=1 / 60)
    assert hours.data["ucl_998"].iat[2] == pytest.approx(res.data["ucl_998"].iat[2] / 60)


def test_mean_funnel_pools_unit_sds():
    df = pd.DataFrame(
        {"gp": ["p", "q"], "wait": [12.0, 15.0], "patients": [11, 21], "sd": [10.0, 20.0]}
    )
    res = quiet(df, y="wait", n="patients", unit="gp", chart="mean", sd="sd")
    pooled = math.sqrt((10 * 100 + 20 * 400) / 30)
    assert res.data["z"].iat[0] == pytest.approx((12 - res.target) / (pooled / math.sqrt(11)))


# --- overdispersion --------------------------------------------------------------------------

WIDE = pd.DataFrame(
    {
        "unit": [f"u{i}" for i in range(10)],
        "y": [30, 55, 80, 41, 90, 20, 66, 120, 35, 70],
        "n": [400, 420, 500, 380, 450, 300, 520, 600, 350, 480],
    }
)


def _phi_tau_by_hand(df):
    p = df["y"].sum() / df["n"].sum()
    z = (np.arcsin(np.sqrt(df["y"] / df["n"])) - math.asin(math.sqrt(p))) * 2 * np.sqrt(df["n"])
    lo, hi = np.quantile(z, [0.1, 0.9])  # R's quantile type 7
    phi = float(np.mean(np.clip(z, lo, hi) ** 2))
    w = 4 * df["n"].to_numpy(dtype=float)  # 1 / s^2, s = 1 / (2 sqrt(n))
    k = len(df)
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w * w).sum() / w.sum()))
    return p, z.to_numpy(), phi, tau2


def test_phi_and_tau2_as_funnelplotr_computes_them():
    p, z, phi, tau2 = _phi_tau_by_hand(WIDE)
    assert phi > 1 and tau2 > 0
    with pytest.warns(QIWarning, match="vary more than chance"):
        res = qi.funnel(WIDE, y="y", n="n", unit="unit")
    assert (res.phi, res.tau2) == (pytest.approx(phi), pytest.approx(tau2))
    assert not res.adjusted


def test_additive_overdispersion_widens_the_limits():
    p, z, phi, tau2 = _phi_tau_by_hand(WIDE)
    res = quiet(WIDE, y="y", n="n", unit="unit", overdispersion="additive")
    assert res.adjusted
    n = 500
    width = 3.090232306167813 * math.sqrt(1 / (4 * n) + tau2)
    row = res.data[res.data["n"] == n].iloc[0]
    assert row["ucl_998"] == pytest.approx(math.sin(math.asin(math.sqrt(p)) + width) ** 2)
    assert row["z"] == pytest.approx(z[2] / math.sqrt(1 + 4 * n * tau2))
    plain = quiet(WIDE, y="y", n="n", unit="unit")
    assert (res.data["ucl_998"] > plain.data["ucl_998"]).all()
    assert res.data["outside"].sum() < plain.data["outside"].sum()


def test_multiplicative_overdispersion_scales_z_by_sqrt_phi():
    p, z, phi, _ = _phi_tau_by_hand(WIDE)
    res = quiet(WIDE, y="y", n="n", unit="unit", overdispersion="multiplicative")
    np.testing.assert_allclose(res.data["z"], z / math.sqrt(phi), rtol=1e-12)
    row = res.data.iloc[0]
    half = 1.959963984540054 * math.sqrt(phi) / (2 * math.sqrt(400))
    assert row["lcl_95"] == pytest.approx(math.sin(math.asin(math.sqrt(p)) - half) ** 2)


def test_no_overdispersion_keeps_the_exact_limits():
    df = pd.DataFrame({"u": list("abcdefgh"), "y": [10, 11, 9, 10, 12, 10, 9, 11], "n": [100] * 8})
    with pytest.warns(QIWarning, match="no overdispersion found"):
        res = qi.funnel(df, y="y", n="n", unit="u", overdispersion="additive")
    exact = quiet(df, y="y", n="n", unit="u")
    assert not res.adjusted and res.tau2 == 0.0
    np.testing.assert_allclose(res.data["ucl_998"], exact.data["ucl_998"])


# --- signals ---------------------------------------------------------------------------------


def test_direction_aware_signal_types():
    df = pd.DataFrame({"u": list("abcde"), "y": [10, 10, 10, 60, 0], "n": [100] * 5})
    down = quiet(df, y="y", n="n", unit="u", improvement="down")
    assert down.data["direction"].tolist() == [0, 0, 0, 1, -1]
    assert down.data["signal_type"].tolist() == [
        "common_cause",
        "common_cause",
        "common_cause",
        "special_cause_concern",
        "special_cause_improvement",
    ]
    up = quiet(df, y="y", n="n", unit="u", improvement="up")
    assert up.data["signal_type"].iat[3] == "special_cause_improvement"
    neither = quiet(df, y="y", n="n", unit="u")
    assert neither.data["signal_type"].iat[4] == "special_cause_neutral"
    assert (
        tuple(neither.data.columns) == FUNNEL_COLUMNS
        and tuple(neither.curve.columns) == CURVE_COLUMNS
    )


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "kw", "message", "field"),
    [
        (
            {"u": ["a", "b"], "y": [1, 2], "n": [10, 0]},
            {},
            "column 'n' has zero or negative denominators",
            "n",
        ),
        (
            {"u": ["a", "b"], "y": [11, 2], "n": [10, 20]},
            {},
            "numerators above their denominators",
            "y",
        ),
        ({"u": ["a", "b"], "y": [-1, 2], "n": [10, 20]}, {"chart": "rate"}, "negative counts", "y"),
        ({"u": ["a"], "y": [1], "n": [10]}, {}, "compares units; found 1 unit", "data"),
        (
            {"u": ["a", "a"], "y": [1, 2], "n": [10, 20]},
            {},
            "unit 'a' appears on more than one row",
            "unit",
        ),
        (
            {"u": ["a", "b"], "y": [1, None], "n": [10, 20]},
            {},
            "missing, non-numeric or infinite",
            "y",
        ),
        (
            {"u": ["a", "b"], "y": [1, 2], "n": [10, 20]},
            {"chart": "odds"},
            "unknown funnel chart 'odds'",
            "chart",
        ),
        (
            {"u": ["a", "b"], "y": [1.0, 2], "n": [10, 20]},
            {"chart": "mean"},
            "needs the standard deviation",
            "sd",
        ),
        ({"u": ["a", "b"], "y": [1.5, 2], "n": [10, 20]}, {}, "need whole numbers", "y"),
        (
            {"u": ["a", "b"], "y": [0, 0], "n": [10, 20]},
            {},
            "target strictly between 0 and 1",
            "target",
        ),
        (
            {"u": ["a", "b"], "y": [1, 2], "n": [10, 20]},
            {"target_source": "England"},
            "without a target",
            "target_source",
        ),
        (
            {"u": ["a", "b"], "y": [1, 2], "n": [10, 20]},
            {"unit": "ward"},
            "column 'ward' not found",
            "unit",
        ),
    ],
)
def test_bad_input_is_refused_with_the_fix(frame, kw, message, field):
    args = {"y": "y", "n": "n", "unit": "u", **kw}
    with pytest.raises(ValidationError, match=message) as e:
        qi.funnel(pd.DataFrame(frame), **args)
    assert e.value.field == field


# --- plot and words --------------------------------------------------------------------------


def test_plot_draws_the_curve_and_every_unit(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    df = pd.DataFrame({"u": list("abcde"), "y": [10, 10, 10, 60, 0], "n": [100] * 5})
    res = quiet(df, y="y", n="n", unit="u", improvement="down")
    fig = res.plot()
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines()}
    for col in ("lcl_95", "ucl_95", "lcl_998", "ucl_998"):
        np.testing.assert_allclose(lines[col].get_ydata(), res.curve[col])
    np.testing.assert_allclose(lines["target"].get_ydata(), res.curve["target"])
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(res.data)
    labels = [t.get_text() for t in ax.texts]
    assert sorted(labels) == ["d", "e"]


def test_the_readers_own_unit_is_ringed_and_named_once(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    df = pd.DataFrame({"u": list("abcde"), "y": [10, 10, 10, 60, 0], "n": [100] * 5})
    res = quiet(df, y="y", n="n", unit="u", improvement="down")
    ax = res.plot(highlight="b").axes[0]
    (ring,) = [c for c in ax.collections if c.get_gid() == "highlight"]
    np.testing.assert_allclose(ring.get_offsets(), [[100, 0.1]])  # b: 10 of 100
    assert sorted(t.get_text() for t in ax.texts) == ["b", "d", "e"]
    ax = res.plot(highlight="d").axes[0]  # outside the limits too: named once, not twice
    assert sorted(t.get_text() for t in ax.texts) == ["d", "e"]
    ax = res.plot(highlight="not a unit").axes[0]
    assert not [c for c in ax.collections if c.get_gid() == "highlight"]


def test_describe_lists_units_outside_and_escapes_names():
    df = pd.DataFrame({"u": ["a", "b", "c", "*d*", "e"], "y": [10, 10, 10, 60, 10], "n": [100] * 5})
    res = quiet(df, y="y", n="n", unit="u")
    text = res.describe(markdown=True)
    assert "1 unit outside the 99.8% limits: \\*d\\* (0.6, above)." in text
    assert "5 units compared on the proportion of y per n; target 0.2 (pooled)." in text.replace(
        "\\", ""
    )
