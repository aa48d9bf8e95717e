"""Number, date and label formats."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qi.present.words import (
    centre_name,
    chart_name,
    date_style,
    format_value,
    format_x,
    is_monthly,
    join_words,
    plural,
    shorten,
    show_value,
    wrap,
)


@pytest.mark.parametrize(
    ("value", "chart", "unit", "text"),
    [
        (0.4567, "p", None, "45.7%"),
        (0.4567, "pp", "people", "45.7%"),  # percentages take no unit
        (1, "p", None, "100.0%"),
        (12.0, "c", None, "12"),
        (12.5, "c", None, "12.5"),
        (1234.6, "i", "days", "1,235 days"),
        (5.6666, "i", None, "5.67"),
        (0.012345, "u", None, "0.0123"),
        (0, "i", None, "0"),
        (69.83, "i", "count", "69.8"),
        (45.0, "i", "%", "45%"),
        (45.26, "run", "percent", "45.3%"),
        (-3.25, "i", None, "-3.25"),
        (63642.3, "i", "cost", "£63,642"),
        (-1500.0, "i", "cost", "-£1,500"),
        (7.0, "i", "score", "7"),
        (math.nan, "i", None, "missing"),
        (None, "i", None, "missing"),
    ],
)
def test_format_value(value, chart, unit, text):
    assert format_value(value, chart, unit) == text


def test_format_x():
    # issue 8: one way to write a period everywhere, monthly as "Mar 2021", dates with years
    assert format_x(pd.Timestamp("2024-03-01"), "date", "month") == "Mar 2024"
    assert format_x(pd.Timestamp("2024-03-05"), "date") == "5 Mar 2024"
    assert format_x(pd.Timestamp("2024-04-01"), "date", "quarter") == "Apr–Jun 2024"
    assert format_x(pd.Timestamp("2016-01-01"), "date", "year") == "2016"
    assert format_x(pd.Timestamp("2016-04-01"), "date", "year") == "2016/17"
    assert format_x(12.0, "number") == "12"
    assert format_x(2016, "number") == "2016"
    assert format_x(2.5, "number") == "2.5"
    assert format_x(pd.NaT, "date") == "missing"


def test_date_style():
    assert date_style(pd.date_range("2016-01-01", periods=8, freq="QS")) == "quarter"
    assert date_style(pd.date_range("2012-01-01", periods=4, freq="YS")) == "year"
    assert date_style(pd.date_range("2012-04-01", periods=4, freq="12MS")) == "year"
    assert date_style(pd.date_range("2024-01-01", periods=5, freq="MS")) == "month"
    assert date_style(pd.to_datetime(["2024-01-01", "2024-01-08"])) == "day"
    assert date_style([]) == "day"


def test_is_monthly():
    assert is_monthly(pd.date_range("2024-01-01", periods=3, freq="MS"))
    assert not is_monthly(pd.to_datetime(["2024-01-01", "2024-01-08"]))
    assert not is_monthly([])


def test_names():
    assert chart_name("p") == "P chart (proportions)"
    assert chart_name("zz") == "zz chart"
    assert centre_name("run") == centre_name("g") == "median"
    assert centre_name("i") == "mean"
    assert centre_name("p") == "overall proportion" and centre_name("t") == "centre line"
    assert centre_name("zz") == "centre line"


def test_shorten_and_wrap():
    assert shorten("a  b\nc", 10) == "a b c"
    assert shorten("abcdefghij", 5) == "abcd…"
    w = wrap("word " * 30, 20, max_lines=2)
    assert w.count("\n") == 1 and w.endswith("…") and all(len(x) <= 20 for x in w.split("\n"))


def test_small_words():
    assert plural(1, "point") == "1 point" and plural(2, "point") == "2 points"
    assert join_words(["a"]) == "a" and join_words(["a", "b", "c"]) == "a, b and c"
    assert show_value(None) == "missing" and show_value("x") == "'x'"
