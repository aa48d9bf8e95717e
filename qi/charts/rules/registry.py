"""Rule sets, looked up by name: the registry of builders, their defaults and a table of their
rules.

>>> rule_sets()
('ihi', 'anhoej', 'hcdg', 'western_electric', 'nelson', 'mdc', 'ihi_exact')
>>> get_rule_set("mdc", run_length=6).params["run_length"]
6
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import qi.charts.rules.anhoej as anhoej
import qi.charts.rules.hcdg as hcdg
import qi.charts.rules.ihi as ihi
import qi.charts.rules.mdc as mdc
import qi.charts.rules.nelson as nelson
import qi.charts.rules.western_electric as western_electric
from qi.charts.rules.base import RuleSet
from qi.charts.types import get_chart_type
from qi.errors import ValidationError, unknown_name

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


_BUILDERS: dict[str, Callable[..., RuleSet]] = {
    ihi.NAME: ihi.build,
    anhoej.NAME: anhoej.build,
    hcdg.NAME: hcdg.build,
    western_electric.NAME: western_electric.build,
    nelson.NAME: nelson.build,
    mdc.NAME: mdc.build,
    ihi.NAME_EXACT: ihi.build_exact,
}

#: The names of the rule sets, in the order the docs list them.
RULE_SET_NAMES: tuple[str, ...] = tuple(_BUILDERS)

#: Rule set used when ``rules=None``: IHI for run charts, the Health Care Data Guide otherwise.
DEFAULT_RUN_CHART_RULES = ihi.NAME

DEFAULT_CONTROL_CHART_RULES = hcdg.NAME


def rule_sets() -> tuple[str, ...]:
    """The names of the available rule sets."""
    return RULE_SET_NAMES


def get_rule_set(name_or_ruleset: str | RuleSet, **params: object) -> RuleSet:
    """A rule set by name (``"hcdg"``), with optional parameters; a RuleSet is returned as is.

    Parameters
    ----------
    name_or_ruleset:
        One of :data:`RULE_SET_NAMES` (case and ``-``/space insensitive:
        ``"Western-Electric"`` works), or a :class:`RuleSet` built elsewhere.
    **params:
        Parameters of the named set: ``ihi`` and ``ihi_exact`` take ``shift_length``,
        ``trend_length``; ``mdc``
        takes ``run_length``, ``trend_length`` (6 or 7). The others take none.

    Raises
    ------
    ValidationError
        Unknown name (the message lists the valid ones), unknown parameter or bad value.
    """
    if isinstance(name_or_ruleset, RuleSet):
        if params:
            raise ValidationError(
                f"parameters {', '.join(sorted(params))} were given with a ready-made rule set "
                f"'{name_or_ruleset.name}'",
                field="rules",
                hint="pass the rule set's name with the parameters, e.g. get_rule_set('mdc', run_length=6)",
            )
        return name_or_ruleset
    if not isinstance(name_or_ruleset, str):
        raise ValidationError(
            f"a rule set must be named by a string; got {type(name_or_ruleset).__name__} "
            f"{name_or_ruleset!r}",
            field="rules",
            hint=f"use one of: {', '.join(RULE_SET_NAMES)}",
        )
    key = name_or_ruleset.strip().lower().replace("-", "_").replace(" ", "_")
    builder = _BUILDERS.get(key)
    if builder is None:
        raise unknown_name("rule set", name_or_ruleset, RULE_SET_NAMES, field="rules")
    rs = builder(**params)  # validates the parameters
    # One object per (name, parameters): results built with the same rules compare equal.
    return _CACHE.setdefault((rs.name, tuple(sorted(rs.params.items()))), rs)


_CACHE: dict[tuple[str, tuple[tuple[str, object], ...]], RuleSet] = {}


def rule_table(names: str | RuleSet | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The rules of one or more rule sets as a table (for docs, notebooks and reports).

    Columns: ``rule_set``, ``precedence`` (1 labels first), ``rule``, ``column`` (the
    ``ChartResult.data`` column), ``label``, ``needs_limits``, ``description``.
    """
    import pandas as pd

    from qi.charts.schema import rule_column

    if names is None:
        sets = [get_rule_set(n) for n in RULE_SET_NAMES]
    elif isinstance(names, (str, RuleSet)):
        sets = [get_rule_set(names)]
    else:
        sets = [get_rule_set(n) for n in names]
    rows = [
        {
            "rule_set": rs.name,
            "precedence": pos,
            "rule": rule.name,
            "column": rule_column(rule.name),
            "label": rule.label,
            "needs_limits": rule.needs_limits,
            "description": rule.description,
        }
        for rs in sets
        for pos, rule in enumerate(rs.rules, start=1)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "rule_set",
            "precedence",
            "rule",
            "column",
            "label",
            "needs_limits",
            "description",
        ],
    )


def default_rule_set(chart_type: str) -> str:
    """``"ihi"`` for run charts, ``"hcdg"`` for every control chart.

    Raises a ValidationError listing the chart types for an unknown ``chart_type``.
    """
    has_limits = get_chart_type(chart_type).has_limits  # the chart-type registry
    return DEFAULT_CONTROL_CHART_RULES if has_limits else DEFAULT_RUN_CHART_RULES
