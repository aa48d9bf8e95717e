"""Hand vectors for the shift rules: runs of points on one side of the centre line.

Centre 0 throughout, so the side of each point is its sign. IHI (6), HCDG (8), Western Electric
(8) and Nelson (9) skip points on the line, missing and excluded points; MDC (7) breaks on them.
"""

from __future__ import annotations

import numpy as np
import pytest

SKIP_SETS = [("ihi", 6), ("hcdg", 8), ("western_electric", 8), ("nelson", 9)]
ALL_SETS = [*SKIP_SETS, ("mdc", 7)]


@pytest.mark.parametrize(("rule_set", "length"), ALL_SETS)
def test_empty_series_flags_nothing(rule_set, length, make_input, flagged):
    assert flagged(rule_set, "shift", make_input([])) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), ALL_SETS)
def test_one_short_of_the_run_flags_nothing(rule_set, length, make_input, flagged):
    y = [1.0] * (length - 1) + [-1.0]
    assert flagged(rule_set, "shift", make_input(y)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), ALL_SETS)
def test_exactly_the_run_length_flags_every_point(rule_set, length, make_input, flagged):
    y = [-1.0] + [1.0] * length + [-1.0]
    idx, direction = flagged(rule_set, "shift", make_input(y))
    assert idx == list(range(1, length + 1))
    assert direction == [1] * length


@pytest.mark.parametrize(("rule_set", "length"), ALL_SETS)
def test_a_run_below_has_direction_minus_one(rule_set, length, make_input, flagged):
    y = [-0.5] * (length + 2)
    idx, direction = flagged(rule_set, "shift", make_input(y))
    assert idx == list(range(length + 2))
    assert direction == [-1] * (length + 2)


@pytest.mark.parametrize(("rule_set", "length"), ALL_SETS)
def test_shorter_than_the_run_flags_nothing(rule_set, length, make_input, flagged):
    assert flagged(rule_set, "shift", make_input([2.0] * 3)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), SKIP_SETS)
def test_a_point_on_the_centre_line_neither_breaks_nor_extends(
    rule_set, length, make_input, flagged
):
    # length - 1 points above, one ON the line, one more above: length useful points above.
    y = [1.0] * (length - 1) + [0.0] + [1.0]
    idx, _ = flagged(rule_set, "shift", make_input(y))
    assert idx == [*range(length - 1), length]  # the on-line point is not flagged
    # ...and it does not extend: length - 2 above, on the line, then one above is one short
    y = [1.0] * (length - 2) + [0.0] + [1.0] + [-1.0]
    assert flagged(rule_set, "shift", make_input(y)) == ([], [])


def test_mdc_a_point_on_the_mean_breaks_the_run(make_input, flagged):
    # nhsrplotthedots-method.md §3a: three above, one on the mean, four above is no signal
    y = [1.0, 1, 1, 0, 1, 1, 1, 1]
    assert flagged("mdc", "shift", make_input(y)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), SKIP_SETS)
def test_missing_values_are_skipped(rule_set, length, make_input, flagged):
    y = [1.0] * (length // 2) + [np.nan] + [1.0] * (length - length // 2)
    idx, _ = flagged(rule_set, "shift", make_input(y))
    gap = length // 2
    assert idx == [i for i in range(length + 1) if i != gap]


def test_mdc_a_missing_value_breaks_the_run(make_input, flagged):
    # §3a: 8 points above the mean with an NA in the middle gives no signal
    y = [1.0] * 4 + [np.nan] + [1.0] * 4
    assert flagged("mdc", "shift", make_input(y)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), SKIP_SETS)
def test_excluded_points_are_skipped(rule_set, length, make_input, flagged):
    # the excluded point is below the line: ignored, so the run above continues across it
    y = [1.0] * 3 + [-5.0] + [1.0] * (length - 3)
    included = [True] * 3 + [False] + [True] * (length - 3)
    idx, _ = flagged(rule_set, "shift", make_input(y, included=included))
    assert idx == [i for i in range(length + 1) if i != 3]


def test_mdc_an_excluded_point_breaks_the_run(make_input, flagged):
    y = [1.0] * 8
    included = [True] * 4 + [False] + [True] * 3
    assert flagged("mdc", "shift", make_input(y, included=included)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), ALL_SETS)
def test_a_run_never_crosses_a_segment_boundary(rule_set, length, make_input, flagged):
    half = length // 2 + 1  # two halves that together would be a run, alone are not
    y = [1.0] * (2 * half)
    seg = [0] * half + [1] * half
    assert flagged(rule_set, "shift", make_input(y, segment=seg)) == ([], [])
    # the same points in one segment do make a run
    idx, _ = flagged(rule_set, "shift", make_input(y))
    assert idx == list(range(2 * half))


def test_mdc_run_length_six_is_configurable(make_input, flagged):
    y = [1.0] * 6 + [-1.0]
    assert flagged("mdc", "shift", make_input(y))[0] == []
    assert flagged("mdc", "shift", make_input(y), run_length=6)[0] == [0, 1, 2, 3, 4, 5]


def test_ihi_shift_length_is_configurable(make_input, flagged):
    y = [1.0] * 8 + [-1.0]
    assert flagged("ihi", "shift", make_input(y), shift_length=9)[0] == []
    assert flagged("ihi", "shift", make_input(y), shift_length=8)[0] == list(range(8))


def test_shift_applies_on_run_charts_without_limits(make_input, flagged):
    y = [1.0] * 6
    assert flagged("ihi", "shift", make_input(y, sigma=None), has_limits=False)[0] == list(range(6))


def test_two_runs_back_to_back_above_then_below(make_input, flagged):
    y = [1.0] * 6 + [-1.0] * 6
    idx, direction = flagged("ihi", "shift", make_input(y))
    assert idx == list(range(12))
    assert direction == [1] * 6 + [-1] * 6
