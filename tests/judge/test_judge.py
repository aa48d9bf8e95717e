"""Worked examples of the verdict (qi.charts.judge): every state, every target case, a phase
change up / down / none / too early, and a trajectory ahead / on / behind.

The series are built so the limits can be checked by hand: ``STABLE`` has mean 120 / 12 = 10,
its 11 moving ranges sum to 31, so sigma = (31 / 11) / 1.128 = 2.498 and the I chart's limits
are 10 +/- 3 x 2.498 = 2.51 to 17.49 (qicharts2's I chart; Health Care Data Guide ch. 6). No
moving range is screened out (all below 3.267 x 31 / 11 = 9.2), and the points are spread
beyond one sigma so no "15 points hugging the centre" pattern fires.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import qi
from qi.charts.judge import extended_limits, judge, run_length

STABLE = [12, 13, 8, 7, 13, 12, 7, 8, 12, 13, 8, 7]  # ends below the centre, latest 7
SIGMA = (31 / 11) / 1.128
UCL = 10 + 3 * SIGMA


def frame(values, phase_at=None, labels=("before", "after")):
    df = pd.DataFrame({"x": range(1, len(values) + 1), "y": values})
    if phase_at is not None:
        df["phase"] = [labels[0] if x < phase_at else labels[1] for x in df["x"]]
    return df


def chart(values, phase_at=None, **kw):
    kw.setdefault("chart", "i")
    kw.setdefault("rules", "hcdg")
    df = frame(values, phase_at)
    with pytest.warns(qi.QIWarning) if len(values) < 12 else _nothing():
        return qi.chart(df, y="y", x="x", phases="phase" if phase_at else None, **kw)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def test_hand_checked_limits_of_the_stable_series():
    res = chart(STABLE)
    assert res.data["centre"].iat[0] == pytest.approx(10)
    assert res.data["ucl"].iat[0] == pytest.approx(10 + 3 * SIGMA)
    assert res.data["lcl"].iat[0] == pytest.approx(10 - 3 * SIGMA)


def test_step_up_at_a_phase_is_a_real_improvement_holding_at_the_new_level():
    res = chart(STABLE + [v + 10 for v in STABLE], phase_at=13, improvement="up")
    v = judge(res).main
    (change,) = v.changes
    assert change.status == "improvement" and change.direction == 1
    assert (change.before, change.after) == (pytest.approx(10), pytest.approx(20))
    assert change.start_x == 13 and change.first_signal_x == 13  # 22 > 17.49
    assert change.extended_ucl == pytest.approx(10 + 3 * SIGMA)  # the old limits, extended
    assert v.state == "holding" and v.since_phase == "after" and v.since_x == 13
    assert v.signal_type == "special_cause_improvement"
    assert v.variation_icon == "improvement_high"  # the icon keeps the change's colour


def test_step_down_when_higher_is_better_is_a_real_deterioration():
    res = chart(STABLE + [v - 10 for v in STABLE], phase_at=13, improvement="up")
    v = judge(res).main
    assert v.changes[0].status == "concern" and v.changes[0].direction == -1
    assert v.state == "holding" and v.signal_type == "special_cause_concern"
    assert v.variation_icon == "concern_low"


def test_a_relabelled_phase_with_no_signal_is_no_change():
    # the same process after the "change": the new phase's mean differs (10.33 vs 10) but no
    # point of it signals against the old limits, so nothing changed
    after = [8, 8, 13, 12, 9, 7, 12, 13, 8, 8, 13, 13]
    res = chart(STABLE + after, phase_at=13, improvement="up")
    v = judge(res).main
    assert v.changes[0].status == "no_change"
    assert v.state == "no_change"
    assert v.variation_icon == "common_cause"


def test_a_short_phase_without_signal_is_too_early_with_the_points_still_needed():
    res = chart(STABLE + [9, 11, 10], phase_at=13, improvement="up")
    v = judge(res).main
    assert run_length(res.rule_set, 15) == 8  # Health Care Data Guide: a shift is 8 points
    assert v.changes[0].status == "too_early" and v.changes[0].points_needed == 8 - 3
    assert v.state == "too_early" and v.points_needed == 5


def test_a_short_phase_with_a_point_beyond_the_old_limits_is_already_a_change():
    res = chart(STABLE + [25, 24], phase_at=13, improvement="up")
    assert judge(res).main.changes[0].status == "improvement"


def test_ongoing_signal_after_a_frozen_baseline_is_improving_and_voids_the_target_reading():
    values = STABLE + [17, 16, 18, 17, 19]  # 2 of 3 beyond 2 sigma (15.0) from point 13
    res = chart(values, baseline=12, improvement="up", target=30)
    v = judge(res).main
    assert v.state == "improving" and v.since_x == 13
    assert v.level_before == pytest.approx(10)
    assert v.level_now == pytest.approx(17.4)  # mean of the 5 points of the ongoing episode
    # the old limits (2.51-17.49) would say "will consistently miss 30": they no longer
    # describe the process, so no prediction is made
    assert v.target.status == "process_changed"
    assert v.assurance_icon is None


def test_latest_point_beyond_the_limits_on_the_bad_side_is_worsening():
    res = chart(STABLE + [10, 10, 30], improvement="down")
    v = judge(res).main
    assert v.state == "worsening" and v.direction == 1
    assert v.variation_icon == "concern_high"


def test_an_episode_that_ended_before_the_latest_point_is_history_not_the_state():
    values = [12, 13, 8, 7, 30, 12, 7, 8, 12, 13, 8, 7, 10]
    res = chart(values, improvement="up")
    v = judge(res).main
    assert v.state == "no_change"
    assert [e.first_x for e in v.episodes_since] == [5]


def test_too_few_points():
    res = chart([12, 13, 8, 7, 10], improvement="up")
    v = judge(res).main
    assert v.state == "too_few_points" and v.points_needed == 10 - 5


@pytest.mark.parametrize(
    ("target", "improvement", "status", "meets"),
    [
        (20, "up", "fail", False),  # above the upper limit 17.49, higher is better
        (2, "up", "pass", True),  # below the lower limit 2.51
        (13, "up", "hit_and_miss", False),  # between the limits; latest value 7
        (20, "down", "pass", True),
        (2, "down", "fail", False),
        (UCL, "up", "hit_and_miss", False),  # strict comparison: on the limit is inside
        (13, None, "not_judged", None),
    ],
)
def test_target_against_the_current_limits(target, improvement, status, meets):
    v = judge(chart(STABLE, improvement=improvement, target=target)).main
    assert v.target.status == status
    assert v.target.latest_meets is meets
    assert v.assurance_icon == (status if status in ("pass", "fail", "hit_and_miss") else None)


def test_target_on_a_run_chart_has_no_limits_to_judge_against():
    v = judge(chart(STABLE, chart="run", rules="ihi", improvement="up", target=12)).main
    assert v.target.status == "no_limits"


def test_target_after_a_real_change_uses_the_new_phase_limits():
    res = chart(STABLE + [v + 10 for v in STABLE], phase_at=13, improvement="up", target=12)
    v = judge(res).main
    # the new phase (mean 20, limits 12.51-27.49) will consistently exceed 12
    assert v.target.status == "pass" and v.target.lcl == pytest.approx(20 - 3 * SIGMA)


@pytest.mark.parametrize(
    ("level", "status", "gap"),
    [(3.0, "ahead", 4.0), (8.0, "on", -1.0), (10.0, "behind", -3.0)],
)
def test_trajectory_ahead_on_behind(level, status, gap):
    traj = pd.DataFrame({"x": [1, 12], "y": [level, level]})
    t = judge(chart(STABLE, improvement="up"), trajectory=traj).main.trajectory
    assert t.status == status and t.gap == pytest.approx(gap)  # latest value 7
    assert t.tolerance == pytest.approx(SIGMA)  # "on": within one sigma


def test_trajectory_is_interpolated_between_its_points_and_counts_the_run_behind():
    traj = pd.DataFrame({"x": [1, 23], "y": [14.0, 25.0]})  # 0.5 a point: 19.5 at x = 12
    t = judge(chart(STABLE, improvement="up"), trajectory=traj).main.trajectory
    assert t.expected == pytest.approx(19.5) and t.status == "behind"
    assert t.run_same_side == 12


def test_trajectory_when_lower_is_better():
    traj = pd.DataFrame({"x": [1, 12], "y": [10.0, 10.0]})  # latest 7: 3 below, lower is better
    assert (
        judge(chart(STABLE, improvement="down"), trajectory=traj).main.trajectory.status == "ahead"
    )


def test_episodes_merge_across_rules_and_split_at_the_changes():
    # 8 points above the centre (shift) of which two beyond the upper limit: one episode
    values = STABLE + [12, 13, 20, 12, 13, 21, 12, 13]
    res = chart(values, baseline=12, improvement="up")
    assert len(res.signals) >= 2  # several rule episodes...
    v = judge(res).main
    assert len(v.episodes_since) == 1  # ...one merged episode
    ep = v.episodes_since[0]
    assert (ep.first_x, ep.last_x) == (13, 20) and "outside" in ep.rules
    early = judge(res, changes_from=25).main
    assert early.episodes_since == () and len(early.episodes_before) == 1


def test_extended_limits_frame_holds_the_old_lines_over_the_new_phase():
    res = chart(STABLE + [v + 10 for v in STABLE], phase_at=13, improvement="up")
    ext = extended_limits(res)
    assert list(ext["x"]) == list(range(13, 25))
    assert ext["centre"].tolist() == pytest.approx([10] * 12)
    assert bool(ext["signal"].all())


def test_p_chart_phase_change_with_varying_denominators():
    n = [50, 60, 40, 55, 45, 50, 60, 40, 55, 45, 50, 50] * 2
    y = [15, 18, 12, 16, 14, 15, 18, 12, 17, 13, 15, 15] + [
        30,
        36,
        24,
        33,
        27,
        30,
        36,
        24,
        33,
        27,
        30,
        30,
    ]
    df = pd.DataFrame({"x": range(1, 25), "y": y, "n": n, "phase": ["a"] * 12 + ["b"] * 12})
    res = qi.chart(df, y="y", n="n", x="x", chart="p", phases="phase", improvement="up")
    v = judge(res).main
    # before: 180/600 = 0.30; after 360/600 = 0.60
    assert v.changes[0].before == pytest.approx(0.30) and v.changes[0].after == pytest.approx(0.60)
    assert v.changes[0].status == "improvement" and v.state == "holding"


def test_by_series_are_judged_each():
    df = pd.concat(
        [
            frame(STABLE + [v + 10 for v in STABLE]).assign(s="a"),
            frame(STABLE * 2).assign(s="b"),
        ]
    )
    df["phase"] = ["one" if x < 13 else "two" for x in df["x"]]
    res = qi.chart(df, y="y", x="x", by="s", chart="i", phases="phase", improvement="up")
    verdict = judge(res)
    assert verdict["a"].state == "holding" and verdict["b"].state == "no_change"
    assert verdict.frame()["state"].tolist() == ["holding", "no_change"]
    assert math.isclose(verdict["a"].level_now, 20)


def test_the_points_a_shift_needs_come_from_the_rule_sets_own_runs_limits():
    from qi.charts.rules import get_rule_set

    # Anhøj & Olesen 2014: a run longer than round(log2(n)) + 3 is a signal, so at n = 20 the
    # longest run allowed is round(4.32) + 3 = 7 and a shift needs 8 points (the same number
    # .phases shows as shift_length); at n = 40, round(5.32) + 3 = 8, so 9 points
    assert run_length(get_rule_set("anhoej"), 20) == 8
    assert run_length(get_rule_set("anhoej"), 40) == 9
    assert run_length(get_rule_set("ihi"), 20) == 6  # Perla et al. 2011: six points make a shift
    assert run_length(get_rule_set("ihi", shift_length=7), 20) == 7  # the user's own length


def test_an_ongoing_trend_is_told_from_where_it_began_not_from_the_centre_line():
    # 24 points rising by 0.5 a point from 36.0 to 47.5: the mean (the centre line) is 41.75,
    # in the middle of the rise; the Health Care Data Guide's trend rule (6 rising) flags it all
    rising = [36.0 + 0.5 * i for i in range(24)]
    v = judge(chart(rising)).main
    assert v.state == "unstable"  # no direction of improvement set
    assert v.centre == pytest.approx(41.75)
    assert (v.level_before, v.level_now) == (36.0, 47.5)


def test_an_ongoing_step_is_told_from_the_centre_line_to_its_new_level():
    # STABLE (mean 10) then 9 points at 20 and 21 (beyond the upper limit, 17.49): a step, no
    # trend; the new level is the mean of the latest 8 points (the HCDG shift length)
    step = STABLE + [20, 21, 20, 21, 20, 21, 20, 21, 20]
    v = judge(chart(step, baseline=12)).main
    assert v.state == "unstable"
    assert v.level_before == pytest.approx(10.0)
    assert v.level_now == pytest.approx((21 + 20 + 21 + 20 + 21 + 20 + 21 + 20) / 8)
