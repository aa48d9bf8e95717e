"""The limits of a funnel plot: exact (binomial, Poisson; interpolated) or normal, on the
value scale, and the overdispersion estimates (phi, tau^2) on the variance-stabilised scale.
Formulas and sources: the docstring of :mod:`qi.charts.funnel` (Spiegelhalter 2005a, 2005b;
FunnelPlotR 0.5)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qi.charts.distributions import binom_cdf, binom_pmf, discrete_limit, pois_cdf, pois_pmf
from qi.constants import FUNNEL_P_95, FUNNEL_P_998, FUNNEL_Z_95, FUNNEL_Z_998


def transform(
    chart: str, value: np.ndarray, n: np.ndarray, sd: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """(Y, s): the variance-stabilised scale and its standard error (module docstring)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if chart == "proportion":
            return np.arcsin(np.sqrt(np.clip(value, 0.0, 1.0))), 1.0 / (2.0 * np.sqrt(n))
        if chart in ("rate", "ratio"):
            return np.sqrt(np.maximum(value, 0.0)), 1.0 / (2.0 * np.sqrt(n))
        return value, sd / np.sqrt(n)


def _back(chart: str, y: np.ndarray) -> np.ndarray:
    if chart == "proportion":
        return np.asarray(np.sin(np.clip(y, 0.0, np.pi / 2)) ** 2)
    if chart in ("rate", "ratio"):
        return np.asarray(np.maximum(y, 0.0) ** 2)
    return y


def _normal_limits(
    chart: str, t: float, n: np.ndarray, sd: np.ndarray | float, z: float
) -> tuple[np.ndarray, np.ndarray]:
    if chart == "proportion":
        se = np.sqrt(t * (1 - t) / n)
        return np.clip(t - z * se, 0.0, 1.0), np.clip(t + z * se, 0.0, 1.0)
    if chart in ("rate", "ratio"):
        se = np.sqrt(t / n)
        return np.maximum(t - z * se, 0.0), t + z * se
    se = sd / np.sqrt(n)
    return t - z * se, t + z * se


def _exact_limits(
    chart: str, t: float, n: np.ndarray, probs: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
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


def winsorised_phi(z: np.ndarray, trim: float) -> float:
    """phi = mean of the squared z-scores Winsorised at the trim and 1 - trim quantiles (R's
    default quantile type 7 = numpy's linear), FunnelPlotR ``winsorisation()``/``phi_func()``."""
    lo, hi = np.quantile(z, [trim, 1 - trim])
    zw = np.clip(z, lo, hi)
    return float(np.mean(zw * zw))


def truncated_keep(z: np.ndarray, trim: float) -> np.ndarray:
    """Which z-scores the SHMI method keeps: the units ranked (ties averaged, as R's ``rank``)
    fall into 1 / trim groups, ``floor(rank (1 / trim) / (N + 1))``, and the lowest and the
    highest group are dropped (10% at each end at trim = 0.1). NHS Digital, SHMI indicator
    specification ("an additive random-effects model with a 10 per cent trim"); FunnelPlotR
    ``truncation()``."""
    k = 1.0 / trim
    rank = pd.Series(z).rank(method="average").to_numpy(dtype=float)
    group = np.floor(rank * k / (z.shape[0] + 1))
    return np.asarray((group > 0) & (group < k - 1))


def tau2_dl(phi: float, s: np.ndarray) -> float:
    """DerSimonian-Laird between-unit variance from phi (FunnelPlotR ``tau_func()``)."""
    units = s.shape[0]
    if units * phi < units - 1:
        return 0.0
    w = 1.0 / (s * s)
    return max(0.0, float((units * phi - (units - 1)) / (w.sum() - (w * w).sum() / w.sum())))


@dataclass(frozen=True)
class LimitSpec:
    """How the limits are built once phi, tau2 and the target are known."""

    chart: str
    target: float
    sd: float
    limits: str
    inflate: float  # multiplicative: sqrt(phi) when applied, else 1
    tau2: float  # additive: tau2 when applied, else 0
    #: SHMI: the adjusted limits are exp(log t -/+ z sqrt(1 / E + tau2)) (log scale)
    log_scale: bool = False

    @property
    def adjusted(self) -> bool:
        return self.inflate != 1.0 or self.tau2 > 0

    def lines(self, n: np.ndarray, sd: np.ndarray | float | None = None) -> dict[str, np.ndarray]:
        """lcl_95, ucl_95, lcl_998, ucl_998 at each n (value scale, before multiply)."""
        sd_n = self.sd if sd is None else sd
        out: dict[str, np.ndarray] = {}
        for suffix, z, probs in (
            ("95", FUNNEL_Z_95, FUNNEL_P_95),
            ("998", FUNNEL_Z_998, FUNNEL_P_998),
        ):
            if self.adjusted and self.log_scale:
                width = z * np.sqrt(1.0 / n + self.tau2)
                lo = np.exp(math.log(self.target) - width)
                hi = np.exp(math.log(self.target) + width)
            elif self.adjusted:
                ty, s = transform(self.chart, np.full(n.shape, self.target), n, sd_n)
                width = z * np.sqrt((self.inflate * s) ** 2 + self.tau2)
                lo, hi = _back(self.chart, ty - width), _back(self.chart, ty + width)
            elif self.limits == "exact" and self.chart != "mean":
                lo, hi = _exact_limits(self.chart, self.target, n, probs)
            else:
                lo, hi = _normal_limits(self.chart, self.target, n, sd_n, z)
            out["lcl_" + suffix], out["ucl_" + suffix] = lo, hi
        return out
