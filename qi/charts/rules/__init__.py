"""Rule sets, looked up by name (a registry), and their application to a chart's points.

This package's ``__init__`` only re-exports: the registry lives in :mod:`.registry`, the
application in :mod:`.apply`, one module per rule set beside them (each imports its siblings
directly, never through this package).

>>> rule_sets()
('ihi', 'anhoej', 'hcdg', 'western_electric', 'nelson', 'mdc', 'ihi_exact')
>>> get_rule_set("mdc", run_length=6).params["run_length"]
6

:func:`apply_rule_set` runs every rule of a set over one long :class:`RuleInput` (all series and
phases, each a segment) and resolves which rule labels each point (the set's precedence order).
:func:`signal_types` turns a point's direction into improvement, concern or neutral.
"""

from qi.charts.rules.apply import RuleApplication, apply_rule_set, signal_types
from qi.charts.rules.base import Rule, RuleInput, RuleOutput, RuleSet
from qi.charts.rules.registry import (
    DEFAULT_CONTROL_CHART_RULES,
    DEFAULT_RUN_CHART_RULES,
    RULE_SET_NAMES,
    default_rule_set,
    get_rule_set,
    rule_sets,
    rule_table,
)

__all__ = [
    "DEFAULT_CONTROL_CHART_RULES",
    "DEFAULT_RUN_CHART_RULES",
    "RULE_SET_NAMES",
    "Rule",
    "RuleApplication",
    "RuleInput",
    "RuleOutput",
    "RuleSet",
    "apply_rule_set",
    "default_rule_set",
    "get_rule_set",
    "rule_sets",
    "rule_table",
    "signal_types",
]
