"""Binomial and Poisson distribution functions in numpy, vectorised (no scipy dependency).

The funnel plot's exact limits (Spiegelhalter 2005, Stat Med 24:1185-1202, Appendix A.1) need
the cumulative distribution function of Binomial(n, p) and Poisson(mu) at many (n, mu) at once:

- ``log_gamma``: Lanczos approximation (g = 7, 9 coefficients; Press et al., *Numerical
  Recipes*, 3rd ed., §6.1), relative error below 1e-13 for x > 0.
- ``beta_inc``: the regularized incomplete beta function I_x(a, b) by its continued fraction
  (modified Lentz; Numerical Recipes §6.4), so Binomial: P(X <= k) = I_{1-p}(n - k, k + 1).
- ``gamma_q``: the regularized upper incomplete gamma Q(a, x) by its series (x < a + 1) or
  continued fraction (Numerical Recipes §6.2), so Poisson: P(X <= k) = Q(k + 1, mu).
- ``discrete_limit``: Spiegelhalter's interpolated quantile of a discrete distribution: with
  r the smallest count with F(r) >= P, the limit is r - (F(r) - P) / (F(r) - F(r - 1)).

Every function is checked in tests/funnel against exact sums of binomial and Poisson terms.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_LANCZOS_G = 7.0
_LANCZOS = (
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
)
_EPS = 1e-15
_TINY = 1e-300
_MAX_ITER = 500


def log_gamma(x: np.ndarray) -> np.ndarray:
    """log Gamma(x) for x > 0 (Lanczos)."""
    x = np.asarray(x, dtype=float) - 1.0
    acc = np.full(x.shape, _LANCZOS[0])
    for i, c in enumerate(_LANCZOS[1:], start=1):
        acc = acc + c / (x + i)
    t = x + _LANCZOS_G + 0.5
    return np.asarray(0.5 * np.log(2 * np.pi) + (x + 0.5) * np.log(t) - t + np.log(acc))


def _lentz(
    an: np.ndarray | float, bn: np.ndarray | float, c: np.ndarray, d: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One step of the modified Lentz algorithm for a continued fraction b0 + a1/(b1 + a2/(b2
    + ...)): returns the new (c, d) and the factor delta = c d the fraction is multiplied by."""
    d = bn + an * d
    d = 1.0 / np.where(np.abs(d) < _TINY, _TINY, d)
    c = bn + an / c
    c = np.where(np.abs(c) < _TINY, _TINY, c)
    return c, d, c * d


def _beta_cf(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = np.where(np.abs(d) < _TINY, _TINY, d)
    d = 1.0 / d
    h = d.copy()
    active = np.ones(x.shape, dtype=bool)
    for m in range(1, _MAX_ITER + 1):
        m2 = 2 * m
        c, d, delta = _lentz(m * (b - m) * x / ((qam + m2) * (a + m2)), 1.0, c, d)
        h = np.where(active, h * delta, h)
        c, d, delta = _lentz(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), 1.0, c, d)
        h = np.where(active, h * delta, h)
        active &= np.abs(delta - 1.0) > _EPS
        if not active.any():
            break
    return h


