"""Hand vectors for the limit and zone rules. Centre 0, sigma 1: limits at +/-3, 2-sigma lines
at +/-2, 1-sigma lines at +/-1, so each value's zone can be read off by eye.
"""

from __future__ import annotations

import numpy as np
import pytest

from qi.charts.rules.base import RuleInput

OUTSIDE_SETS = ["anhoej", "hcdg", "western_electric", "nelson", "mdc"]
TWO_OF_THREE_SETS = ["hcdg", "western_electric", "nelson"]


# --- outside ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_set", OUTSIDE_SETS)
def test_outside_is_strict(rule_set, make_input, flagged):
    y = [3.0, 3.1, -3.0, -3.1, np.nan, 0.0]
    assert flagged(rule_set, "outside", make_input(y)) == ([1, 3], [1, -1])


@pytest.mark.parametrize("rule_set", OUTSIDE_SETS)
def test_excluded_points_can_be_outside(rule_set, make_input, flagged):
    y = [0.0, 5.0, 0.0]
    assert flagged(rule_set, "outside", make_input(y, included=[True, False, True]))[0] == [1]


@pytest.mark.parametrize("rule_set", OUTSIDE_SETS)
def test_outside_is_skipped_without_limits(rule_set, make_input):
    from qi.charts.rules import apply_rule_set

    app = apply_rule_set(rule_set, make_input([0.0, 9.0], sigma=None), has_limits=False)
    assert "outside" in app.skipped
    assert not app.flags["outside"].any()


def test_outside_uses_per_point_limits(make_input, flagged):
    # sigma varies per point (p chart with varying n): 2.5 is outside where sigma is 0.5 only
    inp = make_input([2.5, 2.5], sigma=[1.0, 0.5])
    assert flagged("hcdg", "outside", inp)[0] == [1]


def test_ihi_astronomical_uses_the_astro_limits(make_input, flagged):
    inp = make_input([0.0, 10.0, -10.0, 4.0], sigma=None, astro=(-5.0, 5.0))
    assert flagged("ihi", "astronomical", inp, has_limits=False) == ([1, 2], [1, -1])


# --- 2 of 3 beyond 2 sigma -------------------------------------------------------------------


@pytest.mark.parametrize("rule_set", [*TWO_OF_THREE_SETS, "mdc"])
def test_two_of_three_flags_only_the_two_points(rule_set, make_input, flagged):
    y = [0.0, 2.5, 0.5, 2.5, 0.0]
    assert flagged(rule_set, "two_of_three", make_input(y)) == ([1, 3], [1, 1])


@pytest.mark.parametrize("rule_set", [*TWO_OF_THREE_SETS, "mdc"])
def test_two_of_three_below(rule_set, make_input, flagged):
    y = [-2.5, -2.1, -0.5]
    assert flagged(rule_set, "two_of_three", make_input(y)) == ([0, 1], [-1, -1])


@pytest.mark.parametrize("rule_set", [*TWO_OF_THREE_SETS, "mdc"])
def test_two_of_three_empty_short_and_one_short(rule_set, make_input, flagged):
    assert flagged(rule_set, "two_of_three", make_input([])) == ([], [])
    assert flagged(rule_set, "two_of_three", make_input([2.5, 2.5])) == ([], [])  # no window of 3
    assert flagged(rule_set, "two_of_three", make_input([2.5, 0.5, 0.5, 2.5])) == ([], [])


@pytest.mark.parametrize("rule_set", [*TWO_OF_THREE_SETS, "mdc"])
def test_a_point_on_the_2_sigma_line_is_not_beyond(rule_set, make_input, flagged):
    assert flagged(rule_set, "two_of_three", make_input([2.0, 0.5, 2.5])) == ([], [])


@pytest.mark.parametrize("rule_set", [*TWO_OF_THREE_SETS, "mdc"])
def test_two_of_three_needs_the_same_side(rule_set, make_input, flagged):
    assert flagged(rule_set, "two_of_three", make_input([2.5, 0.5, -2.5])) == ([], [])


