"""PDSA fidelity (Taylor et al. 2014 features, Knudsen et al. 2019 thresholds), in words."""

from __future__ import annotations

import pandas as pd

import qi
from qi.constants import MIN_POINTS_DATA_OVER_TIME
from qi.project.model import PDSACycle
from qi.project.pdsa import FEATURES, change_idea_fidelity, cycle_fidelity

from .conftest import EXAMPLES


def _cycle(**kw: object) -> PDSACycle:
    base = {"change_idea": "ci", "cycle_number": 1, "title": "t"}
    base.update(kw)
    return PDSACycle.model_validate(base)


def _points(n: int):
    return lambda measure, end: n


FULL = dict(
    status="complete",
    start="2020-01-10",
    end="2020-01-31",
    measures=["m"],
    scale={"n": 1, "of": 40, "unit": "families"},
    plan={"predictions": ["p"], "predictions_written": "2020-01-05"},
    study={"results": "r", "predictions_met": "yes"},
    act={"decision": "adapt", "next_step": "widen"},
)


def test_a_complete_first_cycle_meets_every_feature() -> None:
    report = cycle_fidelity(
        _cycle(**FULL), previous=None, points_before=_points(MIN_POINTS_DATA_OVER_TIME)
    )
    assert [c.feature for c in report.checks] == list(FEATURES)
    assert all(c.met for c in report.checks)
    assert report.text().startswith("cycle ci-001: 6 of 6 features met.")
    assert (
        "- small scale first: met. Tests 1 of 40 families before a full-scale test."
        in report.text()
    )
    assert "- data over time: met. Measure m has 3 data points" in report.text()


def test_each_feature_can_fail_with_its_reason() -> None:
    cycle = _cycle(
        status="complete",
        start="2020-01-10",
        end="2020-01-31",
        plan={"predictions": ["p"], "predictions_written": "2020-01-20"},
        scale={"n": 40, "of": 40, "unit": "families"},
        study={"results": "r"},
    )
    report = cycle_fidelity(cycle, previous=None, points_before=_points(0))
    details = {c.feature: (c.met, c.detail) for c in report.checks}
    assert details["prediction before test"] == (
        False,
        "1 prediction(s) stated but written 2020-01-20, after the test started on 2020-01-10.",
    )
    assert details["iterative"] == (
        False,
        "Not linked to a previous cycle and Act names no next step.",
    )
    assert details["small scale first"] == (
        False,
        "Tests all 40 families at once: no small-scale test first.",
    )
    assert details["data over time"] == (False, "No measure is linked to the cycle.")
    assert details["study against prediction"] == (False, "Study is missing predictions_met.")
    assert details["decision recorded"] == (
        False,
        "The cycle is complete but no adopt/adapt/abandon decision is recorded.",
    )
    assert report.met == 0 and report.due == 6


def test_planned_cycle_is_not_yet_due_for_study_and_act() -> None:
    cycle = _cycle(status="planned", plan={"predictions": ["p"]}, measures=["m"])
    report = cycle_fidelity(cycle, previous=None, points_before=_points(2))
    met = {c.feature: c.met for c in report.checks}
    assert met["study against prediction"] is None and met["decision recorded"] is None
    assert met["prediction before test"] is None  # undated: cannot tell
    assert met["data over time"] is False  # 2 points < 3 (Knudsen et al. 2019)
    assert "(4 not yet due or unknown)" in report.text()
    assert met["iterative"] is None


def test_ramp_growth_and_shrinkage() -> None:
    first = _cycle(**FULL)
    bigger = _cycle(**{**FULL, "cycle_number": 2, "previous": "ci-001", "scale": {"n": 3}})
    smaller = _cycle(**{**FULL, "cycle_number": 2, "previous": "ci-001", "scale": {"n": 1}})
    grow = cycle_fidelity(
        bigger, previous=_cycle(**{**FULL, "scale": {"n": 2}}), points_before=_points(5)
    )
    assert grow.checks[2].met and "up from or equal to 2 in ci-001" in grow.checks[2].detail
    shrink = cycle_fidelity(
        smaller, previous=_cycle(**{**FULL, "scale": {"n": 2}}), points_before=_points(5)
    )
    assert shrink.checks[2].met is False and "the ramp shrank" in shrink.checks[2].detail
    reports = [
        cycle_fidelity(c, previous=p, points_before=_points(5))
        for c, p in ((first, None), (bigger, first))
    ]
    idea = change_idea_fidelity("ci", [first, bigger], reports)
    text = idea.text()
    assert text.startswith("change idea ci: 6 of 6 features met.")
    assert "2 cycles, 1 linked to the one before." in text
    assert "the scale then went 1 -> 3" in text


def test_single_cycle_is_not_iterative_and_no_cycles_says_so() -> None:
    one = _cycle(**FULL)
    report = change_idea_fidelity(
        "ci", [one], [cycle_fidelity(one, previous=None, points_before=_points(5))]
    )
    assert report.checks[1].met is False
    assert "iterative testing needs at least 2 linked cycles" in report.checks[1].detail
    empty = change_idea_fidelity("ci", [], [])
    assert (
        empty.checks[1].met is False and "No PDSA cycle has been recorded" in empty.checks[1].detail
    )


def test_project_fidelity_on_the_kinship_example() -> None:
    project = qi.load_project(EXAMPLES / "kinship")
    ramp = project.fidelity(change_idea="assessment_process")
    assert ramp.met == 6
    single = project.fidelity("assessment_framework-001")
    assert single.checks[0].met  # predictions written 2019-09-05, test started 2019-09-09
    all_reports = project.fidelity()
    assert [r.subject for r in all_reports] == [c.id for c in project.change_ideas]
    permanence = next(r for r in all_reports if r.subject == "permanence_monitoring")
    assert permanence.met == 0
    frame = ramp.frame()
    assert list(frame.columns) == ["feature", "met", "detail"] and len(frame) == 6
    assert isinstance(frame, pd.DataFrame)
