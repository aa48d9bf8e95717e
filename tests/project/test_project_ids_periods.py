"""Safe ids and period parsing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qi.errors import ValidationError
from qi.project.ids import check_id, is_safe_id, safe_child, suggest_id
from qi.project.periods import parse_period, parse_period_form, period_label


@pytest.mark.parametrize("good", ["kinship", "a", "Stage1_assess-2", "x" * 64, "0abc"])
def test_safe_ids_accepted(good: str) -> None:
    assert is_safe_id(good)
    assert check_id(good) == good


@pytest.mark.parametrize(
    "bad", ["", "../etc", "a/b", ".hidden", "..", "x" * 65, "a b", "a\\b", "-lead", "é"]
)
def test_unsafe_ids_refused_with_the_rule_and_a_suggestion(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_id(bad, field="change_idea")
    text = str(err.value)
    assert "'change_idea'" in text
    assert "is not a valid id" in text
    assert "no '/', '..' or leading dot" in text
    assert "fix: rename it, e.g." in text


def test_suggest_id_makes_a_safe_slug() -> None:
    assert suggest_id("Kinship Care / Team!") == "kinship_care_team"
    assert is_safe_id(suggest_id("../.."))


def test_safe_child_refuses_escape(tmp_path: Path) -> None:
    assert (
        safe_child(tmp_path, "pdsa", "triage", "triage-001.yaml")
        == tmp_path / "pdsa/triage/triage-001.yaml"
    )
    with pytest.raises(ValidationError, match="is not a valid id"):
        safe_child(tmp_path, "pdsa", "..", "x.yaml")
    outside = tmp_path.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    (tmp_path / "link").symlink_to(outside)
    with pytest.raises(ValidationError, match="would be outside the project folder"):
        safe_child(tmp_path, "link", "x.yaml")


@pytest.mark.parametrize(
    ("text", "start", "form"),
    [
        ("2019-07", "2019-07-01", "monthly"),
        ("2019-07-31", "2019-07-31", "date"),
        ("2016 Q1", "2016-01-01", "quarterly"),
        ("2016Q4", "2016-10-01", "quarterly"),
        ("Q2 2016", "2016-04-01", "quarterly"),
        ("2016-q3", "2016-07-01", "quarterly"),
        # UK financial year 1 April - 31 March (Interpretation Act 1978, Schedule 1)
        ("2016/17", "2016-04-01", "financial_year"),
        ("2099/00", "2099-04-01", "financial_year"),
        ("2016/2017", "2016-04-01", "financial_year"),
        ("FY2016/17", "2016-04-01", "financial_year"),
        (dt.date(2020, 2, 29), "2020-02-29", "date"),
    ],
)
def test_period_forms(text: object, start: str, form: str) -> None:
    ts, found = parse_period_form(text)
    assert ts == pd.Timestamp(start)
    assert found == form


@pytest.mark.parametrize(
    ("text", "frequency", "start"),
    [
        ("2019-07-31", "monthly", "2019-07-01"),
        ("2019-07-31", "quarterly", "2019-07-01"),
        ("2019-08-15", "quarterly", "2019-07-01"),
        ("2019-07-31", "weekly", "2019-07-29"),  # Wednesday -> Monday of its ISO week
        ("2020-03-31", "financial_year", "2019-04-01"),  # 31 March ends FY 2019/20
        ("2020-04-01", "financial_year", "2020-04-01"),
        ("2019-11", "financial_year", "2019-04-01"),
        ("2016 Q1", "financial_year", "2015-04-01"),  # Jan-Mar 2016 is in FY 2015/16
    ],
)
def test_periods_floor_to_frequency(text: str, frequency: str, start: str) -> None:
    assert parse_period(text, frequency) == pd.Timestamp(start)


def test_period_coarser_than_frequency_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        parse_period("2016 Q1", "monthly", file="m.csv", line=7)
    text = str(err.value)
    assert text.startswith(
        "m.csv:7, 'period': period '2016 Q1' is a quarterly period but the measure is monthly"
    )
    assert "fix: write periods as '2019-07' (month)" in text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("July 2019", "is not a period qi can read"),
        ("2019-13", "is not a real date"),
        ("2019-02-30", "is not a real date"),
        ("2016/18", "is not a financial year: the second year must follow 2016"),
        ("", "is empty"),
    ],
)
def test_bad_periods_say_why(text: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        parse_period(text)


def test_unknown_frequency_lists_valid_ones() -> None:
    with pytest.raises(
        ValidationError, match="(?s)unknown frequency 'montly'.*did you mean 'monthly'"
    ):
        parse_period("2019-07", "montly")


@pytest.mark.parametrize(
    ("start", "frequency", "label"),
    [
        ("2019-07-01", "monthly", "2019-07"),
        ("2016-04-01", "quarterly", "2016 Q2"),
        ("2016-04-01", "financial_year", "2016/17"),
        ("2019-07-29", "weekly", "2019-07-29"),
    ],
)
def test_period_labels_round_trip(start: str, frequency: str, label: str) -> None:
    assert period_label(pd.Timestamp(start), frequency) == label
    assert parse_period(label, frequency) == pd.Timestamp(start)


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
    frequency=st.sampled_from(["weekly", "monthly", "quarterly", "financial_year"]),
)
def test_any_date_floors_to_a_period_whose_label_reads_back(day: dt.date, frequency: str) -> None:
    start = parse_period(day.isoformat(), frequency)
    assert start <= pd.Timestamp(day)
    assert (pd.Timestamp(day) - start).days < {
        "weekly": 7,
        "monthly": 31,
        "quarterly": 92,
        "financial_year": 366,
    }[frequency]
    assert parse_period(period_label(start, frequency), frequency) == start
