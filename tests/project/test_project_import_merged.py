"""`qi import-data` checks the merged data as `qi validate` does, and reads a named Excel sheet."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qi.cli import main


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_row_without_denominator_for_a_measure_that_has_them_is_refused(
    project_dir: Path, tmp_path: Path
) -> None:
    # data/measures.csv has "share,2020-01,10,40" (line 4); the import has no denominator.
    data = project_dir / "data" / "measures.csv"
    before = data.read_bytes()
    source = tmp_path / "more.csv"
    source.write_text("measure,period,value\nshare,2020-02,12\n")
    result = run("import-data", project_dir, source)
    assert result.exit_code == 2, result.output
    assert (
        f"{source}, 'denominator': importing would leave {data} invalid: measure 'share' has "
        f"denominators on some rows but not on others (at {source} line 2)"
    ) in result.output
    assert "nothing was imported" in result.output
    assert data.read_bytes() == before
    assert run("validate", project_dir).exit_code == 0
    # with its denominator the same row goes in, and the project still validates
    source.write_text("measure,period,value,denominator\nshare,2020-02,12,40\n")
    assert run("import-data", project_dir, source).exit_code == 0
    assert run("validate", project_dir).exit_code == 0


def test_rows_of_the_data_file_are_named_with_their_own_lines(
    project_dir: Path, tmp_path: Path
) -> None:
    # the import gives denominators to visits, whose rows in the data file (lines 2, 3) have none
    data = project_dir / "data" / "measures.csv"
    source = tmp_path / "more.csv"
    source.write_text("measure,period,value,denominator\nvisits,2020-03,4,10\n")
    result = run("import-data", project_dir, source)
    assert result.exit_code == 2
    assert f"(at {data} lines 2, 3)" in result.output


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["read me first"])
    data = wb.create_sheet("Data")
    data.append(["measure", "period", "value"])
    data.append(["visits", "2020-03", 7])
    wb.save(path)
    return path


def test_sheet_option_reads_the_named_sheet(project_dir: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "tracker.xlsx")
    first = run("import-data", project_dir, book)
    assert first.exit_code == 2 and "missing column(s) measure, period, value" in first.output
    result = run("import-data", project_dir, book, "--sheet", "Data")
    assert result.exit_code == 0, result.output
    assert f"imported {book}[Data]: 1 row(s) added, 0 replaced" in result.output
    assert "visits,2020-03,7,," in (project_dir / "data" / "measures.csv").read_text()


def test_unknown_sheet_lists_the_sheets_once(project_dir: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "tracker.xlsx")
    result = run("import-data", project_dir, book, "--sheet", "data")
    assert result.exit_code == 2
    assert "unknown sheet 'data'" in result.output and "did you mean 'Data'?" in result.output
    assert result.output.count("Notes, Data") == 1


def test_sheet_on_a_csv_is_refused(project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "more.csv"
    source.write_text("measure,period,value\nvisits,2020-03,4\n")
    result = run("import-data", project_dir, source, "--sheet", "Data")
    assert result.exit_code == 2 and "--sheet applies to Excel workbooks only" in result.output


def test_unknown_measure_lists_its_choices_once(project_dir: Path) -> None:
    import pytest

    import qi

    project = qi.load_project(project_dir)
    with pytest.raises(qi.ValidationError) as err:
        project.measure("visit")
    text = str(err.value)
    assert "unknown measure 'visit'; choose one of: visits, share" in text
    assert text.count("visits, share") == 1 and "did you mean 'visits'?" in text
