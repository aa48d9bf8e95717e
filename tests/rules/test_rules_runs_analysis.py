"""runs_analysis() counts as qicharts2 runs.analysis() (qicharts2-method.md §3), and the
Anhøj and IHI runs rules built on the same counts."""

from __future__ import annotations

import numpy as np
import pytest

from qi.charts.rules.runs import runs_analysis


def analyse(y, centre=0.0, segment=None, included=None):
    y = np.asarray(y, dtype=float)
    n = y.shape[0]
    return runs_analysis(
        y,
        np.full(n, centre),
        np.zeros(n, dtype=np.int64) if segment is None else np.asarray(segment),
        np.ones(n, dtype=bool) if included is None else np.asarray(included),
    )


def test_worked_example_points_on_the_line_and_missing_are_dropped():
    # signs: + + 0 + - NA - - +  -> useful: + + + - - - +  (7), runs: +++ / --- / +
    y = [1, 2, 0, 3, -1, np.nan, -2, -3, 4]
    ra = analyse(y)
    assert ra.n_obs.tolist() == [9]  # missing values count in n_obs
    assert ra.n_useful.tolist() == [7]
    assert ra.longest_run.tolist() == [3.0]
    assert ra.crossings.tolist() == [2.0]
    assert ra.longest_run_max.tolist() == [6.0]  # round(log2(7) = 2.807) + 3
    assert ra.crossings_min.tolist() == [1.0]  # qbinom(0.05, 6, 0.5): P(<=0) = 1/64, P(<=1) = 7/64
    assert ra.runs_signal.tolist() == [False]


def test_excluded_points_are_not_counted():
    y = [1, 1, -1, 1]
    ra = analyse(y, included=[True, True, False, True])
    assert ra.n_obs.tolist() == [3]
    assert ra.n_useful.tolist() == [3]
    assert ra.longest_run.tolist() == [3.0]  # the excluded point does not break the run
    assert ra.crossings.tolist() == [0.0]


def test_no_useful_points_gives_na_and_no_signal():
    ra = analyse([0.0, 0.0, np.nan])
    assert ra.n_obs.tolist() == [3]
    assert ra.n_useful.tolist() == [0]
    for stat in (ra.longest_run, ra.longest_run_max, ra.crossings, ra.crossings_min):
        assert np.isnan(stat).all()
    assert ra.runs_signal.tolist() == [False]


def test_empty_input():
    ra = analyse([])
    assert ra.segment.shape == (0,)
    assert ra.n_obs.shape == (0,)


def test_long_run_signal_needs_longer_than_the_limit():
    # 12 useful points: limit round(log2 12 = 3.585) + 3 = 7. A run of 7 is not a signal, 8 is.
    seven = [1] * 7 + [-1, 1, -1, 1, -1]
    eight = [1] * 8 + [-1, 1, -1, 1]
    assert analyse(seven).runs_signal.tolist() == [False]
    assert analyse(eight).runs_signal.tolist() == [True]


def test_crossings_signal_at_24_points():
    # 24 useful points, crossings limit 8: runs of 3 (8 runs, 7 crossings) signal; 9 runs do not
    few = [1, 1, 1, -1, -1, -1] * 4
    ok = [1, 1, 1, -1, -1, -1] * 3 + [1, 1, 1, -1, -1, 1]
    assert analyse(few).crossings.tolist() == [7.0]
    assert analyse(few).runs_signal.tolist() == [True]
    assert analyse(ok).crossings.tolist() == [8.0]
    assert analyse(ok).runs_signal.tolist() == [False]


def test_segments_are_analysed_separately():
    y = [1, 1, 1, -1, -1, -1, 1, 1]
    seg = [4, 4, 4, 4, 9, 9, 9, 9]
    ra = analyse(y, segment=seg)
    assert ra.segment.tolist() == [4, 9]
    assert ra.n_useful.tolist() == [4, 4]
    assert ra.longest_run.tolist() == [3.0, 2.0]
    assert ra.crossings.tolist() == [1.0, 1.0]


# --- the rules built on these counts ----------------------------------------------------------


def test_anhoej_shift_flags_runs_longer_than_the_limit(make_input, flagged):
    y = [1.0] * 8 + [-1, 1, -1, 1]  # 12 useful, limit 7, run of 8
    assert flagged("anhoej", "shift", make_input(y)) == (list(range(8)), [1] * 8)
    y = [1.0] * 7 + [-1, 1, -1, 1, -1]  # run of 7: not longer than 7
    assert flagged("anhoej", "shift", make_input(y)) == ([], [])


