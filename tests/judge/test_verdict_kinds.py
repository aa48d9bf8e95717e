"""The verdict's vocabularies (qi.charts.verdict_kinds) are declared once, as Literal types,
and every member has its words, its icon and its place in the records that use it."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from qi.charts import verdict_kinds as kinds
from qi.charts.assurance import ASSURANCE_STATES, VARIATION_STATES, assurance_state, variation_state
from qi.charts.judge import STATES, PhaseChange, SeriesVerdict, TargetStatus, TrajectoryStatus
from qi.present.icons import LEGEND_WORDS
from qi.present.verdict_words import STATE_WORDS


def test_state_words_cover_every_state_of_the_literal():
    assert set(STATE_WORDS) == set(typing.get_args(kinds.State))
    assert STATES == typing.get_args(kinds.State)
    # the seven states the docs list (docs/method/verdict.md), in their order
    assert STATES == (
        "improving",
        "worsening",
        "unstable",
        "holding",
        "no_change",
        "too_early",
        "too_few_points",
    )


def test_the_target_states_are_the_assurance_states_and_three_reasons_for_none():
    assert kinds.TARGET_STATES == (
        "pass",
        "fail",
        "hit_and_miss",
        "process_changed",
        "no_limits",
        "not_judged",
    )
    assert set(kinds.ASSURANCE_STATES) < set(kinds.TARGET_STATES)


def test_assurance_re_exports_the_one_declaration_of_the_icon_states():
    assert VARIATION_STATES is kinds.VARIATION_STATES
    assert ASSURANCE_STATES is kinds.ASSURANCE_STATES
    assert len(VARIATION_STATES) == 7  # NHSRplotthedots ptd_get_icons(): common cause + 2 x 3
    assert set(LEGEND_WORDS) == {*VARIATION_STATES, *ASSURANCE_STATES}


@pytest.mark.parametrize(
    ("args", "state"),
    [
        (("special_cause_improvement", 1, "up", 5.0, 1.0), "improvement_high"),
        (("special_cause_concern", -1, "up", 0.0, 1.0), "concern_low"),
        (("special_cause_neutral", 0, None, 0.0, 1.0), "neutral_low"),
        (("common_cause", 0, "down", 1.0, 1.0), "common_cause"),
    ],
)
def test_variation_states_returned_are_members_of_the_literal(args, state):
    assert variation_state(*args) == state
    assert state in typing.get_args(kinds.VariationState)


def test_assurance_states_returned_are_members_of_the_literal():
    # up is better: target 3 below the lower limit 5 -> always met; 12 above 10 -> never
    assert assurance_state(3.0, 5.0, 10.0, "up") == "pass"
    assert assurance_state(12.0, 5.0, 10.0, "up") == "fail"
    assert assurance_state(7.0, 5.0, 10.0, "up") == "hit_and_miss"
    assert {"pass", "fail", "hit_and_miss"} == set(typing.get_args(kinds.AssuranceState))


@pytest.mark.parametrize(
    ("record", "field", "alias"),
    [
        (SeriesVerdict, "state", "State"),
        (SeriesVerdict, "variation_icon", "VariationState"),
        (SeriesVerdict, "assurance_icon", "AssuranceState | None"),
        (PhaseChange, "status", "ChangeStatus"),
        (TargetStatus, "status", "TargetState"),
        (TrajectoryStatus, "status", "TrajectoryState"),
    ],
)
def test_record_fields_are_typed_by_the_vocabularies(record, field, alias):
    annotation = {f.name: f.type for f in dataclasses.fields(record)}[field]
    assert annotation == alias


def test_a_phase_change_is_a_change_exactly_for_the_three_signal_outcomes():
    common = {
        "phase": "b",
        "previous": "a",
        "start_x": 1,
        "direction": 0,
        "before": 1.0,
        "after": 1.0,
        "first_signal_x": None,
        "rule": "",
        "n_points": 8,
        "points_needed": 0,
        "extended_lcl": 0.0,
        "extended_ucl": 2.0,
    }
    changed = {s for s in kinds.CHANGE_STATUSES if PhaseChange(status=s, **common).changed}
    assert changed == {"improvement", "concern", "neutral"}
