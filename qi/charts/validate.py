"""Step 1 of :func:`qi.chart`: check the options and the data, in one place.

Every message names the argument or column, what was found (with the offending rows, as the
frame's index labels) and the fix. Nothing after this step needs to guard against bad input:
it receives plain numpy arrays of the right dtype.

Where qicharts2 is silent, qi refuses on purpose: rows with a missing x (qicharts2 drops them),
zero denominators (qicharts2 gives NaN limits), unparseable dates. Time-zone-aware dates are
converted to UTC and periods (months, quarters) to their first day.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from qi.charts.columns import is_finite_real as is_finite_real  # re-exported (funnel reads them)
from qi.charts.columns import is_real as is_real
from qi.charts.columns import missing_column, numeric_column, parse_x, rows_of
from qi.charts.columns import x_keys as x_keys  # re-exported: prepare reads x values with it
from qi.charts.result import ChartOptions
from qi.charts.rules.base import RuleSet
from qi.charts.types import NEEDS_N as NEEDS_N  # re-exported: the registry's facts
from qi.charts.types import NO_N as NO_N
from qi.charts.types import ChartType, get_chart_type
from qi.charts.validate_fixed import check_fixed_limits
from qi.constants import PERIOD_TYPES
from qi.errors import ValidationError, unknown_name


@dataclass(frozen=True)
class ValidData:
    """The checked input, one element per input row, in input order.

    ``x`` is float64 (numbers) or datetime64[ns] (dates); ``x_key`` is a float64/int64 view of
    it used for sorting and matching. ``series_codes`` index ``series_labels``.
    """

    index: pd.Index
    y: np.ndarray
    n: np.ndarray | None
    x: np.ndarray
    x_key: np.ndarray
    x_kind: Literal["number", "date"]
    series_codes: np.ndarray
    series_labels: tuple[str, ...]
    phase_labels: np.ndarray | None


# --- options ------------------------------------------------------------------------------


def resolve_options(
    *,
    y: Any,
    x: Any,
    n: Any,
    chart: Any,
    phases: Any,
    baseline: Any,
    exclude: Any,
    rules: Any,
    improvement: Any,
    target: Any,
    by: Any,
    screen_mr: Any,
    title: Any = None,
    definition: Any = None,
    unit: Any = None,
    sigma_multiplier: Any = 3.0,
    limits: Any = None,
    multiply: Any = 1.0,
    sigma_from: Any = "sd",
    frequency: Any = None,
) -> tuple[ChartOptions, RuleSet]:
    """Check the arguments of :func:`qi.chart` that do not need the data; resolve defaults.

    The checks run in this order, so the first bad argument is the one reported: the chart
    type, the column names, the denominator, improvement, screen_mr, target, baseline, the
    texts, frequency, sigma_multiplier, multiply, sigma_from, limits, rules.

    Returns
    -------
    (ChartOptions, RuleSet)
        ``x_kind`` is filled in later by :func:`validate_data` (the options keep "number").
    """
    from qi.charts.rules import default_rule_set, get_rule_set

    ctype = get_chart_type(chart)
    _check_column_names(y=y, x=x, n=n, by=by)
    _check_denominator(ctype, n)
    _check_switches(improvement, screen_mr)
    target = _target(target)
    phases, exclude_t = _points(baseline, phases, exclude)
    _check_texts(title=title, definition=definition, unit=unit)
    _check_frequency(frequency)
    k, mult = _scales(sigma_multiplier, multiply)
    _check_sigma_from(sigma_from, ctype)
    fixed = check_fixed_limits(limits, ctype, phases, baseline)

    rule_set = get_rule_set(rules if rules is not None else default_rule_set(ctype.name))
    opts = ChartOptions(
        chart=ctype.name,
        y=y,
        x=x,
        n=n,
        rules=rule_set.name,
        improvement=improvement,
        target=target,
        baseline=baseline,
        exclude=exclude_t,
        phases=phases,
        by=by,
        screen_mr=bool(screen_mr),
        title=title,
        definition=definition,
        unit=unit,
        sigma_multiplier=k,
        limits=fixed,
        multiply=mult,
        sigma_from=sigma_from,
        frequency=frequency,
    )
    return opts, rule_set


def _check_column_names(**columns: Any) -> None:
    """y, x, n and by name columns (strings); y is required."""
    for name, value in columns.items():
        if value is not None and not isinstance(value, str):
            raise ValidationError(
                f"expected a column name, found {type(value).__name__} {value!r}",
                field=name,
                hint=f"pass the name of a column, e.g. {name}='value'",
            )
    if columns["y"] is None:
        raise ValidationError("no y column given", field="y", hint="pass y='<column name>'")


def _check_denominator(ctype: ChartType, n: Any) -> None:
    """A chart that needs n has one; a chart that refuses n has none (:mod:`qi.charts.types`)."""
    chart = ctype.name
    if ctype.needs_n and n is None:
        raise ValidationError(
            f"a {chart} chart needs a denominator column",
            field="n",
            hint=f"pass n='<denominator column>' (e.g. patients, days), or use chart="
            f"'{ctype.without_n}' for plain values",
        )
    if not ctype.takes_n and n is not None:
        raise ValidationError(
            f"a {chart} chart takes no denominator", field="n", hint=ctype.no_n_hint
        )


def _check_switches(improvement: Any, screen_mr: Any) -> None:
    """improvement is 'up', 'down' or None; screen_mr is a bool."""
    if improvement not in (None, "up", "down"):
        raise ValidationError(
            f"improvement must be 'up', 'down' or None, found {improvement!r}",
            field="improvement",
            hint="use 'up' when higher is better, 'down' when lower is better, None if neither",
        )
    if not isinstance(screen_mr, bool | np.bool_):
        raise ValidationError(
            f"screen_mr must be True or False, found {screen_mr!r}",
            field="screen_mr",
            hint="screen_mr=True (qicharts2's default) or screen_mr=False",
        )


def _target(target: Any) -> float | None:
    """The target as a float (or None)."""
    if target is None:
        return None
    if not is_finite_real(target):
        raise ValidationError(
            f"target must be a finite number, found {target!r}",
            field="target",
            hint="pass the aim's value in the chart's units, e.g. target=0.9",
        )
    return float(target)


def _check_baseline(baseline: Any) -> None:
    """A number of points is 1 or more (an x value is checked against the data later)."""
    if isinstance(baseline, bool) or (isinstance(baseline, numbers.Integral) and baseline < 1):
        raise ValidationError(
            f"baseline must be a number of points (1 or more) or an x value, found {baseline!r}",
            field="baseline",
            hint="e.g. baseline=20 (the first 20 points) or baseline='2024-06-01'",
        )


def _points(baseline: Any, phases: Any, exclude: Any) -> tuple[Any, tuple[Any, ...]]:
    """Which points do what: the baseline checked (:func:`_check_baseline`), then the phases
    (:func:`_phases`) and the excluded x values as tuples."""
    _check_baseline(baseline)
    return _phases(phases), (() if exclude is None else _as_tuple(exclude))


def _phases(phases: Any) -> Any:
    """A column name as given; x values where phases start as a tuple (None when empty)."""
    if phases is not None and not isinstance(phases, str):
        phases = _as_tuple(phases)
        if not phases:
            return None
    return phases


def _check_texts(**texts: Any) -> None:
    """title, definition and unit are strings or None."""
    for name, value in texts.items():
        if value is not None and not isinstance(value, str):
            raise ValidationError(
                f"expected text, found {type(value).__name__}",
                field=name,
                hint=f"pass {name} as a string",
            )


def _check_frequency(frequency: Any) -> None:
    """None or one of :data:`qi.constants.PERIOD_TYPES`."""
    if frequency is not None and frequency not in PERIOD_TYPES:
        raise unknown_name("frequency", str(frequency), PERIOD_TYPES, field="frequency")


def _scales(sigma_multiplier: Any, multiply: Any) -> tuple[float, float]:
    """(sigma_multiplier, multiply) as floats above 0, checked in that order."""
    k = _positive_number(
        sigma_multiplier, "sigma_multiplier", "e.g. sigma_multiplier=2 for 2-sigma limits"
    )
    mult = _positive_number(
        multiply, "multiply", "e.g. multiply=100 to show proportions as percentages"
    )
    return k, mult


def _check_sigma_from(sigma_from: Any, ctype: ChartType) -> None:
    """'sd' or 'range', and 'range' only for a chart that may use it (xbar)."""
    if sigma_from not in ("sd", "range"):
        raise ValidationError(
            f"sigma_from must be 'sd' or 'range', found {sigma_from!r}",
            field="sigma_from",
            hint="'sd' (s-bar / c4, qicharts2) or 'range' (R-bar / d2, Montgomery, qcc)",
        )
    if sigma_from == "range" and not ctype.sigma_from_range:
        raise ValidationError(
            f"sigma_from='range' applies to xbar charts, not to a {ctype.name} chart",
            field="sigma_from",
            hint="use chart='xbar' with sigma_from='range', and chart='r' for the ranges",
        )


def _positive_number(value: Any, field: str, example: str) -> float:
    """A finite number above 0, or a ValidationError naming ``field``."""
    if not is_finite_real(value) or value <= 0:
        raise ValidationError(
            f"{field} must be a number above 0, found {value!r}", field=field, hint=example
        )
    return float(value)


def _as_tuple(value: Any) -> tuple[Any, ...]:
    """A scalar as a 1-tuple; a list, array, Index or Series as a tuple."""
    if isinstance(value, str | bytes) or not isinstance(
        value, Sequence | np.ndarray | pd.Index | pd.Series
    ):
        return (value,)
    return tuple(value)


# --- data ---------------------------------------------------------------------------------


def validate_data(data: Any, opts: ChartOptions) -> tuple[ValidData, ChartOptions]:
    """Check the data frame against the options; return plain arrays and the options with
    ``x_kind`` filled in.

    Steps, in order: the frame itself, its columns, y and n as numbers, the denominators, y
    against the chart type's facts (:mod:`qi.charts.types`), then x, series and phase labels.
    """
    data = _as_frame(data)
    _check_columns(data, opts)
    y = numeric_column(data, opts.y, "y")
    n = numeric_column(data, opts.n, "n") if opts.n is not None else None
    if n is not None:
        _check_denominators(data, opts, n)
    _check_y(data, opts, get_chart_type(opts.chart), y, n)
    x_values, x_key, x_kind = _x_values(data, opts)
    codes, labels = _series(data, opts)
    valid = ValidData(
        index=data.index,
        y=y,
        n=n,
        x=x_values,
        x_key=x_key,
        x_kind=x_kind,
        series_codes=codes,
        series_labels=labels,
        phase_labels=_phase_labels(data, opts),
    )
    return valid, replace(opts, x_kind=x_kind)


def _as_frame(data: Any) -> pd.DataFrame:
    """A DataFrame (a mapping of columns is turned into one) with at least one row."""
    if isinstance(data, Mapping):
        try:
            data = pd.DataFrame(data)
        except ValueError as exc:
            raise ValidationError(
                f"data is a mapping that is not a table: {exc}",
                field="data",
                hint="give every column the same number of values",
            ) from None
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(
            f"data must be a pandas DataFrame, found {type(data).__name__}",
            field="data",
            hint="load it with pandas.read_csv(...) or qi.datasets.load(...)",
        )
    if len(data) == 0:
        raise ValidationError(
            "data has no rows", field="data", hint="pass a frame with at least one row"
        )
    return data


def _check_columns(data: pd.DataFrame, opts: ChartOptions) -> None:
    """Every column the options name is in the frame."""
    for field, col in (("y", opts.y), ("x", opts.x), ("n", opts.n), ("by", opts.by)):
        if col is not None and col not in data.columns:
            raise missing_column(col, field, data)
    if isinstance(opts.phases, str) and opts.phases not in data.columns:
        raise missing_column(opts.phases, "phases", data)


def _check_denominators(data: pd.DataFrame, opts: ChartOptions, n: np.ndarray) -> None:
    """No negative and no zero denominators."""
    neg = n < 0
    if neg.any():
        raise ValidationError(
            f"column '{opts.n}' has negative denominators",
            field="n",
            rows=rows_of(data, neg),
            hint="a denominator counts patients, days or opportunities: correct those cells",
        )
    zero = n == 0
    if zero.any():
        raise ValidationError(
            f"column '{opts.n}' has zero denominators",
            field="n",
            rows=rows_of(data, zero),
            hint="a proportion or rate of nothing has no value: leave y and n empty (missing) "
            "for those periods, or drop the rows",
        )


def _check_y(
    data: pd.DataFrame, opts: ChartOptions, ctype: ChartType, y: np.ndarray, n: np.ndarray | None
) -> None:
    """y as the chart type allows: no negative counts, no numerator above its denominator for
    cases out of n, only times above 0 for a t chart."""
    chart = ctype.name
    if ctype.counted:
        neg = y < 0
        if neg.any():
            raise ValidationError(
                f"column '{opts.y}' has negative counts (a {chart} chart counts events)",
                field="y",
                rows=rows_of(data, neg),
                hint="correct those cells, or use chart='i' for values that can be negative",
            )
    if ctype.cases_of_n and n is not None:
        above = y > n
        if above.any():
            raise ValidationError(
                f"column '{opts.y}' has numerators above their denominators in '{opts.n}'",
                field="y",
                rows=rows_of(data, above),
                hint=f"a {chart} chart counts cases out of n: check those rows, or use chart='u' "
                "for events that can exceed n",
            )
    if ctype.positive_y:
        bad = y <= 0
        if bad.any():
            raise ValidationError(
                f"column '{opts.y}' has values of 0 or less; a {chart} chart needs times above 0",
                field="y",
                rows=rows_of(data, bad),
                hint=f"a {chart} chart charts times between events: correct those cells, or use a g chart",
            )


def _x_values(
    data: pd.DataFrame, opts: ChartOptions
) -> tuple[np.ndarray, np.ndarray, Literal["number", "date"]]:
    """(x values, sort keys, kind): the x column parsed, or 1, 2, 3... (per series with by=)."""
    if opts.x is not None:
        return parse_x(data, opts.x)
    if opts.by is None:
        x_num = np.arange(1, len(data) + 1, dtype="float64")
    else:
        x_num = data.groupby(opts.by, sort=False).cumcount().to_numpy(dtype="float64") + 1
    return x_num, x_num, "number"


def _series(data: pd.DataFrame, opts: ChartOptions) -> tuple[np.ndarray, tuple[str, ...]]:
    """(series code per row, series labels): one series named after y, or the by= column's."""
    if opts.by is None:
        return np.zeros(len(data), dtype=np.int64), (opts.y,)
    codes_raw, uniques = pd.factorize(data[opts.by], sort=False)  # missing -> -1
    missing = codes_raw < 0
    if missing.any():
        raise ValidationError(
            f"column '{opts.by}' has missing series names",
            field="by",
            rows=rows_of(data, missing),
            hint="fill in the series of those rows, or drop them",
        )
    return codes_raw.astype(np.int64, copy=False), tuple(pd.Index(uniques).astype(str).tolist())


def _phase_labels(data: pd.DataFrame, opts: ChartOptions) -> np.ndarray | None:
    """The phase label of each row when phases= names a column; None otherwise."""
    if not isinstance(opts.phases, str):
        return None
    phase_col = data[opts.phases]
    missing = phase_col.isna().to_numpy(dtype=bool)
    if missing.any():
        raise ValidationError(
            f"column '{opts.phases}' has missing phase labels",
            field="phases",
            rows=rows_of(data, missing),
            hint="give every row a phase label (e.g. 'before', 'after')",
        )
    return phase_col.astype(str).to_numpy(dtype=object)
