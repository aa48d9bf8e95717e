"""Rules shared by the Shewhart rule sets (Health Care Data Guide, Western Electric, Nelson).

Shared conventions (documented once, pinned by ``tests/rules``):

- Missing and excluded points are skipped by every pattern: consecutive means consecutive among
  the valid points, as qicharts2 and Perla et al. drop them before counting.
- Points exactly on the centre line neither break nor extend a run on one side (Perla, Provost &
  Murray 2011, the same authors' convention for run charts; qicharts2; Anhøj).
- "k of m beyond a zone line on the same side": the k points are beyond the line on one side;
  the other points of the window may be anywhere (Western Electric 1956 and Nelson 1984 state no
  condition on them). Points beyond the 3-sigma limits count (they are beyond 2 sigma too).
  Only the k points are flagged. Zone lines are the per-point ``lcl_2s``/``ucl_2s``,
  ``lcl_1s``/``ucl_1s`` (they vary with n and are asymmetric on t charts).
- Beyond a line is strict; within 1 sigma is inclusive (its complement).
"""

from __future__ import annotations

from functools import partial

import qi.charts.rules.patterns as patterns
from qi.charts.kinds import SkipOrBreak
from qi.charts.rules.base import Rule, RuleInput, RuleOutput
from qi.constants import FOUR_OF_FIVE, TWO_OF_THREE


def outside_rule() -> Rule:
    """A point outside the 3-sigma control limits."""
    return Rule(
        "outside",
        "a point outside the control limits",
        "A point beyond the 3-sigma control limits (strictly above the upper or below the lower "
        "limit). Excluded points are tested too.",
        patterns.outside,
        needs_limits=True,
        kind="outside",
    )


def _shift(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.shift_skip(inp, length)


def shift_rule(length: int) -> Rule:
    """``length`` or more in a row on one side; points on the line are skipped."""
    return Rule(
        "shift",
        f"{length} or more points in a row above or below the centre line",
        f"A shift: {length} or more consecutive points on one side of the centre line. Points on "
        "the line and missing or excluded points neither break nor extend it.",
        partial(_shift, length=length),
        kind="shift",
    )


def _trend(inp: RuleInput, length: int, ties: SkipOrBreak) -> RuleOutput:
    return patterns.trend(inp, length, ties=ties, missing="skip")


def trend_rule(length: int, ties: SkipOrBreak) -> Rule:
    """``length`` or more points rising or falling."""
    tie_words = (
        "Equal neighbours count once (a tie neither makes nor breaks a trend)."
        if ties == "skip"
        else "Equal neighbours end a trend (each point strictly higher, or lower)."
    )
    return Rule(
        "trend",
        f"{length} or more points in a row all going up or all going down",
        f"A trend: {length} or more points each higher (or each lower) than the one before. "
        f"{tie_words} Missing and excluded points are skipped.",
        partial(_trend, length=length, ties=ties),
        kind="trend",
    )


def _two_of_three(inp: RuleInput) -> RuleOutput:
    k, m = TWO_OF_THREE
    return patterns.k_of_m_beyond(inp, k, m, inp.lcl_2s, inp.ucl_2s)


def two_of_three_rule() -> Rule:
    """2 of 3 consecutive points beyond 2 sigma on the same side."""
    return Rule(
        "two_of_three",
        "2 of 3 points in a row beyond 2 sigma on the same side",
        "Two of three consecutive points beyond the same 2-sigma line (the outer third of the "
        "chart or beyond). Only those two points are flagged.",
        _two_of_three,
        needs_limits=True,
        kind="zone",
    )


def _four_of_five(inp: RuleInput) -> RuleOutput:
    k, m = FOUR_OF_FIVE
    return patterns.k_of_m_beyond(inp, k, m, inp.lcl_1s, inp.ucl_1s)


def four_of_five_rule() -> Rule:
    """4 of 5 consecutive points beyond 1 sigma on the same side."""
    return Rule(
        "four_of_five",
        "4 of 5 points in a row beyond 1 sigma on the same side",
        "Four of five consecutive points beyond the same 1-sigma line. Only those four points "
        "are flagged.",
        _four_of_five,
        needs_limits=True,
        kind="zone",
    )


def _within(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.run_of_condition(inp, patterns.within_1s(inp), length)


def within_1s_rule(length: int) -> Rule:
    """``length`` or more in a row within 1 sigma (stratification)."""
    return Rule(
        "within_1s",
        f"{length} or more points in a row within 1 sigma of the centre line",
        f"{length} or more consecutive points within 1 sigma of the centre line, on either side "
        "(less variation than the limits expect, e.g. mixed or stratified data).",
        partial(_within, length=length),
        needs_limits=True,
        kind="zone",
    )
