"""Narrative tests on hand-built cases: every rule set, no signal, trial limits, caveats."""

from __future__ import annotations

import re

import numpy as np
import pytest

from qi.present.narrate import describe, narrative

STABLE = [5, 6, 7, 5, 6, 5, 7, 6, 5, 6, 4, 6, 5, 7, 6, 5, 6, 5, 7, 6]
CHANGE_WORDS = re.compile(
    r"improv|concern|increas|decreas|deteriorat|better|worse|rising|falling", re.I
)


# --- no signal, for every rule set --------------------------------------------------------
@pytest.mark.parametrize(
    ("rules", "title", "chart"),
    [
        ("ihi", "IHI run-chart rules", "run"),
        ("anhoej", "Anhøj rules", "run"),
        ("hcdg", "Health Care Data Guide rules", "i"),
        ("western_electric", "Western Electric rules", "i"),
        ("nelson", "Nelson rules", "i"),
        ("mdc", "NHS Making Data Count rules", "i"),
    ],
)
def test_no_signal_says_common_cause_and_claims_no_change(build, monthly, rules, title, chart):
    r = build(
        STABLE,
        x=monthly(20),
        chart=chart,
        centre=6.0,
        sigma=1.0 if chart != "run" else np.nan,
        rules=rules,
        improvement="up",
    )
    text = describe(r)
    assert (
        "No signal: the variation is consistent with common cause (no rule of the "
        f"{title} is met), so this chart shows no change in the process." in text
    )
    assert "The latest point (Aug 2024, 6) is common cause." in text
    assert not CHANGE_WORDS.search(text), CHANGE_WORDS.search(text)


# --- signals, for every rule set ----------------------------------------------------------
SHIFT_UP = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 8, 8, 9, 8, 9, 8, 9, 8, 9, 8]


@pytest.mark.parametrize(
    ("rules", "label"),
    [
        ("ihi", "6 or more points in a row above or below the centre line"),
        ("anhoej", "an unusually long run of points above or below the centre line"),
        ("hcdg", "8 or more points in a row above or below the centre line"),
        ("western_electric", "8 or more points in a row above or below the centre line"),
        ("nelson", "9 or more points in a row above or below the centre line"),
        ("mdc", "7 points in a row above or below the mean"),
    ],
)
def test_run_signal_named_with_dates_and_meaning(build, monthly, rules, label):
    r = build(
        SHIFT_UP,
        x=monthly(20),
        centre=6.5,
        sigma=1.0,
        rules=rules,
        flags={"shift": range(10, 20)},
        improvement="up",
    )
    text = describe(r)
    assert (
        f"- From Nov 2023 to Aug 2024: {label} (10 points, above the mean), an improvement." in text
    )
    assert "1 signal by the" in text and "(1 improvement):" in text
    assert "The latest point (Aug 2024, 8) is part of a special-cause improvement." in text


def test_same_signal_is_a_concern_when_lower_is_better(build, monthly):
    r = build(
        SHIFT_UP,
        x=monthly(20),
        centre=6.5,
        sigma=1.0,
        rules="mdc",
        flags={"shift": range(10, 20)},
        improvement="down",
    )
    text = describe(r)
    assert (
        "- From Nov 2023 to Aug 2024: 7 points in a row above or below the mean (10 points, above the mean), a concern."
        in text
    )
    assert "part of a special-cause concern" in text


def test_neutral_signal_without_direction(build):
    r = build([5, 6, 5, 15, 6], centre=6.0, sigma=1.0, rules="hcdg", flags={"outside": [3]})
    text = describe(r)
    assert (
        "- At point 4: a point outside the control limits (1 point, above the mean), special cause (no improvement direction was set, so neither good nor bad)."
        in text
    )


def test_trend_direction_in_words(build):
    r = build(
        [1, 2, 3, 4, 5, 6, 7],
        centre=4.0,
        sigma=2.0,
        rules="hcdg",
        flags={"trend": range(7)},
        improvement="down",
    )
    text = describe(r)
    assert (
        "- From point 1 to point 7: 6 or more points in a row all going up or all going down (7 points, rising), a concern."
        in text
    )


