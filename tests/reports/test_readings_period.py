"""The reporting period in words, at the start of a line and in mid-sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from qi.reports.readings import Period


@pytest.mark.parametrize(
    ("months", "heading", "mid_sentence"),
    [
        (1, "Month to March 2021", "month to March 2021"),
        (3, "Quarter to March 2021", "quarter to March 2021"),
        (12, "Year to March 2021", "year to March 2021"),
        (6, "6 months to March 2021", "6 months to March 2021"),
    ],
)
def test_period_words(months: int, heading: str, mid_sentence: str) -> None:
    period = Period(pd.Timestamp("2021-03-31"), months)
    assert period.words() == heading
    assert period.words(capital=False) == mid_sentence  # the month's name keeps its capital


def test_a_period_without_data() -> None:
    assert Period(None, 3).words() == "No data yet"
    assert Period(None, 3).words(capital=False) == "no data yet"
