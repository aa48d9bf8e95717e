"""The registry, rule-set parameters, apply_rule_set precedence and signal_types."""

from __future__ import annotations

import numpy as np
import pytest

from qi.charts.rules import (
    RULE_SET_NAMES,
    apply_rule_set,
    default_rule_set,
    get_rule_set,
    rule_sets,
    signal_types,
)
from qi.charts.rules.base import RuleInput, RuleSet
from qi.charts.schema import CHART_TYPES, COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.errors import ValidationError

PRECEDENCE = {
    "ihi": ("shift", "trend", "few_runs", "many_runs", "astronomical"),
    "anhoej": ("outside", "shift", "crossings"),
    "hcdg": ("outside", "shift", "trend", "two_of_three", "within_1s"),
    "western_electric": ("outside", "two_of_three", "four_of_five", "shift"),
    "nelson": (
        "outside",
        "shift",
        "trend",
        "alternating",
        "two_of_three",
        "four_of_five",
        "within_1s",
        "none_within_1s",
    ),
    "mdc": ("outside", "trend", "two_of_three", "shift"),
    "ihi_exact": ("shift", "trend", "few_runs", "many_runs", "astronomical"),
}


def test_names():
    assert rule_sets() == RULE_SET_NAMES == tuple(PRECEDENCE)


@pytest.mark.parametrize("name", RULE_SET_NAMES)
def test_every_rule_set_has_its_rules_in_precedence_order(name):
    rs = get_rule_set(name)
    assert isinstance(rs, RuleSet)
    assert rs.name == name
    assert rs.rule_names == PRECEDENCE[name]
    for rule in rs.rules:
        assert rule.label and rule.description and rule.name.isidentifier()
    assert rs.source


def test_labels_a_board_reads():
    assert (
        get_rule_set("hcdg").rule("shift").label
        == "8 or more points in a row above or below the centre line"
    )
    assert (
        get_rule_set("mdc", run_length=6).rule("shift").label
        == "6 points in a row above or below the mean"
    )


def test_limit_conventions():
    assert get_rule_set("mdc").limit_convention == "mdc"
    assert {get_rule_set(n).limit_convention for n in RULE_SET_NAMES if n != "mdc"} == {"qicharts2"}


def test_zone_rules_need_limits_and_run_rules_do_not():
    needs = {(n, r.name) for n in RULE_SET_NAMES for r in get_rule_set(n).rules if r.needs_limits}
    assert ("hcdg", "within_1s") in needs and ("nelson", "none_within_1s") in needs
    assert not any(
        r in {"shift", "trend", "few_runs", "many_runs", "crossings", "astronomical"}
        for _, r in needs
    )


def test_names_are_forgiving_about_case_and_separators():
    assert get_rule_set("Western-Electric").name == "western_electric"
    assert get_rule_set(" HCDG ").name == "hcdg"


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValidationError) as err:
        get_rule_set("nelsen")
    msg = str(err.value)
    assert "unknown rule set 'nelsen'" in msg
    assert "ihi, anhoej, hcdg, western_electric, nelson, mdc" in msg
    assert "did you mean 'nelson'?" in msg
    assert err.value.field == "rules"


def test_a_non_string_name_is_an_error():
    with pytest.raises(ValidationError, match="must be named by a string; got int 3"):
        get_rule_set(3)  # type: ignore[arg-type]


def test_a_ruleset_is_returned_as_is_but_not_with_parameters():
    rs = get_rule_set("hcdg")
    assert get_rule_set(rs) is rs
    with pytest.raises(ValidationError, match="were given with a ready-made rule set 'hcdg'"):
        get_rule_set(rs, run_length=6)


def test_parameters_are_recorded():
    assert get_rule_set("mdc").params == {"run_length": 7, "trend_length": 7}
    assert get_rule_set("ihi", trend_length=6).params == {"shift_length": 6, "trend_length": 6}


def test_unknown_parameter():
    with pytest.raises(ValidationError) as err:
        get_rule_set("mdc", run_lenght=6)
    msg = str(err.value)
    assert "rule set 'mdc' has no parameter 'run_lenght'" in msg
    assert "did you mean 'run_length'?" in msg
    with pytest.raises(ValidationError, match="parameters of 'hcdg': none"):
        get_rule_set("hcdg", shift_length=9)


@pytest.mark.parametrize("value", [5, 8, 6.0, "7", True])
def test_mdc_lengths_must_be_6_or_7(value):
    with pytest.raises(ValidationError) as err:
        get_rule_set("mdc", trend_length=value)
    assert "parameter trend_length must be one of 6, 7; got" in str(err.value)
    assert err.value.field == "trend_length"
    assert "trend_length=7" in err.value.hint


def test_ihi_lengths_have_a_minimum():
    with pytest.raises(ValidationError, match="shift_length must be a whole number >= 2; got 1"):
        get_rule_set("ihi", shift_length=1)


def test_default_rule_set():
    assert default_rule_set("run") == "ihi"
    assert {default_rule_set(c) for c in CHART_TYPES if c != "run"} == {"hcdg"}
    with pytest.raises(ValidationError, match="unknown chart 'xmr'; choose one of: run, i, mr"):
        default_rule_set("xmr")


# --- apply_rule_set --------------------------------------------------------------------------


