"""Step 3 of :func:`qi.chart`: centre line, sigma and the 3/2/1-sigma lines, per chart type.

One function per chart type, looked up by name in :data:`LIMIT_FUNCTIONS` (a registry). Each
works on every segment (phase of a series) at once. The arithmetic is qicharts2's with the
package attached (``research/qicharts2-method.md`` §2, ``R/helper.functions.R``), except the np
chart, which qicharts2 lacks (Montgomery, *Introduction to Statistical Quality Control*, 7th ed.,
§7.2.1; Provost & Murray, *The Health Care Data Guide*, 2011, ch. 6):

=======  ===================================================================================
chart    centre; sigma; limits (``base`` = baseline and included points of the segment)
=======  ===================================================================================
run      median(y[base]); no limits
i        mean(y[base]); mean MR / 1.128 (MR over the base vector, screened once by default)
mr       y = |diff(y)| (all points); mean(y[base]); lines k x (3.267/3) x mean MR above 0
xbar     size-weighted grand mean; pooled SD if sizes vary in the segment else mean SD;
         cl -/+ k SD / (c4(n_i) sqrt(n_i))
s        pooled SD or mean SD; cl (1 -/+ k c5(n_i)/c4(n_i)), lower clipped at 0
p        p = sum(y_sum)/sum(n); sqrt(p(1-p)/n_i); clipped to [0, 1]
np       n_i p; sqrt(n_i p (1-p)); clipped to [0, n_i]
c        mean(count); sqrt(centre); lower clipped at 0
u        sum(y_sum)/sum(n); sqrt(u/n_i); lower clipped at 0
pp, up   as p, u with sigma_i x sigma_z, sigma_z = mean MR of z / 1.128 (Laney 2002)
g        limits from m = mean(y) with sigma sqrt(m(m+1)), clipped at 0; centre = median(y)
t        I chart of y^(1/3.6), back-transformed (^3.6); lcl 0 where the transformed lcl < 0
=======  ===================================================================================

Non-finite limits become NaN (qicharts2 step 8). With ``convention="mdc"`` the i chart uses
NHSRplotthedots 0.2.2 arithmetic: limits at 2.66 x mean MR, 2-sigma lines at 2 x 2.66/3 x mean
MR (screening strict ``<``, as qicharts2's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from qi.charts.prepare import Prepared
from qi.charts.segments import seg_constant, seg_mean, seg_mean_mr, seg_median, seg_sum, varies
from qi.constants import (
    D2_N2,
    MDC_SIGMA_PER_MEAN_MR,
    MR_SIGMA_PER_MEAN_MR,
    SIGMA_LINES,
    T_CHART_EXPONENT,
    c4,
)
from qi.errors import unknown_name

Convention = Literal["qicharts2", "mdc"]

#: (k, column suffix) of the k-sigma lines: 3 -> lcl/ucl, 2 -> lcl_2s/ucl_2s, 1 -> lcl_1s/ucl_1s.
_LINES: tuple[tuple[float, str], ...] = tuple(
    (k, "" if k == 3 else f"_{int(k)}s") for k in SIGMA_LINES
)


@dataclass(frozen=True)
class LimitInput:
    """What a limit function reads: the prepared points and the estimation mask."""

    prep: Prepared
    base: np.ndarray  # bool: baseline & included (missing values stay in, as qicharts2)
    screen_mr: bool = True
    convention: Convention = "qicharts2"

    @property
    def seg(self) -> np.ndarray:
        return self.prep.segment

    @property
    def n_seg(self) -> int:
        return self.prep.n_segments


@dataclass(frozen=True)
class Limits:
    """Per-point lines (length N) and per-segment centre and sigma (length S).

    ``y`` is the charted value (the moving range for an mr chart, the subgroup mean for xbar,
    the count for c/np, ...). ``seg_centre``/``seg_sigma`` are NaN where the centre or sigma
    varies within the segment (np centres, p/u/xbar/s sigmas with varying n). For t charts
    ``sigma`` is on the transformed scale y^(1/3.6).
    """

    y: np.ndarray
    centre: np.ndarray
    sigma: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_2s: np.ndarray
    ucl_2s: np.ndarray
    lcl_1s: np.ndarray
    ucl_1s: np.ndarray
    seg_centre: np.ndarray
    seg_sigma: np.ndarray

    def lines(self) -> dict[str, np.ndarray]:
        return {
            "lcl": self.lcl, "ucl": self.ucl, "lcl_2s": self.lcl_2s,
            "ucl_2s": self.ucl_2s, "lcl_1s": self.lcl_1s, "ucl_1s": self.ucl_1s,
        }


def _finite(a: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(a), a, np.nan)


def _build(
    li: LimitInput,
    y: np.ndarray,
    centre: np.ndarray,
    sigma: np.ndarray,
    *,
    lower: float | None = None,
    upper: np.ndarray | float | None = None,
    seg_centre: np.ndarray | None = None,
) -> Limits:
    """Lines at centre -/+ k sigma for k = 3, 2, 1, clipped to [lower, upper] where given."""
    out: dict[str, np.ndarray] = {}
    for k, suffix in _LINES:
        with np.errstate(invalid="ignore"):
            lo = centre - k * sigma
            hi = centre + k * sigma
        if lower is not None:
            lo = np.where(lo < lower, lower, lo)
        if upper is not None:
            hi = np.where(hi > upper, upper, hi)
        out["lcl" + suffix] = _finite(lo)
        out["ucl" + suffix] = _finite(hi)
    start = li.prep.seg_start
    return Limits(
        y=y,
        centre=centre,
        sigma=sigma,
        seg_centre=seg_constant(centre, start) if seg_centre is None else seg_centre,
        seg_sigma=seg_constant(sigma, start),
        **out,
    )


# --- chart types ------------------------------------------------------------------------


def run_limits(li: LimitInput) -> Limits:
    """Run chart: centre = median of the base points; no limits."""
    y = li.prep.value
    med = seg_median(y, li.base, li.seg, li.n_seg)
    nan = np.full(len(y), np.nan)
    return Limits(
        y=y, centre=med[li.seg], sigma=nan, lcl=nan, ucl=nan, lcl_2s=nan, ucl_2s=nan,
        lcl_1s=nan, ucl_1s=nan, seg_centre=med, seg_sigma=np.full(li.n_seg, np.nan),
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
    return _build(li, y, cl[li.seg], sigma[li.seg], seg_centre=cl)


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
    for k, suffix in _LINES:
        lines["lcl" + suffix] = _finite(zero)
        lines["ucl" + suffix] = _finite(k * sigma)
    return Limits(
        y=y, centre=centre, sigma=sigma, seg_centre=cl,
        seg_sigma=MR_SIGMA_PER_MEAN_MR * cl, **lines,
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


def xbar_limits(li: LimitInput) -> Limits:
    """Xbar chart: size-weighted grand mean; sigma_i = SD / (c4(n_i) sqrt(n_i)), i.e. the
    limits are cl -/+ A3(n_i) SD with A3 = 3 / (c4 sqrt(n)). Subgroups of one get NaN limits."""
    p = li.prep
    size = p.y_length.astype(float)
    w = li.base & (size > 0)
    num = seg_sum(size * np.nan_to_num(p.y_mean), w, li.seg, li.n_seg)
    den = seg_sum(size, w, li.seg, li.n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        c4n = _c4(p.y_length)
        sigma = _subgroup_sd(li)[li.seg] / (c4n * np.sqrt(size))
    return _build(li, p.y_mean, cl[li.seg], sigma, seg_centre=cl)


def s_limits(li: LimitInput) -> Limits:
    """S chart: centre = pooled or mean SD; sigma_i = centre x c5(n_i)/c4(n_i) with
    c5 = sqrt(1 - c4^2), so the limits are B3/B4 x centre, lower clipped at 0."""
    p = li.prep
    cl = _subgroup_sd(li)
    c4n = _c4(p.y_length)
    with np.errstate(invalid="ignore"):
        sigma = cl[li.seg] * np.sqrt(1 - c4n * c4n) / c4n
    return _build(li, p.y_sd, cl[li.seg], sigma, lower=0.0, seg_centre=cl)


def _pooled_rate(li: LimitInput) -> np.ndarray:
    """Per segment: sum(y_sum[base]) / sum(n[base]) (pooled proportion or rate)."""
    p = li.prep
    ok = li.base & ~np.isnan(p.y_sum) & ~np.isnan(p.n)
    num = seg_sum(p.y_sum, ok, li.seg, li.n_seg)
    den = seg_sum(p.n, ok, li.seg, li.n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _laney(li: LimitInput, y: np.ndarray, centre: np.ndarray, sigma_i: np.ndarray) -> np.ndarray:
    """sigma_z per point: mean MR of z = (y - cl) / sigma_i over the base vector, / 1.128
    (screened once when ``screen_mr``), Laney (2002) as qicharts2 `qic.pp`/`qic.up`."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (y - centre) / sigma_i
    z = np.where(np.isfinite(z), z, np.nan)
    amr = seg_mean_mr(z, li.base, li.seg, li.n_seg, screen=li.screen_mr)
    return (amr / D2_N2)[li.seg]


