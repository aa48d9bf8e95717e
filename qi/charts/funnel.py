"""``qi.funnel()``: compare units (wards, teams, councils) on one indicator with a funnel plot.

Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
2005;24:1185-1202 ("2005a"), and Handling over-dispersion of performance indicators. Qual Saf
Health Care 2005;14:347-351 ("2005b"); overdispersion as FunnelPlotR 0.5 computes it
(nhs-r-community/FunnelPlotR, ``R/od_adjustment.R``, ``R/calculate_limits.R``).

Charts (``value`` against ``n``; the target ``t`` is pooled from the data unless given):

===========  ===================================  ===========================================
chart        value, pooled target                 exact limits; normal limits
===========  ===================================  ===========================================
proportion   y / n; sum(y) / sum(n)               Binomial(n, t), interpolated; t -/+ z sqrt(t(1-t)/n)
rate         y / n (events per exposure); pooled  Poisson(t n) / n, interpolated; t -/+ z sqrt(t/n)
ratio        y / n (observed / expected); pooled  Poisson(t E) / E, interpolated; t -/+ z sqrt(t/E)
mean         y (a unit's mean of n values);       t -/+ z sd / sqrt(n) (normal either way)
             sum(n y) / sum(n)
===========  ===================================  ===========================================

Exact limits interpolate between counts (2005a, Appendix A.1.1): with r the smallest count with
F(r) >= P, the limit is (r - (F(r) - P) / (F(r) - F(r - 1))) / n.

z-scores and overdispersion work on a variance-stabilised scale Y with standard error s, as
FunnelPlotR does: proportions Y = asin(sqrt(value)), s = 1 / (2 sqrt(n)); rates and ratios
Y = sqrt(value), s = 1 / (2 sqrt(n)) (the square root, 2005b and FunnelPlotR's "CQC" method for
ratios); means Y = value, s = sd / sqrt(n). z = (Y - Y(t)) / s. The z-scores are Winsorised at
10% and 90% (R's quantile type 7) and phi = mean(z_w^2) (2005b):

- ``overdispersion="multiplicative"``: when phi > 1, limits Y(t) -/+ z sqrt(phi) s, z / sqrt(phi);
- ``overdispersion="additive"``: tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w = 1/s^2
  (DerSimonian & Laird 1986), 0 when I phi < I - 1; when tau^2 > 0, limits
  Y(t) -/+ z sqrt(s^2 + tau^2), z = (Y - Y(t)) / sqrt(s^2 + tau^2).
- ``overdispersion="shmi"`` (ratios only): the NHS Summary Hospital-level Mortality Indicator's
  method (NHS Digital, SHMI specification; FunnelPlotR ``sr_method="SHMI"``): Y = log(O / E),
  s = 1 / sqrt(E), z = sqrt(E) log(O / E); the 10% of units at each end are dropped (truncated
  by rank, not Winsorised), phi and tau^2 (as above) come from the units kept, and the limits
  are exp(log t -/+ z sqrt(1/E + tau^2)).

Limits are then transformed back. Where no adjustment applies, the chosen ``limits`` are used.
A unit is ``outside`` when its value is strictly beyond its 99.8% limits (Spiegelhalter's
"alarm"); ``outside_95`` beyond the 95% limits ("alert").
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from qi.charts.funnel_input import check_counts, check_target, numbers, pooled_sd, resolve
from qi.charts.funnel_limits import (
    LimitSpec,
    tau2_dl,
    transform,
    truncated_keep,
    winsorised_phi,
)
from qi.charts.funnel_result import (
    CURVE_COLUMNS,
    CURVE_POINTS,
    FUNNEL_CHARTS,
    FUNNEL_COLUMNS,
    LIMIT_METHODS,
    OVERDISPERSION,
    FunnelChart,
    FunnelOptions,
    FunnelResult,
    LimitMethod,
    Overdispersion,
)
from qi.charts.result import ChartWarning
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.constants import FUNNEL_WINSOR_TRIM
from qi.errors import QIWarning

# The result object, the input checks and the limits live in funnel_result, funnel_input and
# funnel_limits; the public names are importable from here as before.
__all__ = [
    "CURVE_COLUMNS",
    "CURVE_POINTS",
    "FUNNEL_CHARTS",
    "FUNNEL_COLUMNS",
    "LIMIT_METHODS",
    "OVERDISPERSION",
    "FunnelChart",
    "FunnelOptions",
    "FunnelResult",
    "LimitMethod",
    "Overdispersion",
    "funnel",
]


def funnel(
    data: pd.DataFrame | Mapping[str, Any],
    y: str,
    n: str,
    unit: str,
    target: float | None = None,
    chart: FunnelChart = "proportion",
    *,
    limits: LimitMethod = "exact",
    overdispersion: Overdispersion | None = None,
    trim: float = FUNNEL_WINSOR_TRIM,
    improvement: Literal["up", "down"] | None = None,
    multiply: float = 1.0,
    sd: float | str | None = None,
    target_source: str | None = None,
    title: str | None = None,
    definition: str | None = None,
) -> FunnelResult:
    """A funnel plot's numbers: each unit's value against its own 95% and 99.8% limits.

    Parameters
    ----------
    data:
        One row per unit.
    y, n, unit:
        Columns: numerator (cases, events, observed deaths; a mean funnel: the unit's mean),
        denominator (cases at risk, exposure, expected deaths; a mean funnel: the number of
        values) and the unit's name.
    target:
        The centre line in displayed units (e.g. the England value, times ``multiply``); None
        pools the data (sum(y) / sum(n); for means sum(n y) / sum(n)).
    chart:
        ``"proportion"``, ``"rate"``, ``"ratio"`` (standardised, observed / expected) or
        ``"mean"``.
    limits:
        ``"exact"`` (binomial / Poisson, interpolated; Spiegelhalter 2005) or ``"normal"``.
    overdispersion:
        None, ``"multiplicative"`` (phi) or ``"additive"`` (tau^2, DerSimonian-Laird), both on
        Winsorised z-scores as FunnelPlotR computes them, or ``"shmi"`` for standardised
        ratios (log scale, truncated z-scores, additive tau^2: the NHS SHMI method); applied
        only when the data are overdispersed (phi > 1; tau^2 > 0).
    trim:
        Share Winsorised (SHMI: truncated) at each end before estimating phi (0.1).
    improvement:
        ``"up"``/``"down"``/None: turns units outside the 99.8% limits into improvement,
        concern or neutral.
    multiply:
        Display scale (100: percentages; 1000: per 1,000).
    sd:
        Mean funnels only: the SD of the values in the units of ``y``, a number or a column of
        each unit's SD (then pooled: sqrt(sum((n - 1) sd^2) / sum(n - 1))).
    target_source:
        Words for where a given target comes from (e.g. ``"England 2023/24"``), for captions.
    title, definition:
        Words carried to the plot.

    Raises
    ------
    qi.errors.ValidationError
        Bad input: fewer than two units, zero denominators, negative counts, numerators above
        denominators for proportions, missing values, duplicate units, unknown options.

    Examples
    --------
    >>> import qi
    >>> res = qi.funnel({"ward": ["A", "B", "C"], "falls": [5, 9, 30], "beds": [100, 150, 200]},
    ...                 y="falls", n="beds", unit="ward")
    >>> round(res.target, 4)
    0.0978
    """
    opts, frame = resolve(
        data,
        y,
        n,
        unit,
        target,
        chart,
        limits,
        overdispersion,
        trim,
        improvement,
        multiply,
        sd,
        target_source,
        title,
        definition,
    )
    yv = numbers(frame, y, "y")
    nv = numbers(frame, n, "n")
    check_counts(frame, opts, yv, nv)
    sd_value = pooled_sd(frame, opts, nv)
    value = yv if chart == "mean" else yv / nv
    t = _centre(opts, yv, nv)
    check_target(chart, t, opts)
    spec, z, phi, tau2 = _limit_spec(opts, value, nv, t, sd_value)
    units = _units(frame, opts, yv, nv, value, z, spec)
    words = _warnings(opts, phi, tau2, spec)
    return FunnelResult(
        data=units,
        curve=_curve(nv, spec, opts),
        options=opts,
        target=t * opts.multiply,
        phi=phi,
        tau2=tau2,
        adjusted=spec.adjusted,
        warnings=words,
    )


def _limit_spec(
    opts: FunnelOptions, value: np.ndarray, nv: np.ndarray, t: float, sd_value: float
) -> tuple[LimitSpec, np.ndarray, float, float]:
    """The limits to draw and each unit's z-score: phi and tau^2 from the z-scores on the
    variance-stabilised scale (module docstring), and the adjustment ``overdispersion`` asks
    for when the data are overdispersed. Returns (spec, z, phi, tau2)."""
    if opts.overdispersion == "shmi":
        return _shmi_spec(opts, value, nv, t, sd_value)
    big_y, s = transform(opts.chart, value, nv, sd_value)
    ty = transform(opts.chart, np.array([t]), np.array([1.0]), 1.0)[0][0]
    phi = winsorised_phi((big_y - ty) / s, opts.trim)
    tau2 = tau2_dl(phi, s)
    inflate = math.sqrt(phi) if opts.overdispersion == "multiplicative" and phi > 1 else 1.0
    tau2_used = tau2 if opts.overdispersion == "additive" else 0.0
    spec = LimitSpec(opts.chart, t, sd_value, opts.limits, inflate, tau2_used)
    z = (big_y - ty) / np.sqrt((inflate * s) ** 2 + tau2_used)
    return spec, z, phi, tau2


def _shmi_spec(
    opts: FunnelOptions, value: np.ndarray, nv: np.ndarray, t: float, sd_value: float
) -> tuple[LimitSpec, np.ndarray, float, float]:
    """The SHMI adjustment (module docstring): log scale, truncated z-scores, additive tau^2
    from the units kept. Returns (spec, z, phi, tau2)."""
    with np.errstate(divide="ignore"):
        big_y = np.log(value)  # an observed count of 0 is -inf: ranked lowest, never in phi
    s = 1.0 / np.sqrt(nv)
    deviation = big_y - math.log(t)
    z0 = deviation / s
    kept = truncated_keep(z0, opts.trim) & np.isfinite(z0)
    phi = float(np.mean(z0[kept] ** 2))
    tau2 = tau2_dl(phi, s[kept])
    spec = LimitSpec(opts.chart, t, sd_value, opts.limits, 1.0, tau2, log_scale=True)
    return spec, deviation / np.sqrt(s * s + tau2), phi, tau2


def _centre(opts: FunnelOptions, yv: np.ndarray, nv: np.ndarray) -> float:
    """The target on the value scale: the caller's (divided by ``multiply``), else pooled:
    sum(y) / sum(n), or for means sum(n y) / sum(n)."""
    if opts.target is not None:
        return opts.target / opts.multiply
    if opts.chart == "mean":
        return float(np.sum(nv * yv) / np.sum(nv))
    return float(yv.sum() / nv.sum())


def _units(
    frame: pd.DataFrame,
    opts: FunnelOptions,
    yv: np.ndarray,
    nv: np.ndarray,
    value: np.ndarray,
    z: np.ndarray,
    spec: LimitSpec,
) -> pd.DataFrame:
    """One row per unit (:data:`FUNNEL_COLUMNS`): its value and limits times ``multiply``, and
    whether it is outside them."""
    lines = spec.lines(nv)
    m = opts.multiply
    with np.errstate(invalid="ignore"):
        outside_95 = (value > lines["ucl_95"]) | (value < lines["lcl_95"])
        direction = np.where(
            value > lines["ucl_998"], 1, np.where(value < lines["lcl_998"], -1, 0)
        ).astype(np.int8)
    out = pd.DataFrame(
        {
            "unit": frame[opts.unit].astype(str).to_numpy(),
            "y": yv,
            "n": nv,
            "value": value * m,
            "target": np.full(len(yv), spec.target * m),
            **{k: v * m for k, v in lines.items()},
            "z": z,
            "outside_95": outside_95,
            "outside": direction != 0,
            "direction": direction,
            "signal_type": _signal_types(direction, opts.improvement),
        }
    )
    assert tuple(out.columns) == FUNNEL_COLUMNS
    return out


def _curve(nv: np.ndarray, spec: LimitSpec, opts: FunnelOptions) -> pd.DataFrame:
    """The target and limits along :data:`CURVE_POINTS` values of n from a little below the
    smallest unit to a little above the largest (whole numbers for exact binomial limits)."""
    m = opts.multiply
    grid = np.unique(np.geomspace(max(nv.min() * 0.8, 1e-9), nv.max() * 1.1, CURVE_POINTS))
    if spec.chart == "proportion" and spec.limits == "exact" and not spec.adjusted:
        grid = np.unique(np.maximum(np.round(grid), 1.0))
    curve_lines = spec.lines(grid)
    return pd.DataFrame(
        {
            "n": grid,
            "target": np.full(grid.shape, spec.target * m),
            **{k: v * m for k, v in curve_lines.items()},
        }
    )


def _signal_types(direction: np.ndarray, improvement: str | None) -> np.ndarray:
    out = np.full(direction.shape[0], COMMON_CAUSE, dtype=object)
    out[direction != 0] = NEUTRAL
    if improvement is not None:
        better = 1 if improvement == "up" else -1
        out[direction == better] = IMPROVEMENT
        out[direction == -better] = CONCERN
    return out


def _warnings(
    opts: FunnelOptions, phi: float, tau2: float, spec: LimitSpec
) -> tuple[ChartWarning, ...]:
    """The funnel's caveats as records (each also issued as a ``QIWarning``): the units are
    overdispersed and nothing allows for it, or an adjustment was asked for and none applies."""
    found = []
    if opts.overdispersion is None and phi > 1 and tau2 > 0:
        found.append(
            ChartWarning(
                "overdispersed",
                f"the units vary more than chance allows (phi = {phi:.2f}, tau2 = {tau2:.3g}); "
                "consider overdispersion='additive' before judging units outside the limits",
            )
        )
    if opts.overdispersion is not None and not spec.adjusted:
        found.append(
            ChartWarning(
                "no_overdispersion",
                f"no overdispersion found (phi = {phi:.2f}); the {opts.limits} limits are not "
                "widened",
            )
        )
    for w in found:
        warnings.warn(str(w), QIWarning, stacklevel=3)
    return tuple(found)
