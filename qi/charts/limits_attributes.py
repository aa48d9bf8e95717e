"""Limit functions of the charts of counts and classifications (attribute data): p, np, c, u,
pp, up, g.

One function per chart type, registered in :mod:`qi.charts.types`; each works on every segment
(phase of a series) at once. The arithmetic is qicharts2's (``R/helper.functions.R``, the
``qic.<chart>`` functions; Laney 2002 for P' and U') except the np chart, which qicharts2 lacks
(Montgomery, *Introduction to Statistical Quality Control*, 7th ed., section 7.2.1; Provost &
Murray, *The Health Care Data Guide*, 2011, ch. 6). The table of formulas is in
:mod:`qi.charts.limits` and docs/method/charts.md section 3.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qi.charts.limit_core import LimitInput, Limits, build_lines
from qi.charts.segments import seg_mean, seg_mean_mr, seg_median, seg_sum
from qi.constants import D2_N2


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
    return np.asarray((amr / D2_N2)[li.seg])


def _pooled_limits(
    li: LimitInput,
    variance: Callable[[np.ndarray], np.ndarray],
    *,
    laney: bool,
    upper: float | None,
) -> Limits:
    """Lines around the pooled proportion or rate of each segment: sigma_i = sqrt(variance(cl) /
    n_i) (binomial p(1-p), Poisson u), times Laney's sigma_z for P' and U' (qicharts2 `qic.p`,
    `qic.u`, `qic.pp`, `qic.up`); lower lines clipped at 0, upper lines at ``upper``."""
    p = li.prep
    cl = _pooled_rate(li)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(variance(centre) / p.n)
    if laney:
        sigma = sigma * _laney(li, p.value, centre, sigma)
    return build_lines(li, p.value, centre, sigma, lower=0.0, upper=upper, seg_centre=cl)


def _binomial(p: np.ndarray) -> np.ndarray:
    """Binomial variance of one case: p(1 - p)."""
    return np.asarray(p * (1 - p))


def _poisson(u: np.ndarray) -> np.ndarray:
    """Poisson variance of one unit of opportunity: u."""
    return u


def p_limits(li: LimitInput) -> Limits:
    """P chart: pooled p; sigma_i = sqrt(p(1-p)/n_i); lines clipped to [0, 1]."""
    return _pooled_limits(li, _binomial, laney=False, upper=1.0)


def pp_limits(li: LimitInput) -> Limits:
    """Laney P' chart: p-chart sigma_i times sigma_z; lines clipped to [0, 1]."""
    return _pooled_limits(li, _binomial, laney=True, upper=1.0)


def u_limits(li: LimitInput) -> Limits:
    """U chart: pooled rate u; sigma_i = sqrt(u/n_i); lower clipped at 0."""
    return _pooled_limits(li, _poisson, laney=False, upper=None)


def up_limits(li: LimitInput) -> Limits:
    """Laney U' chart: u-chart sigma_i times sigma_z; lower clipped at 0."""
    return _pooled_limits(li, _poisson, laney=True, upper=None)


def np_limits(li: LimitInput) -> Limits:
    """np chart: y = count; centre n_i p; sigma_i = sqrt(n_i p (1-p)); lines clipped to
    [0, n_i] (Montgomery §7.2.1; Health Care Data Guide ch. 6)."""
    p = li.prep
    pbar = _pooled_rate(li)[li.seg]
    centre = p.n * pbar
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(p.n * pbar * (1 - pbar))
    return build_lines(li, p.y_sum, centre, sigma, lower=0.0, upper=p.n)


def c_limits(li: LimitInput) -> Limits:
    """C chart: y = count; centre = mean count; sigma = sqrt(centre); lower clipped at 0."""
    p = li.prep
    cl = seg_mean(p.y_sum, li.base, li.seg, li.n_seg)
    centre = cl[li.seg]
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(centre)
    return build_lines(li, p.y_sum, centre, sigma, lower=0.0, seg_centre=cl)


def g_limits(li: LimitInput) -> Limits:
    """G chart: lines from m = mean(y) with sigma = sqrt(m(m+1)), clipped at 0; the returned
    centre line is the median of the base points (qicharts2 `qic.g`)."""
    p = li.prep
    y = p.value
    m = seg_mean(y, li.base, li.seg, li.n_seg)[li.seg]
    med = seg_median(y, li.base, li.seg, li.n_seg)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(m * (m + 1))
    lim = build_lines(li, y, m, sigma, lower=0.0)
    return Limits(**{**lim.__dict__, "centre": med[li.seg], "seg_centre": med})
