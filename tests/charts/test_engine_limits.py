"""Limits of every chart type on small vectors, the expected values worked from the formulas
(qicharts2-method.md §2; Montgomery for np) with the numbers written out."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qi.charts.limits import LIMIT_FUNCTIONS, get_limit_function
from qi.charts.schema import CHART_TYPES
from qi.constants import c4
from qi.errors import ValidationError

APPROX = {"rel": 1e-12, "abs": 1e-12}


def test_registry_covers_every_chart_type():
    assert tuple(LIMIT_FUNCTIONS) == CHART_TYPES


def test_unknown_chart_lists_valid_ones():
    with pytest.raises(ValidationError, match="unknown chart 'xmr'; choose one of: run, i, mr"):
        get_limit_function("xmr")


# --- run ---------------------------------------------------------------------------------


def test_run_centre_is_median_and_no_limits(run_steps):
    _, lim = run_steps({"y": [3.0, 1, 2, 5]}, "run")
    # median of 1, 2, 3, 5 = (2 + 3) / 2
    assert lim.centre[0] == 2.5
    assert np.isnan(lim.ucl).all() and np.isnan(lim.lcl_1s).all()


# --- i -----------------------------------------------------------------------------------


def test_i_chart_worked_example(run_steps):
    _, lim = run_steps({"y": [2.0, 4, 3, 5, 6]}, "i")
    # mean = 20/5 = 4; MR = 2, 1, 2, 1 -> mean MR 1.5 (none >= 3.267 x 1.5); sigma = 1.5/1.128
    sigma = 1.5 / 1.128
    assert lim.centre[0] == pytest.approx(4.0, **APPROX)
    assert lim.ucl[0] == pytest.approx(4 + 3 * sigma, **APPROX)
    assert lim.lcl[0] == pytest.approx(4 - 3 * sigma, **APPROX)
    assert lim.ucl_2s[0] == pytest.approx(4 + 2 * sigma, **APPROX)
    assert lim.lcl_1s[0] == pytest.approx(4 - sigma, **APPROX)
    assert lim.seg_sigma[0] == pytest.approx(sigma, **APPROX)
    # 3/1.128 = 2.6596..., not the rounded 2.66
    assert lim.ucl[0] - 4 == pytest.approx(2.6595744680851063 * 1.5, **APPROX)


def test_i_chart_lower_limit_is_not_clipped(run_steps):
    # qicharts2's default y.neg = TRUE: an I chart's lcl may be negative even for positive data
    _, lim = run_steps({"y": [1.0, 5, 1, 5]}, "i")
    # mean 3, MR 4, 4, 4 -> sigma 4/1.128; lcl = 3 - 3 x 3.546 < 0
    assert lim.lcl[0] == pytest.approx(3 - 3 * 4 / 1.128, **APPROX) and lim.lcl[0] < 0


SCREEN_Y = [10.0, 11, 10, 11, 10, 11, 10, 11, 10, 25]


def test_i_chart_screening_on_drops_large_moving_ranges(run_steps):
    # MR: eight 1s and one 15 -> mean 23/9 = 2.556; 3.267 x 2.556 = 8.35 < 15 -> 15 dropped;
    # screened mean MR = 8/8 = 1. Mean = (5x10 + 4x11 + 25)/10 = 11.9 (not recomputed).
    _, lim = run_steps({"y": SCREEN_Y}, "i")
    assert lim.centre[0] == pytest.approx(11.9, **APPROX)
    assert lim.seg_sigma[0] == pytest.approx(1 / 1.128, **APPROX)
    assert lim.ucl[0] == pytest.approx(11.9 + 3 / 1.128, **APPROX)


def test_i_chart_screening_off_keeps_every_moving_range(run_steps):
    _, lim = run_steps({"y": SCREEN_Y}, "i", screen_mr=False)
    assert lim.seg_sigma[0] == pytest.approx((23 / 9) / 1.128, **APPROX)


def test_screening_is_done_once(run_steps):
    # MR = 0, 0, 3: mean 1, threshold 3.267 -> 3 < 3.267 is kept; mean MR 1
    _, lim = run_steps({"y": [1.0, 1, 1, 4]}, "i")
    assert lim.seg_sigma[0] == pytest.approx(1 / 1.128, **APPROX)
    # MR = 0, 0, 0, 4: mean 1, 4 >= 3.267 -> dropped; the rest are 0 -> mean 0. A second pass
    # would drop the zeros too (0 < 3.267 x 0 is false) and give NaN: there is none.
    _, lim = run_steps({"y": [1.0, 1, 1, 1, 5]}, "i")
    assert lim.seg_sigma[0] == 0.0


def test_constant_series_has_nan_limits_with_screening(run_steps):
    # every MR is 0; none is < 3.267 x 0, so none is kept: mean of nothing -> NaN (qicharts2)
    _, lim = run_steps({"y": [5.0, 5, 5, 5]}, "i")
    assert np.isnan(lim.ucl).all()
    _, lim = run_steps({"y": [5.0, 5, 5, 5]}, "i", screen_mr=False)
    assert lim.ucl[0] == 5.0


def test_moving_range_bridges_excluded_points(run_steps):
    # exclude x = 2 (y = 5): base vector 1, 2, 4, 3 -> MR 1, 2, 1 -> 4/3; mean 10/4
    _, lim = run_steps({"y": [1.0, 5, 2, 4, 3]}, "i", exclude=(2,))
    assert lim.centre[0] == pytest.approx(2.5, **APPROX)
    assert lim.seg_sigma[0] == pytest.approx((4 / 3) / 1.128, **APPROX)


def test_moving_range_does_not_bridge_missing_values(run_steps):
    # y = 1, NA, 2, 4, 3: MRs next to NA are NA -> MR 2, 1 -> 1.5; mean (1+2+4+3)/4 = 2.5
    _, lim = run_steps({"y": [1.0, np.nan, 2, 4, 3]}, "i")
    assert lim.centre[0] == pytest.approx(2.5, **APPROX)
    assert lim.seg_sigma[0] == pytest.approx(1.5 / 1.128, **APPROX)


def test_freeze_estimates_from_baseline_and_extends(run_steps):
    prep, lim = run_steps({"y": [1.0, 2, 3, 10, 20]}, "i", baseline=3)
    # base 1, 2, 3: mean 2, MR 1, 1 -> sigma 1/1.128; the same lines on all five points
    assert list(prep.baseline) == [True, True, True, False, False]
    assert lim.centre.tolist() == [2.0] * 5
    assert lim.ucl[4] == pytest.approx(2 + 3 / 1.128, **APPROX)


def test_mdc_convention_uses_266_and_1773(run_steps):
    _, lim = run_steps({"y": [2.0, 4, 3, 5, 6]}, "i", convention="mdc")
    # mean 4, mean MR 1.5; limits 4 +/- 2.66 x 1.5; 2-sigma lines 4 +/- 2 x 2.66/3 x 1.5
    assert lim.ucl[0] == pytest.approx(4 + 2.66 * 1.5, **APPROX)
    assert lim.lcl[0] == pytest.approx(4 - 2.66 * 1.5, **APPROX)
    assert lim.ucl_2s[0] == pytest.approx(4 + 2 * (2.66 / 3) * 1.5, **APPROX)
    assert lim.ucl_1s[0] == pytest.approx(4 + (2.66 / 3) * 1.5, **APPROX)


def test_mdc_convention_screens_moving_ranges(run_steps):
    # as above: the MR of 15 is screened out, mean MR 1; the mean 11.9 is not recomputed
    _, a = run_steps({"y": SCREEN_Y}, "i", convention="mdc")
    assert a.ucl[0] == pytest.approx(11.9 + 2.66 * 1.0, **APPROX)


# --- mr ----------------------------------------------------------------------------------


def test_mr_chart(run_steps):
    _, lim = run_steps({"y": [1.0, 3, 2, 6]}, "mr")
    # y = NA, 2, 1, 4; centre = 7/3; ucl = 3.267 x 7/3; ucl_2s = 2 x 3.267/3 x 7/3; lcl = 0
    assert np.isnan(lim.y[0]) and lim.y[1:].tolist() == [2.0, 1.0, 4.0]
    assert lim.centre[0] == pytest.approx(7 / 3, **APPROX)
    assert lim.ucl[0] == pytest.approx(3.267 * 7 / 3, **APPROX)
    assert lim.ucl_2s[0] == pytest.approx(2 * 3.267 / 3 * 7 / 3, **APPROX)
    assert lim.lcl.tolist() == [0.0] * 4


def test_mr_restarts_in_each_phase(run_steps):
    _, lim = run_steps({"y": [1.0, 3, 10, 14], "x": [1, 2, 3, 4]}, "mr", phases=(3,))
    # phase 2 starts at x = 3: its first MR is NA, not |10 - 3|
    assert np.isnan(lim.y[2]) and lim.y[3] == 4.0
    assert lim.centre.tolist() == [2.0, 2.0, 4.0, 4.0]


# --- xbar and s --------------------------------------------------------------------------

# three subgroups of 3: [1,2,3] mean 2 sd 1; [2,4,6] mean 4 sd 2; [3,3,6] mean 4 sd sqrt(3)
XBAR = {"x": [1, 1, 1, 2, 2, 2, 3, 3, 3], "y": [1.0, 2, 3, 2, 4, 6, 3, 3, 6]}


def test_c4_exact():
    # c4(3) = sqrt(2/2) Gamma(3/2)/Gamma(1) = sqrt(pi)/2; Montgomery App. VI: c4(5) = 0.9400
    assert c4(3) == pytest.approx(math.sqrt(math.pi) / 2, rel=1e-14)
    assert round(c4(5), 4) == 0.94
    assert math.isnan(c4(1))


def test_xbar_constant_sizes_uses_mean_sd(run_steps):
    prep, lim = run_steps(XBAR, "xbar")
    assert prep.y_mean.tolist() == [2.0, 4.0, 4.0]
    assert prep.y_sd == pytest.approx([1.0, 2.0, math.sqrt(3)])
    sbar = (1 + 2 + math.sqrt(3)) / 3
    cl = (3 * 2 + 3 * 4 + 3 * 4) / 9
    a3 = 3 / (c4(3) * math.sqrt(3))
    assert lim.centre[0] == pytest.approx(cl, **APPROX)
    assert lim.ucl[0] == pytest.approx(cl + a3 * sbar, **APPROX)
    assert lim.lcl_2s[0] == pytest.approx(cl - 2 / 3 * a3 * sbar, **APPROX)
    # Montgomery App. VI tabulates A3(3) = 1.954
    assert round(a3, 3) == 1.954


def test_xbar_varying_sizes_uses_pooled_sd(run_steps):
    data = {"x": [*XBAR["x"], 4, 4], "y": [*XBAR["y"], 5.0, 7]}  # 4th subgroup [5, 7]: sd sqrt 2
    _, lim = run_steps(data, "xbar")
    pooled = math.sqrt((2 * 1 + 2 * 4 + 2 * 3 + 1 * 2) / (2 + 2 + 2 + 1))
    cl = (6 + 12 + 12 + 12) / 11
    assert lim.centre[0] == pytest.approx(cl, **APPROX)
    assert lim.ucl[0] == pytest.approx(cl + 3 * pooled / (c4(3) * math.sqrt(3)), **APPROX)
    assert lim.ucl[3] == pytest.approx(cl + 3 * pooled / (c4(2) * math.sqrt(2)), **APPROX)


def test_xbar_subgroup_of_one_has_no_limits(run_steps):
    data = {"x": [*XBAR["x"], 4], "y": [*XBAR["y"], 5.0]}
    _, lim = run_steps(data, "xbar")
    assert np.isnan(lim.ucl[3]) and np.isfinite(lim.ucl[0])


def test_s_chart(run_steps):
    _, lim = run_steps(XBAR, "s")
    sbar = (1 + 2 + math.sqrt(3)) / 3
    k = math.sqrt(1 - c4(3) ** 2) / c4(3)
    assert lim.y == pytest.approx([1.0, 2.0, math.sqrt(3)])
    assert lim.centre[0] == pytest.approx(sbar, **APPROX)
    assert lim.ucl[0] == pytest.approx(sbar * (1 + 3 * k), **APPROX)
    assert lim.lcl[0] == 0.0  # B3(3) = max(0, 1 - 3k) = 0
    # Montgomery App. VI: B4(3) = 2.568
    assert round(1 + 3 * k, 3) == 2.568


# --- p, np, pp ---------------------------------------------------------------------------


def test_p_chart_pooled_proportion(run_steps):
    _, lim = run_steps({"y": [3.0, 5, 4], "n": [50.0, 50, 100]}, "p", n="n")
    p = 12 / 200  # pooled, not the mean of 0.06, 0.10, 0.04
    assert lim.centre[0] == pytest.approx(0.06, **APPROX)
    assert lim.y.tolist() == pytest.approx([0.06, 0.10, 0.04])
    assert lim.ucl[0] == pytest.approx(p + 3 * math.sqrt(p * (1 - p) / 50), **APPROX)
    assert lim.ucl[2] == pytest.approx(p + 3 * math.sqrt(p * (1 - p) / 100), **APPROX)
    assert lim.lcl.tolist() == [0.0, 0.0, 0.0]  # 0.06 - 3 x 0.0336 < 0 -> clipped


def test_p_chart_upper_limit_clipped_at_one(run_steps):
    _, lim = run_steps({"y": [1.0, 1], "n": [1.0, 2]}, "p", n="n")
    # p = 2/3; n = 1: 2/3 + 3 sqrt(2/9) = 2.08 -> 1
    assert lim.ucl[0] == 1.0 and lim.ucl_2s[0] == 1.0


def test_np_chart(run_steps):
    _, lim = run_steps({"y": [3.0, 5, 4], "n": [50.0, 50, 50]}, "np", n="n")
    # p = 12/150 = 0.08; centre 50 x 0.08 = 4; sigma sqrt(50 x 0.08 x 0.92) = sqrt(3.68)
    assert lim.y.tolist() == [3.0, 5.0, 4.0]
    assert lim.centre[0] == pytest.approx(4.0, **APPROX)
    assert lim.ucl[0] == pytest.approx(4 + 3 * math.sqrt(3.68), **APPROX)
    assert lim.lcl[0] == 0.0
    assert lim.lcl_1s[0] == pytest.approx(4 - math.sqrt(3.68), **APPROX)


def test_np_chart_varying_n_moves_the_centre(run_steps):
    _, lim = run_steps({"y": [3.0, 5], "n": [40.0, 60]}, "np", n="n")
    # p = 8/100; centres 40 x 0.08 and 60 x 0.08
    assert lim.centre == pytest.approx([3.2, 4.8])
    assert np.isnan(lim.seg_centre[0])  # not one centre for the phase


def test_np_upper_limit_clipped_at_n(run_steps):
    _, lim = run_steps({"y": [1.0, 2], "n": [2.0, 2]}, "np", n="n")
    # p = 3/4; centre 1.5; 1.5 + 3 sqrt(2 x .75 x .25) = 2.56 -> n = 2
    assert lim.ucl[0] == 2.0


def test_pp_chart_laney(run_steps):
    counts = np.array([3.0, 5, 4, 6])
    n = np.array([50.0, 50, 100, 100])
    _, lim = run_steps({"y": counts, "n": n}, "pp", n="n")
    p = 18 / 300
    sig_i = np.sqrt(p * (1 - p) / n)
    z = (counts / n - p) / sig_i
    mr = np.abs(np.diff(z))
    assert (mr < 3.267 * mr.mean()).all()  # nothing screened in this example
    sigma_z = mr.mean() / 1.128
    assert lim.centre[0] == pytest.approx(0.06, **APPROX)
    assert lim.ucl == pytest.approx(p + 3 * sig_i * sigma_z, rel=1e-12)
    assert lim.lcl.tolist() == [0.0] * 4


def test_up_chart_laney(run_steps):
    counts = np.array([2.0, 3, 5, 9])
    n = np.array([10.0, 10, 20, 20])
    _, lim = run_steps({"y": counts, "n": n}, "up", n="n")
    u = 19 / 60
    sig_i = np.sqrt(u / n)
    z = (counts / n - u) / sig_i
    sigma_z = np.abs(np.diff(z)).mean() / 1.128
    assert lim.ucl == pytest.approx(u + 3 * sig_i * sigma_z, rel=1e-12)
    assert lim.ucl_1s == pytest.approx(u + sig_i * sigma_z, rel=1e-12)


# --- c, u, g, t --------------------------------------------------------------------------


def test_c_chart(run_steps):
    _, lim = run_steps({"y": [2.0, 4, 3, 7]}, "c")
    # mean 16/4 = 4; sigma 2: ucl 10, lcl 4 - 6 -> 0, 2-sigma 8 and 0, 1-sigma 6 and 2
    assert lim.centre[0] == 4.0
    assert (lim.ucl[0], lim.lcl[0]) == (10.0, 0.0)
    assert (lim.ucl_2s[0], lim.lcl_2s[0]) == (8.0, 0.0)
    assert (lim.ucl_1s[0], lim.lcl_1s[0]) == (6.0, 2.0)


def test_u_chart(run_steps):
    _, lim = run_steps({"y": [2.0, 3, 5], "n": [10.0, 10, 20]}, "u", n="n")
    u = 10 / 40
    assert lim.centre[0] == 0.25
    assert lim.ucl[2] == pytest.approx(u + 3 * math.sqrt(u / 20), **APPROX)
    assert lim.lcl[2] == 0.0  # 0.25 - 3 x 0.112 < 0
    assert lim.lcl_1s[2] == pytest.approx(u - math.sqrt(u / 20), **APPROX)


def test_g_chart_centre_is_median_limits_from_mean(run_steps):
    _, lim = run_steps({"y": [1.0, 2, 3, 10]}, "g")
    # m = 4; sigma = sqrt(4 x 5) = sqrt(20); ucl = 4 + 3 sqrt 20; lcl 0; centre median 2.5
    assert lim.centre[0] == 2.5
    assert lim.seg_centre[0] == 2.5
    assert lim.ucl[0] == pytest.approx(4 + 3 * math.sqrt(20), **APPROX)
    assert lim.ucl_1s[0] == pytest.approx(4 + math.sqrt(20), **APPROX)
    assert lim.lcl[0] == 0.0 and lim.lcl_2s[0] == 0.0


def _t_expected(y):
    yt = np.asarray(y) ** (1 / 3.6)
    cl = yt.mean()
    mr = np.abs(np.diff(yt))
    mr = mr[mr < 3.267 * mr.mean()]
    return cl, mr.mean() / 1.128


def test_t_chart_back_transforms(run_steps):
    y = [10.0, 11, 10, 12, 11]
    _, lim = run_steps({"y": y}, "t")
    cl, s = _t_expected(y)
    assert lim.centre[0] == pytest.approx(cl**3.6, **APPROX)
    assert lim.ucl[0] == pytest.approx((cl + 3 * s) ** 3.6, **APPROX)
    assert lim.lcl[0] == pytest.approx((cl - 3 * s) ** 3.6, **APPROX)  # positive here
    assert lim.lcl_2s[0] == pytest.approx((cl - 2 * s) ** 3.6, **APPROX)
    assert lim.y.tolist() == y  # returned as given


def test_t_chart_negative_transformed_lcl(run_steps):
    y = [0.1, 50, 0.2, 40, 1]
    _, lim = run_steps({"y": y}, "t")
    cl, s = _t_expected(y)
    assert cl - 3 * s < 0 and cl - 2 * s < 0
    assert lim.lcl[0] == 0.0  # qicharts2: 0
    assert np.isnan(lim.lcl_2s[0])  # qicharts2's lcl.95 is NA
    assert lim.ucl[0] == pytest.approx((cl + 3 * s) ** 3.6, **APPROX)


# --- non-finite limits, phases, series ---------------------------------------------------


def test_missing_subgroup_has_nan_limits(run_steps):
    _, lim = run_steps({"y": [3.0, np.nan, 4], "n": [50.0, 50, 100]}, "p", n="n")
    # the row missing y counts as missing in n too; p = 7/150 from the other two
    assert lim.centre[0] == pytest.approx(7 / 150, **APPROX)
    assert np.isnan(lim.ucl[1]) and np.isnan(lim.y[1]) and np.isfinite(lim.ucl[0])


def test_each_phase_has_its_own_limits(run_steps):
    data = {"x": range(1, 7), "y": [1.0, 2, 3, 10, 12, 14]}
    _, lim = run_steps(data, "i", phases=(4,))
    # phase 1: mean 2, MR 1, 1; phase 2: mean 12, MR 2, 2
    assert lim.centre.tolist() == [2.0] * 3 + [12.0] * 3
    assert lim.ucl[0] == pytest.approx(2 + 3 / 1.128, **APPROX)
    assert lim.ucl[5] == pytest.approx(12 + 3 * 2 / 1.128, **APPROX)


def test_series_in_one_call_equal_separate_calls(run_steps):
    a = [5.0, 7, 6, 9, 4, 8]
    b = [50.0, 45, 60, 52, 48, 70]
    both = {"s": ["a"] * 6 + ["b"] * 6, "x": [*range(6), *range(6)], "y": a + b}
    for chart in ("i", "c", "g", "run", "t", "mr"):
        _, lab = run_steps(both, chart, by="s")
        _, la = run_steps({"x": range(6), "y": a}, chart)
        _, lb = run_steps({"x": range(6), "y": b}, chart)
        for name in ("centre", "ucl", "lcl", "ucl_2s", "lcl_1s"):
            got = getattr(lab, name)
            want = np.concatenate([getattr(la, name), getattr(lb, name)])
            np.testing.assert_allclose(
                got, want, rtol=1e-12, equal_nan=True, err_msg=f"{chart} {name}"
            )
