"""Edge cases not covered rule by rule elsewhere: excluded points inside every kind of pattern,
and patterns that would cross a segment boundary, for the zone and runs rules."""

from __future__ import annotations

import numpy as np
import pytest

# (rule set, rule, a vector that fires, its flagged indices, index at which to insert a point)
FIRING = [
    ("western_electric", "four_of_five", [1.5, 1.5, 0.5, 1.5, 1.5, 0.0], [0, 1, 3, 4], 2),
    ("nelson", "four_of_five", [-1.5, -1.5, -1.5, -1.5, 0.0], [0, 1, 2, 3], 2),
    ("hcdg", "within_1s", [0.5, -0.5] * 8, list(range(16)), 8),
    ("nelson", "within_1s", [0.5, -0.5] * 8, list(range(16)), 8),
    ("nelson", "none_within_1s", [1.5, -1.5] * 4, list(range(8)), 4),
    ("nelson", "alternating", [0.0, 1.0] * 7, list(range(14)), 6),
    ("hcdg", "two_of_three", [0.5, 2.5, 2.5], [1, 2], 2),
    ("ihi", "few_runs", [1.0] * 5 + [-1.0] * 5, list(range(10)), 5),
    ("ihi", "many_runs", [1.0, -1.0] * 5, list(range(10)), 4),
    ("anhoej", "crossings", [1.0, 1, 1, -1, -1, -1] * 4, list(range(24)), 12),
    ("anhoej", "shift", [1.0] * 8 + [-1, 1, -1, 1], list(range(8)), 4),
]


@pytest.mark.parametrize(("rule_set", "rule", "y", "idx", "at"), FIRING)
def test_the_pattern_fires(rule_set, rule, y, idx, at, make_input, flagged):
    assert (
        flagged(rule_set, rule, make_input(y, centre=0.0 if rule != "alternating" else 0.5))[0]
        == idx
    )


@pytest.mark.parametrize(("rule_set", "rule", "y", "idx", "at"), FIRING)
def test_an_excluded_point_inside_is_left_out(rule_set, rule, y, idx, at, make_input, flagged):
    # an excluded, wild value inserted inside the pattern changes nothing but the positions
    centre = 0.0 if rule != "alternating" else 0.5
    wild = [*y[:at], 2.75, *y[at:]]
    included = [True] * at + [False] + [True] * (len(y) - at)
    shifted = [i if i < at else i + 1 for i in idx]
    assert flagged(rule_set, rule, make_input(wild, centre=centre, included=included))[0] == shifted


@pytest.mark.parametrize(("rule_set", "rule", "y", "idx", "at"), FIRING)
def test_a_segment_boundary_inside_stops_the_pattern(
    rule_set, rule, y, idx, at, make_input, flagged
):
    centre = 0.0 if rule != "alternating" else 0.5
    seg = [0] * at + [1] * (len(y) - at)
    got, _ = flagged(rule_set, rule, make_input(y, centre=centre, segment=seg))
    assert got != idx


@pytest.mark.parametrize("rule", ["two_of_three", "trend", "shift"])
def test_mdc_an_excluded_point_breaks_patterns(rule, make_input, flagged):
    vectors = {
        "two_of_three": ([2.5, 0.5, 2.5], 1),
        "trend": ([1.0, 2, 3, 4, 5, 6, 7], 3),
        "shift": ([1.0] * 7, 3),
    }
    y, at = vectors[rule]
    assert flagged("mdc", rule, make_input(y, centre=0.0 if rule != "trend" else 4.0))[0] != []
    included = [i != at for i in range(len(y))]
    assert flagged(
        "mdc", rule, make_input(y, centre=0.0 if rule != "trend" else 4.0, included=included)
    ) == ([], [])


def test_ihi_astronomical_candidates_include_excluded_points_not_missing(make_input, flagged):
    inp = make_input(
        [0.0, 9.0, np.nan, -9.0], sigma=None, astro=(-5.0, 5.0), included=[True, False, True, True]
    )
    assert flagged("ihi", "astronomical", inp, has_limits=False) == ([1, 3], [1, -1])
