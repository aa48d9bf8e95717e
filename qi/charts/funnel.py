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

Limits are then transformed back. Where no adjustment applies, the chosen ``limits`` are used.
A unit is ``outside`` when its value is strictly beyond its 99.8% limits (Spiegelhalter's
"alarm"); ``outside_95`` beyond the 95% limits ("alert").
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from qi.charts.distributions import binom_cdf, binom_pmf, discrete_limit, pois_cdf, pois_pmf
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.charts.validate import is_finite_real, is_real
from qi.constants import (
    FUNNEL_P_95,
    FUNNEL_P_998,
    FUNNEL_WINSOR_TRIM,
    FUNNEL_Z_95,
    FUNNEL_Z_998,
)
from qi.errors import QIWarning, ValidationError, unknown_name

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FunnelChart = Literal["proportion", "rate", "ratio", "mean"]
FUNNEL_CHARTS: tuple[str, ...] = ("proportion", "rate", "ratio", "mean")
LIMIT_METHODS: tuple[str, ...] = ("exact", "normal")
OVERDISPERSION: tuple[str, ...] = ("multiplicative", "additive")

#: Columns of ``FunnelResult.data``, one row per unit.
FUNNEL_COLUMNS: tuple[str, ...] = (
    "unit",        # the unit's name (str)
    "y",           # numerator: cases, events, observed (the unit's mean for a mean funnel)
    "n",           # denominator: cases at risk, exposure, expected, or number of values
    "value",       # y / n (proportion, rate, ratio) or y (mean), times multiply
    "target",      # the centre line, times multiply
    "lcl_95", "ucl_95",    # 95% limits at the unit's n, times multiply
    "lcl_998", "ucl_998",  # 99.8% limits at the unit's n, times multiply
    "z",           # z-score on the variance-stabilised scale (adjusted when overdispersion applies)
    "outside_95",  # bool: beyond the 95% limits (alert)
    "outside",     # bool: beyond the 99.8% limits (alarm)
    "direction",   # +1 above the 99.8% limits, -1 below, 0 inside
    "signal_type",  # common_cause or special_cause_improvement/concern/neutral (by improvement)
)

#: Columns of ``FunnelResult.curve``: the limits along a grid of n, for drawing the funnel.
CURVE_COLUMNS: tuple[str, ...] = ("n", "target", "lcl_95", "ucl_95", "lcl_998", "ucl_998")

#: Points of the limit curves drawn between the smallest and the largest n.
CURVE_POINTS = 200


@dataclass(frozen=True)
class FunnelOptions:
    """What the caller asked for, resolved, kept with the result (captions read it)."""

    chart: str
    y: str
    n: str
    unit: str
    target: float | None
    target_source: str  # "pooled" or the caller's words for a given target
    limits: str
    overdispersion: str | None
    trim: float
    improvement: Literal["up", "down"] | None
    multiply: float
    sd: float | str | None
    title: str | None = None
    definition: str | None = None


