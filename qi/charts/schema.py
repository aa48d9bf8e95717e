"""The columns of a chart result, declared once.

``ChartResult.data`` has one row per point (per series with ``by=``): the ``POINT_COLUMNS``,
then one boolean column ``rule_<name>`` per rule of the chosen rule set (in the rule set's
order), then ``SIGNAL_COLUMNS``. ``ChartResult.phases`` has ``PHASE_COLUMNS``;
``ChartResult.signals`` has ``EPISODE_COLUMNS``. Docs, plots, narrative and tests use these
names; none of them spells a column by hand.

Dtypes (``qi.charts.assemble``): in ``.data`` and ``.phases``, ``series`` and ``phase`` are
pandas categoricals of strings, as are ``signal_rule`` ("" when no rule) and ``signal_type``
(categories ``SIGNAL_TYPES``); compare them with ``==`` as strings. ``x`` (and ``first_x``,
``last_x``) is int64 when every x is a whole number, float64 for other numbers, datetime64[ns]
for dates. In ``.signals`` the text columns are plain strings.
"""

from __future__ import annotations

#: Chart types, in the order the docs list them (qicharts2 names; pp/up are Laney P'/U', ip the
#: I' chart of qicharts2 0.8; r the range chart of Montgomery §6.2): the names of the chart-type
#: registry, :mod:`qi.charts.types`, where each chart's facts live.
from qi.charts.types import CHART_TYPES as CHART_TYPES

#: Signal types, as NHSRplotthedots names point types (neutral high/low folded into neutral).
COMMON_CAUSE = "common_cause"
IMPROVEMENT = "special_cause_improvement"
CONCERN = "special_cause_concern"
NEUTRAL = "special_cause_neutral"
SIGNAL_TYPES: tuple[str, ...] = (COMMON_CAUSE, IMPROVEMENT, CONCERN, NEUTRAL)

#: Per-point columns, before the rule columns.
POINT_COLUMNS: tuple[str, ...] = (
    "series",  # the by= value; the y column's name when by is not given
    "x",  # sorted; numbers or datetimes
    "y",  # the charted value (proportion for p/pp, rate for u/up, mean for xbar, SD for s,
    # range for r), times ChartOptions.multiply
    "n",  # denominator / subgroup size (NaN when none)
    "y_sum",  # numerator (sum of y over the rows aggregated into this point)
    "phase",  # phase label (str)
    "baseline",  # bool: the point belongs to the period the limits were estimated from
    "included",  # bool: False for excluded points (left out of every estimate)
    "centre",
    "lcl",
    "ucl",  # 3-sigma limits (NaN for run charts)
    "lcl_2s",
    "ucl_2s",  # 2-sigma lines
    "lcl_1s",
    "ucl_1s",  # 1-sigma lines
    "outside",  # bool: beyond the 3-sigma limits (strict), whatever the rule set
)

#: Per-point columns after the rule columns.
SIGNAL_COLUMNS: tuple[str, ...] = (
    "signal",  # bool: any rule of the rule set flags the point
    "signal_rule",  # name of the rule that labels the point (rule-set precedence), or ""
    "signal_direction",  # +1 high, -1 low, 0 none (e.g. stratification), for the labelling rule
    "signal_type",  # one of SIGNAL_TYPES
)

RULE_PREFIX = "rule_"

#: Per-phase columns of the limits the chosen rule set actually used (NaN where the set has no
#: such rule, or the rule does not apply at this n), so a user can check them against the source:
RUNS_LIMIT_COLUMNS: tuple[str, ...] = (
    "n_runs",  # runs (stretches of useful points on one side of the centre line)
    "runs_min",  # fewer runs than this is a signal (IHI: Table 1 lower; Anhøj: crossings_min + 1)
    "runs_max",  # more runs than this is a signal (IHI: Table 1 upper)
    "shift_length",  # this many points in a row on one side make a shift (Anhøj: longest_run_max + 1)
    "trend_length",  # this many points in a row rising or falling make a trend
    "runs_limits",  # str: where runs_min/runs_max come from (e.g. the printed Perla et al. Table 1)
)

#: Per-phase (and per-series) columns; the runs statistics up to ``runs_signal`` are counted as
#: qicharts2 counts them (`runs.analysis()`), whatever the rule set; RUNS_LIMIT_COLUMNS are the
#: chosen rule set's own limits.
PHASE_COLUMNS: tuple[str, ...] = (
    "series",
    "phase",
    "first_x",
    "last_x",
    "centre",
    "sigma",
    "n_obs",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "runs_signal",
    "n_baseline",
    "trial",
    *RUNS_LIMIT_COLUMNS,
)

#: One row per signal episode: a maximal stretch of consecutive points flagged by one rule.
EPISODE_COLUMNS: tuple[str, ...] = (
    "series",
    "phase",
    "rule",
    "first_x",
    "last_x",
    "n_points",
    "direction",
    "signal_type",
)


def rule_column(rule_name: str) -> str:
    """The ``.data`` column of a rule: ``rule_<name>``."""
    return f"{RULE_PREFIX}{rule_name}"
