"""The rule-set interface: rules are pure functions on arrays.

The engine concatenates every series and phase into one long array and gives each stretch a
``segment`` id; a pattern never crosses a segment boundary. A rule returns, for every point,
whether it belongs to a pattern (every point of the pattern is flagged, not only the last) and
the pattern's direction (+1 high / rising, -1 low / falling, 0 none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from qi.charts.kinds import RuleKind

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.limits import Convention  # limits imports result, which imports this module


@dataclass(frozen=True)
class RuleInput:
    """Arrays of equal length N, one element per point, sorted by (segment, x).

    ``y`` is NaN where missing. Limits are NaN where the chart has none (run charts) or where a
    point has no limits (n = 0). ``astro_lcl``/``astro_ucl`` are the limits of an I chart of the
    same phase for run charts (for the IHI astronomical-point rule) and equal ``lcl``/``ucl``
    otherwise. ``included`` is False for excluded points: they are left out of every pattern
    (as missing values are) but can still be outside the limits.
    """

    y: np.ndarray
    centre: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_2s: np.ndarray
    ucl_2s: np.ndarray
    lcl_1s: np.ndarray
    ucl_1s: np.ndarray
    astro_lcl: np.ndarray
    astro_ucl: np.ndarray
    segment: np.ndarray  # int64, non-decreasing
    included: np.ndarray  # bool


@dataclass(frozen=True)
class RuleOutput:
    """What a rule returns, one element per point.

    ``extent`` (optional, added by the rules helper; None means "the flagged points") marks the
    points inside a pattern: the flagged points plus any skipped points between them (a point on
    the median inside a shift, a missing value inside a trend, the middle point of "2 of 3").
    :func:`qi.charts.rules.runs.episodes` uses it so such points do not split an episode.
    """

    flag: np.ndarray  # bool, N
    direction: np.ndarray  # int8, N: +1, -1 or 0 on flagged points, 0 elsewhere
    extent: np.ndarray | None = None  # bool, N, or None (= flag)


@dataclass(frozen=True)
class Rule:
    """One rule of a rule set.

    ``name`` becomes the column ``rule_<name>``; ``label`` is a short English name used in
    narrative ("shift", "point outside the control limits"); ``needs_limits`` rules are skipped
    (all False, listed in ``ChartResult.rules_skipped``) on charts without limits. ``kind``
    (:data:`qi.charts.kinds.RuleKind`) says what pattern it finds, so a reader words its
    direction by kind ("rising" for a trend, "above the mean" for a shift), never by its label.
    """

    name: str
    label: str
    description: str
    func: Callable[[RuleInput], RuleOutput]
    needs_limits: bool = False
    kind: RuleKind = "other"


@dataclass(frozen=True)
class RuleSet:
    """A named set of rules. ``rules`` are in precedence order: when several rules flag a point,
    the first one labels it (``signal_rule``, ``signal_direction``).

    ``limit_convention`` lets a rule set that reproduces a tool ask the engine for that tool's
    I-chart arithmetic: ``"qicharts2"`` (3/1.128 and screened mean MR) or ``"mdc"``
    (NHSRplotthedots 0.2.2: 2.66 x mean MR, 2-sigma lines at 2*2.66/3).
    """

    name: str
    title: str
    source: str
    rules: tuple[Rule, ...]
    limit_convention: Convention = "qicharts2"
    params: dict[str, object] = field(default_factory=dict)
    #: The runs limits the set uses for a phase of n useful points: ``phase_limits(n_useful)``
    #: returns arrays for some of ``qi.charts.schema.RUNS_LIMIT_COLUMNS`` (the others are NaN);
    #: ``.phases`` shows them so a user can check them. None: the set has no run-based rule.
    phase_limits: Callable[[np.ndarray], dict[str, np.ndarray]] | None = None
    #: Where the runs-count limits come from (``.phases["runs_limits"]``), e.g. the printed
    #: Perla et al. Table 1; "" when the set has none.
    runs_limits_source: str = ""
    #: The useful-observation range the runs-count limits cover; outside it the result's
    #: caveats say the rule was not applied. None when the set has no such rule.
    runs_range: tuple[int, int] | None = None

    @property
    def rule_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rules)

    def rule(self, name: str) -> Rule:
        for r in self.rules:
            if r.name == name:
                return r
        raise KeyError(name)


def _lengths(n_useful: np.ndarray, shift: int | None, trend: int | None) -> dict[str, np.ndarray]:
    n = np.asarray(n_useful)
    out: dict[str, np.ndarray] = {}
    if shift is not None:
        out["shift_length"] = np.full(n.shape, float(shift))
    if trend is not None:
        out["trend_length"] = np.full(n.shape, float(trend))
    return out


def length_limits(
    shift: int | None = None, trend: int | None = None
) -> Callable[[np.ndarray], dict[str, np.ndarray]]:
    """``RuleSet.phase_limits`` of a set with fixed lengths: ``shift`` points in a row on one
    side make a shift, ``trend`` points rising or falling make a trend, whatever n."""
    from functools import partial

    return partial(_lengths, shift=shift, trend=trend)