def p_limits(li: LimitInput) -> Limits:
    """P chart: pooled p; sigma_i = sqrt(p(1-p)/n_i); lines clipped to [0, 1]."""
    p = li.prep
    cl = _pooled_rate(li)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(centre * (1 - centre) / p.n)
    return _build(li, p.value, centre, sigma, lower=0.0, upper=1.0, seg_centre=cl)


def pp_limits(li: LimitInput) -> Limits:
    """Laney P' chart: p-chart sigma_i times sigma_z; lines clipped to [0, 1]."""
    p = li.prep
    cl = _pooled_rate(li)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma_i = np.sqrt(centre * (1 - centre) / p.n)
    sigma = sigma_i * _laney(li, p.value, centre, sigma_i)
    return _build(li, p.value, centre, sigma, lower=0.0, upper=1.0, seg_centre=cl)


def np_limits(li: LimitInput) -> Limits:
    """np chart: y = count; centre n_i p; sigma_i = sqrt(n_i p (1-p)); lines clipped to
    [0, n_i] (Montgomery §7.2.1; Health Care Data Guide ch. 6)."""
    p = li.prep
    pbar = _pooled_rate(li)[li.seg]
    centre = p.n * pbar
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(p.n * pbar * (1 - pbar))
    return _build(li, p.y_sum, centre, sigma, lower=0.0, upper=p.n)