@dataclass
class FunnelResult:
    """The result of :func:`qi.funnel`.

    Attributes
    ----------
    data:
        One row per unit, ``FUNNEL_COLUMNS``.
    curve:
        The target and limits along a grid of n (``CURVE_COLUMNS``): what ``.plot()`` draws.
    options:
        The resolved options.
    target:
        The centre line (times ``multiply``).
    phi, tau2:
        The overdispersion estimates (phi from Winsorised z-scores; tau^2 by DerSimonian-Laird),
        computed whatever ``overdispersion`` is, so a user can see them.
    adjusted:
        True when the limits were widened for overdispersion.
    warnings:
        Caveats in words, also issued as ``QIWarning``.
    """

    data: pd.DataFrame
    curve: pd.DataFrame
    options: FunnelOptions
    target: float
    phi: float
    tau2: float
    adjusted: bool
    warnings: tuple[str, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        o = self.options
        n_out = int(self.data["outside"].sum())
        return (
            f"<FunnelResult {o.chart} funnel of {o.y!r} per {o.n!r}: {len(self.data)} units, "
            f"{n_out} outside the 99.8% limits, phi {self.phi:.3g}, tau2 {self.tau2:.3g}>"
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Figure:
        """Draw the funnel with matplotlib (see :func:`qi.present.funnel.plot_funnel`)."""
        from qi.present.funnel import plot_funnel

        return plot_funnel(self, ax=ax, **kwargs)

    def describe(self, **kwargs: Any) -> str:
        """Plain-English account of the funnel (see :func:`qi.present.funnel.describe_funnel`)."""
        from qi.present.funnel import describe_funnel

        return describe_funnel(self, **kwargs)


# --- validation ------------------------------------------------------------------------------


def _column(frame: pd.DataFrame, name: Any, field: str) -> pd.Series:
    if not isinstance(name, str):
        raise ValidationError(
            f"expected a column name, found {type(name).__name__} {name!r}", field=field,
            hint=f"pass the name of a column, e.g. {field}='deaths'",
        )
    if name not in frame.columns:
        cols = ", ".join(str(c) for c in frame.columns)
        raise ValidationError(
            f"column '{name}' not found; the data has columns: {cols}", field=field,
            hint=f"pass one of the columns above as {field}=",
        )
    return frame[name]


def _numbers(frame: pd.DataFrame, name: str, field: str) -> np.ndarray:
    s = _column(frame, name, field)
    values = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValidationError(
            f"column '{name}' has missing, non-numeric or infinite values", field=field,
            rows=list(frame.index[bad]),
            hint="fill in those cells or drop the units (a funnel needs a value for every unit)",
        )
    return values


def _resolve(
    data: Any, y: Any, n: Any, unit: Any, target: Any, chart: Any, limits: Any,
    overdispersion: Any, trim: Any, improvement: Any, multiply: Any, sd: Any,
    target_source: Any, title: Any, definition: Any,
) -> tuple[FunnelOptions, pd.DataFrame]:
    if isinstance(data, Mapping):
        data = pd.DataFrame(data)
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(
            f"data must be a pandas DataFrame, found {type(data).__name__}", field="data",
            hint="one row per unit with the numerator, the denominator and the unit's name",
        )
    if chart not in FUNNEL_CHARTS:
        raise unknown_name("funnel chart", str(chart), FUNNEL_CHARTS, field="chart")
    if limits not in LIMIT_METHODS:
        raise unknown_name("limit method", str(limits), LIMIT_METHODS, field="limits")
    if overdispersion is not None and overdispersion not in OVERDISPERSION:
        raise unknown_name("overdispersion adjustment", str(overdispersion), OVERDISPERSION, field="overdispersion")
    if improvement not in (None, "up", "down"):
        raise ValidationError(
            f"improvement must be 'up', 'down' or None, found {improvement!r}", field="improvement",
            hint="use 'up' when higher is better, 'down' when lower is better, None if neither",
        )
    for name, value, low, high in (("trim", trim, 0.0, 0.5), ("multiply", multiply, 0.0, math.inf)):
        if not is_real(value) or not low <= value < high or (
            name == "multiply" and value <= 0
        ):
            raise ValidationError(
                f"{name} must be a number in [{low}, {high}), found {value!r}", field=name,
                hint="trim=0.1 Winsorises 10% at each end; multiply=100 shows percentages",
            )
    if target is not None and (
        not is_finite_real(target)
    ):
        raise ValidationError(
            f"target must be a finite number, found {target!r}", field="target",
            hint="the comparator in displayed units (e.g. the England value), or None to pool",
        )
    if chart == "mean" and sd is None:
        raise ValidationError(
            "a mean funnel needs the standard deviation of the values", field="sd",
            hint="pass sd=<number> (e.g. from the national data) or sd='<column of unit SDs>'",
        )
    if chart != "mean" and sd is not None:
        raise ValidationError(
            f"sd applies to a mean funnel, not to a {chart} funnel", field="sd",
            hint="leave sd out, or use chart='mean'",
        )
    if len(data) < 2:
        raise ValidationError(
            f"a funnel plot compares units; found {len(data)} unit(s)", field="data",
            hint="pass one row per unit, two units or more",
        )
    names = _column(data, unit, "unit")
    if names.isna().any():
        raise ValidationError(
            f"column '{unit}' has missing unit names", field="unit",
            rows=list(data.index[names.isna().to_numpy()]), hint="name every unit",
        )
    dup = names.astype(str).duplicated(keep=False).to_numpy()
    if dup.any():
        first = str(names[dup].iloc[0])
        raise ValidationError(
            f"unit '{first}' appears on more than one row", field="unit", rows=list(data.index[dup]),
            hint="one row per unit: sum the numerators and denominators of each unit first",
        )
    source = "given" if target is not None else "pooled"
    if target_source is not None:
        if not isinstance(target_source, str) or not target_source.strip():
            raise ValidationError(
                "target_source must be words naming where the target comes from", field="target_source",
                hint="e.g. target_source='England 2023/24'",
            )
        if target is None:
            raise ValidationError(
                "target_source was given without a target", field="target_source",
                hint="pass target=<value> with it, or leave both out to pool the data",
            )
        source = target_source.strip()
    opts = FunnelOptions(
        chart=chart, y=y, n=n, unit=unit, target=None if target is None else float(target),
        target_source=source, limits=limits, overdispersion=overdispersion, trim=float(trim),
        improvement=improvement, multiply=float(multiply), sd=sd, title=title, definition=definition,
    )
    return opts, data


def _check_counts(data: pd.DataFrame, opts: FunnelOptions, yv: np.ndarray, nv: np.ndarray) -> None:
    rows = data.index
    if (nv <= 0).any():
        bad = nv <= 0
        what = "zero or negative denominators" if opts.chart != "mean" else "zero or negative numbers of values"
        raise ValidationError(
            f"column '{opts.n}' has {what}", field="n", rows=list(rows[bad]),
            hint="a unit with nothing at risk has no value: drop those units or correct n",
        )
    if opts.chart != "mean" and (yv < 0).any():
        bad = yv < 0
        raise ValidationError(
            f"column '{opts.y}' has negative counts", field="y", rows=list(rows[bad]),
            hint="the numerator counts cases or events: correct those cells",
        )
    if opts.chart == "proportion":
        above = yv > nv
        if above.any():
            raise ValidationError(
                f"column '{opts.y}' has numerators above their denominators in '{opts.n}'",
                field="y", rows=list(rows[above]),
                hint="a proportion counts cases out of n: check those rows, or use chart='rate'",
            )
        if opts.limits == "exact":
            frac = (yv != np.round(yv)) | (nv != np.round(nv))
            if frac.any():
                raise ValidationError(
                    "exact binomial limits need whole numbers of cases and denominators",
                    field="y", rows=list(rows[frac]),
                    hint="round the counts, or pass limits='normal'",
                )


# --- computation -----------------------------------------------------------------------------


def _transform(chart: str, value: np.ndarray, n: np.ndarray, sd: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """(Y, s): the variance-stabilised scale and its standard error (module docstring)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if chart == "proportion":
            return np.arcsin(np.sqrt(np.clip(value, 0.0, 1.0))), 1.0 / (2.0 * np.sqrt(n))
        if chart in ("rate", "ratio"):
            return np.sqrt(np.maximum(value, 0.0)), 1.0 / (2.0 * np.sqrt(n))
        return value, sd / np.sqrt(n)


def _back(chart: str, y: np.ndarray) -> np.ndarray:
    if chart == "proportion":
        return np.sin(np.clip(y, 0.0, np.pi / 2)) ** 2
    if chart in ("rate", "ratio"):
        return np.maximum(y, 0.0) ** 2
    return y


def _normal_limits(chart: str, t: float, n: np.ndarray, sd: np.ndarray | float, z: float) -> tuple[np.ndarray, np.ndarray]:
    if chart == "proportion":
        se = np.sqrt(t * (1 - t) / n)
        return np.clip(t - z * se, 0.0, 1.0), np.clip(t + z * se, 0.0, 1.0)
    if chart in ("rate", "ratio"):
        se = np.sqrt(t / n)
        return np.maximum(t - z * se, 0.0), t + z * se
    se = sd / np.sqrt(n)
    return t - z * se, t + z * se


def _exact_limits(chart: str, t: float, n: np.ndarray, probs: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Interpolated binomial (proportion) or Poisson (rate, ratio) limits on the value scale,
    both probabilities in one vectorised pass."""
    size = n.shape[0]
    nn = np.tile(n, 2)
    prob = np.repeat(np.asarray(probs, dtype=float), size)
    z = np.repeat([FUNNEL_Z_95 if probs == FUNNEL_P_95 else FUNNEL_Z_998], 2 * size)
    z = np.where(prob < 0.5, -z, z)
    if chart == "proportion":
        mean, sd = nn * t, np.sqrt(nn * t * (1 - t))
        with np.errstate(divide="ignore", invalid="ignore"):
            skew = (1 - 2 * t) / sd
        pp = np.full(nn.shape, t)

        def cdf(k: np.ndarray, i: np.ndarray) -> np.ndarray:
            return binom_cdf(k, nn[i], pp[i])

        def pmf(k: np.ndarray, i: np.ndarray) -> np.ndarray:
            return binom_pmf(k, nn[i], pp[i])

        upper: np.ndarray | None = nn
    else:
        mean = nn * t
        sd = np.sqrt(mean)
        with np.errstate(divide="ignore"):
            skew = 1.0 / sd

        def cdf(k: np.ndarray, i: np.ndarray) -> np.ndarray:
            return pois_cdf(k, mean[i])

        def pmf(k: np.ndarray, i: np.ndarray) -> np.ndarray:
            return pois_pmf(k, mean[i])

        upper = None
    # Cornish-Fisher start, a little below the quantile (the search steps up, then down).
    with np.errstate(invalid="ignore"):
        start = mean + sd * (z + (z * z - 1) * np.nan_to_num(skew) / 6) - 2
    r = discrete_limit(cdf, pmf, prob, np.nan_to_num(start), upper)
    lim = np.maximum(r, 0.0) / nn
    return lim[:size], lim[size:]


def _winsorised_phi(z: np.ndarray, trim: float) -> float:
    """phi = mean of the squared z-scores Winsorised at the trim and 1 - trim quantiles (R's
    default quantile type 7 = numpy's linear), FunnelPlotR ``winsorisation()``/``phi_func()``."""
    lo, hi = np.quantile(z, [trim, 1 - trim])
    zw = np.clip(z, lo, hi)
    return float(np.mean(zw * zw))


def _tau2(phi: float, s: np.ndarray) -> float:
    """DerSimonian-Laird between-unit variance from phi (FunnelPlotR ``tau_func()``)."""
    units = s.shape[0]
    if units * phi < units - 1:
        return 0.0
    w = 1.0 / (s * s)
    return max(0.0, (units * phi - (units - 1)) / (w.sum() - (w * w).sum() / w.sum()))


@dataclass(frozen=True)
class _Spec:
    """How the limits are built once phi, tau2 and the target are known."""

    chart: str
    target: float
    sd: float
    limits: str
    inflate: float  # multiplicative: sqrt(phi) when applied, else 1
    tau2: float  # additive: tau2 when applied, else 0

    @property
    def adjusted(self) -> bool:
        return self.inflate != 1.0 or self.tau2 > 0

    def lines(self, n: np.ndarray, sd: np.ndarray | float | None = None) -> dict[str, np.ndarray]:
        """lcl_95, ucl_95, lcl_998, ucl_998 at each n (value scale, before multiply)."""
        sd_n = self.sd if sd is None else sd
        out: dict[str, np.ndarray] = {}
        for suffix, z, probs in (("95", FUNNEL_Z_95, FUNNEL_P_95), ("998", FUNNEL_Z_998, FUNNEL_P_998)):
            if self.adjusted:
                ty, s = _transform(self.chart, np.full(n.shape, self.target), n, sd_n)
                width = z * np.sqrt((self.inflate * s) ** 2 + self.tau2)
                lo, hi = _back(self.chart, ty - width), _back(self.chart, ty + width)
            elif self.limits == "exact" and self.chart != "mean":
                lo, hi = _exact_limits(self.chart, self.target, n, probs)
            else:
                lo, hi = _normal_limits(self.chart, self.target, n, sd_n, z)
            out["lcl_" + suffix], out["ucl_" + suffix] = lo, hi
        return out


def funnel(
    data: pd.DataFrame | Mapping[str, Any],
    y: str,
    n: str,
    unit: str,
    target: float | None = None,
    chart: FunnelChart = "proportion",
    *,
    limits: Literal["exact", "normal"] = "exact",
    overdispersion: Literal["multiplicative", "additive"] | None = None,
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
        Winsorised z-scores as FunnelPlotR computes them; applied only when the data are
        overdispersed (phi > 1; tau^2 > 0).
    trim:
        Share Winsorised at each end before estimating phi (0.1).
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
    opts, frame = _resolve(
        data, y, n, unit, target, chart, limits, overdispersion, trim, improvement, multiply, sd,
        target_source, title, definition,
    )
    yv = _numbers(frame, y, "y")
    nv = _numbers(frame, n, "n")
    _check_counts(frame, opts, yv, nv)
    sd_value = _pooled_sd(frame, opts, nv)
    value = yv if chart == "mean" else yv / nv
    if opts.target is not None:
        t = opts.target / opts.multiply
    elif chart == "mean":
        t = float(np.sum(nv * yv) / np.sum(nv))
    else:
        t = float(yv.sum() / nv.sum())
    _check_target(chart, t, opts)
    big_y, s = _transform(chart, value, nv, sd_value)
    ty = _transform(chart, np.array([t]), np.array([1.0]), 1.0)[0][0]
    z0 = (big_y - ty) / s
    phi = _winsorised_phi(z0, opts.trim)
    tau2 = _tau2(phi, s)
    inflate = math.sqrt(phi) if overdispersion == "multiplicative" and phi > 1 else 1.0
    tau2_used = tau2 if overdispersion == "additive" else 0.0
    spec = _Spec(chart, t, sd_value, limits, inflate, tau2_used)
    z = (big_y - ty) / np.sqrt((inflate * s) ** 2 + tau2_used)
    lines = spec.lines(nv)
    m = opts.multiply
    with np.errstate(invalid="ignore"):
        outside_95 = (value > lines["ucl_95"]) | (value < lines["lcl_95"])
        direction = np.where(value > lines["ucl_998"], 1, np.where(value < lines["lcl_998"], -1, 0)).astype(np.int8)
    frame_out = pd.DataFrame(
        {
            "unit": frame[unit].astype(str).to_numpy(),
            "y": yv,
            "n": nv,
            "value": value * m,
            "target": np.full(len(yv), t * m),
            **{k: v * m for k, v in lines.items()},
            "z": z,
            "outside_95": outside_95,
            "outside": direction != 0,
            "direction": direction,
            "signal_type": _signal_types(direction, improvement),
        }
    )
    assert tuple(frame_out.columns) == FUNNEL_COLUMNS
    grid = np.unique(np.geomspace(max(nv.min() * 0.8, 1e-9), nv.max() * 1.1, CURVE_POINTS))
    if chart == "proportion" and limits == "exact" and not spec.adjusted:
        grid = np.unique(np.maximum(np.round(grid), 1.0))
    curve_lines = spec.lines(grid)
    curve = pd.DataFrame(
        {"n": grid, "target": np.full(grid.shape, t * m), **{k: v * m for k, v in curve_lines.items()}}
    )
    words = _warnings(opts, phi, tau2, spec)
    return FunnelResult(
        data=frame_out, curve=curve, options=opts, target=t * m, phi=phi, tau2=tau2,
        adjusted=spec.adjusted, warnings=words,
    )


def _pooled_sd(frame: pd.DataFrame, opts: FunnelOptions, nv: np.ndarray) -> float:
    if opts.chart != "mean":
        return float("nan")
    sd = opts.sd
    if isinstance(sd, str):
        sds = _numbers(frame, sd, "sd")
        df = nv - 1
        if (df <= 0).all():
            raise ValidationError(
                "pooling unit SDs needs units with 2 or more values", field="sd",
                hint="pass sd=<number> instead",
            )
        return float(np.sqrt(np.sum(df * sds * sds) / np.sum(df)))
    if not is_finite_real(sd) or sd <= 0:
        raise ValidationError(
            f"sd must be a number above 0 or a column name, found {sd!r}", field="sd",
            hint="e.g. sd=12.5 (the SD of the values)",
        )
    return float(sd)  # in the units of y (before multiply), as the values are


def _check_target(chart: str, t: float, opts: FunnelOptions) -> None:
    where = "given" if opts.target is not None else "pooled from the data"
    if chart == "proportion" and not 0 < t < 1:
        raise ValidationError(
            f"the target proportion ({where}) is {t * opts.multiply:g}; funnel limits need a "
            "target strictly between 0 and 1 (times multiply)",
            field="target", hint="check the target, or the data when every unit has 0% or 100%",
        )
    if chart in ("rate", "ratio") and t <= 0:
        raise ValidationError(
            f"the target {chart} ({where}) is {t * opts.multiply:g}; funnel limits need a target above 0",
            field="target", hint="check the target, or the data when no unit has any events",
        )


def _signal_types(direction: np.ndarray, improvement: str | None) -> np.ndarray:
    out = np.full(direction.shape[0], COMMON_CAUSE, dtype=object)
    out[direction != 0] = NEUTRAL
    if improvement is not None:
        better = 1 if improvement == "up" else -1
        out[direction == better] = IMPROVEMENT
        out[direction == -better] = CONCERN
    return out


def _warnings(opts: FunnelOptions, phi: float, tau2: float, spec: _Spec) -> tuple[str, ...]:
    texts = []
    if opts.overdispersion is None and phi > 1 and tau2 > 0:
        texts.append(
            f"the units vary more than chance allows (phi = {phi:.2f}, tau2 = {tau2:.3g}); "
            "consider overdispersion='additive' before judging units outside the limits"
        )
    if opts.overdispersion is not None and not spec.adjusted:
        texts.append(
            f"no overdispersion found (phi = {phi:.2f}); the {opts.limits} limits are not widened"
        )
    for t in texts:
        warnings.warn(t, QIWarning, stacklevel=3)
    return tuple(texts)