def test_anhoej_shift_limit_counts_useful_points_only(make_input, flagged):
    # 10 useful points (limit 6) plus 4 on the line: a run of 7 signals (it would not at n=14)
    y = [1.0] * 7 + [0.0] * 4 + [-1, 1, -1]
    assert flagged("anhoej", "shift", make_input(y))[0] == list(range(7))


def test_anhoej_shift_limit_is_per_segment(make_input, flagged):
    # segment 0: 10 useful (limit 6), run of 7 -> signal; segment 1: 12 useful (limit 7) -> none
    s0 = [1.0] * 7 + [-1, 1, -1]
    s1 = [1.0] * 7 + [-1, 1, -1, 1, -1]
    inp = make_input(s0 + s1, segment=[0] * 10 + [1] * 12)
    assert flagged("anhoej", "shift", inp)[0] == list(range(7))


def test_anhoej_crossings_flags_every_useful_point(make_input, flagged):
    y = [1.0, 1, 1, -1, -1, -1] * 4
    y.insert(4, 0.0)  # a point on the line: not useful, not flagged; 24 useful, 7 crossings < 8
    idx, direction = flagged("anhoej", "crossings", make_input(y))
    assert idx == [i for i in range(25) if i != 4]
    assert set(direction) == {0}


def test_anhoej_needs_no_limits_for_runs(make_input):
    from qi.charts.rules import apply_rule_set

    app = apply_rule_set("anhoej", make_input([1.0] * 12, sigma=None), has_limits=False)
    assert app.skipped == ("outside",)
    assert app.flags["shift"].all()  # 12 useful points, run of 12 > 7


@pytest.mark.parametrize(
    ("y", "rule"),
    [
        ([1.0] * 5 + [-1.0] * 5, "few_runs"),  # n = 10: 2 runs < 3
        ([1.0, -1.0] * 5, "many_runs"),  # n = 10: 10 runs > 9
    ],
)
def test_ihi_runs_rules_at_ten_points(y, rule, make_input, flagged):
    other = {"few_runs": "many_runs", "many_runs": "few_runs"}[rule]
    assert flagged("ihi", rule, make_input(y, sigma=None), has_limits=False) == (
        list(range(10)),
        [0] * 10,
    )
    assert flagged("ihi", other, make_input(y, sigma=None), has_limits=False) == ([], [])


def test_ihi_runs_rule_limits_at_ten_points_are_exact(make_input, flagged):
    # 3 runs (not < 3) and 9 runs (not > 9) are inside the limits
    three = [1.0] * 4 + [-1.0] * 3 + [1.0] * 3
    nine = [1.0, 1.0] + [-1.0, 1.0] * 4
    for y in (three, nine):
        inp = make_input(y, sigma=None)
        assert flagged("ihi", "few_runs", inp, has_limits=False) == ([], [])
        assert flagged("ihi", "many_runs", inp, has_limits=False) == ([], [])


def test_ihi_runs_rule_does_not_fire_outside_10_to_60(make_input, flagged):
    nine = [1.0] * 5 + [-1.0] * 4  # 9 useful points: 2 runs, but the table starts at 10
    assert flagged("ihi", "few_runs", make_input(nine, sigma=None), has_limits=False) == ([], [])
    many = [1.0] * 31 + [-1.0] * 30  # 61 useful points, 2 runs: beyond the table
    assert flagged("ihi", "few_runs", make_input(many, sigma=None), has_limits=False) == ([], [])
    sixty = [1.0] * 30 + [-1.0] * 30
    idx, _ = flagged("ihi", "few_runs", make_input(sixty, sigma=None), has_limits=False)
    assert idx == list(range(60))


def test_ihi_runs_rule_counts_useful_points_and_skips_the_line(make_input, flagged):
    # 10 useful points plus 2 on the median and 1 missing: 2 runs -> too few; the three are not
    # flagged but the episode spans them.
    from qi.charts.rules import apply_rule_set

    y = [1.0] * 5 + [0.0, np.nan, 0.0] + [-1.0] * 5
    inp = make_input(y, sigma=None)
    idx, _ = flagged("ihi", "few_runs", inp, has_limits=False)
    assert idx == [0, 1, 2, 3, 4, 8, 9, 10, 11, 12]
    ep = apply_rule_set("ihi", inp, has_limits=False).episodes(inp.segment)
    few = ep["rule"] == "few_runs"
    assert ep["start"][few].tolist() == [0] and ep["end"][few].tolist() == [12]
    assert ep["n_points"][few].tolist() == [10]
