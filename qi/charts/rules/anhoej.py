"""The Anhøj rules, exactly as qicharts2 applies them (Anhøj & Olesen 2014).

Anhøj J, Olesen AV. Run charts revisited: a simulation study of run chart rules for detection
of non-random variation in health care processes. PLoS ONE 2014;9(11):e113825. Counting as
qicharts2 0.8.1 ``runs.analysis()`` (qicharts2-method.md §3): points on the centre line,
missing and excluded points are dropped first; n_useful is what remains in the segment.

1. ``outside``: a point beyond the 3-sigma limits (strict; excluded points too), as qicharts2's
   ``sigma.signal``. Needs limits.
2. ``shift``: every point of a run longer than ``round(log2(n_useful)) + 3``.
3. ``crossings``: every useful point of a segment whose crossings are fewer than
   ``qbinom(0.05, n_useful - 1, 0.5)``.
"""

from __future__ import annotations

import numpy as np

import qi.charts.rules.patterns as patterns
from qi.charts.rules.base import Rule, RuleInput, RuleOutput, RuleSet
from qi.charts.rules.params import IntParam, resolve_params
from qi.charts.rules.runs import segment_index, useful_signs
from qi.charts.rules.thresholds import crossings_min, longest_run_max

NAME = "anhoej"
PARAMS: tuple[IntParam, ...] = ()


def _shift(inp: RuleInput) -> RuleOutput:
    pos, ids = segment_index(inp.segment)
    _, useful = useful_signs(inp.y, inp.centre, inp.included)
    n_useful = np.bincount(pos[useful], minlength=ids.shape[0])
    return patterns.shift_skip(inp, longest_run_max(n_useful), longer_than=True)


def _crossings(inp: RuleInput) -> RuleOutput:
    return patterns.crossings_rule(inp, crossings_min)


def _phase_limits(n_useful: np.ndarray) -> dict[str, np.ndarray]:
    """A run longer than longest_run_max is a shift (so longest_run_max + 1 points make one);
    fewer than crossings_min crossings is a signal (so fewer than crossings_min + 1 runs)."""
    return {
        "runs_min": crossings_min(n_useful) + 1,
        "shift_length": longest_run_max(n_useful) + 1,
    }


def build(**params: object) -> RuleSet:
    """The ``anhoej`` rule set (no parameters)."""
    resolve_params(NAME, PARAMS, params)
    rules = (
        Rule(
            "outside",
            "a point outside the control limits",
            "A point beyond the 3-sigma control limits (strictly above the upper or below the "
            "lower limit).",
            patterns.outside,
            needs_limits=True,
            kind="outside",
        ),
        Rule(
            "shift",
            "an unusually long run of points above or below the centre line",
            "A run longer than round(log2(n)) + 3 points on one side of the centre line, where n "
            "counts the useful points (not on the line, not missing, not excluded) of the phase.",
            _shift,
            kind="shift",
        ),
        Rule(
            "crossings",
            "unusually few crossings of the centre line",
            "Fewer crossings of the centre line than the lower 5% limit of Binomial(n - 1, 0.5), "
            "n the useful points of the phase; every useful point of the phase is flagged.",
            _crossings,
            kind="runs",
        ),
    )
    return RuleSet(
        name=NAME,
        title="Anhøj rules",
        source="Anhøj J, Olesen AV. PLoS ONE 2014;9(11):e113825 (as qicharts2 0.8.1 applies them)",
        rules=rules,
        phase_limits=_phase_limits,
        runs_limits_source="Anhøj & Olesen 2014 (crossings < qbinom(0.05, n - 1, 0.5))",
    )
