"""NHS "Making Data Count" rules, exactly as NHSRplotthedots 0.2.2 computes them.

Source read: ``R/ptd_calculate_point_type.R`` and ``R/ptd_spc_standard.R`` of
nhs-r-community/NHSRplotthedots at 050b07d7 (``docs/method/rules.md`` section 7).
Precedence (``ptd_special_cause_type``): outside, trend, 2 of 3, run.

- ``outside``: ``y > upl | y < lpl`` (strict); direction by the side of the mean
  ("Above UCL" when ``relative_to_mean == 1``, else "Below LCL").
- ``trend``: ``trend_length`` (7) points with ``trend_length - 1`` strictly monotone steps;
  equal neighbours break it; it may cross the mean. Direction follows NHSRplotthedots'
  right-hand-step rule: a flagged point whose next point is also flagged takes the sign of the
  step to the right, otherwise of the step from the left, and anything but +1 reads
  "Decreasing". Hence two documented quirks, reproduced on purpose: a peak shared by a rising
  and a falling trend is labelled decreasing, and in two rising trends joined by a tie
  (19.5, 20, 20, 20.5) the last point of the first trend is labelled decreasing.
  NHSRplotthedots crashes when a 7-point window holds a missing value and its other steps agree
  ("missing value where TRUE/FALSE needed"); qi lets a missing value break the trend instead.
- ``two_of_three``: in three consecutive points all strictly on one side of the mean, at least
  two "close to the limits" (beyond the 2-sigma line, strictly, and not outside the limits);
  only the close points are flagged. A point outside the limits never counts; a point on the
  mean or a missing value in the window spoils it.
- ``shift``: ``run_length`` (7) consecutive points on one side of the mean; a point exactly on
  the mean breaks it, and so does a missing value.

Excluded points (which NHSRplotthedots does not have) are treated like missing values: they
break every pattern but can still be outside the limits. ``limit_convention="mdc"`` asks the
engine for NHSRplotthedots' limits: mean +/- 2.66 x mean MR, 2-sigma lines at 2 x 2.66 / 3.
"""

from __future__ import annotations

from functools import partial

import numpy as np

import qi.charts.rules.patterns as patterns
from qi.charts.rules.base import Rule, RuleInput, RuleOutput, RuleSet, length_limits
from qi.charts.rules.params import IntParam, resolve_params
from qi.charts.rules.runs import segment_starts
from qi.constants import MDC_LENGTH_CHOICES, MDC_RUN_LENGTH, MDC_TREND_LENGTH, TWO_OF_THREE

NAME = "mdc"
PARAMS: tuple[IntParam, ...] = (
    IntParam(
        "run_length",
        MDC_RUN_LENGTH,
        "points in a row on one side of the mean",
        choices=MDC_LENGTH_CHOICES,
    ),
    IntParam(
        "trend_length",
        MDC_TREND_LENGTH,
        "points in a row rising or falling",
        choices=MDC_LENGTH_CHOICES,
    ),
)


def _outside(inp: RuleInput) -> RuleOutput:
    out = patterns.outside(inp)
    with np.errstate(invalid="ignore"):
        above_mean = np.asarray(inp.y - inp.centre > 0, dtype=bool)
    direction = np.where(out.flag, np.where(above_mean, 1, -1), 0).astype(np.int8)
    return RuleOutput(flag=out.flag, direction=direction)


def trend_direction(y: np.ndarray, flag: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """NHSRplotthedots' trend label (lines 92-98): right-hand step if the next point is flagged.

    ``+1`` ("Increasing") only when the chosen step is +1; any other sign (-1, or 0 for a tie)
    gives ``-1`` ("Decreasing"). 0 on unflagged points.
    """
    n = flag.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    y = np.asarray(y, dtype=float)
    with np.errstate(invalid="ignore"):
        step = np.sign(np.diff(y))  # step[i] = sign(y[i+1] - y[i])
    new_seg = segment_starts(segment)
    right = np.zeros(n)
    left = np.zeros(n)
    right[:-1] = step
    left[1:] = step
    next_flagged = np.zeros(n, dtype=bool)
    next_flagged[:-1] = flag[1:] & ~new_seg[1:]
    chosen = np.where(flag & next_flagged, right, left)
    return np.where(flag, np.where(chosen == 1, 1, -1), 0).astype(np.int8)


def _trend(inp: RuleInput, length: int) -> RuleOutput:
    out = patterns.trend(inp, length, ties="break", missing="break")
    direction = trend_direction(inp.y, out.flag, inp.segment)
    return RuleOutput(flag=out.flag, direction=direction, extent=out.extent)


def _two_of_three(inp: RuleInput) -> RuleOutput:
    k, m = TWO_OF_THREE
    return patterns.k_of_m_beyond(
        inp, k, m, inp.lcl_2s, inp.ucl_2s, missing="break", exclude_outside=True, all_same_side=True
    )


def _shift(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.shift_break(inp, length)


def build(**params: object) -> RuleSet:
    """The ``mdc`` rule set; ``run_length`` and ``trend_length`` are 7 (default) or 6."""
    p = resolve_params(NAME, PARAMS, params)
    run, trend = p["run_length"], p["trend_length"]
    rules = (
        Rule(
            "outside",
            "a point outside the process limits",
            "A point beyond the process limits (strictly above the upper or below the lower).",
            _outside,
            needs_limits=True,
            kind="outside",
        ),
        Rule(
            "trend",
            f"{trend} points in a row all going up or all going down",
            f"A trend: {trend} consecutive points, each strictly higher (or lower) than the one "
            "before. Equal neighbours and missing values break it; it may cross the mean.",
            partial(_trend, length=trend),
            kind="trend",
        ),
        Rule(
            "two_of_three",
            "2 of 3 points in a row close to a process limit",
            "Two or three of three consecutive points beyond the 2-sigma line but not outside "
            "the limits, all three on the same side of the mean. Only the close points are "
            "flagged.",
            _two_of_three,
            needs_limits=True,
            kind="zone",
        ),
        Rule(
            "shift",
            f"{run} points in a row above or below the mean",
            f"A run of {run} or more consecutive points on one side of the mean. A point exactly "
            "on the mean, or a missing value, breaks it.",
            partial(_shift, length=run),
            kind="shift",
        ),
    )
    return RuleSet(
        name=NAME,
        title="NHS Making Data Count rules",
        source="NHS England Making Data Count; NHSRplotthedots 0.2.2 (R/ptd_calculate_point_type.R)",
        rules=rules,
        limit_convention="mdc",
        params=dict(p),
        phase_limits=length_limits(shift=run, trend=trend),
    )
