"""The remaining error messages of qi.project, one test each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qi
from qi.errors import ValidationError
from qi.project.scores import parse_scores
from qi.project.store import add_note, new_cycle, validate_portfolio, validate_project

from .conftest import CHARTER, EXAMPLES, write_project


def _messages(root: Path) -> list[str]:
    return [str(p) for p in validate_project(root)]


def test_from_file_must_be_a_mapping(project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "c.yaml"
    source.write_text("- just\n- a list\n")
    with pytest.raises(ValidationError, match="expected a mapping of cycle fields"):
        new_cycle(project_dir, "triage", from_file=source)


def test_note_on_a_cycle_whose_notes_are_not_a_list(project_dir: Path) -> None:
    file = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    text = file.read_text()
    file.write_text(text[: text.index("notes:")] + "notes: one note\n")
    with pytest.raises(ValidationError) as err:
        add_note(project_dir, "triage-001", "t", author="A")
    assert str(err.value).startswith(f"{file}:8, 'notes': notes must be a list")


def test_pdsa_folder_names_and_stray_files(project_dir: Path) -> None:
    (project_dir / "pdsa" / "bad name").mkdir()
    (project_dir / "pdsa" / "stray.yaml").write_text("title: x\n")
    (project_dir / "pdsa" / "notes.txt").write_text("ignored\n")
    messages = _messages(project_dir)
    assert any(
        "folder name 'bad name' is not a valid change idea id" in m
        and "fix: rename the folder to the change idea's id" in m
        for m in messages
    )
    assert any(
        "stray.yaml: unexpected file in pdsa/ (cycles live in pdsa/<change-idea>/)" in m
        for m in messages
    )
    assert len(messages) == 2


def test_phase_naming_an_unknown_change_idea(tmp_path: Path) -> None:
    text = CHARTER.replace(
        "    target: {value: 50, date: 2020-12}",
        "    phases:\n      - {start: 2020-06, label: New, change_idea: triag}",
    )
    root = write_project(tmp_path / "p", text)
    [message] = _messages(root)
    assert (
        "'measures[1].phases[0].change_idea': phase 'New' names change idea 'triag', which the charter does not define"
        in message
    )
    assert "fix: change ideas: triage" in message


def test_duplicate_project_ids_in_a_portfolio(tmp_path: Path) -> None:
    for name in ("one", "two"):
        shutil.copytree(EXAMPLES / "kinship_team", tmp_path / name)
    (tmp_path / "portfolio.yaml").write_text("name: P\n")
    # issue 11 (finding 4): `qi validate` refuses them too, naming the second charter's id line
    [problem] = validate_portfolio(tmp_path)
    assert (problem.file, problem.line) == (str(tmp_path / "two" / "charter.yaml"), 5)
    assert f"used twice: kinship_team (also the id of the project in '{tmp_path / 'one'}')" in str(
        problem
    )
    with pytest.raises(ValidationError) as err:
        qi.load_portfolio(tmp_path)
    assert "project id(s) used twice: kinship_team" in str(err.value)
    assert "give each charter its own id" in str(err.value)


def test_scores_with_an_unknown_column() -> None:
    with pytest.raises(ValidationError) as err:
        parse_scores("date,score,rationale,who\n", file="scores.csv")
    assert str(err.value).startswith(
        "scores.csv:1: unknown column(s) who; found: date, score, rationale, who"
    )
    assert "fix: the header must be: date,score,rationale,scored_by" in str(err.value)


# --- the shared wording: qi.project.messages ------------------------------------------------
def test_a_validator_s_message_is_its_own_text_without_pydantic_s_prefix() -> None:
    import pydantic

    from qi.project.messages import pydantic_message
    from qi.project.model import ScoreEntry

    with pytest.raises(pydantic.ValidationError) as err:
        ScoreEntry(date="2020-01-01", score=3, rationale="  ")
    (item,) = err.value.errors()
    assert item["msg"] == "Value error, a score needs a rationale"  # pydantic's wording
    assert pydantic_message(item) == "a score needs a rationale"  # the validator's


def test_other_pydantic_messages_are_kept_whole() -> None:
    import pydantic

    from qi.project.messages import pydantic_message
    from qi.project.model import ScoreEntry

    with pytest.raises(pydantic.ValidationError) as err:
        ScoreEntry(date="2020-01", score="x", rationale="r")
    items = {str(i["loc"][0]): i for i in err.value.errors()}
    # a date's ctx["error"] ("input is too short") is only a detail of pydantic's message
    assert items["date"]["ctx"]["error"] == "input is too short"
    assert pydantic_message(items["date"]) == items["date"]["msg"]
    assert pydantic_message(items["date"]).startswith("Input should be a valid date")
    assert pydantic_message(items["score"]) == items["score"]["msg"]


def test_a_score_row_without_rationale_says_so_plainly() -> None:
    text = "date,score,rationale\n2020-01-01,3, \n"
    entries, problems = parse_scores(text, file="scores.csv")
    assert entries == []
    assert str(problems[0]) == (
        "scores.csv:2, 'rationale': a score needs a rationale (found ' ')"
        "\n  fix: dates are YYYY-MM-DD, scores are numbers"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vists", "did you mean 'visits'? "),  # one letter missing
        ("complaint", "did you mean 'complaints'? "),
        ("zzzz", ""),  # nothing near: the hint goes straight on to list the names
    ],
)
def test_did_you_mean(name: str, expected: str) -> None:
    from qi.project.messages import did_you_mean

    assert did_you_mean(name, ["visits", "complaints"]) == expected
