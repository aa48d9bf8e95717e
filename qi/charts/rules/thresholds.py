"""Critical values of the runs rules, computed exactly from their distributions.

- Anhøj (qicharts2 ``runs.analysis()``): ``longest_run_max(n) = round(log2(n)) + 3`` and
  ``crossings_min(n) = qbinom(0.05, n - 1, 0.5)``, computed with exact integer binomial sums.
- Perla, Provost & Murray (2011) Table 1 (IHI runs rule): the limits of the number of runs for
  10-60 useful observations, as printed (:func:`printed_runs_limits_array`, ``rules="ihi"``),
  and derived from the exact Swed & Eisenhart (1943) distribution (:func:`runs_limits`,
  ``rules="ihi_exact"``). :func:`runs_table_differences` lists the n where the two disagree.

No scipy: the binomial and runs distributions are sums of integer binomial coefficients.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

from qi.constants import (
    ANHOEJ_CROSSINGS_PROBABILITY,
    ANHOEJ_LONGEST_RUN_OFFSET,
    IHI_RUNS_MAX_USEFUL,
    IHI_RUNS_MIN_USEFUL,
    IHI_RUNS_TABLE,
    IHI_RUNS_TAIL_PROBABILITY,
)

#: Up to this binomial size qbinom is computed with exact integer sums; above it a float64
#: log-space sum is used, and the exact sum is still taken whenever the float cumulative
#: probability falls within a relative 1e-7 of the target (so the answer is exact in every case;
#: the float path only saves time on very long segments).
QBINOM_EXACT_MAX_SIZE = 2000
_FLOAT_MARGIN = 1e-7


def longest_run_max(n_useful: np.ndarray) -> np.ndarray:
    """``round(log2(n_useful)) + 3`` (Anhøj & Olesen 2014; Schilling 2012), NaN where n <= 0.

    R's ``round`` rounds half to even; no integer n has ``log2(n)`` exactly halfway between two
    integers (that needs n = 2**k * sqrt(2), irrational), so half-to-even (``np.rint``) and
    half-up agree. ``tests/rules`` checks the float distance from .5 for every n up to 10**6.
    """
    n = np.asarray(n_useful, dtype=float)
    out = np.full(n.shape, np.nan)
    ok = n > 0
    out[ok] = np.rint(np.log2(n[ok])) + ANHOEJ_LONGEST_RUN_OFFSET
    return out


def _exact_probability(p: float) -> Fraction:
    """The decimal probability as an exact fraction (0.05 -> 1/20), not its binary float."""
    return Fraction(repr(p))


def _qbinom_half_exact(p: Fraction, size: int) -> int:
    """Smallest c with P(Binom(size, 1/2) <= c) >= p, by exact integer sums."""
    target = p * (1 << size)  # compare sum of C(size, i) with p * 2**size
    total = 0
    coef = 1
    for c in range(size + 1):
        total += coef
        if total >= target:
            return c
        coef = coef * (size - c) // (c + 1)
    return size


def _qbinom_half_float(p: Fraction, size: int) -> int | None:
    """The same by a float64 log-space cumulative sum; None when too close to call."""
    half = size // 2 + 1
    i = np.arange(half, dtype=float)
    # log C(size, i+1) - log C(size, i) = log((size - i) / (i + 1)).
    log_pmf = np.empty(half + 1)
    log_pmf[0] = -size * math.log(2.0)
    log_pmf[1:] = log_pmf[0] + np.cumsum(np.log((size - i) / (i + 1)))
    cdf = np.cumsum(np.exp(log_pmf))
    target = float(p)
    c = int(np.searchsorted(cdf, target, side="left"))
    if c >= cdf.shape[0]:
        return None
    above = cdf[c] - target
    below = target - (cdf[c - 1] if c > 0 else 0.0)
    if above < _FLOAT_MARGIN * target or below < _FLOAT_MARGIN * target:
        return None
    return c


@lru_cache(maxsize=4096)
def qbinom_half(p: float, size: int) -> int:
    """R's ``qbinom(p, size, 0.5)``: the smallest c with P(Binom(size, 0.5) <= c) >= p.

    Exact (integer binomial sums) for every size; ``p`` is read as the decimal it is written as
    (0.05 = 1/20).

    Examples
    --------
    >>> qbinom_half(0.05, 23)   # n_useful = 24 -> crossings limit 8 (qicharts2 vignette)
    8
    """
    if size < 0:
        raise ValueError(f"size must be >= 0, got {size}")
    frac = _exact_probability(p)
    if size > QBINOM_EXACT_MAX_SIZE:
        c = _qbinom_half_float(frac, size)
        if c is not None:
            return c
    return _qbinom_half_exact(frac, size)


def crossings_min(n_useful: np.ndarray) -> np.ndarray:
    """``qbinom(0.05, n_useful - 1, 0.5)`` per element (Anhøj & Olesen 2014; Chen 2010).

    NaN where ``n_useful <= 0`` (qicharts2 gives NA). Each distinct n is computed once.
    """
    n = np.asarray(n_useful, dtype=np.int64)
    if n.shape == (1,):  # one segment (a single chart): skip the unique/inverse machinery
        k = int(n[0])
        return np.array(
            [float(qbinom_half(ANHOEJ_CROSSINGS_PROBABILITY, k - 1)) if k > 0 else np.nan]
        )
    out = np.full(n.shape, np.nan)
    ok = n > 0
    if ok.any():
        values, inverse = np.unique(n[ok], return_inverse=True)
        table = np.array(
            [qbinom_half(ANHOEJ_CROSSINGS_PROBABILITY, int(v) - 1) for v in values], dtype=float
        )
        out[ok] = table[inverse]
    return out


# --- Swed & Eisenhart (1943): the exact distribution of the number of runs -----------------


def runs_distribution(n1: int, n2: int) -> dict[int, Fraction]:
    """P(R = r) for the number of runs R in a random arrangement of n1 + n2 two-kind items.

    Swed & Eisenhart (1943), Ann Math Stat 14(1):66-87: with N = C(n1 + n2, n1),
    P(R = 2k) = 2 C(n1-1, k-1) C(n2-1, k-1) / N and
    P(R = 2k+1) = [C(n1-1, k-1) C(n2-1, k) + C(n1-1, k) C(n2-1, k-1)] / N.
    """
    total = math.comb(n1 + n2, n1)
    comb = math.comb
    dist: dict[int, Fraction] = {}
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1)
        else:
            ways = comb(n1 - 1, k - 1) * comb(n2 - 1, k) + comb(n1 - 1, k) * comb(n2 - 1, k - 1)
        if ways:
            dist[r] = Fraction(ways, total)
    return dist


@lru_cache(maxsize=256)
def runs_limits(n_useful: int, tail: float = IHI_RUNS_TAIL_PROBABILITY) -> tuple[int, int]:
    """Limits of the number of runs for ``n_useful`` points split as evenly as a median splits.

    With n1 = floor(n/2) points above and n2 = ceil(n/2) below (Perla et al. 2011, after Swed
    & Eisenhart 1943): ``too_few`` is the largest L with P(R < L) <= tail and ``too_many`` the
    smallest U with P(R > U) <= tail. A chart has too few runs when runs < too_few and too many
    when runs > too_many.

    Examples
    --------
    >>> runs_limits(10)   # P(R < 3) = 2/252 <= 0.025 < P(R < 4) = 10/252
    (3, 9)
    """
    if n_useful < 2:
        raise ValueError(f"n_useful must be >= 2, got {n_useful}")
    t = _exact_probability(tail)
    n1 = n_useful // 2
    n2 = n_useful - n1
    dist = runs_distribution(n1, n2)
    rs = sorted(dist)
    # too few: P(R < L) = sum of P(r) for r < L; the largest L keeping it <= tail.
    below = Fraction(0)
    too_few = rs[0]
    for r in rs:
        if below + dist[r] > t:
            too_few = r
            break
        below += dist[r]
    above = Fraction(0)
    too_many = rs[-1]
    for r in reversed(rs):
        if above + dist[r] > t:
            too_many = r
            break
        above += dist[r]
    return too_few, too_many


def runs_limits_array(n_useful: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``runs_limits`` per element for ``IHI_RUNS_MIN_USEFUL <= n <= IHI_RUNS_MAX_USEFUL``.

    Outside that range (Perla et al.'s Table 1 covers 10-60) both limits are NaN, so the runs
    rule cannot fire.
    """
    n = np.asarray(n_useful, dtype=np.int64)
    few = np.full(n.shape, np.nan)
    many = np.full(n.shape, np.nan)
    ok = (n >= IHI_RUNS_MIN_USEFUL) & (n <= IHI_RUNS_MAX_USEFUL)
    if ok.any():
        values, inverse = np.unique(n[ok], return_inverse=True)
        lims = np.array([runs_limits(int(v)) for v in values], dtype=float)
        few[ok] = lims[inverse, 0]
        many[ok] = lims[inverse, 1]
    return few, many


