"""The IHI run-chart rules (Perla, Provost & Murray 2011), the run-chart default.

Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning from
variation in healthcare processes. BMJ Qual Saf 2011;20(1):46-51.

1. Shift: 6 or more consecutive points on one side of the median. Points on the median (and
   missing or excluded points) neither break nor extend it.
2. Trend: 5 or more points all going up or all going down; equal neighbours count once (a tie
   neither makes nor breaks a trend); missing and excluded points are skipped.
3. Too few or too many runs for 10-60 useful observations (points not on the median). The
   limits are derived in :mod:`qi.charts.rules.thresholds` from the exact Swed & Eisenhart
   distribution that Perla et al.'s Table 1 adapts (two-sided, 2.5% per tail). qi ships the
   exact limits, not a transcription of the printed table (no citable copy was found; the
   printed table is wider at some n, see ``research/domain.md`` §1a). Outside 10-60 useful
   observations the runs rule does not fire.
4. Astronomical point: a judgement, not a statistic. qi flags *candidates*, points beyond the
   limits of an I chart of the same phase (``astro_lcl``/``astro_ucl``), for a person to judge.
"""

from __future__ import annotations

from functools import partial

from qi.charts.rules import patterns
from qi.charts.rules.base import Rule, RuleInput, RuleOutput, RuleSet
from qi.charts.rules.params import IntParam, resolve_params
from qi.constants import (
    IHI_RUNS_MAX_USEFUL,
    IHI_RUNS_MIN_USEFUL,
    IHI_SHIFT_LENGTH,
    IHI_TREND_LENGTH,
)

NAME = "ihi"
PARAMS: tuple[IntParam, ...] = (
    IntParam("shift_length", IHI_SHIFT_LENGTH, "points in a row on one side that make a shift", minimum=2),
    IntParam("trend_length", IHI_TREND_LENGTH, "points in a row rising or falling that make a trend", minimum=3),
)


def _shift(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.shift_skip(inp, length)


def _trend(inp: RuleInput, length: int) -> RuleOutput:
    return patterns.trend(inp, length, ties="skip", missing="skip")


def _few_runs(inp: RuleInput) -> RuleOutput:
    return patterns.number_of_runs(inp, "few")


def _many_runs(inp: RuleInput) -> RuleOutput:
    return patterns.number_of_runs(inp, "many")


def _astronomical(inp: RuleInput) -> RuleOutput:
    return patterns.beyond_limits(inp.y, inp.astro_lcl, inp.astro_ucl)


def build(**params: object) -> RuleSet:
    """The ``ihi`` rule set; ``shift_length`` (6) and ``trend_length`` (5) may be changed."""
    p = resolve_params(NAME, PARAMS, params)
    shift, trend = p["shift_length"], p["trend_length"]
    runs_range = f"{IHI_RUNS_MIN_USEFUL}-{IHI_RUNS_MAX_USEFUL}"
    rules = (
        Rule(
            "shift",
            f"{shift} or more points in a row above or below the centre line",
            f"A shift: {shift} or more consecutive points on one side of the median (centre line). "
            "Points on the line and missing or excluded points neither break nor extend it.",
            partial(_shift, length=shift),
        ),
        Rule(
            "trend",
            f"{trend} or more points in a row all going up or all going down",
            f"A trend: {trend} or more points each higher (or each lower) than the one before. "
            "Equal neighbours count once; missing and excluded points are skipped.",
            partial(_trend, length=trend),
        ),
        Rule(
            "few_runs",
            "too few runs around the centre line (fewer crossings than chance allows)",
            "Fewer runs (stretches on one side of the centre line) than the Swed-Eisenhart "
            f"lower limit for the number of useful points. Tested only for {runs_range} useful "
            "points; every useful point of the phase is flagged.",
            _few_runs,
        ),
        Rule(
            "many_runs",
            "too many runs around the centre line (more crossings than chance allows)",
            "More runs than the Swed-Eisenhart upper limit for the number of useful points "
            f"(often a sign of mixed or alternating data). Tested only for {runs_range} useful "
            "points; every useful point of the phase is flagged.",
            _many_runs,
        ),
        Rule(
            "astronomical",
            "a possible astronomical point, for a person to judge",
            "A candidate astronomical point: beyond the limits of an I chart of the same phase. "
            "Perla et al. leave the call to the people who know the process.",
            _astronomical,
        ),
    )
    return RuleSet(
        name=NAME,
        title="IHI run-chart rules",
        source="Perla RJ, Provost LP, Murray SK. BMJ Qual Saf 2011;20(1):46-51",
        rules=rules,
        params=dict(p),
    )
