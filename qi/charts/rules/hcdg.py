"""The Health Care Data Guide rules (Provost & Murray 2011), the control-chart default.

Provost LP, Murray SK. The Health Care Data Guide: Learning from Data for Improvement.
Jossey-Bass, 2011, ch. 5 (``docs/method/rules.md`` section 4):

1. A point outside the control limits.
2. Shift: 8 or more consecutive points above or below the centre line.
3. Trend: 6 or more consecutive points all increasing or all decreasing.
4. Two out of three consecutive points in the outer one-third of the chart (beyond 2 sigma), on
   the same side.
5. Fifteen or more consecutive points in the inner one-third (within 1 sigma), either side.

Ties and the centre line follow the same authors' run-chart conventions (Perla, Provost & Murray
2011): a point on the centre line neither breaks nor extends a shift, and equal neighbours count
once in a trend. See :mod:`qi.charts.rules.common` for the shared zone conventions.
"""

from __future__ import annotations

from qi.charts.rules.base import RuleSet, length_limits
from qi.charts.rules.common import (
    outside_rule,
    shift_rule,
    trend_rule,
    two_of_three_rule,
    within_1s_rule,
)
from qi.charts.rules.params import IntParam, resolve_params
from qi.constants import HCDG_SHIFT_LENGTH, HCDG_TREND_LENGTH, HCDG_WITHIN_1S_LENGTH

NAME = "hcdg"
PARAMS: tuple[IntParam, ...] = ()


def build(**params: object) -> RuleSet:
    """The ``hcdg`` rule set (no parameters)."""
    resolve_params(NAME, PARAMS, params)
    return RuleSet(
        name=NAME,
        title="Health Care Data Guide rules",
        source="Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass, 2011, ch. 5",
        rules=(
            outside_rule(),
            shift_rule(HCDG_SHIFT_LENGTH),
            trend_rule(HCDG_TREND_LENGTH, ties="skip"),
            two_of_three_rule(),
            within_1s_rule(HCDG_WITHIN_1S_LENGTH),
        ),
        phase_limits=length_limits(shift=HCDG_SHIFT_LENGTH, trend=HCDG_TREND_LENGTH),
    )
