"""`qi chart` reads a project's own data file (its '#' comment lines) and charts a project's
measure as the charter defines it: `qi chart PROJECT --measure ID [--png FILE]`."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from qi.cli import main

DATA = (
    "# Measure data written by qi: these comment lines come first.\n"
    "# A second comment line.\n"
    "measure,period,value,denominator,note\n"
    + "".join(
        f"visits,2020-{m:02d},{v},,\n"
        for m, v in zip(range(1, 13), [3, 5, 4, 6, 5, 4, 6, 5, 4, 3, 5, 40], strict=True)
    )
)


def run(*args: object):
    return CliRunner().invoke(main, ["chart", *[str(a) for a in args]])


@pytest.fixture
def charted(project_dir: Path) -> Path:
    (project_dir / "data" / "measures.csv").write_text(DATA, encoding="utf-8")
    return project_dir


def test_the_projects_data_file_is_read_past_its_comment_lines(charted: Path) -> None:
    result = run(
        charted / "data" / "measures.csv",
        "--y",
        "value",
        "--x",
        "period",
        "--chart",
        "c",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    out = pd.read_csv(io.StringIO(result.stdout))
    # twelve counts summing to 90: the c chart's centre is their mean, 7.5
    assert len(out) == 12 and out["centre"].iat[0] == pytest.approx(90 / 12)


def test_rows_keep_the_files_line_numbers_after_comment_lines(charted: Path) -> None:
    path = charted / "data" / "measures.csv"
    path.write_text(DATA.replace("visits,2020-03,4,,", "visits,2020-03,-4,,"), encoding="utf-8")
    result = run(path, "--y", "value", "--x", "period", "--chart", "c")
    assert result.exit_code == 2
    assert "(rows 6)" in result.stderr  # 2 comment lines, the header on line 3, March on line 6


def test_a_projects_measure_as_the_charter_defines_it(charted: Path, tmp_path: Path) -> None:
    png = tmp_path / "visits.png"
    result = run(charted, "--measure", "visits", "--png", png, "--format", "csv")
    assert result.exit_code == 0, result.output
    out = pd.read_csv(io.StringIO(result.stdout))
    assert out["x"].iat[0] == "2020-01-01" and out["y"].tolist()[-1] == 40
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"saved {png}" in result.stderr
    assert [
        p.name for p in tmp_path.iterdir() if p.name.startswith(".")
    ] == []  # no temporary file left


def test_chart_overrides_the_charters_choice(charted: Path) -> None:
    result = run(charted, "--measure", "visits", "--chart", "c", "--format", "csv")
    out = pd.read_csv(io.StringIO(result.stdout))
    assert out["centre"].iat[0] == pytest.approx(90 / 12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "'--measure': a project folder needs --measure"),
        (
            ["--measure", "visits", "--y", "value"],
            "'--y': --y cannot be used with a project folder",
        ),
        (["--measure", "visit"], "unknown measure 'visit'; choose one of: visits, share"),
    ],
)
def test_project_mistakes_are_clean_errors(charted: Path, args: list[str], message: str) -> None:
    result = run(charted, *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_measure_with_a_csv_and_a_csv_without_y(charted: Path) -> None:
    path = charted / "data" / "measures.csv"
    with_measure = run(path, "--measure", "visits")
    assert (
        with_measure.exit_code == 2
        and "--measure needs a project folder, not a file" in with_measure.output
    )
    no_y = run(path)
    assert no_y.exit_code == 2 and "--y is required for a CSV file" in no_y.output


def test_png_into_a_missing_folder(charted: Path, tmp_path: Path) -> None:
    result = run(charted, "--measure", "visits", "--png", tmp_path / "nowhere" / "v.png")
    assert result.exit_code == 2 and "the folder for the picture does not exist" in result.output


def test_a_picture_that_cannot_be_written_is_a_clean_error(
    charted: Path, tmp_path: Path, monkeypatch
) -> None:
    import os

    def denied(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", denied)
    png = tmp_path / "v.png"
    result = run(charted, "--measure", "visits", "--png", png)
    assert result.exit_code == 1 and f"cannot write '{png}': Permission denied" in result.output
    assert "Traceback" not in result.output and not png.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
