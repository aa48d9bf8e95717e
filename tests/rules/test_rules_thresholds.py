"""Critical values of the runs rules against published and independently computed tables."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from qi.charts.rules.thresholds import (
    QBINOM_EXACT_MAX_SIZE,
    crossings_min,
    longest_run_max,
    qbinom_half,
    runs_distribution,
    runs_limits,
    runs_limits_array,
)

# qicharts2-method.md §3 "Reference values of the two limits" (checked against qicharts2).
ANHOEJ_TABLE = {
    5: (5, 0),
    8: (6, 1),
    10: (6, 2),
    12: (7, 3),
    14: (7, 4),
    16: (7, 4),
    18: (7, 5),
    20: (7, 6),
    22: (7, 7),
    24: (8, 8),
    26: (8, 8),
    28: (8, 9),
    30: (8, 10),
    40: (8, 14),
    50: (9, 19),
    60: (9, 23),
    100: (10, 41),
}

# The "exact" Swed-Eisenhart columns (docs/method/rules.md, ihi_exact): n -> (too few if runs <,
# too many if runs >), computed independently of qi from the same formula.
SWED_EISENHART_TABLE = {
    10: (3, 9),
    11: (4, 9),
    12: (4, 10),
    13: (4, 11),
    14: (4, 12),
    15: (5, 12),
    16: (5, 13),
    17: (6, 13),
    18: (6, 14),
    19: (6, 15),
    20: (7, 15),
    21: (7, 16),
    22: (8, 16),
    23: (8, 17),
    24: (8, 18),
    25: (9, 18),
    26: (9, 19),
    27: (10, 19),
    28: (10, 20),
    29: (10, 21),
    30: (11, 21),
    31: (11, 22),
    32: (12, 22),
    33: (12, 23),
    34: (12, 24),
    35: (13, 24),
    36: (13, 25),
    37: (14, 25),
    38: (14, 26),
    39: (14, 26),
    40: (15, 27),
    41: (15, 28),
    42: (16, 28),
    43: (16, 29),
    44: (17, 29),
    45: (17, 30),
    46: (17, 31),
    47: (18, 31),
    48: (18, 32),
    49: (19, 32),
    50: (19, 33),
    51: (20, 33),
    52: (20, 34),
    53: (20, 35),
    54: (21, 35),
    55: (21, 36),
    56: (22, 36),
    57: (22, 37),
    58: (23, 37),
    59: (23, 38),
    60: (24, 38),
}


def test_anhoej_reference_table():
    n = np.array(sorted(ANHOEJ_TABLE))
    expected = np.array([ANHOEJ_TABLE[k] for k in n], dtype=float)
    assert longest_run_max(n).tolist() == expected[:, 0].tolist()
    assert crossings_min(n).tolist() == expected[:, 1].tolist()


def test_24_useful_points_give_8_and_8():
    # qicharts2 vignette: n = 24 -> longest run limit 8, crossings limit 8.
    # By hand: log2(24) = 4.585 -> round 5 -> 5 + 3 = 8; P(Binom(23, .5) <= 7) = 0.0466 < 0.05
    # and P(<= 8) = 0.1050 >= 0.05 -> 8.
    assert longest_run_max(np.array([24])).tolist() == [8.0]
    assert crossings_min(np.array([24])).tolist() == [8.0]
    assert sum(math.comb(23, i) for i in range(8)) / 2**23 < 0.05
    assert sum(math.comb(23, i) for i in range(9)) / 2**23 >= 0.05


def test_limits_are_nan_without_useful_points():
    assert np.isnan(longest_run_max(np.array([0]))).all()
    assert np.isnan(crossings_min(np.array([0, -1]))).all()


def test_log2_never_ties_at_a_half():
    # round(log2(n)) is never a .5 tie for an integer n (n = 2**k * sqrt(2) is irrational), so
    # R's half-to-even and half-up agree. Pin the float distance from .5 up to n = 10**6.
    n = np.arange(1, 10**6 + 1, dtype=float)
    frac = np.log2(n) % 1.0
    assert np.abs(frac - 0.5).min() > 1e-7
    # the closest approach is at n = 181 * 2**k-like numbers; rounding matches half-up everywhere
    assert (np.rint(np.log2(n)) == np.floor(np.log2(n) + 0.5)).all()


def _qbinom_definition(p: Fraction, size: int) -> int:
    """R's qbinom(p, size, 0.5) straight from its definition, with exact fractions."""
    # cdf(c) = sum C(size, i) / 2**size >= p  <=>  sum C(size, i) * p.den >= p.num * 2**size
    total = 0
    for c in range(size + 1):
        total += math.comb(size, c)
        if total * p.denominator >= p.numerator * 2**size:
            return c
    return size


@pytest.mark.parametrize("size", [0, 1, 2, 3, 9, 23, 59, 99, 250])
def test_qbinom_matches_its_definition(size):
    assert qbinom_half(0.05, size) == _qbinom_definition(Fraction(1, 20), size)


def test_qbinom_float_path_agrees_with_exact_sums():
    # the exact integer sums are pinned to the definition above; the float path must agree
    # with them wherever it answers (it defers to them when too close to call)
    from qi.charts.rules.thresholds import _qbinom_half_exact, _qbinom_half_float

    p = Fraction(1, 20)
    answered = 0
    for size in [*range(QBINOM_EXACT_MAX_SIZE + 1, QBINOM_EXACT_MAX_SIZE + 41), 10_007]:
        got = _qbinom_half_float(p, size)
        if got is not None:
            answered += 1
            assert got == _qbinom_half_exact(p, size), size
    assert answered >= 40
    assert qbinom_half(0.05, QBINOM_EXACT_MAX_SIZE + 1) == _qbinom_definition(
        p, QBINOM_EXACT_MAX_SIZE + 1
    )


def test_qbinom_large_size_is_near_the_normal_quantile():
    # Binom(m, 1/2) ~ N(m/2, m/4): the 5% quantile is about m/2 - 1.645 sqrt(m)/2
    m = 999_999
    approx = m / 2 - 1.6449 * math.sqrt(m) / 2
    assert abs(qbinom_half(0.05, m) - approx) < 2


def test_runs_distribution_is_a_distribution():
    dist = runs_distribution(5, 5)
    assert sum(dist.values()) == 1
    # by hand for n1 = n2 = 5 (C(10,5) = 252): P(R = 2) = 2/252, P(R = 3) = 8/252
    assert dist[2] == Fraction(2, 252)
    assert dist[3] == Fraction(8, 252)


def test_runs_limits_worked_example_n10():
    # P(R < 3) = 2/252 = 0.008 <= 0.025 < P(R < 4) = 10/252 = 0.040 -> too few if runs < 3;
    # symmetric for too many: P(R > 9) = 2/252, P(R > 8) = 10/252 -> too many if runs > 9.
    assert runs_limits(10) == (3, 9)


def test_runs_table_10_to_60_matches_the_exact_swed_eisenhart_columns():
    assert {n: runs_limits(n) for n in range(10, 61)} == SWED_EISENHART_TABLE


def test_runs_limits_array_is_nan_outside_10_to_60():
    few, many = runs_limits_array(np.array([9, 10, 60, 61, 0]))
    assert few.tolist()[1:3] == [3.0, 24.0]
    assert many.tolist()[1:3] == [9.0, 38.0]
    assert np.isnan(few[[0, 3, 4]]).all() and np.isnan(many[[0, 3, 4]]).all()


def test_runs_limits_rejects_fewer_than_two_points():
    with pytest.raises(ValueError, match="n_useful must be >= 2"):
        runs_limits(1)
