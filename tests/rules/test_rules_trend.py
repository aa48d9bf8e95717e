"""Hand vectors for the trend rules (counted in points, not steps).

IHI 5 and HCDG 6: equal neighbours count once, missing/excluded skipped. Nelson 6: a tie ends
the trend. MDC 7: ties and missing values end it, and its direction follows NHSRplotthedots'
right-hand-step rule (peak and tie quirks, nhsrplotthedots-method.md §3d).
"""

from __future__ import annotations

import numpy as np
import pytest

SETS = [("ihi", 5), ("hcdg", 6), ("nelson", 6), ("mdc", 7)]
TIES_SKIP = [("ihi", 5), ("hcdg", 6)]
TIES_BREAK = [("nelson", 6), ("mdc", 7)]


@pytest.mark.parametrize(("rule_set", "length"), SETS)
def test_empty_and_single_point(rule_set, length, make_input, flagged):
    assert flagged(rule_set, "trend", make_input([])) == ([], [])
    assert flagged(rule_set, "trend", make_input([1.0])) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), SETS)
def test_exactly_the_trend_length_rising(rule_set, length, make_input, flagged):
    y = [5.0] + [float(i) for i in range(length)]  # a fall 5 -> 0 first, then `length` rising
    idx, direction = flagged(rule_set, "trend", make_input(y, centre=2.0))
    assert idx == list(range(1, length + 1))
    assert direction == [1] * length


@pytest.mark.parametrize(("rule_set", "length"), SETS)
def test_one_short_flags_nothing(rule_set, length, make_input, flagged):
    y = [float(i) for i in range(length - 1)] + [0.0]
    assert flagged(rule_set, "trend", make_input(y, centre=1.0)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), SETS)
def test_falling_trend_direction_minus_one(rule_set, length, make_input, flagged):
    y = [float(-i) for i in range(length)]
    idx, direction = flagged(rule_set, "trend", make_input(y, centre=-2.0))
    assert idx == list(range(length))
    assert direction == [-1] * length


@pytest.mark.parametrize(("rule_set", "length"), SETS)
def test_a_trend_may_cross_the_centre_line(rule_set, length, make_input, flagged):
    y = [float(i) - length / 2 for i in range(length)]  # centre 0 is crossed half way
    assert flagged(rule_set, "trend", make_input(y))[0] == list(range(length))


@pytest.mark.parametrize(("rule_set", "length"), TIES_SKIP)
def test_equal_neighbours_count_once(rule_set, length, make_input, flagged):
    # `length` distinct rising values with the second repeated: still a trend, the tie flagged
    values = [float(i) for i in range(length)]
    y = values[:2] + [values[1]] + values[2:]
    idx, direction = flagged(rule_set, "trend", make_input(y))
    assert idx == list(range(length + 1))
    assert direction == [1] * (length + 1)
    # ...and a tie does not make one: length - 1 distinct values plus a repeat is one short
    y = values[: length - 1] + [values[length - 2]]
    assert flagged(rule_set, "trend", make_input(y)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), TIES_BREAK)
def test_equal_neighbours_break_the_trend(rule_set, length, make_input, flagged):
    values = [float(i) for i in range(length)]
    y = values[:3] + [values[2]] + values[3:]  # length + 1 points, a tie in the middle
    assert flagged(rule_set, "trend", make_input(y)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), [("ihi", 5), ("hcdg", 6), ("nelson", 6)])
def test_missing_and_excluded_points_are_skipped(rule_set, length, make_input, flagged):
    values = [float(i) for i in range(length)]
    y = values[:2] + [np.nan] + values[2:]
    assert flagged(rule_set, "trend", make_input(y))[0] == [i for i in range(length + 1) if i != 2]
    y = values[:2] + [100.0] + values[2:]
    included = [True, True, False] + [True] * (length - 2)
    idx, _ = flagged(rule_set, "trend", make_input(y, included=included))
    assert idx == [i for i in range(length + 1) if i != 2]


def test_mdc_a_missing_value_breaks_the_trend(make_input, flagged):
    # NHSRplotthedots crashes here ("missing value where TRUE/FALSE needed"); qi: no trend
    y = [1.0, 2, 3, 4, np.nan, 5, 6, 7]
    assert flagged("mdc", "trend", make_input(y)) == ([], [])
    included = [True] * 4 + [False] + [True] * 3
    y = [1.0, 2, 3, 4, 4.5, 5, 6, 7]
    assert flagged("mdc", "trend", make_input(y, included=included)) == ([], [])


@pytest.mark.parametrize(("rule_set", "length"), SETS)
def test_a_trend_never_crosses_a_segment_boundary(rule_set, length, make_input, flagged):
    y = [float(i) for i in range(length)]
    seg = [0] * 3 + [1] * (length - 3)
    assert flagged(rule_set, "trend", make_input(y, segment=seg)) == ([], [])


def test_ihi_peak_is_shared_and_takes_the_later_direction(make_input, flagged):
    y = [1.0, 2, 3, 4, 5, 4, 3, 2, 1]
    idx, direction = flagged("ihi", "trend", make_input(y, centre=3.0))
    assert idx == list(range(9))
    assert direction == [1, 1, 1, 1, -1, -1, -1, -1, -1]


def test_mdc_peak_is_labelled_decreasing(make_input, flagged):
    # §3d: a peak shared by a rising and a falling trend is labelled Decreasing
    y = [1.0, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    idx, direction = flagged("mdc", "trend", make_input(y, centre=4.0))
    assert idx == list(range(13))
    assert direction == [1] * 6 + [-1] * 7


def test_mdc_tie_quirk_labels_the_end_of_a_rising_trend_decreasing(make_input, flagged):
    # §3d: two rising trends joined by a tie (…19.5, 20, 20, 20.5…): the last point of the first
    # trend looks right, sees a step of 0 and reads "Decreasing".
    first = [17.0, 17.5, 18, 18.5, 19, 19.5, 20]
    second = [20.0, 20.5, 21, 21.5, 22, 22.5, 23]
    idx, direction = flagged("mdc", "trend", make_input(first + second, centre=20.0))
    assert idx == list(range(14))
    assert direction == [1] * 6 + [-1] + [1] * 7


def test_mdc_trend_length_six_is_configurable(make_input, flagged):
    y = [1.0, 2, 3, 4, 5, 6]
    assert flagged("mdc", "trend", make_input(y, centre=3.0))[0] == []
    assert flagged("mdc", "trend", make_input(y, centre=3.0), trend_length=6)[0] == list(range(6))


def test_ihi_trend_needs_no_limits(make_input, flagged):
    y = [1.0, 2, 3, 4, 5]
    assert flagged("ihi", "trend", make_input(y, sigma=None), has_limits=False)[0] == list(range(5))


def test_ties_at_the_end_of_a_trend_belong_to_it(make_input, flagged):
    y = [1.0, 2, 3, 4, 5, 5]
    assert flagged("ihi", "trend", make_input(y, centre=3.0))[0] == list(range(6))


def test_ties_at_the_start_of_a_trend_belong_to_it(make_input, flagged):
    y = [9.0, 3, 3, 3, 4, 5, 6, 7]
    assert flagged("ihi", "trend", make_input(y, centre=5.0))[0] == list(range(1, 8))
