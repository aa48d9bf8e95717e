"""The project commands through click's CliRunner: output, exit codes, every error message."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qi.cli import main

from .conftest import CHARTER, EXAMPLES, write_project


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_then_validate(tmp_path: Path) -> None:
    result = run("init", tmp_path / "falls", "--title", "Fewer falls")
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "qi validate" in result.output
    ok = run("validate", tmp_path / "falls")
    assert ok.exit_code == 0 and ok.stdout.startswith(
        "ok:"
    )  # the template-text warnings go to stderr
    again = run("init", tmp_path / "falls")
    assert again.exit_code == 2
    assert "error:" in again.output and "the folder already exists and is not empty" in again.output


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    text = CHARTER.replace("lead: A Lead", "laed: A Lead").replace("type: process", "type: proces")
    root = write_project(
        tmp_path / "p", text, data="measure,period,value\nvisits,2020-13,1\nnope,2020-01,1\n"
    )
    result = run("validate", root)
    assert result.exit_code == 1
    assert "3 problem(s) in" in result.output
    assert f"{root / 'charter.yaml'}:4, 'laed': unknown field 'laed'" in result.output
    assert "unknown measure type 'proces'" in result.output
    # the data file is still checked against the measures that are valid on their own
    assert f"{root / 'data' / 'measures.csv'}:3, 'measure': unknown measure 'nope'" in result.output
    assert "Traceback" not in result.output


def test_validate_data_problems_name_file_and_line(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p", data="measure,period,value\nvisits,2020-13,1\nvisitz,2020-01,1\n"
    )
    result = run("validate", root)
    assert result.exit_code == 1
    data = root / "data" / "measures.csv"
    assert f"- {data}:2, 'period': period '2020-13' is not a real date" in result.output
    assert f"- {data}:3, 'measure': unknown measure 'visitz'" in result.output


def test_validate_the_example_portfolio() -> None:
    result = run("validate", EXAMPLES)
    assert result.exit_code == 0, result.output
    for project in ("kinship", "kinship_team", "fostering", "sufficiency", "permanence"):
        assert run("validate", EXAMPLES / project).exit_code == 0


def test_pdsa_new_note_list(project_dir: Path) -> None:
    new = run("pdsa", "new", project_dir, "--change-idea", "triage")
    assert new.exit_code == 0 and new.output.strip() == "triage-002"
    note = run(
        "pdsa",
        "note",
        project_dir,
        "triage-002",
        "Went well",
        "--author",
        "Kelly",
        "--date",
        "2020-05-01",
    )
    assert note.exit_code == 0 and "note added to triage-002" in note.output
    text = (project_dir / "pdsa" / "triage" / "triage-002.yaml").read_text()
    assert "# PDSA cycle triage-002" in text and "author: Kelly" in text
    table = run("pdsa", "list", project_dir)
    assert table.exit_code == 0
    assert "triage-001" in table.output and "triage-002" in table.output
    listed = json.loads(
        run("pdsa", "list", project_dir, "--change-idea", "triage", "--format", "json").output
    )
    assert [r["cycle_id"] for r in listed] == ["triage-001", "triage-002"]
    assert listed[1]["previous"] == "triage-001" and listed[0]["start"] is None
    assert set(listed[0]) == {
        "cycle_id",
        "change_idea",
        "cycle_number",
        "title",
        "start",
        "end",
        "scale",
        "status",
        "decision",
        "previous",
        "measures",
    }


def test_pdsa_list_json_dates_on_the_example() -> None:
    listed = json.loads(run("pdsa", "list", EXAMPLES / "kinship", "--format", "json").output)
    first = next(r for r in listed if r["cycle_id"] == "assessment_process-001")
    assert (first["start"], first["end"], first["decision"]) == (
        "2019-08-05",
        "2019-08-26",
        "adapt",
    )


def test_pdsa_errors(project_dir: Path) -> None:
    missing = run("pdsa", "new", project_dir, "--change-idea", "triag")
    assert missing.exit_code == 2
    assert (
        "unknown change idea 'triag'" in missing.output
        and "did you mean 'triage'?" in missing.output
    )
    escape = run("pdsa", "new", project_dir, "--change-idea", "../x")
    assert escape.exit_code == 2 and "'../x' is not a valid id" in escape.output
    no_cycle = run("pdsa", "note", project_dir, "triage-042", "t", "--author", "A")
    assert no_cycle.exit_code == 2 and "no PDSA cycle 'triage-042'" in no_cycle.output
    assert "qi pdsa list PATH" in no_cycle.output
    bad_date = run(
        "pdsa", "note", project_dir, "triage-001", "t", "--author", "A", "--date", "01/02/2020"
    )
    assert bad_date.exit_code == 2 and "date '01/02/2020' is not a date" in bad_date.output
    no_author = run("pdsa", "note", project_dir, "triage-001", "t")
    assert no_author.exit_code == 2 and "Missing option '--author'" in no_author.output
    unknown_idea = run("pdsa", "list", project_dir, "--change-idea", "zzz")
    assert unknown_idea.exit_code == 2 and "unknown change idea 'zzz'" in unknown_idea.output


def test_score_set_and_check(project_dir: Path) -> None:
    result = run(
        "score",
        "set",
        project_dir,
        "6",
        "--rationale",
        "Feels right",
        "--by",
        "Ann",
        "--date",
        "2020-06-30",
    )
    assert result.exit_code == 0 and "score 6 recorded for 2020-06-30" in result.output
    check = run("score", "check", project_dir, "--format", "json")
    assert check.exit_code == 0
    payload = json.loads(check.output)
    assert set(payload) == {"current", "supported", "reasons"}
    assert payload["current"] == 6 and payload["supported"] == 4
    assert payload["reasons"][-1] == "the recorded score 6 is above the 4 the evidence supports"
    text = run("score", "check", project_dir)
    assert text.output.startswith("recorded score: 6; the evidence supports: 4")


def test_score_errors(project_dir: Path) -> None:
    off = run("score", "set", project_dir, "11", "--rationale", "r")
    assert off.exit_code == 2 and "score 11 is not on the scale 'ihi_1_10'" in off.output
    assert "use one of: 1, 2, 3" in off.output
    empty = run("score", "set", project_dir, "3", "--rationale", " ")
    assert empty.exit_code == 2 and "a score needs a rationale" in empty.output
    bad_date = run("score", "set", project_dir, "3", "--rationale", "r", "--date", "2020-02-30")
    assert bad_date.exit_code == 2 and "date '2020-02-30' is not a date" in bad_date.output
    not_number = run("score", "set", project_dir, "three", "--rationale", "r")
    assert not_number.exit_code == 2 and "'three' is not a valid float" in not_number.output


def test_import_data(project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "more.csv"
    source.write_text("measure,period,value\nvisits,2020-03,4\n")
    result = run("import-data", project_dir, source)
    assert result.exit_code == 0 and "1 row(s) added, 0 replaced" in result.output
    source.write_text("measure,period,value\nvisits,2020-03,four\n")
    bad = run("import-data", project_dir, source)
    assert bad.exit_code == 2 and f"{source}:2, 'value': value 'four' is not a number" in bad.output


def test_commands_on_a_missing_project(tmp_path: Path) -> None:
    result = run("pdsa", "list", tmp_path / "nowhere")
    assert result.exit_code == 2 and "project folder not found" in result.output
    assert "Traceback" not in result.output


def test_file_system_errors_are_clean_messages(project_dir: Path, monkeypatch) -> None:
    import qi.project.commands as store  # the writes moved to qi.project.commands

    def denied(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(store, "atomic_write_text", denied)
    result = run("score", "set", project_dir, "3", "--rationale", "r")
    assert result.exit_code == 1
    assert (
        f"error: cannot read or write '{project_dir / 'scores.csv'}': Permission denied"
        in result.output
    )
    assert "nothing was changed" in result.output and "Traceback" not in result.output


def test_files_that_are_not_utf8_are_named(project_dir: Path) -> None:
    (project_dir / "scores.csv").write_bytes(b"date,score,rationale\n2020-01-01,3,caf\xe9\n")
    result = run("validate", project_dir)
    assert result.exit_code == 1
    assert f"{project_dir / 'scores.csv'}: not UTF-8 text (byte 37)" in result.output
    assert "save the file as UTF-8" in result.output
    (project_dir / "charter.yaml").unlink()
    (project_dir / "charter.yaml").mkdir()
    result = run("validate", project_dir)
    assert "charter.yaml: cannot read the file: Is a directory" in result.output


def test_import_data_from_excel(project_dir: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(["measure", "period", "value", "denominator", "note"])
    ws.append(["share", "2020-02", 12, 40, "from the tracker"])
    ws.append(["visits", "2020-02", 9, None, None])  # replaces the CSV's 5
    path = tmp_path / "tracker.xlsx"
    wb.save(path)
    result = run("import-data", project_dir, path)
    assert result.exit_code == 0 and "1 row(s) added, 1 replaced" in result.output
    text = (project_dir / "data" / "measures.csv").read_text()
    assert "share,2020-02,12,40,from the tracker" in text and "visits,2020-02,9,," in text
    ws.append(["share", "2020-03", 1, 0, None])
    wb.save(path)
    bad = run("import-data", project_dir, path)
    assert bad.exit_code == 2
    assert f"{path}[Tracker], 'denominator': denominator 0 is not above zero (rows 4)" in bad.output
