"""Validation matches what reports can draw (issue 11, findings 3, 4, 10 and 11).

Each case here passed ``qi validate`` before and then took down a page or changed data
silently: years outside pandas' range, 1e308, decimal commas, digit separators, duplicate
project ids, a project linked in from outside the portfolio.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from qi.project.data import year_range
from qi.project.store import validate_portfolio, validate_project

from .conftest import EXAMPLES

HEADER = "measure,period,value,denominator,note\n"
LAST = dt.date.today().year + 10  # LATEST_YEARS_AHEAD after this year


def _data_problems(project_dir: Path, rows: str) -> list[tuple[int | None, str, str]]:
    (project_dir / "data" / "measures.csv").write_text(HEADER + rows, encoding="utf-8")
    return [(p.line, p.message, p.hint or "") for p in validate_project(project_dir)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1234,5", "value '1234,5' has a decimal comma or digit separators"),
        ("1.234,5", "value '1.234,5' has a decimal comma or digit separators"),
        ("1,234", "value '1,234' has a decimal comma or digit separators"),
        ("1_000", "value '1_000' has a decimal comma or digit separators"),
        ("1 000", "value '1 000' has a decimal comma or digit separators"),
        ("1e308", "value '1e308' is too large to chart (the limit is +-9.007e+15)"),
        ("-1e20", "value '-1e20' is too large to chart (the limit is +-9.007e+15)"),
    ],
)
def test_numbers_that_used_to_change_silently_or_overflow_are_refused(
    project_dir: Path, value: str, message: str
) -> None:
    problems = _data_problems(project_dir, f'visits,2020-01,"{value}",,\n')
    assert [(line, text) for line, text, _ in problems] == [(2, message)]
    if "comma" in message:
        assert "'1234,5' is 1234.5" in problems[0][2]


def test_plain_numbers_still_read(project_dir: Path) -> None:
    assert (
        _data_problems(
            project_dir,
            "visits,2020-01,9007199254740992,,\nvisits,2020-02,.5,,\n"
            "visits,2020-03,-0,,\nvisits,2020-04,1.5e3,,\n",
        )
        == []
    )


@pytest.mark.parametrize("period", ["3019-07", "1677-09", "0001-01-01", "2999-01-31"])
def test_a_period_far_from_now_is_refused_naming_the_row(project_dir: Path, period: str) -> None:
    problems = _data_problems(project_dir, f"visits,2020-01,3,,\nvisits,{period},4,,\n")
    year = int(period[:4])
    assert [(line, text) for line, text, _ in problems] == [
        (3, f"period '{period}' is in {year}, outside 1900-{LAST}")
    ]


def test_year_range_is_inside_pandas_timestamps() -> None:
    first, last = year_range(dt.date(2026, 6, 1))
    assert (first, last) == (1900, 2036)
    assert 1677 < first and last < 2262  # pd.Timestamp.min / max years


def test_pdsa_and_charter_dates_far_from_now_are_refused_naming_the_line(project_dir: Path) -> None:
    cycle = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    cycle.write_text(
        cycle.read_text().replace("status: planned\n", "status: planned\nstart: 0001-01-01\n")
    )
    charter = project_dir / "charter.yaml"
    charter.write_text(charter.read_text().replace("date: 2020-12}", "date: 3019-12}"))
    problems = sorted(
        (Path(p.file).name, p.line, p.field, p.message) for p in validate_project(project_dir)
    )
    assert problems == [
        (
            "charter.yaml",
            20,
            "measures[1].target.date",
            f"'3019-12' is in 3019, outside 1900-{LAST}",
        ),
        ("triage-001.yaml", 6, "start", f"'0001-01-01' is in 1, outside 1900-{LAST}"),
    ]


def test_a_score_date_far_from_now_is_refused_naming_the_line(project_dir: Path) -> None:
    scores = project_dir / "scores.csv"
    scores.write_text(scores.read_text() + "0001-01-01,3,typo,Ann\n")
    problems = [(p.line, p.message) for p in validate_project(project_dir)]
    assert problems == [(4, f"date '0001-01-01' is in 1, outside 1900-{LAST}")]


def test_duplicate_project_ids_make_one_error_page_not_two_lost_ones(tmp_path: Path) -> None:
    from qi.reports.jobs import discover

    for name in ("one", "two"):
        shutil.copytree(EXAMPLES / "kinship_team", tmp_path / name)
    (tmp_path / "portfolio.yaml").write_text("name: P\n")
    jobs = discover(tmp_path, only="project")
    assert [(j.report, j.problems) for j in jobs] == [
        (
            "kinship_team/project",
            (
                "project id(s) used twice: kinship_team (folders one, two); give each charter its own id",
            ),
        )
    ]


@pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="no symlinks")
def test_a_project_linked_from_outside_the_portfolio_is_refused_everywhere(tmp_path: Path) -> None:
    from qi.reports.jobs import project_folders

    outside = tmp_path / "elsewhere" / "kinship_team"
    shutil.copytree(EXAMPLES / "kinship_team", outside)
    portfolio = tmp_path / "portfolio"
    portfolio.mkdir()
    (portfolio / "portfolio.yaml").write_text("name: P\n")
    (portfolio / "linked").symlink_to(outside, target_is_directory=True)
    [problem] = validate_portfolio(portfolio)
    assert problem.message == f"this project folder is a link to '{outside}', outside '{portfolio}'"
    assert project_folders(portfolio) == []  # and `qi report` does not build it


def _workbook(path: Path, sheet_xml: bytes) -> Path:
    """A workbook made by openpyxl, its sheet replaced by ``sheet_xml``."""
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["measure", "period", "value"])
    plain = path.with_suffix(".plain.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item.filename, data)
    return path


def test_an_xlsx_zip_bomb_is_refused_before_parsing(project_dir: Path, tmp_path: Path) -> None:
    from qi.errors import ValidationError
    from qi.project.store import import_data

    bomb = _workbook(tmp_path / "bomb.xlsx", b"<worksheet>" + b" " * 20_000_000 + b"</worksheet>")
    assert bomb.stat().st_size < 100_000  # 20 MB of XML in a few kB
    with pytest.raises(
        ValidationError,
        match=r"part 'xl/worksheets/sheet1.xml' of the workbook inflates "
        r"[0-9,]+ times, above the 100-times limit",
    ):
        import_data(project_dir, bomb)


def test_an_xlsx_above_the_unpacked_limit_is_refused(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qi.project.data as data_io
    from qi.errors import ValidationError

    monkeypatch.setattr(data_io, "XLSX_MAX_UNCOMPRESSED_BYTES", 1000)
    book = _workbook(tmp_path / "big.xlsx", b"<worksheet>" + b"x" * 2000 + b"</worksheet>")
    with pytest.raises(
        ValidationError, match=r"holds [0-9,]+ bytes once unpacked, above the 1,000-byte limit"
    ):
        data_io.read_excel_file(book, {})
