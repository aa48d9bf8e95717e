"""Limit functions of the charts of measurements (variables data): run, i, mr, xbar, s, r, ip, t.

One function per chart type, registered in :mod:`qi.charts.types`; each works on every segment
(phase of a series) at once. The arithmetic is qicharts2's (``R/helper.functions.R``, the
``qic.<chart>`` functions) except the r chart (Montgomery, *Introduction to Statistical Quality
Control*, 7th ed., section 6.2) and ``sigma_from="range"`` on xbar charts; the table of formulas
is in :mod:`qi.charts.limits` and docs/method/charts.md section 3.
"""

from __future__ import annotations

import numpy as np

from qi.charts.limit_core import Convention, LimitInput, Limits, build_lines, finite, sigma_lines
from qi.charts.segments import seg_mean, seg_mean_mr, seg_median, seg_sum, varies
from qi.constants import (
    D2_N2,
    HALF_NORMAL_SCALE,
    IP_SCREEN_MULTIPLIER,
    MDC_SIGMA_PER_MEAN_MR,
    MR_SIGMA_PER_MEAN_MR,
    R_CHART_D3,
    R_CHART_D4,
    RANGE_D2,
    RANGE_D3,
    RANGE_MAX_SUBGROUP,
    SIGMA_LIMITS,
    T_CHART_EXPONENT,
    c4,
)
from qi.errors import ValidationError


def run_limits(li: LimitInput) -> Limits:
    """Run chart: centre = median of the base points; no limits."""
    y = li.prep.value
    med = seg_median(y, li.base, li.seg, li.n_seg)
    nan = np.full(len(y), np.nan)
    return Limits(
        y=y,
        centre=med[li.seg],
        sigma=nan,
        lcl=nan,
        ucl=nan,
        lcl_2s=nan,
        ucl_2s=nan,
        lcl_1s=nan,
        ucl_1s=nan,
        seg_centre=med,
        seg_sigma=np.full(li.n_seg, np.nan),
    )


def _i_sigma(
    y: np.ndarray, li: LimitInput, convention: Convention
) -> tuple[np.ndarray, np.ndarray]:
    """Per-segment (mean, sigma) of an I chart of ``y``."""
    cl = seg_mean(y, li.base, li.seg, li.n_seg)
    amr = seg_mean_mr(y, li.base, li.seg, li.n_seg, screen=li.screen_mr)
    if convention == "mdc":
        sigma = MDC_SIGMA_PER_MEAN_MR * amr
    else:
        sigma = amr / D2_N2
    return cl, sigma


def i_limits(li: LimitInput) -> Limits:
    """I (individuals) chart: mean; sigma = mean MR / 1.128 (MDC: 2.66/3 x mean MR)."""
    y = li.prep.value
    cl, sigma = _i_sigma(y, li, li.convention)
    return build_lines(li, y, cl[li.seg], sigma[li.seg], seg_centre=cl)


def mr_limits(li: LimitInput) -> Limits:
    """Moving-range chart: y = |diff(y)| over all points of the segment (first point NaN);
    centre = mean MR of the base points; k-sigma lines at k x 3.267/3 x centre, lower lines 0.
    No screening (qicharts2 `qic.mr`)."""
    v = li.prep.value
    y = np.full(len(v), np.nan)
    if len(v) > 1:
        y[1:] = np.abs(np.diff(v))
        y[li.prep.seg_start] = np.nan
    cl = seg_mean(y, li.base, li.seg, li.n_seg)
    centre = cl[li.seg]
    sigma = MR_SIGMA_PER_MEAN_MR * centre
    zero = np.where(np.isnan(centre), np.nan, 0.0)
    lines = {}
    for k, suffix in sigma_lines(li):
        lines["lcl" + suffix] = finite(zero)
        lines["ucl" + suffix] = finite(k * sigma)
    return Limits(
        y=y,
        centre=centre,
        sigma=sigma,
        seg_centre=cl,
        seg_sigma=MR_SIGMA_PER_MEAN_MR * cl,
        **lines,
    )


_c4_vec = np.vectorize(c4, otypes=[float])


def _c4(n: np.ndarray) -> np.ndarray:
    """c4 for each subgroup size, computed once per distinct size."""
    sizes, inverse = np.unique(n, return_inverse=True)
    return _c4_vec(sizes.astype(float))[inverse] if len(sizes) else np.zeros(0)