def test_several_episodes_in_date_order(build, monthly):
    y = [5, 6, 15, 6, 5, 6, 5, 6, 5, 6, 8, 8, 9, 8, 9, 8, 9, 8, 9, 8]
    r = build(
        y,
        x=monthly(20),
        centre=6.5,
        sigma=1.0,
        rules="hcdg",
        flags={"outside": [2], "shift": range(10, 20)},
        improvement="up",
    )
    items = [ln for ln in describe(r).splitlines() if ln.startswith("- ")]
    assert items[0].startswith("- In Mar 2023: a point outside the control limits (1 point")
    assert items[1].startswith("- From Nov 2023 to Aug 2024: 8 or more points")


# --- centre, limits, phases, baseline -----------------------------------------------------
def test_centre_and_limits_in_percent(build, monthly):
    r = build([0.45, 0.5, 0.55, 0.48], x=monthly(4), chart="p", centre=0.5, sigma=0.04)
    text = describe(r)
    assert "A P chart (proportions) of value, 4 points from Jan 2023 to Apr 2023." in text
    assert (
        "The overall proportion is 50.0% and the control limits are 38.0% (lower) and 62.0% (upper)."
        in text
    )


def test_varying_limits(build):
    r = build(
        [0.5, 0.5, 0.5],
        chart="p",
        centre=0.5,
        sigma=0.05,
        lcl=[0.3, 0.35, 0.32],
        ucl=[0.7, 0.65, 0.68],
    )
    assert (
        "the control limits vary with the size of each subgroup: the lower limit from 30.0% "
        "to 35.0%, the upper from 65.0% to 70.0%"
    ) in describe(r)


def test_run_chart_words(build):
    r = build(STABLE, chart="run", centre=6.0, rules="ihi")
    assert (
        "The median is 6.0; a run chart has no control limits: its rules look for non-random "
        "patterns around the median."
    ) in describe(r)


def test_recalculated_phases(build, monthly):
    r = build(
        [5, 6, 5, 9, 8, 9],
        x=monthly(6),
        centre=[5.3] * 3 + [8.7] * 3,
        sigma=1.0,
        phase=["Before"] * 3 + ["After triage"] * 3,
    )
    text = describe(r)
    assert "Phase Before (from Jan 2023 to Mar 2023): the mean is 5.3" in text
    assert "Phase After triage (from Apr 2023 to Jun 2023): the mean is 8.7" in text
    assert "- The limits were recalculated at the start of each phase." in text
    assert text.count("Points inside the limits are the variation") == 1  # said once


def test_frozen_baseline_in_the_first_phase_only(build):
    r = build(
        [5, 6, 5, 6, 9, 9, 7, 8],
        centre=[5.5] * 6 + [7.5] * 2,
        sigma=1.0,
        baseline=[True] * 4 + [False] * 2 + [True] * 2,
        phase=["a"] * 6 + ["b"] * 2,
    )
    assert (
        "In phase a, the centre line and limits come from the baseline (4 points up to 4)"
        in describe(r)
    )


def test_frozen_baseline(build):
    r = build([5, 6, 5, 6, 9, 9], centre=5.5, sigma=1.0, baseline=[True] * 4 + [False] * 2)
    assert (
        "The centre line and limits come from the baseline (4 points up to 4) and are "
        "extended over the later points"
    ) in describe(r)


# --- target -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "improvement", "words"),
    [
        (
            2.0,
            "up",
            "The target of 2 lies outside the current limits (3.0 to 9.0) on the good side, so the process will consistently meet it (assurance: target met).",
        ),
        (
            10.0,
            "up",
            "The target of 10 lies outside the current limits (3.0 to 9.0) on the wrong side, so the process will consistently miss it unless the process itself changes (assurance: target not met).",
        ),
        (
            7.0,
            "down",
            "The target of 7 lies within the current limits (3.0 to 9.0), so the process will sometimes meet it and sometimes miss it (assurance: hit and miss).",
        ),
        (
            7.0,
            None,
            "The target is 7; no improvement direction was set, so whether the process meets it is not judged.",
        ),
    ],
)
def test_target_assurance_in_words(build, target, improvement, words):
    r = build([5, 6, 7, 6], centre=6.0, sigma=1.0, target=target, improvement=improvement)
    assert words in describe(r)


