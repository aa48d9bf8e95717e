"""Step 5 of :func:`qi.chart`: turn the arrays into the three frames of a ChartResult.

The column lists come from :mod:`qi.charts.schema` and nowhere else. ``series``, ``phase``,
``signal_rule`` and ``signal_type`` are pandas categoricals (cheap for 10,000 series; compare
them with ``==`` as strings). ``x`` is int64 when every x is a whole number, float64 for other
numbers, datetime64[ns] for dates.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qi.charts.kinds import Improvement, WarningKind
from qi.charts.limits import Limits
from qi.charts.prepare import Prepared
from qi.charts.result import Caveat, ChartOptions, ChartWarning
from qi.charts.rules.base import RuleSet
from qi.charts.schema import (
    EPISODE_COLUMNS,
    PHASE_COLUMNS,
    POINT_COLUMNS,
    RUNS_LIMIT_COLUMNS,
    SIGNAL_COLUMNS,
    SIGNAL_TYPES,
    rule_column,
)
from qi.charts.types import SUBGROUP_CHARTS, get_chart_type
from qi.constants import MIN_POINTS_FOR_LIMITS
from qi.errors import QIWarning

#: At most this many per-phase trial warnings are listed one by one; beyond it, one summary.
MAX_LISTED_WARNINGS = 10


@dataclass(frozen=True)
class Applied:
    """What the rules step hands to assembly (engine-side view of the rule application).

    ``episodes_of()`` computes the signal episodes (only when ``.signals`` is read)."""

    flags: dict[str, np.ndarray]
    episodes_of: Callable[[], dict[str, np.ndarray]]
    skipped: tuple[str, ...]
    signal: np.ndarray
    signal_rule: np.ndarray  # int8 codes: 0 = "", k = the k-th rule of the set
    signal_direction: np.ndarray
    signal_type: np.ndarray  # int8 codes into SIGNAL_TYPES


def _categorical(codes: np.ndarray, labels: tuple[str, ...] | list[str]) -> Any:
    if len(set(labels)) == len(labels):
        # pandas-stubs wants an Index for categories; pandas takes any list-like (the ignores below)
        return pd.Categorical.from_codes(codes, categories=list(labels))  # type: ignore[call-overload]
    return np.asarray(labels, dtype=object)[codes]


def point_frame(
    prep: Prepared, lim: Limits, applied: Applied, rule_set: RuleSet, chart: str
) -> pd.DataFrame:
    """``.data``: POINT_COLUMNS + one column per rule + SIGNAL_COLUMNS."""
    n = prep.y_length.astype(float) if chart in SUBGROUP_CHARTS else prep.n
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
    cols["signal_rule"] = pd.Categorical.from_codes(  # type: ignore[call-overload]
        applied.signal_rule, categories=["", *rule_set.rule_names]
    )
    cols["signal_direction"] = applied.signal_direction.astype(np.int8, copy=False)
    cols["signal_type"] = pd.Categorical.from_codes(
        applied.signal_type, categories=list(SIGNAL_TYPES)
    )  # type: ignore[call-overload]
    frame = pd.DataFrame(cols, copy=False)
    expected = (*POINT_COLUMNS, *(rule_column(r) for r in rule_set.rule_names), *SIGNAL_COLUMNS)
    assert tuple(frame.columns) == expected
    return frame


def runs_limit_columns(rule_set: RuleSet, runs: Any) -> dict[str, Any]:
    """RUNS_LIMIT_COLUMNS per segment: the limits ``rule_set`` used (NaN where it has none)."""
    n_useful = np.asarray(runs.n_useful, dtype=np.int64)
    nseg = n_useful.shape[0]
    given = rule_set.phase_limits(n_useful) if rule_set.phase_limits is not None else {}
    crossings = np.asarray(runs.crossings, dtype=float)
    cols: dict[str, Any] = {"n_runs": crossings + 1}
    for name in RUNS_LIMIT_COLUMNS[1:-1]:
        cols[name] = (
            np.asarray(given[name], dtype=float) if name in given else np.full(nseg, np.nan)
        )
    cols["runs_limits"] = np.full(nseg, rule_set.runs_limits_source, dtype=object)
    return cols


def phase_columns(
    prep: Prepared, lim: Limits, runs: Any, chart: str, rule_set: RuleSet, fixed: bool = False
) -> dict[str, Any]:
    """The columns of ``.phases`` as arrays (``series``/``phase`` as codes into the prepared
    labels): warnings and caveats read these, the frame is built only when asked for. With
    ``fixed`` limits (``limits=``) no phase is trial: its limits do not come from its points."""
    seg = prep.segment
    nseg = prep.n_segments
    ends = np.append(prep.seg_start[1:], prep.n_points) - 1
    x = prep.x_shown
    base = prep.baseline & prep.included & ~np.isnan(lim.y)
    n_baseline = np.bincount(seg[base], minlength=nseg).astype(np.int64)
    runs_signal = np.asarray(runs.runs_signal, dtype=bool)
    if not get_chart_type(chart).runs_signal:  # qicharts2 forces runs.signal FALSE on MR charts
        runs_signal = np.zeros(nseg, dtype=bool)
    cols: dict[str, Any] = {
        "series": prep.seg_series,
        "phase": prep.seg_phase,
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
        "trial": (n_baseline < MIN_POINTS_FOR_LIMITS) & (not fixed),
        **runs_limit_columns(rule_set, runs),
    }
    assert tuple(cols) == PHASE_COLUMNS
    return cols


def phase_frame(prep: Prepared, cols: dict[str, Any]) -> pd.DataFrame:
    """``.phases``: one row per segment (phase of a series), PHASE_COLUMNS."""
    frame = pd.DataFrame(
        {
            **cols,
            "series": _categorical(cols["series"], prep.series_labels),
            "phase": _categorical(cols["phase"], prep.phase_labels),
        },
        copy=False,
    )
    assert tuple(frame.columns) == PHASE_COLUMNS
    return frame


def episode_frame(
    prep: Prepared, applied: Applied, improvement: Improvement | None
) -> pd.DataFrame:
    """``.signals``: one row per signal episode (a maximal stretch of a pattern of one rule;
    ``n_points`` counts its flagged points), sorted by first point, then rule precedence."""
    from qi.charts.rules import signal_types

    ep = applied.episodes_of()
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


def _labels(prep: Prepared, cols: dict[str, Any], i: int) -> tuple[str, str]:
    """(series, phase) labels of segment ``i``."""
    return prep.series_labels[cols["series"][i]], prep.phase_labels[cols["phase"][i]]


def trial_warnings(
    prep: Prepared, cols: dict[str, Any], chart: str, opts: ChartOptions
) -> tuple[ChartWarning, ...]:
    """A ``"trial_limits"`` warning for each trial phase, and one QIWarning for the call."""
    trial = cols["trial"]
    if not trial.any():
        return ()
    what, verb, them = (
        ("centre line", "comes", "it")
        if not get_chart_type(chart).has_limits
        else ("centre line and limits", "come", "them")
    )
    idx = np.flatnonzero(trial)

    def warning(i: int) -> ChartWarning:
        k = int(cols["n_baseline"][i])
        return _placed(
            "trial_limits",
            f"the {what} {verb} from {k} point{'s' if k != 1 else ''}, fewer than "
            f"{MIN_POINTS_FOR_LIMITS}; treat {them} as trial and recompute when there are "
            f"{MIN_POINTS_FOR_LIMITS} or more",
            *_labels(prep, cols, i),
            opts,
        )

    found = _listed(
        [int(i) for i in idx],
        warning,
        "trial_limits",
        f"more phases with fewer than {MIN_POINTS_FOR_LIMITS} points (trial {what})",
    )
    summary = (
        str(found[0])
        if len(idx) == 1
        else f"{len(idx)} phases have trial {what} (fewer than {MIN_POINTS_FOR_LIMITS} points); see ChartResult.warnings"
    )
    from qi.settings import options

    if options.issue_warnings():  # in Jupyter the result shows its caveats: not printed twice
        warnings.warn(summary, QIWarning, stacklevel=4)
    return found


def warn_caveats(found: tuple[ChartWarning, ...]) -> None:
    """One QIWarning for the runs-range caveats of a call (all of them in ChartResult.warnings)."""
    if found:
        summary = (
            str(found[0]) if len(found) == 1 else f"{found[0]} (and more; see ChartResult.warnings)"
        )
        warnings.warn(summary, QIWarning, stacklevel=4)


def runs_range_caveats(
    prep: Prepared, cols: dict[str, Any], rule_set: RuleSet
) -> tuple[Caveat, ...]:
    """One Caveat per phase whose useful observations fall outside the range the rule set's
    runs-count limits cover (Perla et al.'s Table 1: 10-60): the rule was not applied there."""
    if rule_set.runs_range is None:
        return ()
    lo, hi = rule_set.runs_range
    n_useful = cols["n_useful"]
    out = []
    for i in np.flatnonzero((n_useful < lo) | (n_useful > hi)):
        nu = int(n_useful[i])
        series, phase = _labels(prep, cols, int(i))
        out.append(
            Caveat(
                kind="runs_rule_out_of_range",
                series=series,
                phase=phase,
                value=float(nu),
                limit=float(lo if nu < lo else hi),
                source=rule_set.runs_limits_source,
            )
        )
    return tuple(out)


def caveat_words(caveats: tuple[Caveat, ...], opts: ChartOptions) -> tuple[ChartWarning, ...]:
    """``"runs_rule_out_of_range"`` warnings for the runs-range caveats above the table's range
    (the records of both ends stay in ``ChartResult.caveats``). Below it, the phase's
    ``n_useful`` already tells (narrative: "too few points for the runs rules"; a trial warning
    for fewer than 12 points), so the words are not repeated."""
    above = [c for c in caveats if c.value > c.limit]
    return _listed(
        above,
        lambda c: _placed(
            "runs_rule_out_of_range",
            f"{int(c.value)} useful observations, more than the {int(c.limit)} that {c.source} "
            "covers; the too-few/too-many-runs rule was not applied",
            c.series,
            c.phase,
            opts,
        ),
        "runs_rule_out_of_range",
        "more phases outside the runs table's range (runs rule not applied)",
    )


def _placed(
    kind: WarningKind, message: str, series: object, phase: object, opts: ChartOptions
) -> ChartWarning:
    """A warning about one phase; its series named only on a by= chart ('phase 2: ...' or
    'series A, phase 2: ...')."""
    return ChartWarning(
        kind, message, series=None if opts.by is None else str(series), phase=str(phase)
    )


def _listed(
    items: list[Any], warning: Callable[[Any], ChartWarning], kind: WarningKind, more: str
) -> tuple[ChartWarning, ...]:
    """Warnings for the first MAX_LISTED_WARNINGS items, then one '... and k more' line."""
    found = [warning(item) for item in items[:MAX_LISTED_WARNINGS]]
    if len(items) > MAX_LISTED_WARNINGS:
        found.append(ChartWarning(kind, f"... and {len(items) - MAX_LISTED_WARNINGS} {more}"))
    return tuple(found)
