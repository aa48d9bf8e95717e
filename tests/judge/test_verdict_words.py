"""The verdict in a board's words (qi.present.verdict_words): worked examples."""

from __future__ import annotations

import pandas as pd
import pytest

import qi
from qi.charts.judge import judge
from qi.present.verdict_words import Words, headline, method_note, target_sentence, what_it_shows

STABLE = [12, 13, 8, 7, 13, 12, 7, 8, 12, 13, 8, 7]  # mean 10, limits 2.51 to 17.49


def monthly(values, phase_at=None, **kw):
    df = pd.DataFrame(
        {"month": pd.date_range("2019-01-01", periods=len(values), freq="MS"), "y": values}
    )
    phases = None
    if phase_at is not None:
        df["phase"] = ["before" if i < phase_at else "Team in place" for i in range(len(values))]
        phases = "phase"
    return qi.chart(
        df, y="y", x="month", chart=kw.pop("chart", "i"), rules="hcdg", phases=phases, **kw
    )


def test_a_real_step_up_is_told_with_levels_date_and_cause():
    res = monthly(STABLE + [v + 75 for v in STABLE], phase_at=12, improvement="up")
    text = headline(judge(res).main, res)
    assert text == (
        "Up from about 10 to about 85 since Jan 2020 (“Team in place”): "
        "a real improvement, holding at the new level."
    )


def test_the_cause_can_be_named_in_the_charter_s_words():
    res = monthly(STABLE + [v + 75 for v in STABLE], phase_at=12, improvement="up")
    text = headline(judge(res).main, res, {"Team in place": "the Kinship Care Team started"})
    assert "(the Kinship Care Team started)" in text


def test_a_step_down_when_higher_is_better_is_a_deterioration():
    res = monthly(STABLE + [v - 5 for v in STABLE], phase_at=12, improvement="up")
    assert headline(judge(res).main, res).endswith("a real deterioration that has not recovered.")


def test_no_change_and_too_early_and_too_few():
    same = monthly(
        STABLE + [8, 8, 13, 12, 9, 7, 12, 13, 8, 8, 13, 13], phase_at=12, improvement="up"
    )
    assert headline(judge(same).main, same).startswith("No real change: since Jan 2020")
    early = monthly(STABLE + [9, 11, 10], phase_at=12, improvement="up")
    assert headline(judge(early).main, early).endswith("5 more points needed.")
    few = monthly([12, 13, 8, 7, 10], improvement="up")
    assert headline(judge(few).main, few).startswith(
        "Too few points to judge yet (5 so far; 5 more needed)"
    )


def test_levels_are_rounded_as_people_say_them_but_never_to_the_same_number():
    res = monthly(STABLE, improvement="up")
    w = Words(res)
    assert w.about(69.83) == "70" and w.about(85.24) == "85" and w.about(4.958) == "5"
    assert w.levels(29.6, 30.4) == ("29.6", "30.4")  # two figures would say 30 and 30
    p = qi.chart(
        pd.DataFrame({"x": range(12), "y": [30] * 12, "n": [100] * 12}),
        y="y",
        n="n",
        x="x",
        chart="p",
    )
    assert Words(p).levels(0.296, 0.402) == ("30%", "40%")
    assert Words(p).levels(0.296, 0.304) == ("29.6%", "30.4%")


def test_a_target_is_not_declared_missed_while_the_process_is_still_moving():
    res = monthly(STABLE + [17, 16, 18, 17, 19], baseline=12, improvement="up", target=30)
    text = target_sentence(judge(res).main, res)
    assert "will not reach" not in text
    assert text.startswith(
        "The target is 30; the latest value, 19 in May 2020, does not meet it yet"
    )


def test_trajectory_sentence_says_behind_by_how_much():
    res = monthly(STABLE, improvement="up", target=20)
    traj = pd.DataFrame({"x": pd.to_datetime(["2019-01-01", "2019-12-01"]), "y": [10.0, 10.0]})
    text = target_sentence(judge(res, trajectory=traj).main, res)
    assert "In Dec 2019 it is 3 behind the trajectory (7 against 10)" in text


def test_at_most_three_sentences_and_no_jargon():
    res = monthly(
        STABLE + [12, 13, 20, 12, 13, 21, 12, 13], baseline=12, improvement="up", target=15
    )
    sentences = what_it_shows(judge(res).main, res)
    assert 1 <= len(sentences) <= 3
    for s in sentences:
        assert "sigma" not in s.lower() and "rule" not in s.lower()


def test_method_note_names_the_chart_the_rules_and_the_phase_test():
    res = monthly(STABLE + [v + 75 for v in STABLE], phase_at=12, improvement="up")
    note = " ".join(method_note(res, judge(res)))
    assert note.startswith(
        "I chart (individual values); signals by the Health Care Data Guide rules."
    )
    assert (
        "Phase “Team in place”: special cause (improvement) against the previous phase's centre 10 (limits 3 to 17)."
        in note
    )


@pytest.mark.parametrize("improvement", ["up", "down"])
def test_an_ongoing_signal_is_improving_or_worsening_by_direction(improvement):
    res = monthly(STABLE + [17, 16, 18, 17, 19], baseline=12, improvement=improvement)
    text = headline(judge(res).main, res)
    assert text.startswith("Up from about 10 to about 17 since Jan 2020")
    assert text.endswith("still under way." if improvement == "up" else "needs attention.")


def test_method_note_says_when_limits_are_chosen_not_estimated():
    two = monthly(STABLE, improvement="up", sigma_multiplier=2)
    assert "Limits at 2 sigma (3 is the Shewhart default)." in method_note(two, judge(two))
    fixed = monthly(
        STABLE,
        improvement="up",
        limits={"centre": 10, "lcl": 4, "ucl": 16, "source": "the 2019 audit"},
    )
    assert (
        "Centre line and limits fixed from the 2019 audit, not estimated from these data."
        in method_note(fixed, judge(fixed))
    )
