"""`qi validate`: the charter template's instructions left in are warned about; one broken
PDSA cycle is one problem, not also a "previous cycle does not exist" on the next cycle."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qi.cli import main
from qi.project.store import validate_project
from qi.project.validate import placeholder_warnings, skeleton_placeholders


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_skeletons_instructions_are_the_placeholders() -> None:
    # qi/templates/skeleton/charter.yaml: the aim statement and the why are instructions; the
    # plan's stages and the score scale are real defaults and are not flagged
    assert skeleton_placeholders() == [
        ("aim.statement", "State what will improve, for whom, by how much and by when."),
        ("why", "Why this matters, with the data that show the problem."),
    ]


def test_a_fresh_project_is_valid_but_warned_about(tmp_path: Path) -> None:
    root = tmp_path / "falls"
    assert run("init", root).exit_code == 0
    result = run("validate", root)
    assert result.exit_code == 0
    assert f"ok: {root} is valid (2 warning(s) above)" in result.stdout
    charter = root / "charter.yaml"
    assert (
        f"warning: {charter}:14, 'aim.statement': still holds the template's text "
        "'State what will improve, for whom, by how much and by when.'"
    ) in result.stderr
    assert f"warning: {charter}:19, 'why': still holds the template's text" in result.stderr


def test_replaced_text_is_not_warned_about_and_kept_text_is(tmp_path: Path) -> None:
    root = tmp_path / "falls"
    run("init", root)
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    text = text.replace(
        "State what will improve, for whom, by how much and by when.",
        "Reduce falls on Ward 3 by half by March 2027.",
    )
    # the team wrote their reason under the instruction but left the instruction in
    text = text.replace(
        "  Why this matters, with the data that show the problem.\n",
        "  Why this matters, with the data that show the\n  problem. 40 falls a month.\n",
    )
    charter.write_text(text, encoding="utf-8")
    [warning] = placeholder_warnings(charter)
    assert warning.field == "why" and warning.line == 19
    assert run("validate", root).stdout.strip() == f"ok: {root} is valid (1 warning(s) above)"


def test_the_example_portfolio_has_no_template_text() -> None:
    examples = Path(__file__).resolve().parents[2] / "data" / "examples"
    result = run("validate", examples)
    assert result.exit_code == 0 and "warning" not in result.output


def test_an_invalid_cycle_is_one_problem(project_dir: Path) -> None:
    folder = project_dir / "pdsa" / "triage"
    (folder / "triage-001.yaml").write_text(
        "change_idea: triage\ncycle_number: 1\ntitle: First\nstatus: finished\n", encoding="utf-8"
    )
    (folder / "triage-002.yaml").write_text(
        "change_idea: triage\ncycle_number: 2\ntitle: Second\nstatus: planned\nprevious: triage-001\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_project(project_dir)]
    assert len(problems) == 1, problems
    assert "'status'" in problems[0] and "does not exist" not in problems[0]


def test_a_missing_previous_cycle_is_still_reported(project_dir: Path) -> None:
    folder = project_dir / "pdsa" / "triage"
    (folder / "triage-002.yaml").write_text(
        "change_idea: triage\ncycle_number: 2\ntitle: Second\nstatus: planned\nprevious: triage-009\n",
        encoding="utf-8",
    )
    [problem] = [str(p) for p in validate_project(project_dir)]
    assert "previous cycle 'triage-009' does not exist" in problem
