"""Step 5 of :func:`qi.chart`: turn the arrays into the three frames of a ChartResult.

The column lists come from :mod:`qi.charts.schema` and nowhere else. ``series``, ``phase``,
``signal_rule`` and ``signal_type`` are pandas categoricals (cheap for 10,000 series; compare
them with ``==`` as strings). ``x`` is int64 when every x is a whole number, float64 for other
numbers, datetime64[ns] for dates.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qi.charts.limits import Limits
from qi.charts.prepare import Prepared
from qi.charts.result import ChartOptions
from qi.charts.rules.base import RuleSet
from qi.charts.schema import (
    EPISODE_COLUMNS,
    PHASE_COLUMNS,
    POINT_COLUMNS,
    SIGNAL_COLUMNS,
    SIGNAL_TYPES,
    rule_column,
)
from qi.constants import MIN_POINTS_FOR_LIMITS
from qi.errors import QIWarning

#: At most this many per-phase trial warnings are listed one by one; beyond it, one summary.
MAX_LISTED_WARNINGS = 10


@dataclass(frozen=True)
class Applied:
    """What the rules step hands to assembly (engine-side view of the rule application)."""

    flags: dict[str, np.ndarray]
    episodes: dict[str, np.ndarray]
    skipped: tuple[str, ...]
    signal: np.ndarray
    signal_rule: np.ndarray  # int8 codes: 0 = "", k = the k-th rule of the set
    signal_direction: np.ndarray
    signal_type: np.ndarray  # int8 codes into SIGNAL_TYPES


def _categorical(codes: np.ndarray, labels: tuple[str, ...] | list[str]) -> Any:
    if len(set(labels)) == len(labels):
        return pd.Categorical.from_codes(codes, categories=list(labels))
    return np.asarray(labels, dtype=object)[codes]


def point_frame(prep: Prepared, lim: Limits, applied: Applied, rule_set: RuleSet, chart: str) -> pd.DataFrame:
    """``.data``: POINT_COLUMNS + one column per rule + SIGNAL_COLUMNS."""
    n = prep.y_length.astype(float) if chart in ("xbar", "s") else prep.n
    with np.errstate(invalid="ignore"):
        outside = (lim.y > lim.ucl) | (lim.y < lim.lcl)
    cols: dict[str, Any] = {
        "series": _categorical(prep.series, prep.series_labels),
        "x": prep.x_shown,
        "y": lim.y,
        "n": n,
        "y_sum": prep.y_sum,
        "phase": _categorical(prep.phase, prep.phase_labels),
        "baseline": prep.baseline,
        "included": prep.included,
        "centre": lim.centre,
        "lcl": lim.lcl,
        "ucl": lim.ucl,
        "lcl_2s": lim.lcl_2s,
        "ucl_2s": lim.ucl_2s,
        "lcl_1s": lim.lcl_1s,
        "ucl_1s": lim.ucl_1s,
        "outside": outside,
    }
    assert tuple(cols) == POINT_COLUMNS
    for rule in rule_set.rules:
        cols[rule_column(rule.name)] = applied.flags[rule.name]
    cols["signal"] = applied.signal
    cols["signal_rule"] = pd.Categorical.from_codes(
        applied.signal_rule, categories=["", *rule_set.rule_names]
    )
    cols["signal_direction"] = applied.signal_direction.astype(np.int8, copy=False)
    cols["signal_type"] = pd.Categorical.from_codes(applied.signal_type, categories=list(SIGNAL_TYPES))
    frame = pd.DataFrame(cols, copy=False)
    expected = (*POINT_COLUMNS, *(rule_column(r) for r in rule_set.rule_names), *SIGNAL_COLUMNS)
    assert tuple(frame.columns) == expected
    return frame


def phase_frame(prep: Prepared, lim: Limits, runs: Any, chart: str) -> pd.DataFrame:
    """``.phases``: one row per segment (phase of a series), PHASE_COLUMNS."""
    seg = prep.segment
    nseg = prep.n_segments
    ends = np.append(prep.seg_start[1:], prep.n_points) - 1
    x = prep.x_shown
    base = prep.baseline & prep.included & ~np.isnan(lim.y)
    n_baseline = np.bincount(seg[base], minlength=nseg).astype(np.int64)
    runs_signal = np.asarray(runs.runs_signal, dtype=bool)
    if chart == "mr":  # qicharts2 forces runs.signal FALSE on MR charts
        runs_signal = np.zeros(nseg, dtype=bool)
    cols: dict[str, Any] = {
        "series": _categorical(prep.seg_series, prep.series_labels),
        "phase": _categorical(prep.seg_phase, prep.phase_labels),
        "first_x": x[prep.seg_start],
        "last_x": x[ends],
        "centre": lim.seg_centre,
        "sigma": lim.seg_sigma,
        "n_obs": np.asarray(runs.n_obs, dtype=np.int64),
        "n_useful": np.asarray(runs.n_useful, dtype=np.int64),
        "longest_run": np.asarray(runs.longest_run, dtype=float),
        "longest_run_max": np.asarray(runs.longest_run_max, dtype=float),
        "crossings": np.asarray(runs.crossings, dtype=float),
        "crossings_min": np.asarray(runs.crossings_min, dtype=float),
        "runs_signal": runs_signal,
        "n_baseline": n_baseline,
        "trial": n_baseline < MIN_POINTS_FOR_LIMITS,
    }
    frame = pd.DataFrame(cols, copy=False)
    assert tuple(frame.columns) == PHASE_COLUMNS
    return frame


def episode_frame(prep: Prepared, applied: Applied, improvement: str | None) -> pd.DataFrame:
    """``.signals``: one row per signal episode (a maximal stretch of a pattern of one rule;
    ``n_points`` counts its flagged points), sorted by first point, then rule precedence."""
    from qi.charts.rules import signal_types

    ep = applied.episodes
    start = np.asarray(ep["start"], dtype=np.int64)
    end = np.asarray(ep["end"], dtype=np.int64)
    x = prep.x_shown
    direction = np.asarray(ep["direction"], dtype=np.int8)
    frame = pd.DataFrame(
        {
            "series": np.asarray(prep.series_labels, dtype=object)[prep.series[start]],
            "phase": np.asarray(prep.phase_labels, dtype=object)[prep.phase[start]],
            "rule": np.asarray(ep["rule"], dtype=object),
            "first_x": x[start],
            "last_x": x[end],
            "n_points": np.asarray(ep["n_points"], dtype=np.int64),
            "direction": direction,
            "signal_type": signal_types(np.ones(len(start), dtype=bool), direction, improvement),
        }
    ).astype({"series": "str", "phase": "str", "rule": "str", "signal_type": "str"})
    assert tuple(frame.columns) == EPISODE_COLUMNS
    return frame


def trial_warnings(prep: Prepared, phases: pd.DataFrame, chart: str, opts: ChartOptions) -> tuple[str, ...]:
    """Words for each trial phase, and one QIWarning for the call."""
    trial = phases["trial"].to_numpy(dtype=bool)
    if not trial.any():
        return ()
    what, verb, them = (
        ("centre line", "comes", "it") if chart == "run" else ("centre line and limits", "come", "them")
    )
    texts: list[str] = []
    idx = np.flatnonzero(trial)
    for i in idx[:MAX_LISTED_WARNINGS]:
        k = int(phases["n_baseline"].iat[i])
        where = f"phase {phases['phase'].iat[i]}"
        if opts.by is not None:
            where = f"series {phases['series'].iat[i]}, {where}"
        texts.append(
            f"{where}: the {what} {verb} from {k} point{'s' if k != 1 else ''}, fewer than "
            f"{MIN_POINTS_FOR_LIMITS}; treat {them} as trial and recompute when there are "
            f"{MIN_POINTS_FOR_LIMITS} or more"
        )
    if len(idx) > MAX_LISTED_WARNINGS:
        texts.append(
            f"... and {len(idx) - MAX_LISTED_WARNINGS} more phases with fewer than "
            f"{MIN_POINTS_FOR_LIMITS} points (trial {what})"
        )
    summary = texts[0] if len(idx) == 1 else f"{len(idx)} phases have trial {what} (fewer than {MIN_POINTS_FOR_LIMITS} points); see ChartResult.warnings"
    from qi.settings import options

    if options.issue_warnings():  # in Jupyter the result shows its caveats: not printed twice
        warnings.warn(summary, QIWarning, stacklevel=4)
    return tuple(texts)
