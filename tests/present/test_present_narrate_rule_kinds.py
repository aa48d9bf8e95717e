"""The narrative words an episode's direction by its rule's kind, never by the rule's label."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import qi
from qi.charts.rules import RuleSet, get_rule_set

RISING = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]  # one trend of 12 points, median 6.5


def _one_rule_set(rule_name: str, **change: object) -> RuleSet:
    ihi = get_rule_set("ihi")
    rule = replace(ihi.rule(rule_name), **change)
    return replace(ihi, name="custom", rules=(rule,))


def test_a_trend_rule_reads_rising_whatever_its_name_and_label():
    rs = _one_rule_set("trend", name="climb", label="steady climb")
    text = qi.chart(pd.DataFrame({"y": RISING}), y="y", rules=rs).describe()
    assert "- From point 1 to point 12: steady climb (12 points, rising), special cause" in text


def test_a_shift_rule_reads_a_side_even_if_its_label_says_going_up():
    rs = _one_rule_set("shift", label="points going up above the line")
    text = qi.chart(pd.DataFrame({"y": [1.0] * 6 + [5.0] * 6}), y="y", rules=rs).describe()
    assert (
        "- From point 1 to point 6: points going up above the line (6 points, below the median)"
        in text
    )
    assert "rising" not in text and "falling" not in text