def printed_runs_limits_array(n_useful: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Perla, Provost & Murray (2011) Table 1 as printed (``IHI_RUNS_TABLE``), per element.

    ``(lower, upper)``: too few runs when runs < lower, too many when runs > upper. NaN outside
    the table's 10-60 useful observations (the runs rule then does not fire, and the chart's
    caveats say so).

    Examples
    --------
    >>> few, many = printed_runs_limits_array(np.array([20, 53, 61]))
    >>> few.tolist()[:2], many.tolist()[:2]
    ([6.0, 21.0], [16.0, 34.0])
    """
    n = np.asarray(n_useful, dtype=np.int64)
    idx = np.where((n >= IHI_RUNS_MIN_USEFUL) & (n <= IHI_RUNS_MAX_USEFUL), n, 0)
    return _PRINTED[idx, 0], _PRINTED[idx, 1]


def _printed_lookup() -> np.ndarray:
    """IHI_RUNS_TABLE as an array indexed by n (row 0 and rows below 10 are NaN)."""
    table = np.full((IHI_RUNS_MAX_USEFUL + 1, 2), np.nan)
    for k, (lo, hi) in IHI_RUNS_TABLE.items():
        table[k] = (lo, hi)
    table.flags.writeable = False
    return table


_PRINTED = _printed_lookup()


def runs_table_differences() -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """The n (10-60) where the printed Table 1 and the exact Swed-Eisenhart limits differ:
    ``{n: ((printed lower, upper), (exact lower, upper))}``. A wider printed range flags fewer
    charts than the exact one; a narrower one flags more.

    Examples
    --------
    >>> runs_table_differences()[20]
    ((6, 16), (7, 15))
    """
    out: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}
    for n in range(IHI_RUNS_MIN_USEFUL, IHI_RUNS_MAX_USEFUL + 1):
        printed, exact = IHI_RUNS_TABLE[n], runs_limits(n)
        if printed != exact:
            out[n] = (printed, exact)
    return out
