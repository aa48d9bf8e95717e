"""Numbers, ranges, periods and dates as people read them (qi.present.numbers), per unit and
per period type; every expected text is written by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qi
from qi.present.numbers import (
    NumberStyle,
    format_date,
    format_period,
    format_range,
    format_value,
    non_negative,
    number_style,
    shown_limit,
    shown_limits,
    style_for,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


# --- values per unit ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("chart", "unit", "value", "exact", "text"),
    [
        ("p", None, 0.385, False, "38.5%"),  # a p chart's proportion, in %
        ("p", "proportion", 0.7, True, "70%"),  # a target typed as 70, scaled to 0.7
        ("i", "proportion", 0.385, False, "38.5%"),  # never "0.385 proportion"
        ("run", "percentage", 70, True, "70%"),  # a percent-unit measure stored as 70
        ("i", "percentage", 87, False, "87.0%"),  # same decimals as 90.7% beside it
        ("i", "cost", 105000, False, "£105,000"),
        ("i", "cost", -1500, True, "-£1,500"),
        ("i", "days", 12.5, True, "12.5 days"),
        ("c", None, 12, True, "12"),
        ("i", "count", 69.83, False, "69.8"),  # no "count" after the number
        ("i", "rate", 40.4, False, "40.4"),  # never "40.4 rate"
        ("i", "score", 7, True, "7"),
    ],
)
def test_values_per_unit(chart, unit, value, exact, text):
    style = style_for(chart, unit, levels=[[value]])
    assert style.value(value, exact=exact) == text


def test_a_rate_reads_in_the_measures_own_words():
    style = style_for("i", "rate", title="Rate of children in care per 10,000", levels=[[40.4]])
    assert style.value(40.4) == "40.4 per 10,000"
    assert (
        style_for("u", None, definition="falls per 1000 bed days").value(2.5, exact=True)
        == "2.5 per 1,000"
    )


def test_decimals_tell_centre_and_limits_apart():
    # x-bar limits at two significant figures all read "74"
    style = style_for("xbar", "mm", levels=[[73.988, 74.001, 74.014]], figures=2)
    assert style.decimals == 2
    assert [style.value(v) for v in (73.988, 74.001, 74.014)] == [
        "73.99 mm",
        "74.00 mm",
        "74.01 mm",
    ]
    # well-separated limits keep the fewest decimals from two significant figures
    assert style_for("i", None, levels=[[4.96, 8.33, 11.7]], figures=2).decimals == 1
    assert style_for("i", None, levels=[[60.1, 69.8, 79.5]], figures=2).decimals == 0
    # ... unless two phases' centres would read the same ("from 5 to 5")
    assert (
        style_for(
            "i", None, levels=[[2.1, 4.96, 7.8], [2.3, 5.2, 8.1], [4.96, 5.2]], figures=2
        ).decimals
        == 1
    )
    assert (
        style_for(
            "i", None, levels=[[2.1, 4.96, 7.8], [2.3, 5.02, 8.1], [4.96, 5.02]], figures=2
        ).decimals
        == 2
    )
    # on its own a value has three significant figures
    assert style_for("i", None, levels=[[69.83]]).decimals == 1
    assert style_for("p", None, levels=[[0.30, 0.385, 0.47]]).decimals == 1
    # a p chart with limits 0.3851 and 0.3849 around 0.385 needs two decimals of a percent
    assert style_for("p", None, levels=[[0.3849, 0.385, 0.3851]]).decimals == 2


def test_ranges():
    assert style_for("i", "days", levels=[[10, 15, 20]]).range(12.14, 18.43) == "12.1 to 18.4 days"
    assert style_for("p", None).range(0.385, 0.42) == "38.5% to 42.0%"
    assert style_for("i", "cost", levels=[[1500]]).range(1200, 1900) == "£1,200 to £1,900"


def test_axis_ticks_take_the_decimals_of_their_step():
    assert style_for("i", "cost").tick(105000, 5000) == "£105,000"
    assert style_for("p", None).tick(0.4, 0.1) == "40%"
    assert style_for("p", None).tick(0.425, 0.025) == "42.5%"
    assert style_for("c", None).tick(4, 2) == "4"
    assert style_for("i", None).tick(1.5, 0.5) == "1.5"


# --- periods per period type --------------------------------------------------------------
@pytest.mark.parametrize(
    ("period_type", "value", "text"),
    [
        ("monthly", "2021-03-01", "Mar 2021"),
        ("quarterly", "2021-01-01", "Jan–Mar 2021"),
        ("quarterly", "2021-02-15", "Jan–Mar 2021"),  # a date inside the quarter
        ("financial_year", "2020-04-01", "2020/21"),
        ("financial_year", "2021-03-31", "2020/21"),  # 31 March ends the financial year
        ("annual", "2021-01-01", "2021"),
        ("weekly", "2021-03-01", "1 Mar 2021"),
    ],
)
def test_periods_per_type(period_type, value, text):
    assert format_period(pd.Timestamp(value), period_type) == text


def test_dates_always_have_their_year():
    assert format_date(pd.Timestamp("2021-03-05")) == "5 Mar 2021"
    assert format_date(pd.NaT) == "missing"


def _months(values, **kw):
    df = pd.DataFrame(
        {"m": pd.date_range("2020-01-01", periods=len(values), freq="MS"), "v": values}
    )
    return qi.chart(df, y="v", x="m", **kw)


def test_the_period_type_reaches_the_result_and_its_words():
    r = _months([5, 6, 7, 6, 5, 6], chart="i", frequency="monthly")
    assert r.options.frequency == "monthly"
    assert format_period(r.data["x"].iloc[2], r) == "Mar 2020"
    # without a frequency it is read from the dates
    q = qi.chart(
        pd.DataFrame(
            {"q": pd.date_range("2016-01-01", periods=6, freq="QS"), "v": [1, 2, 3, 2, 1, 2]}
        ),
        y="v",
        x="q",
        chart="run",
    )
    assert q.options.frequency is None
    assert format_period(q.data["x"].iloc[1], q) == "Apr–Jun 2016"
    with pytest.raises(qi.ValidationError, match="frequency"):
        _months([1, 2, 3], chart="run", frequency="fortnightly")


def test_example_measures_carry_unit_and_period_type():
    suff = qi.load_project(EXAMPLES / "sufficiency")
    quarterly = suff.chart("entering_care")
    assert quarterly.options.frequency == "quarterly"
    assert format_period(quarterly.data["x"].iloc[0], quarterly) == "Jan–Mar 2012"
    perm = qi.load_project(EXAMPLES / "permanence")
    fy = perm.chart("a1_days")
    assert fy.options.frequency == "financial_year"
    assert format_period(fy.data["x"].iloc[0], fy) == "2015/16"  # charter: year end 2016
    rate = perm.chart("cic_rate")
    assert format_value(40.4, rate).endswith(" per 10,000")
    kin = qi.load_project(EXAMPLES / "kinship")
    pct = kin.chart("lac_placed_with_kin")
    assert pct.options.unit in ("proportion", "percentage")
    assert format_value(pct.data["centre"].iloc[-1], pct).endswith("%")
    assert "proportion" not in format_value(pct.options.target or 0.7, pct, exact=True)


# --- non-negative measures -----------------------------------------------------------------
def test_negative_lower_limit_of_a_count_is_shown_at_zero_and_kept_in_data():
    # I chart of a count: mean 2, mean moving range 13/11, sigma = (13/11)/1.128 (d2 for n=2),
    # lcl = 2 - 3 sigma = -1.14 and ucl = 5.14 (computed), shown as 0 to 5.14
    df = pd.DataFrame({"week": range(1, 13), "falls": [2, 1, 3, 2, 2, 1, 4, 2, 2, 3, 1, 1]})
    r = qi.chart(df, y="falls", x="week", chart="i", unit="count")
    sigma = (13 / 11) / 1.128
    raw = float(r.data["lcl"].iloc[0])
    assert raw == pytest.approx(2 - 3 * sigma, abs=1e-9) and raw < 0  # .data keeps it
    assert non_negative(r)
    assert shown_limit(raw, r) == 0.0
    assert float(shown_limits(r.data, r)["lcl"].iloc[0]) == 0.0
    assert float(r.data["lcl"].iloc[0]) == raw  # shown_limits works on a copy
    assert format_range(r.data["lcl"].iloc[0], r.data["ucl"].iloc[0], r) == "0 to 5.1"


def test_non_negative_follows_the_unit_for_i_and_run_charts():
    df = pd.DataFrame({"m": range(1, 13), "v": [1, 9, 2, 8, 1, 9, 2, 8, 1, 9, 2, 8]})
    assert non_negative(qi.chart(df, y="v", x="m", chart="i", unit="days"))
    assert non_negative(qi.chart(df, y="v", x="m", chart="i", unit="cost"))
    assert not non_negative(qi.chart(df, y="v", x="m", chart="i", unit="score"))
    assert not non_negative(qi.chart(df, y="v", x="m", chart="i"))
    plain = qi.chart(df, y="v", x="m", chart="i")
    assert shown_limit(-3.0, plain) == -3.0


def test_number_style_of_a_result_uses_its_shown_limits():
    df = pd.DataFrame({"week": range(1, 13), "falls": [2, 1, 3, 2, 2, 1, 4, 2, 2, 3, 1, 1]})
    style = number_style(qi.chart(df, y="falls", x="week", chart="c"))
    assert style.kind == "count" and style.whole and style.non_negative
    # centre 2 and limits 0 (floored) and 2 + 3 sqrt(2) = 6.24: two significant figures
    assert [style.value(v) for v in (0.0, 2.0, 2 + 3 * np.sqrt(2))] == ["0", "2.0", "6.2"]


def test_typed_values_keep_their_decimals_beside_rounder_limits():
    # limits 6.58, 10.0 and 13.45 read "7", "10" and "13"; a benchmark typed as 10.9 stays 10.9
    style = style_for("i", "hours", levels=[[6.58, 10.0, 13.45]], figures=2)
    assert [style.label(v) for v in (6.58, 10.0, 13.45)] == ["7", "10", "13"]
    assert style.label(10.9, exact=True) == "10.9"
    assert style.value(10.9, exact=True) == "10.9 hours"
    assert style.label(11, exact=True) == "11"


def test_the_summary_table_shows_no_negative_limit_for_a_count():
    from qi.present.html import summary_html

    df = pd.DataFrame({"week": range(1, 13), "falls": [2, 1, 3, 2, 2, 1, 4, 2, 2, 3, 1, 1]})
    r = qi.chart(df, y="falls", x="week", chart="i", unit="count")  # lcl -1.14, ucl 5.14
    html = summary_html({"Falls": r})
    assert "<td>0 to 5.14</td>" in html and "-1.14" not in html


def test_fewest_decimals_write_a_value_exactly_up_to_a_limit() -> None:
    # what the verdict's "about 5" (not "about 5.0") relies on: the decimals are chosen once,
    # never cut back out of a formatted number
    plain, share = NumberStyle(kind="plain"), NumberStyle(kind="proportion")
    assert plain.fewest_decimals(12.30, 3) == 1  # "12.3"
    assert plain.fewest_decimals(5.0, 1) == 0  # "5"
    assert plain.fewest_decimals(1 / 3, 2) == 2  # not exact: the most allowed
    assert share.fewest_decimals(0.5, 2) == 0  # 50%
    assert share.fewest_decimals(0.305, 2) == 1  # 30.5%
    assert plain.fewest_decimals(float("nan"), 2) == 2
    assert plain.number(64_000.0, plain.fewest_decimals(64_000.0, 0)) == "64,000"