def beta_inc(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1."""
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    out = np.where(x <= 0, 0.0, 1.0)
    inner = (x > 0) & (x < 1)
    if inner.any():
        ai, bi, xi = a[inner], b[inner], x[inner]
        log_front = (
            log_gamma(ai + bi)
            - log_gamma(ai)
            - log_gamma(bi)
            + ai * np.log(xi)
            + bi * np.log1p(-xi)
        )
        front = np.exp(log_front)
        direct = xi < (ai + 1.0) / (ai + bi + 2.0)
        res = np.empty(xi.shape)
        if direct.any():
            res[direct] = front[direct] * _beta_cf(ai[direct], bi[direct], xi[direct]) / ai[direct]
        flip = ~direct
        if flip.any():
            res[flip] = 1.0 - front[flip] * _beta_cf(bi[flip], ai[flip], 1.0 - xi[flip]) / bi[flip]
        out = out.copy()
        out[inner] = res
    return out


def gamma_q(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x), a > 0, x >= 0."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    out = np.ones(a.shape)
    pos = x > 0
    if not pos.any():
        return out
    ap, xp = a[pos], x[pos]
    log_front = ap * np.log(xp) - xp - log_gamma(ap)
    res = np.empty(ap.shape)
    series = xp < ap + 1.0
    if series.any():  # P(a, x) by its series
        a_s, x_s = ap[series], xp[series]
        term = 1.0 / a_s
        total = term.copy()
        n = a_s.copy()
        active = np.ones(a_s.shape, dtype=bool)
        for _ in range(_MAX_ITER * 4):
            n = n + 1.0
            term = np.where(active, term * x_s / n, 0.0)
            total = total + term
            active &= np.abs(term) > np.abs(total) * _EPS
            if not active.any():
                break
        res[series] = 1.0 - total * np.exp(log_front[series])
    cf = ~series
    if cf.any():  # Q(a, x) by its continued fraction (modified Lentz)
        a_c, x_c = ap[cf], xp[cf]
        b = x_c + 1.0 - a_c
        c = np.full(a_c.shape, 1.0 / _TINY)
        d = 1.0 / b
        h = d.copy()
        active = np.ones(a_c.shape, dtype=bool)
        for i in range(1, _MAX_ITER + 1):
            b = b + 2.0
            c, d, delta = _lentz(-i * (i - a_c), b, c, d)
            h = np.where(active, h * delta, h)
            active &= np.abs(delta - 1.0) > _EPS
            if not active.any():
                break
        res[cf] = np.exp(log_front[cf]) * h
    out = out.copy()
    out[pos] = np.clip(res, 0.0, 1.0)
    return out


def binom_cdf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X <= k) for X ~ Binomial(n, p): 0 below 0, 1 from n on."""
    k, n, p = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (k, n, p)))
    out = np.where(k < 0, 0.0, 1.0)
    mid = (k >= 0) & (k < n)
    if mid.any():
        out = out.copy()
        out[mid] = beta_inc(n[mid] - k[mid], k[mid] + 1.0, 1.0 - p[mid])
    return out


def pois_cdf(k: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """P(X <= k) for X ~ Poisson(mu): 0 below 0."""
    k, mu = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(mu, dtype=float))
    out = np.zeros(k.shape)
    ok = k >= 0
    if ok.any():
        out[ok] = gamma_q(k[ok] + 1.0, mu[ok])
    return out


def binom_pmf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X = k) for X ~ Binomial(n, p), 0 outside 0..n."""
    k, n, p = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (k, n, p)))
    ok = (k >= 0) & (k <= n)
    kk = np.where(ok, k, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pmf = (
            log_gamma(n + 1)
            - log_gamma(kk + 1)
            - log_gamma(n - kk + 1)
            + kk * np.log(p)
            + (n - kk) * np.log1p(-p)
        )
    return np.where(ok, np.exp(log_pmf), 0.0)


def pois_pmf(k: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """P(X = k) for X ~ Poisson(mu), 0 below 0."""
    k, mu = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(mu, dtype=float))
    ok = k >= 0
    kk = np.where(ok, k, 0.0)
    return np.where(ok, np.exp(kk * np.log(mu) - mu - log_gamma(kk + 1)), 0.0)


def discrete_limit(
    cdf: Callable[[np.ndarray, np.ndarray], np.ndarray],
    pmf: Callable[[np.ndarray, np.ndarray], np.ndarray],
    prob: np.ndarray,
    start: np.ndarray,
    upper: np.ndarray | None = None,
) -> np.ndarray:
    """Spiegelhalter's (2005, Appendix A.1.1) interpolated quantile of a discrete distribution,
    element by element: r = the smallest count with F(r) >= prob; the limit is
    r - (F(r) - prob) / (F(r) - F(r - 1)).

    ``cdf(k, idx)`` and ``pmf(k, idx)`` evaluate the distribution of the elements ``idx`` at the
    counts ``k``. The search starts from ``start`` (a Cornish-Fisher approximation of the
    quantile, usually within a count or two), evaluates the cumulative distribution once and
    then steps with point probabilities, which are cheap.
    """
    prob = np.asarray(prob, dtype=float)
    r = np.maximum(np.floor(np.asarray(start, dtype=float)), 0.0)
    if upper is not None:
        r = np.minimum(r, upper)
    idx_all = np.arange(r.shape[0])
    f = cdf(r, idx_all)
    for _ in range(100_000):  # step up while F(r) < prob
        low = f < prob
        if upper is not None:
            low &= r < upper
        i = np.flatnonzero(low)
        if i.shape[0] == 0:
            break
        r[i] += 1.0
        f[i] = f[i] + pmf(r[i], i)
    f_prev = f - pmf(r, idx_all)
    for _ in range(100_000):  # step down while F(r - 1) >= prob
        i = np.flatnonzero((f_prev >= prob) & (r > 0))
        if i.shape[0] == 0:
            break
        r[i] -= 1.0
        f[i] = f_prev[i]
        f_prev[i] = f[i] - pmf(r[i], i)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(f > f_prev, (f - prob) / (f - f_prev), 0.0)
    return np.asarray(r - alpha)
