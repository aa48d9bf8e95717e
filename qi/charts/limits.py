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
         (sigma_from="range": sigma = R-bar/d2, cl -/+ k R-bar / (d2 sqrt(n_i)))
s        pooled SD or mean SD; cl (1 -/+ k c5(n_i)/c4(n_i)), lower clipped at 0
r        y = subgroup range; R-bar; D3/D4 x R-bar (Montgomery Appendix VI); other k: d3 sigma
ip       sum(y n)/sum(n); mean(s_j) sqrt(1/n_i), s_j = sqrt(pi/2)|dy|/sqrt(1/n_j + 1/n_j+1)
p        p = sum(y_sum)/sum(n); sqrt(p(1-p)/n_i); clipped to [0, 1]
np       n_i p; sqrt(n_i p (1-p)); clipped to [0, n_i]
c        mean(count); sqrt(centre); lower clipped at 0
u        sum(y_sum)/sum(n); sqrt(u/n_i); lower clipped at 0
pp, up   as p, u with sigma_i x sigma_z, sigma_z = mean MR of z / 1.128 (Laney 2002)
g        limits from m = mean(y) with sigma sqrt(m(m+1)), clipped at 0; centre = median(y)
t        I chart of y^(1/3.6), back-transformed (^3.6); lcl 0 where the transformed lcl < 0
=======  ===================================================================================

``sigma_multiplier`` moves the control limits (lcl/ucl) to k sigma (3 by default); the 2- and
1-sigma zone lines stay. Non-finite limits become NaN (qicharts2 step 8). With ``convention="mdc"`` the i chart uses
NHSRplotthedots 0.2.2 arithmetic: limits at 2.66 x mean MR, 2-sigma lines at 2 x 2.66/3 x mean
MR (screening strict ``<``, as qicharts2's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from qi.charts.prepare import Prepared
from qi.charts.result import FixedLimits
from qi.charts.segments import seg_constant, seg_mean, seg_mean_mr, seg_median, seg_sum, varies
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
    SIGMA_LINES,
    T_CHART_EXPONENT,
    c4,
)
from qi.errors import ValidationError, unknown_name

Convention = Literal["qicharts2", "mdc"]
SigmaFrom = Literal["sd", "range"]

#: (k, column suffix) of the k-sigma lines: 3 -> lcl/ucl, 2 -> lcl_2s/ucl_2s, 1 -> lcl_1s/ucl_1s.
_LINES: tuple[tuple[float, str], ...] = tuple(
    (k, "" if k == 3 else f"_{int(k)}s") for k in SIGMA_LINES
)


def _lines(li: LimitInput) -> tuple[tuple[float, str], ...]:
    """The (k, suffix) pairs with the control limits (suffix "") at ``li.sigma_multiplier``
    sigma; the 2- and 1-sigma zone lines stay where they are."""
    if li.sigma_multiplier == SIGMA_LIMITS:
        return _LINES
    return tuple((li.sigma_multiplier if suffix == "" else k, suffix) for k, suffix in _LINES)


@dataclass(frozen=True)
class LimitInput:
    """What a limit function reads: the prepared points and the estimation mask."""

    prep: Prepared
    base: np.ndarray  # bool: baseline & included (missing values stay in, as qicharts2)
    screen_mr: bool = True
    convention: Convention = "qicharts2"
    #: k of the control limits (lcl/ucl = centre -/+ k sigma); 3 by default (Shewhart).
    sigma_multiplier: float = SIGMA_LIMITS
    #: How an xbar chart estimates sigma: "sd" (s-bar / c4, qicharts2) or "range" (R-bar / d2).
    sigma_from: SigmaFrom = "sd"

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
    for k, suffix in _lines(li):
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
    for k, suffix in _lines(li):
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
    return lookup[size]


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
    return _build(li, p.y_mean, cl[li.seg], sigma, seg_centre=cl)


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
    lim = _build(li, p.y_range, centre, sigma_r, lower=0.0)
    if li.sigma_multiplier != SIGMA_LIMITS:
        return lim
    with np.errstate(invalid="ignore"):
        lcl = _finite(_range_table(R_CHART_D3, p.y_length) * centre)
        ucl = _finite(_range_table(R_CHART_D4, p.y_length) * centre)
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
    return _build(li, y, cl[li.seg], sigma, seg_centre=cl)


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
        for k, suffix in _lines(li):
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
    "ip": ip_limits,
    "r": r_limits,
}


def get_limit_function(chart: str) -> Callable[[LimitInput], Limits]:
    """The limit function of a chart type; an unknown name lists the valid ones."""
    try:
        return LIMIT_FUNCTIONS[chart]
    except KeyError:
        raise unknown_name("chart", chart, tuple(LIMIT_FUNCTIONS), field="chart") from None


def compute_limits(
    chart: str,
    prep: Prepared,
    *,
    screen_mr: bool = True,
    convention: Convention = "qicharts2",
    sigma_multiplier: float = SIGMA_LIMITS,
    sigma_from: SigmaFrom = "sd",
) -> Limits:
    """Centre, sigma and lines of ``chart`` for every segment of ``prep``."""
    base = prep.baseline & prep.included
    li = LimitInput(prep, base, screen_mr, convention, float(sigma_multiplier), sigma_from)
    return get_limit_function(chart)(li)


def has_limits(chart: str) -> bool:
    """False for run charts (no control limits)."""
    return chart != "run"



def fixed_limits(lim: Limits, fixed: FixedLimits, k: float, multiply: float) -> Limits:
    """The computed limits replaced by a centre and limits fixed from a stated source.

    ``fixed`` is in displayed units (divided here by ``multiply``). The limits lie ``k`` sigma
    from the centre, each side on its own: the 2- and 1-sigma lines are at 2/k and 1/k of the
    way (so asymmetric published limits stay asymmetric); ``sigma`` is (ucl - lcl) / 2k. A run
    chart's fixed centre comes without limits.
    """
    size = lim.y.shape[0]
    nseg = lim.seg_centre.shape[0]
    c = fixed.centre / multiply
    centre = np.full(size, c)
    if fixed.lcl is None or fixed.ucl is None:
        return Limits(**{**lim.__dict__, "centre": centre, "seg_centre": np.full(nseg, c)})
    lo_side = (c - fixed.lcl / multiply) / k
    hi_side = (fixed.ucl / multiply - c) / k
    sigma = (lo_side + hi_side) / 2
    lines = {}
    for j, suffix in ((k, ""), (2.0, "_2s"), (1.0, "_1s")):
        lines["lcl" + suffix] = np.full(size, c - j * lo_side)
        lines["ucl" + suffix] = np.full(size, c + j * hi_side)
    return Limits(
        y=lim.y, centre=centre, sigma=np.full(size, sigma), seg_centre=np.full(nseg, c),
        seg_sigma=np.full(nseg, sigma), **lines,
    )


def scaled(lim: Limits, multiply: float, chart: str) -> Limits:
    """Every value of ``lim`` times ``multiply`` (qicharts2's ``multiply``: after all
    calculations, for display). A t chart's sigma is on the transformed scale and stays."""
    if multiply == 1.0:
        return lim
    keep = {"sigma", "seg_sigma"} if chart == "t" else set()
    return Limits(**{k: (v if k in keep else v * multiply) for k, v in lim.__dict__.items()})