@pytest.mark.parametrize("rule_set", TWO_OF_THREE_SETS)
def test_two_of_three_third_point_may_be_on_the_other_side(rule_set, make_input, flagged):
    # Western Electric / Nelson put no condition on the third point
    assert flagged(rule_set, "two_of_three", make_input([2.5, -0.5, 2.5]))[0] == [0, 2]


def test_mdc_two_of_three_opposite_side_middle_point_no_signal(make_input, flagged):
    # §3c (bug fix #143): close points on one side, the middle point on the other: no signal
    assert flagged("mdc", "two_of_three", make_input([2.5, -0.5, 2.5])) == ([], [])
    # a point exactly on the mean spoils the window too
    assert flagged("mdc", "two_of_three", make_input([2.5, 0.0, 2.5])) == ([], [])


def test_mdc_a_point_outside_does_not_count_towards_two_of_three(make_input):
    # §3c (#153): one point outside plus one close point gives only the outside point
    from qi.charts.rules import apply_rule_set

    app = apply_rule_set("mdc", make_input([3.5, 2.5, 0.5]), has_limits=True)
    assert np.flatnonzero(app.flags["outside"]).tolist() == [0]
    assert not app.flags["two_of_three"].any()
    assert app.signal_rule.tolist() == ["outside", "", ""]


def test_shewhart_sets_count_a_point_outside_as_beyond_2_sigma(make_input):
    from qi.charts.rules import apply_rule_set

    app = apply_rule_set("hcdg", make_input([3.5, 2.5, 0.5]), has_limits=True)
    assert np.flatnonzero(app.flags["two_of_three"]).tolist() == [0, 1]
    assert app.signal_rule.tolist() == ["outside", "two_of_three", ""]


def test_mdc_a_missing_value_spoils_the_window(make_input, flagged):
    assert flagged("mdc", "two_of_three", make_input([2.5, np.nan, 2.5, 0.0])) == ([], [])


@pytest.mark.parametrize("rule_set", TWO_OF_THREE_SETS)
def test_two_of_three_skips_missing_and_excluded(rule_set, make_input, flagged):
    assert flagged(rule_set, "two_of_three", make_input([0.5, 2.5, np.nan, 2.5]))[0] == [1, 3]
    inp = make_input([0.5, 2.5, -9.0, 2.5], included=[True, True, False, True])
    assert flagged(rule_set, "two_of_three", inp)[0] == [1, 3]


@pytest.mark.parametrize("rule_set", [*TWO_OF_THREE_SETS, "mdc"])
def test_two_of_three_never_crosses_a_segment(rule_set, make_input, flagged):
    inp = make_input([0.5, 2.5, 2.5, 0.5], segment=[0, 0, 1, 1])
    assert flagged(rule_set, "two_of_three", inp) == ([], [])


def test_zone_rules_use_the_per_point_lines(make_input, flagged):
    # asymmetric lines, as on a t chart: above uses ucl_2s, below uses lcl_2s
    n = 3
    inp = RuleInput(
        y=np.array([1.5, 0.2, 1.5]),
        centre=np.zeros(n),
        lcl=np.full(n, -0.5),
        ucl=np.full(n, 5.0),
        lcl_2s=np.full(n, -0.3),
        ucl_2s=np.full(n, 1.0),
        lcl_1s=np.full(n, -0.1),
        ucl_1s=np.full(n, 0.5),
        astro_lcl=np.full(n, -0.5),
        astro_ucl=np.full(n, 5.0),
        segment=np.zeros(n, dtype=np.int64),
        included=np.ones(n, dtype=bool),
    )
    assert flagged("hcdg", "two_of_three", inp)[0] == [0, 2]


# --- 4 of 5 beyond 1 sigma -------------------------------------------------------------------