def c_limits(li: LimitInput) -> Limits:
    """C chart: y = count; centre = mean count; sigma = sqrt(centre); lower clipped at 0."""
    p = li.prep
    cl = seg_mean(p.y_sum, li.base, li.seg, li.n_seg)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(centre)
    return _build(li, p.y_sum, centre, sigma, lower=0.0, seg_centre=cl)


def u_limits(li: LimitInput) -> Limits:
    """U chart: pooled rate u; sigma_i = sqrt(u/n_i); lower clipped at 0."""
    p = li.prep
    cl = _pooled_rate(li)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(centre / p.n)
    return _build(li, p.value, centre, sigma, lower=0.0, seg_centre=cl)


def up_limits(li: LimitInput) -> Limits:
    """Laney U' chart: u-chart sigma_i times sigma_z; lower clipped at 0."""
    p = li.prep
    cl = _pooled_rate(li)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma_i = np.sqrt(centre / p.n)
    sigma = sigma_i * _laney(li, p.value, centre, sigma_i)
    return _build(li, p.value, centre, sigma, lower=0.0, seg_centre=cl)


def g_limits(li: LimitInput) -> Limits:
    """G chart: lines from m = mean(y) with sigma = sqrt(m(m+1)), clipped at 0; the returned
    centre line is the median of the base points (qicharts2 `qic.g`)."""
    p = li.prep
    y = p.value
    m = seg_mean(y, li.base, li.seg, li.n_seg)[li.seg]
    med = seg_median(y, li.base, li.seg, li.n_seg)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(m * (m + 1))
    lim = _build(li, y, m, sigma, lower=0.0)
    return Limits(**{**lim.__dict__, "centre": med[li.seg], "seg_centre": med})


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
        for k, suffix in _LINES:
            lo = ct - k * st
            hi = ct + k * st
            back = np.where(lo < 0, np.nan, np.power(np.where(lo < 0, 0.0, lo), T_CHART_EXPONENT))
            if suffix == "":
                back = np.where(lo < 0, 0.0, back)
            out["lcl" + suffix] = _finite(back)
            out["ucl" + suffix] = _finite(np.power(hi, T_CHART_EXPONENT))
        centre = np.power(ct, T_CHART_EXPONENT)
    return Limits(
        y=y, centre=centre, sigma=st, seg_centre=np.power(cl, T_CHART_EXPONENT), seg_sigma=sig, **out,
    )


#: The registry: chart type -> limit function.
LIMIT_FUNCTIONS: dict[str, Callable[[LimitInput], Limits]] = {
    "run": run_limits,
    "i": i_limits,
    "mr": mr_limits,
    "xbar": xbar_limits,
    "s": s_limits,
    "p": p_limits,
    "np": np_limits,
    "c": c_limits,
    "u": u_limits,
    "g": g_limits,
    "t": t_limits,
    "pp": pp_limits,
    "up": up_limits,
}


def get_limit_function(chart: str) -> Callable[[LimitInput], Limits]:
    """The limit function of a chart type; an unknown name lists the valid ones."""
    try:
        return LIMIT_FUNCTIONS[chart]
    except KeyError:
        raise unknown_name("chart", chart, tuple(LIMIT_FUNCTIONS), field="chart") from None


def compute_limits(
    chart: str, prep: Prepared, *, screen_mr: bool = True, convention: Convention = "qicharts2"
) -> Limits:
    """Centre, sigma and lines of ``chart`` for every segment of ``prep``."""
    base = prep.baseline & prep.included
    return get_limit_function(chart)(LimitInput(prep, base, screen_mr, convention))


def has_limits(chart: str) -> bool:
    """False for run charts (no control limits)."""
    return chart != "run"

