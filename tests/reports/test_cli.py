"""`qi report` through click's CliRunner: summary, non-zero exit naming failures, bad input."""

from __future__ import annotations

from click.testing import CliRunner

from qi.cli import main


def test_report_exits_3_naming_the_failed_reports(real_build, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["report", str(real_build.root), "--out", str(out), "--only", "project", "-q"]
    )
    assert result.exit_code == 3, result.output
    assert "2 built, 0 unchanged, 1 failed" in result.output
    assert "1 report(s) failed:" in result.output
    assert "west/project: The project failed validation" in result.output
    assert str(out / "west/project.html") in result.output
    again = CliRunner().invoke(
        main, ["report", str(real_build.root), "--out", str(out), "--only", "project", "-q"]
    )
    assert again.exit_code == 3
    assert "0 built, 2 unchanged, 1 failed" in again.output  # the failed one is retried


def test_report_prints_the_portfolio_page(real_build, tmp_path):
    result = CliRunner().invoke(
        main, ["report", str(real_build.root), "--out", str(tmp_path), "--only", "portfolio", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert f"portfolio page: {tmp_path.resolve() / 'portfolio.html'}" in result.output


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
