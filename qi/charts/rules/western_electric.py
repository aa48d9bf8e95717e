"""The Western Electric rules (Statistical Quality Control Handbook, 1956).

As listed in the qicharts2 vignette (``docs/method/rules.md`` section 5):

1. One or more points outside the 3-sigma limits.
2. 2 of 3 successive points beyond 2 sigma (same side).
3. 4 of 5 successive points beyond 1 sigma (same side).
4. A run of 8 successive points on one side of the centre line.

See :mod:`qi.charts.rules.common` for how missing points, the centre line and zones are treated.
"""

from __future__ import annotations

from qi.charts.rules.base import RuleSet, length_limits
from qi.charts.rules.common import four_of_five_rule, outside_rule, shift_rule, two_of_three_rule
from qi.charts.rules.params import IntParam, resolve_params
from qi.constants import WESTERN_ELECTRIC_SHIFT_LENGTH

NAME = "western_electric"
PARAMS: tuple[IntParam, ...] = ()


def build(**params: object) -> RuleSet:
    """The ``western_electric`` rule set (no parameters)."""
    resolve_params(NAME, PARAMS, params)
    return RuleSet(
        name=NAME,
        title="Western Electric rules",
        source="Western Electric Company. Statistical Quality Control Handbook, 1956",
        rules=(
            outside_rule(),
            two_of_three_rule(),
            four_of_five_rule(),
            shift_rule(WESTERN_ELECTRIC_SHIFT_LENGTH),
        ),
        phase_limits=length_limits(shift=WESTERN_ELECTRIC_SHIFT_LENGTH),
    )