def _subgroup_sd(li: LimitInput) -> np.ndarray:
    """Per segment: the pooled SD sqrt(sum((n_i-1) s_i^2) / sum(n_i-1)) over base subgroups when
    subgroup sizes vary anywhere in the segment (all points), else the mean SD of the base
    subgroups (qicharts2 `qic.xbar`/`qic.s`)."""
    p = li.prep
    size = p.y_length.astype(float)
    sd = p.y_sd
    ok = li.base & ~np.isnan(sd)
    df = size - 1
    num = seg_sum(df * sd * sd, ok, li.seg, li.n_seg)
    den = seg_sum(df, ok, li.seg, li.n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(den > 0, np.sqrt(num / np.where(den > 0, den, 1)), np.nan)
    mean_sd = seg_mean(sd, li.base, li.seg, li.n_seg)
    return np.where(varies(p.y_length, p.seg_start), pooled, mean_sd)


def _range_table(table: dict[int, float], size: np.ndarray) -> np.ndarray:
    """A range constant per subgroup size (NaN for sizes of 0 or 1, which have no range)."""
    big = size > RANGE_MAX_SUBGROUP
    if big.any():
        raise ValidationError(
            f"subgroups of up to {RANGE_MAX_SUBGROUP} values can use ranges; this data has a "
            f"subgroup of {int(size[big].max())}",
            field="chart",
            hint="use chart='xbar' with sigma_from='sd' and chart='s' for large subgroups",
        )
    lookup = np.full(RANGE_MAX_SUBGROUP + 1, np.nan)
    for k, v in table.items():
        lookup[k] = v
    return np.asarray(lookup[size])


def _range_sigma(li: LimitInput) -> np.ndarray:
    """Per segment: sigma = mean over base subgroups of R_i / d2(n_i); with one subgroup size
    this is R-bar / d2 (Montgomery §6.2, eq. 6.6; Health Care Data Guide ch. 7)."""
    p = li.prep
    d2 = _range_table(RANGE_D2, p.y_length)
    with np.errstate(invalid="ignore"):
        rel = p.y_range / d2
    return seg_mean(rel, li.base, li.seg, li.n_seg)


def xbar_limits(li: LimitInput) -> Limits:
    """Xbar chart: size-weighted grand mean; sigma_i = SD / (c4(n_i) sqrt(n_i)), i.e. the
    limits are cl -/+ A3(n_i) SD with A3 = 3 / (c4 sqrt(n)) (qicharts2). With
    ``sigma_from="range"``: sigma_i = (R-bar / d2) / sqrt(n_i), i.e. cl -/+ A2 R-bar with
    A2 = 3 / (d2 sqrt(n)) (Montgomery eq. 6.4). Subgroups of one get NaN limits."""
    p = li.prep
    size = p.y_length.astype(float)
    w = li.base & (size > 0)
    num = seg_sum(size * np.nan_to_num(p.y_mean), w, li.seg, li.n_seg)
    den = seg_sum(size, w, li.seg, li.n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        if li.sigma_from == "range":
            sigma = np.where(size >= 2, _range_sigma(li)[li.seg] / np.sqrt(size), np.nan)
        else:
            c4n = _c4(p.y_length)
            sigma = _subgroup_sd(li)[li.seg] / (c4n * np.sqrt(size))
    return build_lines(li, p.y_mean, cl[li.seg], sigma, seg_centre=cl)


def r_limits(li: LimitInput) -> Limits:
    """R chart: y = the subgroup range; sigma = mean R_i / d2(n_i) over the base (R-bar / d2);
    centre_i = d2(n_i) sigma (R-bar for one size); the 3-sigma limits are D3(n_i) and D4(n_i)
    times the centre as Montgomery's Appendix VI prints them; other lines at centre -/+ k
    d3(n_i) sigma, lower clipped at 0 (Montgomery §6.2, eqs. 6.5 and 6.9)."""
    p = li.prep
    sigma = _range_sigma(li)[li.seg]
    d2 = _range_table(RANGE_D2, p.y_length)
    with np.errstate(invalid="ignore"):
        centre = d2 * sigma
        sigma_r = _range_table(RANGE_D3, p.y_length) * sigma
    lim = build_lines(li, p.y_range, centre, sigma_r, lower=0.0)
    if li.sigma_multiplier != SIGMA_LIMITS:
        return lim
    with np.errstate(invalid="ignore"):
        lcl = finite(_range_table(R_CHART_D3, p.y_length) * centre)
        ucl = finite(_range_table(R_CHART_D4, p.y_length) * centre)
    return Limits(**{**lim.__dict__, "lcl": lcl, "ucl": ucl})


def ip_limits(li: LimitInput) -> Limits:
    """I' chart (qicharts2 `qic.ip`): centre = sum(y n) / sum(n) over the base (n = the number
    of values aggregated when no denominator is given); s_j = sqrt(pi/2) |y_j+1 - y_j| /
    sqrt(1/n_j + 1/n_j+1) over every point of the segment (baseline and exclusions are not
    applied here, as in qicharts2), screened once with s < 3.2665 mean(s) when ``screen_mr``;
    sigma_i = mean(s) sqrt(1/n_i)."""
    p = li.prep
    y = p.value
    n = p.n if p.has_n else p.y_length.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(n > 0, n, np.nan)
        ok = li.base & ~np.isnan(y) & ~np.isnan(n)
        cl = seg_sum(y * n, ok, li.seg, li.n_seg) / seg_sum(n, ok, li.seg, li.n_seg)
        s = HALF_NORMAL_SCALE * np.abs(np.diff(y)) / np.sqrt(1 / n[:-1] + 1 / n[1:])
    same = li.seg[1:] == li.seg[:-1]
    keep = same & np.isfinite(s)
    s_seg = li.seg[1:]
    mean_s = seg_mean(np.where(keep, s, np.nan), keep, s_seg, li.n_seg)
    if li.screen_mr:
        keep = keep & (s < IP_SCREEN_MULTIPLIER * mean_s[s_seg])
        mean_s = seg_mean(np.where(keep, s, np.nan), keep, s_seg, li.n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = mean_s[li.seg] * np.sqrt(1 / n)
    return build_lines(li, y, cl[li.seg], sigma, seg_centre=cl)


def s_limits(li: LimitInput) -> Limits:
    """S chart: centre = pooled or mean SD; sigma_i = centre x c5(n_i)/c4(n_i) with
    c5 = sqrt(1 - c4^2), so the limits are B3/B4 x centre, lower clipped at 0."""
    p = li.prep
    cl = _subgroup_sd(li)
    c4n = _c4(p.y_length)
    with np.errstate(invalid="ignore"):
        sigma = cl[li.seg] * np.sqrt(1 - c4n * c4n) / c4n
    return build_lines(li, p.y_sd, cl[li.seg], sigma, lower=0.0, seg_centre=cl)


def t_limits(li: LimitInput) -> Limits:
    """T chart: an I chart of y^(1/3.6) (screening as the I chart), back-transformed by ^3.6.
    The 3-sigma lcl is 0 where the transformed lcl is negative (qicharts2); the 2- and 1-sigma
    lower lines are NaN there (qicharts2's ``lcl.95`` is NA). ``y`` is returned as given."""
    y = li.prep.value
    with np.errstate(invalid="ignore"):
        yt = np.power(y, 1.0 / T_CHART_EXPONENT)
    cl, sig = _i_sigma(yt, li, "qicharts2")
    ct = cl[li.seg]
    st = sig[li.seg]
    out: dict[str, np.ndarray] = {}
    with np.errstate(invalid="ignore"):
        for k, suffix in sigma_lines(li):
            lo = ct - k * st
            hi = ct + k * st
            back = np.where(lo < 0, np.nan, np.power(np.where(lo < 0, 0.0, lo), T_CHART_EXPONENT))
            if suffix == "":
                back = np.where(lo < 0, 0.0, back)
            out["lcl" + suffix] = finite(back)
            out["ucl" + suffix] = finite(np.power(hi, T_CHART_EXPONENT))
        centre = np.power(ct, T_CHART_EXPONENT)
    return Limits(
        y=y,
        centre=centre,
        sigma=st,
        seg_centre=np.power(cl, T_CHART_EXPONENT),
        seg_sigma=sig,
        **out,
    )
