"""The new write commands through click's CliRunner: pdsa show/set/withdraw-note, score correct,
measure and change-idea list/add."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from qi.cli import main
from qi.project.store import load_project


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_pdsa_set_then_show(project_dir: Path) -> None:
    result = run(
        "pdsa",
        "set",
        project_dir,
        "triage-001",
        "do.observations=Two replied, one did not",
        "act.decision=adopt",
        'plan.questions=[Who replies?, "How fast?"]',
        "start=2020-01-06",
    )
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip()
        == "triage-001: set do.observations, act.decision, plan.questions, start"
    )
    cycle = load_project(project_dir).cycle("triage-001")
    assert cycle.do.observations == "Two replied, one did not" and cycle.study.learning is None
    assert cycle.act.decision == "adopt" and cycle.start == dt.date(2020, 1, 6)
    assert cycle.plan.questions == ["Who replies?", "How fast?"]
    shown = run("pdsa", "show", project_dir, "triage-001")
    assert shown.exit_code == 0
    lines = shown.output.splitlines()
    assert lines[0] == "triage-001: First test"
    assert "  Decision (adopt, adapt, abandon): adopt" in lines
    assert "  Questions: - Who replies?" in lines and "    - How fast?" in lines
    assert "  1. 2020-01-05 Ann: First note" in lines


def test_pdsa_set_errors(project_dir: Path) -> None:
    bad = run("pdsa", "set", project_dir, "triage-001", "act.decision=adpot")
    assert (
        bad.exit_code == 2
        and "did you mean 'adopt'?" in bad.output
        and "Traceback" not in bad.output
    )
    assert "triage-001.yaml" in bad.output  # the file is named
    wrong = run("pdsa", "set", project_dir, "triage-001", "study.observations=x")
    assert wrong.exit_code == 2 and "unknown field 'study.observations'" in wrong.output
    assert "'observations' belongs to do.observations" in wrong.output
    nosep = run("pdsa", "set", project_dir, "triage-001", "study.learning")
    assert nosep.exit_code == 2 and "'study.learning' is not FIELD=VALUE" in nosep.output


def test_withdraw_note_from_the_cli(project_dir: Path) -> None:
    result = run(
        "pdsa",
        "withdraw-note",
        project_dir,
        "triage-001",
        "1",
        "--reason",
        "duplicate",
        "--by",
        "Ann",
    )
    assert result.exit_code == 0, result.output
    shown = run("pdsa", "show", project_dir, "triage-001").output
    assert f"1. 2020-01-05 Ann: First note [withdrawn {dt.date.today()} by Ann: duplicate]" in shown
    again = run(
        "pdsa", "withdraw-note", project_dir, "triage-001", "1", "--reason", "x", "--by", "Ann"
    )
    assert again.exit_code == 2 and "already withdrawn" in again.output


def test_score_correct(project_dir: Path) -> None:
    result = run(
        "score",
        "correct",
        project_dir,
        "2020-01-31",
        "3",
        "--rationale",
        "Team in place",
        "--reason",
        "typo",
        "--by",
        "Ann",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "score of 2020-01-31 corrected to 3"
    assert load_project(project_dir).scores["score"].tolist() == [3.0]
    missing = run(
        "score", "correct", project_dir, "2020-02-01", "3", "--rationale", "r", "--reason", "x"
    )
    assert missing.exit_code == 2 and "no score recorded on 2020-02-01" in missing.output
    assert "scores recorded on: 2020-01-31" in missing.output
    baddate = run(
        "score", "correct", project_dir, "31/01/2020", "3", "--rationale", "r", "--reason", "x"
    )
    assert baddate.exit_code == 2 and "write the date as YYYY-MM-DD" in baddate.output


def test_measure_and_change_idea_list_and_add(project_dir: Path) -> None:
    listed = run("measure", "list", project_dir).output.splitlines()
    assert listed[0].split() == ["id", "type", "unit", "improvement", "points", "name"]
    assert listed[1].split() == ["visits", "process", "count", "up", "2", "Visits"]
    added = run(
        "measure",
        "add",
        project_dir,
        "waits",
        "--name",
        "Days waiting",
        "--type",
        "outcome",
        "--unit",
        "days",
        "--improvement",
        "down",
    )
    assert added.exit_code == 0, added.output
    assert run("measure", "list", project_dir).output.splitlines()[3].split() == [
        "waits",
        "outcome",
        "days",
        "down",
        "0",
        "Days",
        "waiting",
    ]
    idea = run(
        "change-idea",
        "add",
        project_dir,
        "letters",
        "--title",
        "Plain letters",
        "--measure",
        "waits",
    )
    assert idea.exit_code == 0, idea.output
    ideas = run("change-idea", "list", project_dir).output.splitlines()
    assert ideas[1].split()[:4] == ["triage", "idea", "1", "visits"]
    assert ideas[2].split()[:4] == ["letters", "idea", "0", "waits"]
    bad = run("change-idea", "add", project_dir, "x", "--title", "X", "--measure", "nope")
    assert bad.exit_code == 2 and "links measure 'nope'" in bad.output


def test_pdsa_new_with_fields(project_dir: Path) -> None:
    result = run(
        "pdsa",
        "new",
        project_dir,
        "--change-idea",
        "triage",
        "start=2020-02-03",
        "plan.objective=Phone first",
        "plan.predictions=[Half reply]",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "triage-002"
    cycle = load_project(project_dir).cycle("triage-002")
    assert cycle.plan.objective == "Phone first" and cycle.plan.predictions == ["Half reply"]
    assert cycle.plan.predictions_written is None  # a past cycle: qi does not claim today
