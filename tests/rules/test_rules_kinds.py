"""Every rule of every rule set says what kind of pattern it finds (qi.charts.kinds.RuleKind)."""

from __future__ import annotations

from typing import get_args

import pytest

from qi.charts.kinds import RuleKind
from qi.charts.rules import get_rule_set, rule_sets

#: The kind of each rule name, by reading each rule's description (qi.charts.rules.*).
KIND_OF = {
    "outside": "outside",
    "astronomical": "outside",
    "shift": "shift",
    "trend": "trend",
    "two_of_three": "zone",
    "four_of_five": "zone",
    "within_1s": "zone",
    "none_within_1s": "zone",
    "few_runs": "runs",
    "many_runs": "runs",
    "crossings": "runs",
    "alternating": "alternating",
}


@pytest.mark.parametrize("name", rule_sets())
def test_every_rule_has_its_kind(name):
    rs = get_rule_set(name)
    assert {r.name: r.kind for r in rs.rules} == {r.name: KIND_OF[r.name] for r in rs.rules}


def test_the_kinds_are_the_declared_ones():
    used = set(KIND_OF.values())
    assert used <= set(get_args(RuleKind))
    assert set(get_args(RuleKind)) - used == {"other"}  # for rules built outside qi


def test_a_rule_built_outside_qi_defaults_to_other():
    from qi.charts.rules import Rule

    func = get_rule_set("hcdg").rule("shift").func
    rule = Rule("mine", "my pattern", "a pattern of my own", func)
    assert rule.kind == "other"
