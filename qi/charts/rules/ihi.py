"""The IHI run-chart rules (Perla, Provost & Murray 2011), the run-chart default.

Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning from
variation in healthcare processes. BMJ Qual Saf 2011;20(1):46-51.

1. Shift: 6 or more consecutive points on one side of the median. Points on the median (and
   missing or excluded points) neither break nor extend it.
2. Trend: 5 or more points all going up or all going down; equal neighbours count once (a tie
   neither makes nor breaks a trend); missing and excluded points are skipped.
3. Too few or too many runs for 10-60 useful observations (points not on the median), by
   Perla et al.'s Table 1 as printed (``qi.constants.IHI_RUNS_TABLE``), the table the IHI
   teaches. Outside 10-60 useful observations the rule does not fire and the chart's caveats
   say so (the table says nothing there; qi does not extrapolate).
4. Astronomical point: a judgement, not a statistic. qi flags *candidates*, points beyond the
   limits of an I chart of the same phase (``astro_lcl``/``astro_ucl``), for a person to judge.

``ihi_exact`` is the same set with the runs limits computed from the exact Swed & Eisenhart
(1943) distribution (2.5% per tail, n1 = floor(n/2) above the median) instead of the printed
table. The two differ at 18 values of n between 11 and 59, in both directions
(:func:`qi.charts.rules.thresholds.runs_table_differences`):

- the printed table is *wider* (flags fewer charts) at n = 11, 12, 17, 20, 22, 23, 25, 32, 35
  and 37 (e.g. n = 20: printed 6-16, exact 7-15);
- it is *narrower* (flags more charts) at n = 29, 41, 43, 53, 55, 56, 57 and 59 (e.g. n = 53:
  printed 21-34, exact 20-35; at 29, 41, 43 and 56 only the upper limit is one lower, at 59
  only the lower limit is one higher).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

import qi.charts.rules.patterns as patterns
from qi.charts.rules.base import Rule, RuleInput, RuleOutput, RuleSet
from qi.charts.rules.params import IntParam, resolve_params
from qi.charts.rules.thresholds import printed_runs_limits_array, runs_limits_array
from qi.constants import (
    IHI_RUNS_MAX_USEFUL,
    IHI_RUNS_MIN_USEFUL,
    IHI_SHIFT_LENGTH,
    IHI_TREND_LENGTH,
)

NAME = "ihi"
NAME_EXACT = "ihi_exact"
LimitsFn = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
PRINTED_SOURCE = "Perla, Provost & Murray 2011, Table 1 (as printed)"
EXACT_SOURCE = "Swed & Eisenhart 1943, exact (2.5% per tail)"
PARAMS: tuple[IntParam, ...] = (
    IntParam(
        "shift_length", IHI_SHIFT_LENGTH, "points in a row on one side that make a shift", minimum=2
    ),
    IntParam(
        "trend_length",
        IHI_TREND_LENGTH,
        "points in a row rising or falling that make a trend",
        minimum=3,
    ),
)


def _shift(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.shift_skip(inp, length)


def _trend(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.trend(inp, length, ties="skip", missing="skip")


def _few_runs(inp: RuleInput, limits_fn: LimitsFn) -> RuleOutput:
    return patterns.number_of_runs(inp, "few", limits_fn)


def _many_runs(inp: RuleInput, limits_fn: LimitsFn) -> RuleOutput:
    return patterns.number_of_runs(inp, "many", limits_fn)


def _phase_limits(
    n_useful: np.ndarray, limits_fn: LimitsFn, shift: int, trend: int
) -> dict[str, np.ndarray]:
    few, many = limits_fn(n_useful)
    n = np.asarray(n_useful)
    return {
        "runs_min": few,
        "runs_max": many,
        "shift_length": np.full(n.shape, float(shift)),
        "trend_length": np.full(n.shape, float(trend)),
    }


def _astronomical(inp: RuleInput) -> RuleOutput:
    return patterns.beyond_limits(inp.y, inp.astro_lcl, inp.astro_ucl)


def build(**params: object) -> RuleSet:
    """The ``ihi`` rule set (printed Table 1); ``shift_length`` (6) and ``trend_length`` (5)
    may be changed."""
    return _build(NAME, printed_runs_limits_array, PRINTED_SOURCE, params)


def build_exact(**params: object) -> RuleSet:
    """The ``ihi_exact`` rule set: as ``ihi`` with the exact Swed-Eisenhart runs limits."""
    return _build(NAME_EXACT, runs_limits_array, EXACT_SOURCE, params)


def _build(
    name: str, limits_fn: LimitsFn, limits_source: str, params: dict[str, object]
) -> RuleSet:
    p = resolve_params(name, PARAMS, params)
    what = "Perla et al.'s Table 1 (as printed)" if name == NAME else "the exact Swed-Eisenhart"
    shift, trend = p["shift_length"], p["trend_length"]
    rules = (
        Rule(
            "shift",
            f"{shift} or more points in a row above or below the centre line",
            f"A shift: {shift} or more consecutive points on one side of the median (centre line). "
            "Points on the line and missing or excluded points neither break nor extend it.",
            partial(_shift, length=shift),
            kind="shift",
        ),
        Rule(
            "trend",
            f"{trend} or more points in a row all going up or all going down",
            f"A trend: {trend} or more points each higher (or each lower) than the one before. "
            "Equal neighbours count once; missing and excluded points are skipped.",
            partial(_trend, length=trend),
            kind="trend",
        ),
        *_runs_rules(what, limits_fn),
        Rule(
            "astronomical",
            "a possible astronomical point, for a person to judge",
            "A candidate astronomical point: beyond the limits of an I chart of the same phase. "
            "Perla et al. leave the call to the people who know the process.",
            _astronomical,
            kind="outside",
        ),
    )
    return RuleSet(
        name=name,
        title="IHI run-chart rules"
        + ("" if name == NAME else " (exact Swed-Eisenhart runs limits)"),
        source="Perla RJ, Provost LP, Murray SK. BMJ Qual Saf 2011;20(1):46-51"
        + (
            ""
            if name == NAME
            else "; runs limits: Swed FS, Eisenhart C. Ann Math Stat 1943;14(1):66-87"
        ),
        rules=rules,
        params=dict(p),
        phase_limits=partial(_phase_limits, limits_fn=limits_fn, shift=shift, trend=trend),
        runs_limits_source=limits_source,
        runs_range=(IHI_RUNS_MIN_USEFUL, IHI_RUNS_MAX_USEFUL),
    )


def _runs_rules(what: str, limits_fn: LimitsFn) -> tuple[Rule, Rule]:
    """The too-few and too-many runs rules, against ``what`` limits (``limits_fn``)."""
    runs_range = f"{IHI_RUNS_MIN_USEFUL}-{IHI_RUNS_MAX_USEFUL}"
    return (
        Rule(
            "few_runs",
            "too few runs around the centre line (fewer crossings than chance allows)",
            "Fewer runs (stretches on one side of the centre line) than "
            f"{what} lower limit for the number of useful points. Tested only for {runs_range} useful "
            "points; every useful point of the phase is flagged.",
            partial(_few_runs, limits_fn=limits_fn),
            kind="runs",
        ),
        Rule(
            "many_runs",
            "too many runs around the centre line (more crossings than chance allows)",
            f"More runs than {what} upper limit for the number of useful points "
            f"(often a sign of mixed or alternating data). Tested only for {runs_range} useful "
            "points; every useful point of the phase is flagged.",
            partial(_many_runs, limits_fn=limits_fn),
            kind="runs",
        ),
    )