def test_target_with_only_an_upper_limit(build):
    r = build(
        [5, 6, 7, 6], centre=6.0, sigma=1.0, lcl=[np.nan] * 4, target=10.0, improvement="down"
    )
    assert (
        "The target of 10 lies outside the current limits (upper limit 9.0) on the good side"
        in describe(r)
    )


def test_target_on_a_run_chart_is_not_judged(build):
    r = build([5, 6, 7, 6], chart="run", centre=6.0, rules="ihi", target=7.0, improvement="up")
    assert (
        "The target is 7. Without control limits the chart cannot say whether the process "
        "will meet it reliably. The latest value does not meet it."
    ) in describe(r)


# --- caveats ------------------------------------------------------------------------------
def test_trial_limits_and_too_few_points(build):
    r = build([5, 6, 7, 6, 5], centre=6.0, sigma=1.0, trial=True, rules="mdc")
    text = describe(r)
    assert (
        "- Trial limits: the limits rest on only 5 points, and will become more reliable as data are added."
        in text
    )
    assert (
        "- Too few points for the runs rules: 5 useful points (fewer than 10), so shifts and runs cannot be judged reliably yet."
        in text
    )


def test_enough_points_has_no_caveats(build):
    r = build(STABLE, centre=6.0, sigma=1.0, trial=False)
    assert "Caveats" not in describe(r)


def test_skipped_rules_excluded_points_and_warnings(build):
    r = build(
        STABLE,
        chart="run",
        centre=6.0,
        rules="hcdg",
        rules_skipped=("outside", "two_of_three"),
        included=[True] * 3 + [False] + [True] * 16,
        warnings=("2 points have n = 0 and no limits",),
    )
    text = describe(r)
    assert (
        "- Not applied to this chart (they need control limits): a point outside the control "
        "limits and 2 of 3 points in a row beyond 2 sigma on the same side."
    ) in text
    assert "- 1 point left out of the calculations (still shown, hollow): 4." in text
    assert "- 2 points have n = 0 and no limits" in text


# --- several series -----------------------------------------------------------------------
def test_series_each_get_a_section(build):
    r = build(
        [5, 6, 12, 1, 2, 3],
        centre=[6.0] * 3 + [2.0] * 3,
        sigma=1.0,
        series=["North"] * 3 + ["South"] * 3,
        flags={"outside": [2]},
        improvement="up",
    )
    text = describe(r)
    assert "2 series, each with its own limits: North, South." in text
    north, south = text.split("\n\nNorth\n\n")[1].split("\n\nSouth\n\n")
    assert "an improvement" in north and "No signal" in south


# --- empty and tiny -----------------------------------------------------------------------
def test_empty_and_all_missing(build):
    assert "Nothing to describe yet: the run chart has no points." in describe(
        build([], chart="run", rules="ihi")
    )
    assert "has only missing values" in describe(build([np.nan, np.nan], chart="run", rules="ihi"))


def test_one_point(build):
    text = describe(build([4.0], chart="run", centre=4.0, rules="ihi"))
    assert "Only one point so far: no pattern, change or stability can be judged from it." in text


# --- escaping -----------------------------------------------------------------------------
def test_markdown_escapes_user_text(build):
    r = build([5, 6, 7], centre=6.0, sigma=1.0, title="<script>alert(1)</script> costs $x$ *bold*")
    md = describe(r, markdown=True)
    assert "<script>" not in md
    assert "**&lt;script&gt;alert\\(1\\)&lt;/script&gt; costs \\$x\\$ \\*bold\\***" in md
    plain = describe(r)
    assert plain.startswith("<script>alert(1)</script> costs $x$ *bold*\n")


def test_html_escapes_everything(build):
    r = build(
        [5, 6, 7],
        centre=6.0,
        sigma=1.0,
        title='<img src=x onerror="bad()">',
        phase=["<b>a</b>"] * 3,
    )
    html = narrative(r).html()
    assert "<img" not in html and "<b>a</b>" not in html
    assert "&lt;img src=x onerror=&quot;bad()&quot;&gt;" in html


def test_repr_markdown(build):
    r = build([5, 6, 7], centre=6.0, sigma=1.0)
    assert r._repr_markdown_() == describe(r, markdown=True)


