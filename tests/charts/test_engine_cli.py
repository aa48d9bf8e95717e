"""`qi chart`: options mirror qi.chart(); errors print without a traceback (CliRunner)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from qi.cli import main

CSV = "month,falls,ward\n" + "\n".join(
    f"2024-{m:02d}-01,{v},{w}"
    for w, vals in (
        ("a", [3, 5, 2, 4, 6, 4, 3, 5, 4, 2, 3, 12]),
        ("b", [1, 2, 1, 3, 2, 1, 2, 2, 1, 3, 2, 1]),
    )
    for m, v in zip(range(1, 13), vals, strict=True)
)


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "falls.csv"
    path.write_text(CSV)
    return str(path)


def run(*args):
    return CliRunner().invoke(main, ["chart", *args])


def test_csv_output_is_the_data_frame(csv_file):
    res = run(
        csv_file, "--y", "falls", "--x", "month", "--chart", "c", "--by", "ward", "--format", "csv"
    )
    assert res.exit_code == 0, res.output
    out = pd.read_csv(io.StringIO(res.stdout))
    assert len(out) == 24 and out.columns[0] == "series"
    # ward a: mean of the 12 counts = 53/12; the 12 in December is above 53/12 + 3 sqrt(53/12)
    a = out[out["series"] == "a"]
    assert a["centre"].iat[0] == pytest.approx(53 / 12)
    assert bool(a["outside"].iat[-1])


def test_json_has_data_phases_and_signals(csv_file):
    res = run(
        csv_file,
        "--y",
        "falls",
        "--x",
        "month",
        "--chart",
        "c",
        "--by",
        "ward",
        "--improvement",
        "down",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert set(doc) == {"data", "phases", "signals", "warnings", "rules_skipped"}
    assert len(doc["phases"]) == 2
    assert doc["data"][0]["x"].startswith("2024-01-01")
    assert any(
        s["rule"] == "outside" and s["signal_type"] == "special_cause_concern"
        for s in doc["signals"]
    )


def test_table_output(csv_file):
    res = run(csv_file, "--y", "falls", "--x", "month", "--rules", "anhoej")
    assert res.exit_code == 0, res.output
    assert "centre" in res.stdout.splitlines()[0]


def test_phases_baseline_exclude_options(csv_file):
    res = run(
        csv_file,
        "--y",
        "falls",
        "--x",
        "month",
        "--chart",
        "i",
        "--by",
        "ward",
        "--phases",
        "2024-07-01",
        "--baseline",
        "3",
        "--exclude",
        "2024-02-01,2024-03-01",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [p["phase"] for p in doc["phases"]] == ["1", "2", "1", "2"]
    assert [d["included"] for d in doc["data"][:4]] == [True, False, False, True]
    assert [d["baseline"] for d in doc["data"][:4]] == [True, True, True, False]
    assert "trial" in res.stderr


def test_bad_column_is_a_clean_error_with_exit_code_2(csv_file):
    res = run(csv_file, "--y", "fallz")
    assert res.exit_code == 2
    assert "column 'fallz' not found; the data has columns: month, falls, ward" in res.stderr
    assert csv_file in res.stderr
    assert "Traceback" not in res.output


def test_rows_are_csv_line_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,3\n2,-1\n3,4\n")
    res = run(str(path), "--y", "y", "--x", "x", "--chart", "c")
    assert res.exit_code == 2
    assert "(rows 3)" in res.stderr  # line 3 of the file holds the -1


def test_unreadable_csv(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    res = run(str(path), "--y", "y")
    assert res.exit_code == 2 and "cannot read the file as CSV" in res.stderr


def test_no_screen_mr_and_unknown_chart(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("y\n" + "\n".join(str(v) for v in [10, 11, 10, 11, 10, 11, 10, 11, 10, 25]))
    screened = pd.read_csv(
        io.StringIO(run(str(path), "--y", "y", "--chart", "i", "--format", "csv").stdout)
    )
    plain = pd.read_csv(
        io.StringIO(
            run(str(path), "--y", "y", "--chart", "i", "--no-screen-mr", "--format", "csv").stdout
        )
    )
    # mean 11.9; screened mean MR 1 (the 15 is dropped), unscreened 23/9
    assert screened["ucl"].iat[0] == pytest.approx(11.9 + 3 / 1.128)
    assert plain["ucl"].iat[0] == pytest.approx(11.9 + 3 * (23 / 9) / 1.128)
    res = run(str(path), "--y", "y", "--chart", "xmr")
    assert res.exit_code == 2 and "unknown chart 'xmr'; choose one of" in res.stderr
