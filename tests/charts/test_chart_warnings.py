"""ChartResult.warnings as records: kind, series, phase and words; read by field, never by text."""

from __future__ import annotations

from typing import get_args

import numpy as np
import pandas as pd
import pytest

import qi
from qi.charts.kinds import WarningKind
from qi.charts.result import ChartWarning

pytestmark = pytest.mark.filterwarnings("ignore::qi.errors.QIWarning")

Y12 = [5.0, 7, 6, 8, 5, 6, 7, 6, 5, 7, 6, 8]
TRIAL_5 = (
    "the centre line and limits come from 5 points, fewer than 12; treat them as trial and "
    "recompute when there are 12 or more"
)


def test_a_trial_warning_is_a_record_worded_as_before():
    res = qi.chart(pd.DataFrame({"y": [5.0, 6, 7, 6, 5]}), y="y", chart="i")
    (w,) = res.warnings
    assert w == ChartWarning("trial_limits", TRIAL_5, series=None, phase="1")
    assert str(w) == f"phase 1: {TRIAL_5}"


def test_a_warning_never_equals_its_text():
    w = ChartWarning("trial_limits", "words", phase="2")
    assert str(w) == "phase 2: words" and w != "phase 2: words" and w != "words"


def test_words_of_a_warning_about_no_one_place():
    assert str(ChartWarning("trial_limits", "... and 3 more")) == "... and 3 more"
    assert str(ChartWarning("trial_limits", "m", series="A", phase="2")) == "series A, phase 2: m"


def test_a_by_chart_names_the_series_and_for_series_drops_it():
    df = pd.concat(
        [
            pd.DataFrame({"ward": "north", "y": [5.0, 6, 7, 6, 5]}),
            pd.DataFrame({"ward": "south", "y": Y12}),
        ]
    )
    res = qi.chart(df, y="y", by="ward", chart="i")
    assert res.warnings == (ChartWarning("trial_limits", TRIAL_5, series="north", phase="1"),)
    assert str(res.warnings[0]) == f"series north, phase 1: {TRIAL_5}"
    assert res.for_series("north").warnings == (ChartWarning("trial_limits", TRIAL_5, phase="1"),)
    assert res.for_series("south").warnings == ()


def test_selecting_series_keeps_only_their_warnings():
    from qi.present.select import select_series

    df = pd.concat(
        [
            pd.DataFrame({"ward": "north", "y": [5.0, 6, 7, 6, 5]}),
            pd.DataFrame({"ward": "south", "y": Y12}),
        ]
    )
    res = qi.chart(df, y="y", by="ward", chart="i")
    assert select_series(res, "south").warnings == ()
    assert [w.series for w in select_series(res, ["north", "south"]).warnings] == ["north"]


def test_for_series_reads_the_field_not_a_prefix_of_the_text():
    # "series a, " is also the start of series "a, b"'s warning text
    df = pd.concat(
        [pd.DataFrame({"s": "a", "y": Y12}), pd.DataFrame({"s": "a, b", "y": [1.0, 2, 3, 4, 5]})]
    )
    res = qi.chart(df, y="y", by="s", chart="i")
    assert str(res.warnings[0]).startswith("series a, b, phase 1: ")
    assert res.for_series("a").warnings == ()
    assert [w.series for w in res.warnings] == ["a, b"]


def test_the_more_line_is_about_no_one_series_or_phase():
    df = pd.DataFrame(
        {"s": np.repeat([f"w{i:02d}" for i in range(13)], 3), "y": 1.0 + np.arange(39) % 3}
    )
    res = qi.chart(df, y="y", by="s", chart="i")
    more = res.warnings[-1]
    assert (more.kind, more.series, more.phase) == ("trial_limits", None, None)
    assert [w.series for w in res.warnings[:10]] == [f"w{i:02d}" for i in range(10)]
    assert res.for_series("w12").warnings == ()  # listed only in the "... and 3 more" line


def test_runs_out_of_range_warning_has_its_kind():
    y = [1.0] * 31 + [-1.0] * 31  # 62 useful points, more than Perla et al.'s table covers
    res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="run", rules="ihi")
    (w,) = res.warnings
    assert (w.kind, w.series, w.phase) == ("runs_rule_out_of_range", None, "1")
    assert str(w).startswith("phase 1: 62 useful observations, more than the 60 that ")


def test_every_kind_the_engine_words_is_declared():
    # qi.chart words the first two, qi.funnel the last two (issue 13: funnel warnings as records)
    assert set(get_args(WarningKind)) == {
        "trial_limits",
        "runs_rule_out_of_range",
        "overdispersed",
        "no_overdispersion",
    }


def test_narrative_drops_trial_warnings_by_kind_not_by_the_word_trial():
    # a phase labelled "trial run" with a runs-range warning, and a trial phase after it: only
    # the trial-limits warning is left to the phases' caveat; the runs one is kept
    y = [1.0] * 31 + [-1.0] * 31 + [3.0, 4, 5]
    df = pd.DataFrame({"y": y, "stage": ["trial run"] * 62 + ["after"] * 3})
    text = qi.chart(df, y="y", phases="stage", rules="ihi").describe()
    assert "- Phase trial run: 62 useful observations, more than the 60 that" in text
    assert "treat it as trial" not in text
    assert text.count("Trial limits in phase after") == 1