def test_describe_chosen_series(build):
    r = build(
        [5, 6, 12, 1, 2, 3],
        centre=[6.0] * 3 + [2.0] * 3,
        sigma=1.0,
        series=["North"] * 3 + ["South"] * 3,
        flags={"outside": [2]},
        improvement="up",
    )
    text = describe(r, series="South")
    assert "North" not in text and "No signal" in text


def test_many_series_get_an_overview(build):
    k = 30
    y = [5.0, 6.0] * k
    flags = {"outside": [2 * i + 1 for i in range(10)]}  # the latest point of 10 series
    r = build(
        y,
        x=[1, 2] * k,
        centre=5.5,
        sigma=0.1,
        series=[f"s{i}" for i in range(k) for _ in range(2)],
        flags=flags,
        improvement="up",
        target=5.5,
    )
    text = describe(r)
    assert "30 series, each with its own limits; too many to describe one by one." in text
    assert "- 10 series: special cause improvement (higher is better)" in text
    assert "- 20 series: common cause variation" in text
    assert "- 30 series: the process will sometimes meet and sometimes miss the target" in text
    from qi.present.html import result_html

    html = result_html(r)
    # no chart (the icons are data: SVG images since issue 8), header + one row per series
    assert "data:image/png" not in html and html.count("<tr>") == 31


def test_neutral_pattern_on_a_chart_with_a_direction(build):
    """15 points hugging the centre line have no direction: neither improvement nor concern."""
    y = [6.0, 6.1] * 8
    r = build(
        y, centre=6.05, sigma=1.0, rules="hcdg", flags={"within_1s": range(16)}, improvement="up"
    )
    # as the engine labels it: no direction, so a neutral signal type
    r.signals.loc[:, "signal_type"] = "special_cause_neutral"
    r.signals.loc[:, "direction"] = 0
    assert (
        "- From point 1 to point 16: 15 or more points in a row within 1 sigma of the centre "
        "line (16 points), special cause without a direction, so neither an improvement nor "
        "a concern."
    ) in describe(r)


def test_many_series_html_lists_special_causes_first_and_caps_rows(build):
    from qi.present.html import MAX_TABLE_ROWS, result_html

    k = 60
    r = build(
        [5.0, 6.0] * k,
        x=[1, 2] * k,
        centre=5.5,
        sigma=0.1,
        series=[f"s{i:02d}" for i in range(k) for _ in range(2)],
        flags={"outside": [2 * 59 + 1]},
        improvement="up",
    )
    html = result_html(r)
    assert html.count("<tr>") == MAX_TABLE_ROWS + 1
    assert html.index("s59") < html.index("s00")  # the special cause first
    assert (
        "10 more series not shown (series with a special cause at their latest point are listed first)."
        in html
    )


def test_a_series_without_values(build):
    r = build(
        [5, 6, 7, np.nan, np.nan, np.nan],
        centre=[6.0] * 3 + [np.nan] * 3,
        sigma=1.0,
        series=["North"] * 3 + ["South"] * 3,
    )
    south = describe(r).split("\n\nSouth\n\n")[1]
    assert south.startswith("No values in this series yet: nothing to judge.")
    assert "missing" not in south


def test_articles_by_sound():
    from qi.present.narrate import _article
    from qi.present.words import chart_name

    got = {
        c: _article(chart_name(c))
        for c in ("run", "i", "mr", "xbar", "s", "p", "np", "c", "u", "g", "t", "pp", "up")
    }
    assert got == {
        "run": "A",
        "i": "An",
        "mr": "An",
        "xbar": "An",
        "s": "An",
        "p": "A",
        "np": "An",
        "c": "A",
        "u": "A",
        "g": "A",
        "t": "A",
        "pp": "A",
        "up": "A",
    }


def test_mdc_says_process_limits(build):
    r = build([5, 6, 7, 6], centre=6.0, sigma=1.0, rules="mdc")
    assert "The mean is 6.0 and the process limits are 3.0 (lower) and 9.0 (upper)." in describe(r)
    r = build([5, 6, 7, 6], centre=6.0, sigma=1.0, rules="hcdg")
    assert "The mean is 6.0 and the control limits are 3.0 (lower) and 9.0 (upper)." in describe(r)
