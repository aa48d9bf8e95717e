"""The eight Nelson rules (Nelson 1984).

Nelson LS. The Shewhart control chart - tests for special causes. J Qual Technol
1984;16(4):237-239 (``docs/method/rules.md`` section 6):

1. One point beyond 3 sigma.
2. 9 or more points in a row on the same side of the centre line.
3. 6 or more points in a row steadily increasing or decreasing (a tie ends the trend: Nelson's
   test counts points "all increasing or all decreasing").
4. 14 or more points in a row alternating up and down (a tie ends the alternation).
5. 2 of 3 points in a row beyond 2 sigma on the same side.
6. 4 of 5 points in a row beyond 1 sigma on the same side.
7. 15 points in a row within 1 sigma, either side (stratification).
8. 8 points in a row with none within 1 sigma, either side (mixture).

Minitab implements these as its "eight tests for special causes" with the same wording ("Six
points in a row, all increasing or all decreasing"; "Eight points in a row more than 1 sigma
from center line (either side)") and marks a point failing several tests "by the lowest
numbered test", which is the precedence qi uses (https://support.minitab.com/en-us/minitab/
help-and-how-to/quality-and-process-improvement/control-charts/supporting-topics/basics/
using-tests-for-special-causes/). See :mod:`qi.charts.rules.common` for how missing points,
the centre line and zones are treated.
"""

from __future__ import annotations

from functools import partial

import qi.charts.rules.patterns as patterns
from qi.charts.rules.base import Rule, RuleInput, RuleOutput, RuleSet, length_limits
from qi.charts.rules.common import (
    four_of_five_rule,
    outside_rule,
    shift_rule,
    trend_rule,
    two_of_three_rule,
    within_1s_rule,
)
from qi.charts.rules.params import IntParam, resolve_params
from qi.constants import (
    NELSON_ALTERNATING_LENGTH,
    NELSON_NONE_WITHIN_1S_LENGTH,
    NELSON_SHIFT_LENGTH,
    NELSON_TREND_LENGTH,
    NELSON_WITHIN_1S_LENGTH,
)

NAME = "nelson"
PARAMS: tuple[IntParam, ...] = ()


def _alternating(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.alternating(inp, length)


def _none_within(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.run_of_condition(inp, patterns.beyond_1s(inp), length)


def build(**params: object) -> RuleSet:
    """The ``nelson`` rule set (no parameters)."""
    resolve_params(NAME, PARAMS, params)
    alt, mix = NELSON_ALTERNATING_LENGTH, NELSON_NONE_WITHIN_1S_LENGTH
    return RuleSet(
        name=NAME,
        title="Nelson rules",
        source="Nelson LS. J Qual Technol 1984;16(4):237-239",
        rules=(
            outside_rule(),
            shift_rule(NELSON_SHIFT_LENGTH),
            trend_rule(NELSON_TREND_LENGTH, ties="break"),
            Rule(
                "alternating",
                f"{alt} or more points in a row alternating up and down",
                f"{alt} or more consecutive points, each step going the other way from the one "
                "before (a sawtooth: often two alternating sources of data). A tie ends it.",
                partial(_alternating, length=alt),
                kind="alternating",
            ),
            two_of_three_rule(),
            four_of_five_rule(),
            within_1s_rule(NELSON_WITHIN_1S_LENGTH),
            Rule(
                "none_within_1s",
                f"{mix} or more points in a row with none within 1 sigma of the centre line",
                f"{mix} or more consecutive points all beyond 1 sigma, on either side (a mixture "
                "of two processes).",
                partial(_none_within, length=mix),
                needs_limits=True,
                kind="zone",
            ),
        ),
        phase_limits=length_limits(shift=NELSON_SHIFT_LENGTH, trend=NELSON_TREND_LENGTH),
    )
