"""The write API: Project methods over qi.project.commands (update, withdraw, correct, charter
additions), the object reloading itself, comments kept, bad input changing nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from qi.errors import ValidationError
from qi.project import commands, fsio
from qi.project.store import load_project


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != fsio.LOCK_NAME
    }


def test_update_cycle_dotted_and_nested_keeps_comments_and_refreshes(project_dir: Path) -> None:
    p = load_project(project_dir)
    cycle = p.update_cycle(
        "triage-001",
        **{"study.learning": "Phone first works"},
        do={"observations": "Two families\nreplied the same day"},
        status="studying",
        start="2020-01-06",
    )
    assert cycle.study.learning == "Phone first works"
    assert p.cycle("triage-001").status == "studying"  # the same object sees its write
    text = (project_dir / "pdsa" / "triage" / "triage-001.yaml").read_text()
    assert "# Cycle comment: keep me." in text and "# keep this inline comment too" in text
    assert "start: 2020-01-06\n" in text  # stored as a YAML date, not a quoted string
    assert "observations: |-\n    Two families\n    replied the same day\n" in text
    assert (
        load_project(project_dir).cycle("triage-001").do.observations
        == "Two families\nreplied the same day"
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"study.predictions_met": "maybe"}, "study.predictions_met"),
        ({"act.decision": "adpot"}, "did you mean 'adopt'?"),
        ({"plan.objectve": "x"}, "did you mean 'objective'?"),
        ({"cycle_number": 4}, "'cycle_number' cannot be set"),
        ({"notes": []}, "'notes' cannot be set"),
        ({"measures": ["nope"]}, "cycle links measure 'nope'"),
        ({"end": "2019-01-01", "start": "2020-01-01"}, "end 2019-01-01 is before start 2020-01-01"),
        ({}, "no fields to set"),
    ],
)
def test_bad_updates_change_nothing(project_dir: Path, fields: dict, expected: str) -> None:
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError) as err:
        commands.update_cycle(project_dir, "triage-001", fields)
    assert expected in str(err.value)
    assert _snapshot(project_dir) == before


def test_new_cycle_with_fields_and_predictions_dates(project_dir: Path) -> None:
    p = load_project(project_dir)
    today = dt.date.today()
    future = p.new_cycle("triage", title="Phone first", plan={"predictions": ["half reply"]})
    assert future.id == "triage-002" and future.previous == "triage-001"
    assert future.plan.predictions_written == today  # planned now: the predictions are dated today
    past = p.new_cycle("triage", start=dt.date(2019, 5, 1), plan={"predictions": ["x"]})
    assert past.plan.predictions_written is None  # logged after the fact: qi does not claim today
    given = p.new_cycle(
        "triage",
        start="2019-06-03",
        **{"plan.predictions": ["y"], "plan.predictions_written": "2019-05-28"},
    )
    assert given.plan.predictions_written == dt.date(2019, 5, 28)
    assert [c.id for c in p.cycles] == ["triage-001", "triage-002", "triage-003", "triage-004"]
    text = (project_dir / "pdsa" / "triage" / "triage-004.yaml").read_text()
    assert "# PDSA cycle triage-004" in text and "predictions_written: 2019-05-28" in text


def test_new_cycle_with_a_bad_field_writes_no_file(project_dir: Path) -> None:
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError, match="unknown cycle status 'done'"):
        load_project(project_dir).new_cycle("triage", status="done")
    assert _snapshot(project_dir) == before


def test_withdrawn_note_stays_in_the_file_and_leaves_the_readers(project_dir: Path) -> None:
    p = load_project(project_dir)
    p.add_note("triage-001", "Wrong family named", "Bo", date=dt.date(2020, 2, 1))
    cycle = p.withdraw_note(
        "triage-001", 2, reason="named the wrong family", by="Ann", date=dt.date(2020, 2, 2)
    )
    assert [n.text for n in cycle.notes] == ["First note", "Wrong family named"]
    assert [n.text for n in cycle.current_notes] == ["First note"]
    assert cycle.notes[1].withdrawn.reason == "named the wrong family"
    text = (project_dir / "pdsa" / "triage" / "triage-001.yaml").read_text()
    assert (
        "withdrawn:\n      date: 2020-02-02\n      by: Ann\n      reason: named the wrong family"
        in text
    )
    before = _snapshot(project_dir)
    for number, expected in ((2, "already withdrawn"), (3, "has no note 3"), (0, "has no note 0")):
        with pytest.raises(ValidationError, match=expected):
            p.withdraw_note("triage-001", number, reason="r", by="Ann")
    with pytest.raises(ValidationError, match="needs a reason"):
        p.withdraw_note("triage-001", 1, reason=" ", by="Ann")
    assert _snapshot(project_dir) == before


def test_corrected_score_replaces_the_entry_and_keeps_the_history(project_dir: Path) -> None:
    p = load_project(project_dir)
    p.set_score(4, "First cycle", by="Ann", date=dt.date(2020, 3, 31))
    p.correct_score(dt.date(2020, 1, 31), 3, "Charter and team", reason="typed 2 for 3", by="Ann")
    assert p.scores["score"].tolist() == [3.0, 4.0]  # the corrected view, in date order
    history = p.score_history
    assert history["score"].tolist() == [2.0, 4.0, 3.0]
    assert history["in_force"].tolist() == [False, True, True]
    assert history["reason"].tolist()[2] == "typed 2 for 3"
    lines = (project_dir / "scores.csv").read_text().splitlines()
    assert lines[0] == "# Score history comment: keep me."
    assert lines[1] == "date,score,rationale,scored_by,corrected_on,reason"
    assert lines[2:4] == ["2020-01-31,2,Charter done,Ann", "2020-03-31,4,First cycle,Ann"]
    assert (
        lines[4] == f"2020-01-31,3,Charter and team,Ann,{dt.date.today().isoformat()},typed 2 for 3"
    )
    assert p.evidence_check().current == 4.0
    p.correct_score(dt.date(2020, 1, 31), 2, "Charter only", reason="3 was too high", by="Bo")
    assert p.scores["score"].tolist() == [2.0, 4.0]  # a correction of a correction
    assert p.score_history["in_force"].tolist() == [False, True, False, True]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda p: p.correct_score(dt.date(2020, 2, 1), 3, "r", reason="x"),
            "no score recorded on 2020-02-01",
        ),
        (
            lambda p: p.correct_score(dt.date(2020, 1, 31), 3, "r", reason=" "),
            "a correction needs a reason",
        ),
        (
            lambda p: p.correct_score(dt.date(2020, 1, 31), 12, "r", reason="x"),
            "score 12 is not on the scale",
        ),
        (lambda p: p.set_score(3, " "), "a score needs a rationale"),
    ],
)
def test_bad_corrections_change_nothing(project_dir: Path, call, expected: str) -> None:
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError, match=expected):
        call(load_project(project_dir))
    assert _snapshot(project_dir) == before


def test_add_measure_and_change_idea_keep_the_charter_comments(project_dir: Path) -> None:
    p = load_project(project_dir)
    p.add_measure(
        id="waits", name="Days waiting", type="outcome", improvement="down", **{"target.value": 10}
    )
    p.add_change_idea(id="letters", title="Plain letters", measures=["waits"])
    assert [m.id for m in p.measures] == ["visits", "share", "waits"]
    assert p.measure("waits").target.value == 10
    assert p.change_idea("letters").measures == ["waits"]
    text = (project_dir / "charter.yaml").read_text()
    assert text.startswith("# Demo charter: this comment must survive every write qi makes.")
    assert "statement: Improve visits   # inline comment" in text
    before = _snapshot(project_dir)
    for call, expected in (
        (
            lambda: p.add_measure(id="waits", name="again", type="outcome"),
            "id 'waits' is used twice",
        ),
        (lambda: p.add_measure(id="x", name="X", type="outcom"), "did you mean 'outcome'?"),
        (lambda: p.add_change_idea(id="y", title="Y", measures=["nope"]), "links measure 'nope'"),
        (lambda: p.add_change_idea(id="../y", title="Y"), "not a valid id"),
    ):
        with pytest.raises(ValidationError, match=expected):
            call()
    assert _snapshot(project_dir) == before


def test_flatten_fields_walks_nested_and_keeps_dotted() -> None:
    assert commands.flatten_fields(
        {"plan": {"who": "A", "questions": ["q"]}, "study.learning": "L"}
    ) == {"plan.who": "A", "plan.questions": ["q"], "study.learning": "L"}
    assert commands.flatten_nested({"target.value": 1, "id": "m"}) == {
        "target": {"value": 1},
        "id": "m",
    }
