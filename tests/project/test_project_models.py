"""Models and their validation messages: unknown fields, missing fields, bad values, lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from qi.errors import ValidationError
from qi.project.model import Charter, PDSACycle, ScoreEntry, cycle_id
from qi.project.store import validate_project
from qi.project.validate import build, model_at

from .conftest import CHARTER, write_project


def _messages(root: Path) -> list[str]:
    return [str(p) for p in validate_project(root)]


def test_valid_charter_builds(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    assert validate_project(root) == []


def test_unknown_field_names_file_line_and_nearest_field(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", CHARTER.replace("lead: A Lead", "laed: A Lead"))
    [message] = _messages(root)
    assert message.startswith(f"{root / 'charter.yaml'}:4, 'laed': unknown field 'laed'")
    assert "fix: did you mean 'lead'?" in message


def test_unknown_nested_field_suggests_from_the_right_model(tmp_path: Path) -> None:
    text = CHARTER.replace(
        "    improvement: up\n  - id: share", "    improvment: up\n  - id: share"
    )
    root = write_project(tmp_path / "p", text)
    [message] = _messages(root)
    assert ":14, 'measures[0].improvment': unknown field 'improvment'" in message
    assert "did you mean 'improvement'?" in message


def test_every_problem_is_listed_with_its_line(tmp_path: Path) -> None:
    text = (
        CHARTER.replace("type: process", "type: proces")
        .replace("unit: percentage", "unit: percent")
        .replace("title: Demo project\n", "")
    )
    root = write_project(tmp_path / "p", text)
    messages = _messages(root)
    assert len(messages) == 3
    assert any(
        "'title': required field is missing" in m and "fix: add 'title'" in m for m in messages
    )
    assert any(
        ":11, 'measures[0].type': unknown measure type 'proces' (did you mean 'process'?)" in m
        for m in messages
    )
    assert any(
        "'measures[1].unit': unknown unit 'percent' (did you mean 'percentage'?)" in m
        for m in messages
    )


def test_bad_date_and_bad_period(tmp_path: Path) -> None:
    text = CHARTER.replace(
        "statement: Improve visits", "statement: Improve visits\n  by_when: 2021-02-30"
    ).replace("date: 2020-12", "date: Dec 2020")
    root = write_project(tmp_path / "p", text)
    messages = _messages(root)
    assert any("'aim.by_when'" in m and "fix: write dates as YYYY-MM-DD" in m for m in messages)
    assert any(
        "'measures[1].target.date': period 'Dec 2020' is not a period qi can read" in m
        for m in messages
    )


def test_unsafe_ids_are_refused_in_the_charter(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", CHARTER.replace("- id: triage", "- id: ../triage"))
    messages = _messages(root)
    assert any("'change_ideas[0].id': '../triage' is not a valid id" in m for m in messages)


def test_cross_references_are_checked(tmp_path: Path) -> None:
    text = CHARTER.replace("measures: [visits]", "measures: [vists]").replace(
        "- id: share", "- id: visits"
    )
    root = write_project(tmp_path / "p", text)
    messages = _messages(root)
    assert any("id 'visits' is used twice" in m for m in messages)
    assert any(
        "change idea 'triage' links measure 'vists', which the charter does not define" in m
        and "did you mean 'visits'?" in m
        for m in messages
    )


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p", CHARTER.replace("title: Demo project", "title: [Demo project")
    )
    [message] = _messages(root)
    assert message.startswith(f"{root / 'charter.yaml'}:")
    assert "malformed YAML" in message
    assert "fix: check indentation, colons and quotes near that line" in message


def test_empty_charter_says_what_was_found(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "# nothing here\n")
    [message] = _messages(root)
    assert "expected a mapping of fields, found an empty file" in message


def test_missing_folder_and_missing_charter(tmp_path: Path) -> None:
    assert "project folder not found" in _messages(tmp_path / "nope")[0]
    (tmp_path / "empty").mkdir()
    message = _messages(tmp_path / "empty")[0]
    assert "charter.yaml: file not found" in message
    assert "run `qi init` to create a project" in message


def test_pdsa_cycle_model_fields_and_id() -> None:
    cycle = PDSACycle.model_validate(
        {
            "change_idea": "triage",
            "cycle_number": 2,
            "title": "t",
            "previous": "triage-001",
            "plan": {
                "objective": "o",
                "questions": ["q"],
                "predictions": ["p"],
                "who": "w",
                "what": "w",
                "where": "w",
                "when": "w",
                "data_to_collect": "d",
            },
            "do": {"what_happened": "x", "observations": "y", "problems": "z"},
            "study": {"results": "r", "predictions_met": "partly", "learning": "l"},
            "act": {"decision": "adapt", "next_step": "n"},
            "scale": {"n": 3, "of": 40, "unit": "families"},
            "notes": [{"date": "2020-01-01", "author": "A", "text": "t"}],
        }
    )
    assert cycle.id == "triage-002" == cycle_id("triage", 2)
    assert cycle.act.decision == "adapt"


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ({"act": {"decision": "adopted"}}, "unknown decision 'adopted' (did you mean 'adopt'?)"),
        ({"status": "done"}, "unknown cycle status 'done'"),
        ({"cycle_number": 0}, "greater than or equal to 1"),
        ({"start": "2020-02-01", "end": "2020-01-01"}, "end 2020-01-01 is before start 2020-02-01"),
        ({"study": {"predictions_met": "maybe"}}, "Input should be 'yes', 'no' or 'partly'"),
        ({"plan": {"prediction": ["x"]}}, "unknown field 'prediction'"),
    ],
)
def test_pdsa_cycle_problems(patch: dict, expected: str) -> None:
    tree = {"change_idea": "triage", "cycle_number": 1, "title": "t", **patch}
    model, problems = build(PDSACycle, tree, file="c.yaml")
    assert model is None
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]
    if "prediction" in patch.get("plan", {}):
        assert "did you mean 'predictions'?" in str(problems[0])


def test_model_at_finds_nested_models() -> None:
    assert model_at(Charter, ["measures", 0, "target"]).__name__ == "Target"
    assert model_at(PDSACycle, ["notes", 3]).__name__ == "Note"
    assert model_at(Charter, ["title"]) is None


def test_score_entry_needs_a_rationale() -> None:
    with pytest.raises(Exception, match="a score needs a rationale"):
        ScoreEntry(date="2020-01-01", score=3, rationale="   ")


def test_not_a_mapping_is_a_clear_problem() -> None:
    _, problems = build(PDSACycle, ["a", "list"], file="c.yaml")
    assert isinstance(problems[0], ValidationError)
    assert "expected a mapping of fields, found a list" in str(problems[0])


def test_unknown_rule_set_is_refused_with_the_valid_ones(tmp_path: Path) -> None:
    text = CHARTER.replace(
        "    improvement: up\n  - id: share", "    improvement: up\n    rules: anhoj\n  - id: share"
    )
    root = write_project(tmp_path / "p", text)
    [message] = _messages(root)
    assert ":15, 'measures[0].rules': unknown rule set 'anhoj'" in message
    assert "did you mean 'anhoej'?" in message


def test_measure_periods_must_fit_the_frequency(tmp_path: Path) -> None:
    text = CHARTER.replace(
        "target: {value: 50, date: 2020-12}",
        "frequency: monthly\n    target: {value: 50, date: 2020/21}\n    phases:\n"
        "      - {start: 2020 Q3, label: New}",
    )
    root = write_project(tmp_path / "p", text)
    messages = _messages(root)
    assert any(
        "'measures[1].target.date': period '2020/21' is a financial year period but the measure is monthly"
        in m
        for m in messages
    )
    assert any(
        "'measures[1].phases[0].start': period '2020 Q3' is a quarterly period" in m
        for m in messages
    )