@pytest.mark.parametrize("rule_set", ["western_electric", "nelson"])
def test_four_of_five(rule_set, make_input, flagged):
    assert flagged(rule_set, "four_of_five", make_input([1.5, 1.5, 0.5, 1.5, 1.5])) == (
        [0, 1, 3, 4],
        [1, 1, 1, 1],
    )
    assert flagged(rule_set, "four_of_five", make_input([1.5, 1.5, 0.5, 1.5, 0.5])) == ([], [])
    assert flagged(rule_set, "four_of_five", make_input([-1.5] * 4 + [0.0])) == (
        [0, 1, 2, 3],
        [-1] * 4,
    )
    # a segment shorter than the window has no window: nothing to judge
    assert flagged(rule_set, "four_of_five", make_input([1.5] * 4)) == ([], [])
    assert flagged(rule_set, "four_of_five", make_input([1.0, 1.5, 1.5, 1.5, 0.0])) == ([], [])
    assert flagged(rule_set, "four_of_five", make_input([1.5] * 4, segment=[0, 0, 1, 1])) == (
        [],
        [],
    )
    assert flagged(rule_set, "four_of_five", make_input([1.5, 1.5, np.nan, 1.5, 1.5, 0.0]))[0] == [
        0,
        1,
        3,
        4,
    ]


# --- 15 within 1 sigma; 8 with none within 1 sigma ------------------------------------------


@pytest.mark.parametrize("rule_set", ["hcdg", "nelson"])
def test_fifteen_within_one_sigma(rule_set, make_input, flagged):
    y = [0.5, -0.5] * 7 + [1.0]  # 15 points; one exactly ON the 1-sigma line counts as within
    assert flagged(rule_set, "within_1s", make_input(y)) == (list(range(15)), [0] * 15)
    assert flagged(rule_set, "within_1s", make_input(y[:14])) == ([], [])
    broken = y[:7] + [1.5] + y[7:]
    assert flagged(rule_set, "within_1s", make_input(broken)) == ([], [])
    gap = y[:7] + [np.nan] + y[7:]
    assert flagged(rule_set, "within_1s", make_input(gap))[0] == [i for i in range(16) if i != 7]
    assert flagged(rule_set, "within_1s", make_input(y, segment=[0] * 8 + [1] * 7)) == ([], [])
    assert flagged(rule_set, "within_1s", make_input([])) == ([], [])


def test_eight_with_none_within_one_sigma(make_input, flagged):
    y = [1.5, -1.5] * 4
    assert flagged("nelson", "none_within_1s", make_input(y)) == (list(range(8)), [0] * 8)
    assert flagged("nelson", "none_within_1s", make_input(y[:7])) == ([], [])
    on_line = y[:4] + [1.0] + y[4:]  # a point on the 1-sigma line is within: breaks it
    assert flagged("nelson", "none_within_1s", make_input(on_line)) == ([], [])
    assert flagged("nelson", "none_within_1s", make_input(y, segment=[0] * 4 + [1] * 4)) == ([], [])


# --- 14 alternating --------------------------------------------------------------------------


def test_fourteen_alternating(make_input, flagged):
    y = [0.0, 1.0] * 7
    assert flagged("nelson", "alternating", make_input(y, centre=0.5)) == (
        list(range(14)),
        [0] * 14,
    )
    assert flagged("nelson", "alternating", make_input(y[:13], centre=0.5)) == ([], [])
    tie = y[:6] + [y[5]] + y[6:]  # a repeated value is neither up nor down
    assert flagged("nelson", "alternating", make_input(tie, centre=0.5)) == ([], [])
    gap = y[:6] + [np.nan] + y[6:]
    assert flagged("nelson", "alternating", make_input(gap, centre=0.5))[0] == [
        i for i in range(15) if i != 6
    ]
    seg = [0] * 7 + [1] * 7
    assert flagged("nelson", "alternating", make_input(y, centre=0.5, segment=seg)) == ([], [])
    assert flagged("nelson", "alternating", make_input([], centre=0.5)) == ([], [])


def test_mdc_a_point_exactly_on_the_limit_is_close_not_outside(make_input):
    # nhsrplotthedots-method.md §2: outside is strict, so a point ON a limit is "close"
    from qi.charts.rules import apply_rule_set

    app = apply_rule_set("mdc", make_input([3.0, 0.5, 2.5]), has_limits=True)
    assert not app.flags["outside"].any()
    assert np.flatnonzero(app.flags["two_of_three"]).tolist() == [0, 2]
