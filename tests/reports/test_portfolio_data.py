"""Portfolio rows and needs-attention items, checked by hand on the tiny project.

The tiny project (tests/reports/conftest.py) has monthly data January 2019 - December 2020,
cycles starting 2020-02-03 and 2020-03-02, scores 2 (2019-12-01), 4 (2020-03-01), 9
(2020-12-01), complaints 3-4 a month until June 2020 then 9-10 (a balancing concern).
"""

from __future__ import annotations

import pandas as pd
import pytest

from qi.constants import NO_NEW_DATA_PERIODS
from qi.reports.portfolio_data import (
    ATTENTION_COLUMNS,
    PORTFOLIO_COLUMNS,
    attention_items,
    chart_measure,
    cycles_in_period,
    portfolio_rows,
    project_end,
)

T = pd.Timestamp


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        ("2020-03-31", 3, 2),  # both starts are after 2019-12-31
        ("2020-02-29", 3, 1),  # only 2020-02-03 by then
        ("2020-03-31", 1, 1),  # after 2020-02-29: only 2020-03-02
        ("2020-01-31", 3, 0),
    ],
)
def test_cycles_in_period(real_project, end, months, expected):
    assert cycles_in_period(real_project, T(end), months) == expected


def test_period_end_is_as_of_or_the_latest_data(real_project):
    assert project_end(real_project, "2020-06-30") == T("2020-06-30")
    assert project_end(real_project, "") == T("2020-12-01")


def test_chart_is_cut_at_the_period_end(real_project):
    assert len(chart_measure(real_project, "visits", T("2020-01-31")).data) == 13
    assert len(chart_measure(real_project, "visits", None).data) == 24
    assert chart_measure(real_project, "visits", T("2018-12-31")) is None


def test_portfolio_row(real_project):
    rows = portfolio_rows([real_project], "2020-03-31")
    assert tuple(rows.columns) == PORTFOLIO_COLUMNS
    row = rows.iloc[0]
    assert row["score"] == 4 and row["previous_score"] == 2 and row["trend"] == "up"
    assert row["stage"] == "Designing and testing changes"
    assert row["cycles_in_period"] == 2
    assert [k["measure"] for k in row["key_measures"]] == ["visits"]  # outcome measures only


def test_attention_items(real_project):
    items = attention_items([real_project], "", [("west", ["bad type"])])
    assert tuple(items.columns) == ATTENTION_COLUMNS
    assert list(items["kind"]) == ["invalid project", "score above evidence", "balancing concern"]
    assert items.iloc[1]["detail"] == "recorded score 9 is above the 2 the evidence supports"


def test_no_new_data_after_three_periods(real_project):
    # Latest value 2020-12 (monthly): stale once 2020-12-01 + 3 months = 2021-03-01 is reached.
    assert NO_NEW_DATA_PERIODS == 3
    fresh = attention_items([real_project], "2021-02-28")
    assert "no new data" not in set(fresh["kind"])
    stale = attention_items([real_project], "2021-03-01")
    assert list(stale[stale["kind"] == "no new data"]["subject"]) == [
        "Visits on time",
        "Complaints",
    ]


def test_cycles_total_counts_every_started_cycle_up_to_the_cut(real_project):
    from qi.reports.portfolio_data import cycles_total

    frame = real_project.pdsa_frame()
    started = frame["start"].dropna()
    assert cycles_total(real_project, None) == len(started)
    first = started.min()
    assert cycles_total(real_project, first) == int((started <= first).sum())
    assert cycles_total(real_project, first - pd.Timedelta(days=1)) == 0


def test_portfolio_row_says_its_period_mid_sentence(real_project):
    row = portfolio_rows([real_project], "2020-03-31").iloc[0]
    assert row["period_months"] == 3 and row["period_words"] == "quarter to March 2020"


def test_an_invalid_project_s_item_counts_its_problems_and_names_the_first(real_project):
    items = attention_items([], "", [("west", ["bad type", "no aim"])])
    assert items.to_dict("records") == [
        {
            "project": "west",
            "kind": "invalid project",
            "subject": "west",
            "detail": "failed validation: 2 problem(s), first: bad type",
        }
    ]
