"""Fixtures of the presentation tests: hand-built ChartResults and a pinned rendering setup.

``make_result`` builds a :class:`qi.charts.result.ChartResult` from the schema by hand (every
number given by the test), so the plots and narrative can be checked against values a person
wrote down, independently of the engine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from qi.charts.result import ChartOptions, ChartResult
from qi.charts.rules import get_rule_set, rule_sets
from qi.charts.schema import (
    COMMON_CAUSE,
    CONCERN,
    EPISODE_COLUMNS,
    IMPROVEMENT,
    NEUTRAL,
    PHASE_COLUMNS,
    POINT_COLUMNS,
    SIGNAL_COLUMNS,
    rule_column,
)

BASELINE_DIR = Path(__file__).parent / "baseline"
RESULT_DIR = Path(__file__).parent / "result_images"


#: The rule sets of the engine's registry (qi.charts.rules): names, labels and titles as users
#: see them. Only names and labels are read; the rules are not run on hand-built results.
RULE_SETS = {name: get_rule_set(name) for name in rule_sets()}


def make_result(
    y: Sequence[float],
    *,
    x: Sequence[Any] | None = None,
    chart: str = "i",
    centre: float | Sequence[float] = np.nan,
    sigma: float | Sequence[float] = np.nan,
    lcl: Sequence[float] | None = None,
    ucl: Sequence[float] | None = None,
    n: Sequence[float] | None = None,
    phase: Sequence[str] | None = None,
    baseline: Sequence[bool] | None = None,
    included: Sequence[bool] | None = None,
    rules: str = "hcdg",
    flags: dict[str, Sequence[int]] | None = None,
    improvement: str | None = None,
    target: float | None = None,
    series: Sequence[str] | None = None,
    trial: bool | None = None,
    n_useful: int | None = None,
    rules_skipped: Sequence[str] = (),
    warnings: Sequence[str] = (),
    title: str | None = None,
    definition: str | None = None,
    unit: str | None = None,
    x_kind: str | None = None,
    y_name: str = "value",
) -> ChartResult:
    """A ChartResult built by hand.

    ``flags`` maps rule names to the 0-based positions they flag; the first rule of the rule set
    that flags a point labels it, its direction is the side of the centre line, and its type
    follows ``improvement`` (neutral when None). Limits default to centre ± 3 sigma.
    """
    y_arr = np.asarray(y, dtype=float)
    k = len(y_arr)
    if x is None:
        x = list(range(1, k + 1))
    xs = pd.Series(list(x))
    if x_kind is None:
        x_kind = "date" if pd.api.types.is_datetime64_any_dtype(xs) else "number"
    centre_arr = np.broadcast_to(np.asarray(centre, dtype=float), (k,)).copy()
    sigma_arr = np.broadcast_to(np.asarray(sigma, dtype=float), (k,)).copy()
    zone = {m: (centre_arr - m * sigma_arr, centre_arr + m * sigma_arr) for m in (1, 2, 3)}
    lcl_arr = np.asarray(lcl, dtype=float) if lcl is not None else zone[3][0]
    ucl_arr = np.asarray(ucl, dtype=float) if ucl is not None else zone[3][1]
    rs = RULE_SETS[rules]
    flags = flags or {}
    data = pd.DataFrame(
        {
            "series": list(series) if series is not None else [y_name] * k,
            "x": xs,
            "y": y_arr,
            "n": np.asarray(n, dtype=float) if n is not None else np.full(k, np.nan),
            "y_sum": y_arr,
            "phase": list(phase) if phase is not None else ["1"] * k,
            "baseline": np.asarray(baseline, dtype=bool)
            if baseline is not None
            else np.ones(k, bool),
            "included": np.asarray(included, dtype=bool)
            if included is not None
            else np.ones(k, bool),
            "centre": centre_arr,
            "lcl": lcl_arr,
            "ucl": ucl_arr,
            "lcl_2s": zone[2][0],
            "ucl_2s": zone[2][1],
            "lcl_1s": zone[1][0],
            "ucl_1s": zone[1][1],
        }
    )
    data["outside"] = (data["y"] > data["ucl"]) | (data["y"] < data["lcl"])
    for r in rs.rules:
        col = np.zeros(k, bool)
        col[list(flags.get(r.name, []))] = True
        data[rule_column(r.name)] = col
    # each rule's direction per point: the side of the centre line, or for trend rules the
    # direction of the whole stretch (last value minus first)
    side = np.sign(np.nan_to_num(y_arr - centre_arr)).astype(int)
    rule_dir: dict[str, np.ndarray] = {}
    for r in rs.rules:
        d = side.copy()
        if "trend" in r.name:
            col = data[rule_column(r.name)].to_numpy()
            i = 0
            while i < k:
                if col[i]:
                    j = i
                    while j + 1 < k and col[j + 1]:
                        j += 1
                    d[i : j + 1] = int(np.sign(y_arr[j] - y_arr[i]))
                    i = j + 1
                else:
                    i += 1
        rule_dir[r.name] = d
    signal_rule = [""] * k
    direction = np.zeros(k, dtype=int)
    for i in range(k):
        for r in rs.rules:
            if data.at[i, rule_column(r.name)]:
                signal_rule[i] = r.name
                direction[i] = rule_dir[r.name][i]
                break
    data["signal"] = [s != "" for s in signal_rule]
    data["signal_rule"] = signal_rule
    data["signal_direction"] = direction
    types = []
    for s, d in zip(data["signal"], data["signal_direction"], strict=True):
        if not s:
            types.append(COMMON_CAUSE)
        elif improvement is None:
            types.append(NEUTRAL)
        else:
            good = (d > 0) == (improvement == "up")
            types.append(IMPROVEMENT if good else CONCERN)
    data["signal_type"] = types
    assert list(data.columns) == [
        *POINT_COLUMNS,
        *(rule_column(n) for n in rs.rule_names),
        *SIGNAL_COLUMNS,
    ]

    phase_rows = []
    for (ser, ph), g in data.groupby(["series", "phase"], sort=False):
        nu = n_useful if n_useful is not None else int(g["included"].sum() - g["y"].isna().sum())
        phase_rows.append(
            {
                "series": ser,
                "phase": ph,
                "first_x": g["x"].iloc[0],
                "last_x": g["x"].iloc[-1],
                "centre": g["centre"].iloc[0],
                "sigma": float(np.asarray(sigma_arr)[g.index[0]]),
                "n_obs": int(g["included"].sum()),
                "n_useful": nu,
                "longest_run": np.nan,
                "longest_run_max": np.nan,
                "crossings": np.nan,
                "crossings_min": np.nan,
                "runs_signal": False,
                "n_baseline": int(g["baseline"].sum()),
                "trial": bool(trial) if trial is not None else bool(g["baseline"].sum() < 12),
            }
        )
    phases = pd.DataFrame(phase_rows, columns=list(PHASE_COLUMNS))

    episodes = []
    for (ser, ph), g in data.groupby(["series", "phase"], sort=False):
        for r in rs.rules:
            col = g[rule_column(r.name)].to_numpy()
            i = 0
            while i < len(col):
                if col[i]:
                    j = i
                    while j + 1 < len(col) and col[j + 1]:
                        j += 1
                    rows = g.iloc[i : j + 1]
                    d = int(rule_dir[r.name][g.index[i]])
                    dd = d if improvement is not None else 0
                    first_type = (
                        NEUTRAL
                        if improvement is None
                        else IMPROVEMENT
                        if (dd > 0) == (improvement == "up")
                        else CONCERN
                    )
                    episodes.append(
                        {
                            "series": ser,
                            "phase": ph,
                            "rule": r.name,
                            "first_x": rows["x"].iloc[0],
                            "last_x": rows["x"].iloc[-1],
                            "n_points": j - i + 1,
                            "direction": d,
                            "signal_type": first_type,
                        }
                    )
                    i = j + 1
                else:
                    i += 1
    signals = pd.DataFrame(episodes, columns=list(EPISODE_COLUMNS))
    options = ChartOptions(
        chart=chart,
        y=y_name,
        rules=rules,
        improvement=improvement,
        target=target,
        x_kind=x_kind,
        title=title,
        definition=definition,
        unit=unit,
        by="area" if series is not None else None,
    )
    return ChartResult(
        data=data,
        phases=phases,
        signals=signals,
        options=options,
        rule_set=rs,
        rules_skipped=tuple(rules_skipped),
        warnings=tuple(warnings),
    )


@pytest.fixture
def build() -> Callable[..., ChartResult]:
    """The :func:`make_result` factory."""
    return make_result


@pytest.fixture
def monthly() -> Callable[[int], pd.DatetimeIndex]:
    """Month starts from January 2023."""
    return lambda k, start="2023-01-01": pd.date_range(start, periods=k, freq="MS")


def update_baselines() -> bool:
    """True when ``QI_UPDATE_BASELINES=1``: image tests then write their baselines."""
    return os.environ.get("QI_UPDATE_BASELINES") == "1"
