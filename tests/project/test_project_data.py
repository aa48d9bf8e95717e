"""Tidy measure data: CSV and Excel reading, every error message, merging on import."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qi.errors import ProblemList, ValidationError
from qi.project.data import merge, read_csv_text, read_excel_file, to_csv_text
from qi.project.model import Measure

MEASURES = {
    "visits": Measure(
        id="visits", name="Visits", type="process", unit="count", frequency="monthly"
    ),
    "share": Measure(
        id="share", name="Share", type="outcome", unit="percentage", frequency="quarterly"
    ),
    "fy": Measure(id="fy", name="Yearly", type="outcome", unit="days", frequency="financial_year"),
}


def _read(body: str) -> tuple[pd.DataFrame, list[str]]:
    frame, problems = read_csv_text(
        "measure,period,value,denominator,note\n" + body, MEASURES, file="m.csv"
    )
    return frame, [str(p) for p in problems]


def test_reads_all_period_forms_and_comments() -> None:
    frame, problems = _read(
        "# a comment line\nvisits,2019-07,3,,first\nvisits,2019-08-31,4,,\n"
        "share,2016 Q1,10,40,\nfy,2016/17,329.9,,\n"
    )
    assert problems == []
    assert list(frame["period"]) == [
        pd.Timestamp("2019-07-01"),
        pd.Timestamp("2019-08-01"),
        pd.Timestamp("2016-01-01"),
        pd.Timestamp("2016-04-01"),
    ]
    assert frame["value"].tolist() == [3.0, 4.0, 10.0, 329.9]
    assert frame["denominator"].isna().tolist() == [True, True, False, True]
    assert frame["line"].tolist() == [3, 4, 5, 6]  # header on line 1, comment on line 2
    assert frame["note"].tolist()[0] == "first"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "vists,2019-07,3,,\n",
            "m.csv:2, 'measure': unknown measure 'vists'\n  fix: did you mean 'visits'?",
        ),
        ("visits,July,3,,\n", "m.csv:2, 'period': period 'July' is not a period qi can read"),
        ("visits,2019-07,three,,\n", "m.csv:2, 'value': value 'three' is not a number"),
        ("visits,2019-07,,,\n", "m.csv:2, 'value': value is empty"),
        ("visits,2019-07,3,0,\n", "m.csv:2, 'denominator': denominator 0 is not above zero"),
        ("share,2019 Q1,50,40,\n", "m.csv:2, 'value': value 50 is above its denominator 40"),
        (
            "visits,2019-07,3,,\nvisits,2019-07-15,4,,\n",
            "m.csv:3, 'period': measure 'visits' has two rows for period 2019-07\n  fix: keep one of them (the other is at line 2)",
        ),
        ("visits,2019-07,inf,,\n", "m.csv:2, 'value': value 'inf' is not a finite number"),
        (
            "visits,2019-07,-2,,\n",
            "m.csv:2, 'value': value -2 is negative, but a measure in count cannot be",
        ),
        (
            "share,2019-07-01,3,10,\nshare,2019-08,3,10,\n",
            "m.csv:3, 'period': measure 'share' has two rows for period 2019 Q3",
        ),
        (
            "share,2016/17,3,10,\n",
            "m.csv:2, 'period': period '2016/17' is a financial year period but the measure is quarterly",
        ),
    ],
)
def test_row_errors_name_file_line_and_fix(body: str, expected: str) -> None:
    _, problems = _read(body)
    assert any(p.startswith(expected) for p in problems), problems


def test_all_row_problems_are_reported_together() -> None:
    _, problems = _read(
        "vists,2019-07,3,,\nvisits,July,3,,\nvisits,2019-09,x,,\nvisits,2019-10,1,,\n"
    )
    assert [p.split(",")[0] for p in problems] == ["m.csv:2", "m.csv:3", "m.csv:4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "measure,value\nvisits,3\n",
            "m.csv:1, 'period': missing column(s) period; found: measure, value",
        ),
        (
            "measure,period,value,denom\n",
            "m.csv:1, 'denom': unknown column(s) denom\n  fix: did you mean 'denominator'?",
        ),
        ("measure,period,value\nvisits,2019-07,3,4\n", "m.csv:2: 4 fields but the header has 3"),
        (
            'measure,period,value\nvisits,"2019-07,3\nvisits,2019-08,4\n',
            "m.csv:2: malformed CSV: unexpected end of data\n  fix: check the quotes on that line",
        ),
        (
            'measure,period,value\nvisits,"2019-07"x,3\n',
            "m.csv:2: malformed CSV: ',' expected after '\"'",
        ),
    ],
)
def test_file_level_errors(text: str, expected: str) -> None:
    try:
        _, problems = read_csv_text(text, MEASURES, file="m.csv")
        messages = [str(p) for p in problems]
    except ValidationError as err:
        messages = [str(err)]
    assert any(m.startswith(expected) for m in messages), messages


def test_excel_rows_are_named_by_sheet_and_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["measure", "period", "value", "denominator", "note"])
    ws.append(["visits", "2019-07", 3, None, None])
    ws.append(["visits", "2019-08", "lots", None, None])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    frame, problems = read_excel_file(path, MEASURES)
    assert len(frame) == 1 and frame["value"].iloc[0] == 3.0
    [problem] = problems
    assert str(problem).startswith(f"{path}[Data], 'value': value 'lots' is not a number")
    assert "(rows 3)" in str(problem)


def test_excel_dates_in_date_cells(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["measure", "period", "value"])
    ws.append(["visits", dt.datetime(2019, 7, 31), 5])
    path = tmp_path / "dates.xlsx"
    wb.save(path)
    frame, problems = read_excel_file(path, MEASURES)
    assert problems == []
    assert frame["period"].iloc[0] == pd.Timestamp("2019-07-01")


def test_unreadable_workbook(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(ValidationError, match="cannot read this workbook"):
        read_excel_file(path, MEASURES)


def test_merge_replaces_same_period_and_appends_new() -> None:
    old, _ = _read("visits,2019-07,3,,\nvisits,2019-08,4,,\n")
    new, _ = _read("visits,2019-08,9,,corrected\nvisits,2019-09,5,,\n")
    merged, added, replaced = merge(old, new)
    assert (added, replaced) == (1, 1)
    assert merged["value"].tolist() == [3.0, 9.0, 5.0]
    text = to_csv_text(merged, MEASURES)
    assert text.splitlines() == [
        "measure,period,value,denominator,note",
        "visits,2019-07,3,,",
        "visits,2019-08,9,,corrected",
        "visits,2019-09,5,,",
    ]


def test_problem_list_is_a_validation_error() -> None:
    problems = [ValidationError("a", file="f", line=1), ValidationError("b", file="f", line=2)]
    err = ProblemList(problems)
    assert "2 problem(s)" in str(err) and "- f:1: a" in str(err)


def test_denominators_on_some_rows_only_are_refused() -> None:
    _, problems = _read("share,2019 Q1,5,10,\nshare,2019 Q2,5,,\nshare,2019 Q3,5,,\n")
    assert problems == [
        "m.csv, 'denominator': measure 'share' has denominators on some rows but not on others "
        "(rows 3, 4)\n  fix: give every row of a measure its denominator, or none (the chart type "
        "depends on it)"
    ]
