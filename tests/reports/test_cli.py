"""`qi report` through click's CliRunner: summary, non-zero exit naming failures, bad input.

The runs start from a copy of the session's build, so only the failed report is redone.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from qi.cli import main


def test_report_exits_3_naming_the_failed_reports(real_build, tmp_path):
    out = shutil.copytree(real_build.out, tmp_path / "out")
    result = CliRunner().invoke(
        main, ["report", str(real_build.root), "--out", str(out), "--only", "project", "-q"]
    )
    assert result.exit_code == 3, result.output
    assert "0 built, 2 unchanged, 1 failed" in result.output  # failures are always retried
    assert "1 report(s) failed:" in result.output
    assert "west/project: The project failed validation" in result.output
    assert str(out / "west/project.html") in result.output


def test_report_prints_the_portfolio_page(real_build, tmp_path):
    out = shutil.copytree(real_build.out, tmp_path / "out")
    result = CliRunner().invoke(
        main, ["report", str(real_build.root), "--out", str(out), "--only", "portfolio", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "0 built, 1 unchanged, 0 failed" in result.output
    assert f"portfolio page: {out.resolve() / 'portfolio.html'}" in result.output


def test_bad_arguments_exit_2_with_the_reason(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a folder" in result.output
    result = runner.invoke(main, ["report", str(tmp_path), "--only", "everything"])
    assert result.exit_code == 2
    assert "'everything' is not one of 'change_idea', 'project', 'portfolio'" in result.output
    result = runner.invoke(main, ["report", str(tmp_path), "--as-of", "March 2020"])
    assert result.exit_code == 2
    assert "'as_of': not a date: 'March 2020'" in result.output
