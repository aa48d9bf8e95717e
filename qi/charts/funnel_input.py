"""Input checks of :func:`qi.funnel`: options, columns, counts, the SD of a mean funnel and the
target. Each message names the argument or column, what was found and the fix."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from qi.charts.funnel_result import FUNNEL_CHARTS, LIMIT_METHODS, OVERDISPERSION, FunnelOptions
from qi.charts.validate import is_finite_real, is_real
from qi.errors import ValidationError, unknown_name


def _column(frame: pd.DataFrame, name: Any, field: str) -> pd.Series:
    if not isinstance(name, str):
        raise ValidationError(
            f"expected a column name, found {type(name).__name__} {name!r}",
            field=field,
            hint=f"pass the name of a column, e.g. {field}='deaths'",
        )
    if name not in frame.columns:
        cols = ", ".join(str(c) for c in frame.columns)
        raise ValidationError(
            f"column '{name}' not found; the data has columns: {cols}",
            field=field,
            hint=f"pass one of the columns above as {field}=",
        )
    return frame[name]


def numbers(frame: pd.DataFrame, name: str, field: str) -> np.ndarray:
    s = _column(frame, name, field)
    values = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValidationError(
            f"column '{name}' has missing, non-numeric or infinite values",
            field=field,
            rows=list(frame.index[bad]),
            hint="fill in those cells or drop the units (a funnel needs a value for every unit)",
        )
    return values


def resolve(
    data: Any,
    y: Any,
    n: Any,
    unit: Any,
    target: Any,
    chart: Any,
    limits: Any,
    overdispersion: Any,
    trim: Any,
    improvement: Any,
    multiply: Any,
    sd: Any,
    target_source: Any,
    title: Any,
    definition: Any,
) -> tuple[FunnelOptions, pd.DataFrame]:
    """The checked options of :func:`qi.funnel` and its data as a frame, or the first
    :class:`ValidationError` (data, then the options, then the units, then the target's source)."""
    if isinstance(data, Mapping):
        data = pd.DataFrame(data)
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(
            f"data must be a pandas DataFrame, found {type(data).__name__}",
            field="data",
            hint="one row per unit with the numerator, the denominator and the unit's name",
        )
    _check_choices(chart, limits, overdispersion, improvement, trim, multiply, target, sd)
    _check_units(data, unit)
    source = _target_source(target, target_source)
    opts = FunnelOptions(
        chart=chart,
        y=y,
        n=n,
        unit=unit,
        target=None if target is None else float(target),
        target_source=source,
        limits=limits,
        overdispersion=overdispersion,
        trim=float(trim),
        improvement=improvement,
        multiply=float(multiply),
        sd=sd,
        title=title,
        definition=definition,
    )
    return opts, data


def _check_choices(
    chart: Any,
    limits: Any,
    overdispersion: Any,
    improvement: Any,
    trim: Any,
    multiply: Any,
    target: Any,
    sd: Any,
) -> None:
    if chart not in FUNNEL_CHARTS:
        raise unknown_name("funnel chart", str(chart), FUNNEL_CHARTS, field="chart")
    if limits not in LIMIT_METHODS:
        raise unknown_name("limit method", str(limits), LIMIT_METHODS, field="limits")
    if overdispersion is not None and overdispersion not in OVERDISPERSION:
        raise unknown_name(
            "overdispersion adjustment", str(overdispersion), OVERDISPERSION, field="overdispersion"
        )
    if overdispersion == "shmi" and chart != "ratio":
        raise ValidationError(
            f"overdispersion='shmi' is for standardised ratios (observed / expected), not a "
            f"{chart} funnel",
            field="overdispersion",
            hint="use chart='ratio', or overdispersion='additive' for proportions and rates",
        )
    if improvement not in (None, "up", "down"):
        raise ValidationError(
            f"improvement must be 'up', 'down' or None, found {improvement!r}",
            field="improvement",
            hint="use 'up' when higher is better, 'down' when lower is better, None if neither",
        )
    for name, value, low, high in (("trim", trim, 0.0, 0.5), ("multiply", multiply, 0.0, math.inf)):
        if not is_real(value) or not low <= value < high or (name == "multiply" and value <= 0):
            raise ValidationError(
                f"{name} must be a number in [{low}, {high}), found {value!r}",
                field=name,
                hint="trim=0.1 Winsorises 10% at each end; multiply=100 shows percentages",
            )
    if target is not None and (not is_finite_real(target)):
        raise ValidationError(
            f"target must be a finite number, found {target!r}",
            field="target",
            hint="the comparator in displayed units (e.g. the England value), or None to pool",
        )
    if chart == "mean" and sd is None:
        raise ValidationError(
            "a mean funnel needs the standard deviation of the values",
            field="sd",
            hint="pass sd=<number> (e.g. from the national data) or sd='<column of unit SDs>'",
        )
    if chart != "mean" and sd is not None:
        raise ValidationError(
            f"sd applies to a mean funnel, not to a {chart} funnel",
            field="sd",
            hint="leave sd out, or use chart='mean'",
        )


def _check_units(data: pd.DataFrame, unit: Any) -> None:
    if len(data) < 2:
        raise ValidationError(
            f"a funnel plot compares units; found {len(data)} unit(s)",
            field="data",
            hint="pass one row per unit, two units or more",
        )
    names = _column(data, unit, "unit")
    if names.isna().any():
        raise ValidationError(
            f"column '{unit}' has missing unit names",
            field="unit",
            rows=list(data.index[names.isna().to_numpy()]),
            hint="name every unit",
        )
    dup = names.astype(str).duplicated(keep=False).to_numpy()
    if dup.any():
        first = str(names[dup].iloc[0])
        raise ValidationError(
            f"unit '{first}' appears on more than one row",
            field="unit",
            rows=list(data.index[dup]),
            hint="one row per unit: sum the numerators and denominators of each unit first",
        )


def _target_source(target: Any, target_source: Any) -> str:
    """Where the target comes from, in words: the caller's, else "given" or "pooled"."""
    source = "given" if target is not None else "pooled"
    if target_source is not None:
        if not isinstance(target_source, str) or not target_source.strip():
            raise ValidationError(
                "target_source must be words naming where the target comes from",
                field="target_source",
                hint="e.g. target_source='England 2023/24'",
            )
        if target is None:
            raise ValidationError(
                "target_source was given without a target",
                field="target_source",
                hint="pass target=<value> with it, or leave both out to pool the data",
            )
        source = target_source.strip()
    return source


def check_counts(data: pd.DataFrame, opts: FunnelOptions, yv: np.ndarray, nv: np.ndarray) -> None:
    rows = data.index
    if (nv <= 0).any():
        bad = nv <= 0
        what = (
            "zero or negative denominators"
            if opts.chart != "mean"
            else "zero or negative numbers of values"
        )
        raise ValidationError(
            f"column '{opts.n}' has {what}",
            field="n",
            rows=list(rows[bad]),
            hint="a unit with nothing at risk has no value: drop those units or correct n",
        )
    if opts.chart != "mean" and (yv < 0).any():
        bad = yv < 0
        raise ValidationError(
            f"column '{opts.y}' has negative counts",
            field="y",
            rows=list(rows[bad]),
            hint="the numerator counts cases or events: correct those cells",
        )
    if opts.chart == "proportion":
        above = yv > nv
        if above.any():
            raise ValidationError(
                f"column '{opts.y}' has numerators above their denominators in '{opts.n}'",
                field="y",
                rows=list(rows[above]),
                hint="a proportion counts cases out of n: check those rows, or use chart='rate'",
            )
        if opts.limits == "exact":
            frac = (yv != np.round(yv)) | (nv != np.round(nv))
            if frac.any():
                raise ValidationError(
                    "exact binomial limits need whole numbers of cases and denominators",
                    field="y",
                    rows=list(rows[frac]),
                    hint="round the counts, or pass limits='normal'",
                )


def pooled_sd(frame: pd.DataFrame, opts: FunnelOptions, nv: np.ndarray) -> float:
    if opts.chart != "mean":
        return float("nan")
    sd = opts.sd
    if isinstance(sd, str):
        sds = numbers(frame, sd, "sd")
        df = nv - 1
        if (df <= 0).all():
            raise ValidationError(
                "pooling unit SDs needs units with 2 or more values",
                field="sd",
                hint="pass sd=<number> instead",
            )
        return float(np.sqrt(np.sum(df * sds * sds) / np.sum(df)))
    if not is_finite_real(sd) or sd <= 0:
        raise ValidationError(
            f"sd must be a number above 0 or a column name, found {sd!r}",
            field="sd",
            hint="e.g. sd=12.5 (the SD of the values)",
        )
    return float(sd)  # in the units of y (before multiply), as the values are


def check_target(chart: str, t: float, opts: FunnelOptions) -> None:
    where = "given" if opts.target is not None else "pooled from the data"
    if chart == "proportion" and not 0 < t < 1:
        raise ValidationError(
            f"the target proportion ({where}) is {t * opts.multiply:g}; funnel limits need a "
            "target strictly between 0 and 1 (times multiply)",
            field="target",
            hint="check the target, or the data when every unit has 0% or 100%",
        )
    if chart in ("rate", "ratio") and t <= 0:
        raise ValidationError(
            f"the target {chart} ({where}) is {t * opts.multiply:g}; funnel limits need a target above 0",
            field="target",
            hint="check the target, or the data when no unit has any events",
        )
