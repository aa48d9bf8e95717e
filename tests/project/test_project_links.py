"""One symlink policy for every reader and writer; terminal output is sanitised (issue 11,
findings 10 and 14). A link that stays inside the project is followed; one that leaves it is
refused, by ``qi validate`` and by every command alike."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qi.cli import main
from qi.errors import ValidationError
from qi.project.store import add_note, load_project, set_score, validate_project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")


def test_a_pdsa_folder_linked_outside_is_neither_read_nor_written(
    project_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(project_dir / "pdsa" / "triage", outside)
    (project_dir / "pdsa" / "triage").symlink_to(outside, target_is_directory=True)
    before = (outside / "triage-001.yaml").read_bytes()
    [problem] = validate_project(project_dir)
    assert problem.message == f"this file is a link to '{outside}', outside '{project_dir}'"
    with pytest.raises(ValidationError, match="this cycle file is a link to"):
        add_note(project_dir, "triage-001", "n", author="A", date=dt.date(2020, 2, 1))
    assert (outside / "triage-001.yaml").read_bytes() == before


def test_a_link_inside_the_project_is_followed(project_dir: Path) -> None:
    data = project_dir / "data" / "measures.csv"
    shutil.move(data, project_dir / "data" / "real.csv")
    data.symlink_to("real.csv")
    assert len(load_project(project_dir).data) == 3
    scores = project_dir / "scores.csv"
    shutil.move(scores, project_dir / "history.csv")
    scores.symlink_to("history.csv")
    set_score(project_dir, 3, rationale="through the link", date=dt.date(2020, 3, 1))
    assert scores.is_symlink() and "through the link" in (project_dir / "history.csv").read_text()


def test_a_data_file_linked_outside_is_refused(project_dir: Path, tmp_path: Path) -> None:
    data = project_dir / "data" / "measures.csv"
    shutil.move(data, tmp_path / "secret.csv")
    data.symlink_to(tmp_path / "secret.csv")
    assert [p.message for p in validate_project(project_dir)] == [
        f"this file is a link to '{tmp_path / 'secret.csv'}', outside '{project_dir}'"
    ]


def test_a_score_scale_outside_the_project_is_refused(project_dir: Path) -> None:
    charter = project_dir / "charter.yaml"
    charter.write_text(charter.read_text() + "score_scale: ../../x.yaml\n")
    [problem] = validate_project(project_dir)
    assert problem.message.startswith("this score scale file is a link to")
    assert problem.field == "score_scale"


def test_terminal_escapes_in_user_text_are_shown_not_obeyed(project_dir: Path) -> None:
    cycle = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    cycle.write_text(
        cycle.read_text().replace(
            "title: First test", 'title: "Evil \\e[2J\\e]52;c;SGVsbG8=\\a\\u202e"'
        )
    )
    result = CliRunner().invoke(main, ["pdsa", "list", str(project_dir)])
    assert result.exit_code == 0, result.output
    assert (
        "\x1b" not in result.output
        and "\x07" not in result.output
        and "\u202e" not in result.output
    )
    assert "Evil \\x1b[2J\\x1b]52;c;SGVsbG8=\\x07\\u202e" in result.output
    cycle.write_text(cycle.read_text().replace("status: planned", 'status: "\\e[31mred"'))
    result = CliRunner().invoke(main, ["validate", str(project_dir)])
    assert "\x1b" not in result.output and "\\x1b[31mred" in result.output