def test_mdc_precedence_trend_beats_shift(make_input):
    # a falling trend inside a run above the mean (NHSRplotthedots `trend_inside_run`): the
    # trend labels its points (Decreasing) and the run labels the rest.
    y = [20.0, 21, 22, 21.5, 10, 9, 8, 7, 6, 5, 4]
    app = apply_rule_set("mdc", make_input(y, centre=0.0, sigma=20.0), has_limits=True)
    assert app.flags["shift"].all()
    # the trend is 22, 21.5, 10, 9, ..., 4 (points 2-10)
    assert app.signal_rule.tolist() == ["shift"] * 2 + ["trend"] * 9
    assert app.signal_direction.tolist() == [1] * 2 + [-1] * 9
    types = signal_types(app.signal, app.signal_direction, "up")
    assert types.tolist() == [IMPROVEMENT] * 2 + [CONCERN] * 9


def test_skipped_rules_on_a_run_chart(make_input):
    app = apply_rule_set("hcdg", make_input([1.0] * 10, sigma=None), has_limits=False)
    assert app.skipped == ("outside", "two_of_three", "within_1s")
    assert app.rule_names == PRECEDENCE["hcdg"]
    assert app.signal.all() and set(app.signal_rule) == {"shift"}


def test_no_signal_gives_empty_rule_and_zero_direction(make_input):
    app = apply_rule_set("hcdg", make_input([0.5, -0.5, 0.5]), has_limits=True)
    assert app.signal.tolist() == [False] * 3
    assert app.signal_rule.tolist() == [""] * 3
    assert app.signal_direction.tolist() == [0] * 3


def test_apply_on_empty_input(make_input):
    for name in RULE_SET_NAMES:
        app = apply_rule_set(name, make_input([]), has_limits=True)
        assert app.signal.shape == (0,)
        assert all(f.shape == (0,) for f in app.flags.values())
        ep = app.episodes(np.zeros(0, dtype=np.int64))
        assert ep["start"].shape == (0,)


def test_apply_accepts_a_name(make_input):
    assert apply_rule_set("ihi", make_input([1.0] * 6), has_limits=False).flags["shift"].all()


def test_input_arrays_must_have_equal_length(make_input):
    inp = make_input([1.0, 2.0, 3.0])
    bad = RuleInput(**{**inp.__dict__, "centre": np.zeros(2)})
    with pytest.raises(
        ValidationError, match=r"RuleInput.centre has shape \(2,\); every array must"
    ):
        apply_rule_set("ihi", bad, has_limits=False)


def test_segments_must_be_sorted(make_input):
    inp = make_input([1.0, 2.0, 3.0], segment=[0, 1, 0])
    with pytest.raises(ValidationError) as err:
        apply_rule_set("ihi", inp, has_limits=False)
    assert "segment must be non-decreasing" in str(err.value)
    assert err.value.rows == [2]


# --- signal_types ----------------------------------------------------------------------------


def test_signal_types():
    signal = np.array([False, True, True, True])
    direction = np.array([0, 1, -1, 0], dtype=np.int8)
    assert signal_types(signal, direction, "up").tolist() == [
        COMMON_CAUSE,
        IMPROVEMENT,
        CONCERN,
        NEUTRAL,
    ]
    assert signal_types(signal, direction, "down").tolist() == [
        COMMON_CAUSE,
        CONCERN,
        IMPROVEMENT,
        NEUTRAL,
    ]
    assert signal_types(signal, direction, None).tolist() == [
        COMMON_CAUSE,
        NEUTRAL,
        NEUTRAL,
        NEUTRAL,
    ]


def test_signal_types_rejects_other_words():
    with pytest.raises(ValidationError) as err:
        signal_types(np.array([True]), np.array([1]), "increase")
    assert "improvement must be 'up', 'down' or None; got 'increase'" in str(err.value)
    assert err.value.field == "improvement"


def test_the_same_name_and_parameters_give_the_same_rule_set():
    assert get_rule_set("hcdg") is get_rule_set("HCDG")
    assert get_rule_set("mdc", run_length=7) is get_rule_set("mdc")
    assert get_rule_set("mdc", run_length=6) is not get_rule_set("mdc")
    assert get_rule_set("mdc", run_length=6) == get_rule_set("mdc", run_length=6)


@pytest.mark.parametrize("name", RULE_SET_NAMES)
def test_rule_sets_pickle(name, make_input):
    # reports may send results (with their rule set) to worker processes
    import pickle

    rs = pickle.loads(pickle.dumps(get_rule_set(name)))
    assert rs.rule_names == get_rule_set(name).rule_names
    inp = make_input([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 2.5, -3.5])
    a = apply_rule_set(rs, inp, has_limits=True)
    b = apply_rule_set(name, inp, has_limits=True)
    assert a.signal_rule.tolist() == b.signal_rule.tolist()


def test_rule_table():
    from qi.charts.rules import rule_table

    t = rule_table("mdc")
    assert t["rule"].tolist() == list(PRECEDENCE["mdc"])
    assert t["column"].tolist() == ["rule_outside", "rule_trend", "rule_two_of_three", "rule_shift"]
    assert t["precedence"].tolist() == [1, 2, 3, 4]
    assert t["needs_limits"].tolist() == [True, False, True, False]
    everything = rule_table()
    assert len(everything) == sum(len(v) for v in PRECEDENCE.values())
    assert rule_table(("ihi", "anhoej"))["rule_set"].unique().tolist() == ["ihi", "anhoej"]
