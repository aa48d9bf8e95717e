"""Step 3 of :func:`qi.chart`: centre line, sigma and the 3/2/1-sigma lines, per chart type.

One function per chart type, the ``limits`` of its record in :mod:`qi.charts.types`
(:data:`LIMIT_FUNCTIONS` is the same mapping, by name): the measurement charts in
:mod:`qi.charts.limits_variables`, the count charts in :mod:`qi.charts.limits_attributes`, the
shared :class:`LimitInput`, :class:`Limits` and 3/2/1-sigma lines in :mod:`qi.charts.limit_core`.
Each works on every segment (phase of a series) at once. The arithmetic is qicharts2's with the
package attached (docs/method/charts.md section 3, ``R/helper.functions.R``), except the np
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

import numpy as np

from qi.charts.limit_core import (
    Convention,
    LimitInput,
    Limits,
    SigmaFrom,
)
from qi.charts.limits_attributes import (
    c_limits,
    g_limits,
    np_limits,
    p_limits,
    pp_limits,
    u_limits,
    up_limits,
)
from qi.charts.limits_variables import (
    i_limits,
    ip_limits,
    mr_limits,
    r_limits,
    run_limits,
    s_limits,
    t_limits,
    xbar_limits,
)
from qi.charts.prepare import Prepared
from qi.charts.result import FixedLimits
from qi.charts.types import CHART_TYPE_RECORDS, get_chart_type
from qi.constants import SIGMA_LIMITS

#: Re-exported, so ``qi.charts.limits.p_limits`` and the other names keep working.
__all__ = [
    "LIMIT_FUNCTIONS",
    "Convention",
    "LimitInput",
    "Limits",
    "SigmaFrom",
    "c_limits",
    "compute_limits",
    "fixed_limits",
    "g_limits",
    "get_limit_function",
    "has_limits",
    "i_limits",
    "ip_limits",
    "mr_limits",
    "np_limits",
    "p_limits",
    "pp_limits",
    "r_limits",
    "run_limits",
    "s_limits",
    "scaled",
    "t_limits",
    "u_limits",
    "up_limits",
    "xbar_limits",
]

#: Chart type -> limit function, read from the chart-type registry (:mod:`qi.charts.types`).
LIMIT_FUNCTIONS: dict[str, Callable[[LimitInput], Limits]] = {
    name: record.limit_function for name, record in CHART_TYPE_RECORDS.items()
}


def get_limit_function(chart: str) -> Callable[[LimitInput], Limits]:
    """The limit function of a chart type; an unknown name lists the valid ones."""
    return LIMIT_FUNCTIONS[get_chart_type(chart).name]


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
    """False for run charts (no control limits): :attr:`ChartType.has_limits`."""
    return get_chart_type(chart).has_limits


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
        y=lim.y,
        centre=centre,
        sigma=np.full(size, sigma),
        seg_centre=np.full(nseg, c),
        seg_sigma=np.full(nseg, sigma),
        **lines,
    )


def scaled(lim: Limits, multiply: float, chart: str) -> Limits:
    """Every value of ``lim`` times ``multiply`` (qicharts2's ``multiply``: after all
    calculations, for display). A t chart's sigma is on the transformed scale and stays."""
    if multiply == 1.0:
        return lim
    keep = {"sigma", "seg_sigma"} if get_chart_type(chart).transformed else set()
    return Limits(**{k: (v if k in keep else v * multiply) for k, v in lim.__dict__.items()})
