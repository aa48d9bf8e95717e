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
from typing import Any, Literal, TypeGuard

import numpy as np
import pandas as pd

from qi.charts.result import ChartOptions, FixedLimits
from qi.charts.rules.base import RuleSet
from qi.charts.schema import CHART_TYPES
from qi.constants import PERIOD_TYPES
from qi.errors import ValidationError, unknown_name

#: Charts whose y is a count (or a count-like quantity) and may not be negative.
COUNT_CHARTS: frozenset[str] = frozenset({"p", "np", "pp", "c", "u", "up", "g"})
#: Charts that need a denominator column ``n``.
NEEDS_N: frozenset[str] = frozenset({"p", "np", "pp", "u", "up"})
#: Charts whose numerator may not exceed its denominator.
PROPORTION_CHARTS: frozenset[str] = frozenset({"p", "np", "pp"})
#: Charts that take no ``n``: their subgroups are the rows sharing an x (xbar, s) or their y is
#: a count or a time between events on its own (c, g, t).
NO_N: dict[str, str] = {
    "xbar": "an xbar chart's subgroups are the rows that share an x; drop n",
    "s": "an s chart's subgroups are the rows that share an x; drop n",
    "r": "an r chart's subgroups are the rows that share an x; drop n",
    "c": "for counts per denominator use chart='u' (rates) or chart='p' (proportions)",
    "g": "a g chart counts opportunities between events; drop n",
    "t": "a t chart charts times between events; drop n",
}


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



def is_real(value: object) -> TypeGuard[float]:
    """A real number (``numbers.Real``: int, float, numpy reals), not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_finite_real(value: object) -> TypeGuard[float]:
    """A real number (see :func:`is_real`) that is neither infinite nor NaN."""
    return is_real(value) and bool(np.isfinite(value))

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

    Returns
    -------
    (ChartOptions, RuleSet)
        ``x_kind`` is filled in later by :func:`validate_data` (the options keep "number").
    """
    from qi.charts.rules import default_rule_set, get_rule_set

    if not isinstance(chart, str) or chart not in CHART_TYPES:
        raise unknown_name("chart", str(chart), CHART_TYPES, field="chart")
    for name, value in (("y", y), ("x", x), ("n", n), ("by", by)):
        if value is not None and not isinstance(value, str):
            raise ValidationError(
                f"expected a column name, found {type(value).__name__} {value!r}",
                field=name,
                hint=f"pass the name of a column, e.g. {name}='value'",
            )
    if y is None:
        raise ValidationError("no y column given", field="y", hint="pass y='<column name>'")
    if chart in NEEDS_N and n is None:
        raise ValidationError(
            f"a {chart} chart needs a denominator column",
            field="n",
            hint=f"pass n='<denominator column>' (e.g. patients, days), or use chart="
            f"'{'c' if chart in ('u', 'up') else 'i'}' for plain values",
        )
    if chart in NO_N and n is not None:
        raise ValidationError(f"a {chart} chart takes no denominator", field="n", hint=NO_N[chart])
    if improvement not in (None, "up", "down"):
        raise ValidationError(
            f"improvement must be 'up', 'down' or None, found {improvement!r}",
            field="improvement",
            hint="use 'up' when higher is better, 'down' when lower is better, None if neither",
        )
    if not isinstance(screen_mr, bool | np.bool_):
        raise ValidationError(
            f"screen_mr must be True or False, found {screen_mr!r}", field="screen_mr",
            hint="screen_mr=True (qicharts2's default) or screen_mr=False",
        )
    if target is not None:
        if not is_finite_real(target):
            raise ValidationError(
                f"target must be a finite number, found {target!r}", field="target",
                hint="pass the aim's value in the chart's units, e.g. target=0.9",
            )
        target = float(target)
    if isinstance(baseline, bool) or (isinstance(baseline, numbers.Integral) and baseline < 1):
        raise ValidationError(
            f"baseline must be a number of points (1 or more) or an x value, found {baseline!r}",
            field="baseline",
            hint="e.g. baseline=20 (the first 20 points) or baseline='2024-06-01'",
        )
    if phases is not None and not isinstance(phases, str):
        phases = _as_tuple(phases)
        if not phases:
            phases = None
    exclude_t = () if exclude is None else _as_tuple(exclude)
    for name, value in (("title", title), ("definition", definition), ("unit", unit)):
        if value is not None and not isinstance(value, str):
            raise ValidationError(
                f"expected text, found {type(value).__name__}", field=name, hint=f"pass {name} as a string"
            )
    if frequency is not None and frequency not in PERIOD_TYPES:
        raise unknown_name("frequency", str(frequency), PERIOD_TYPES, field="frequency")

    k = _positive_number(sigma_multiplier, "sigma_multiplier", "e.g. sigma_multiplier=2 for 2-sigma limits")
    mult = _positive_number(multiply, "multiply", "e.g. multiply=100 to show proportions as percentages")
    if sigma_from not in ("sd", "range"):
        raise ValidationError(
            f"sigma_from must be 'sd' or 'range', found {sigma_from!r}", field="sigma_from",
            hint="'sd' (s-bar / c4, qicharts2) or 'range' (R-bar / d2, Montgomery, qcc)",
        )
    if sigma_from == "range" and chart != "xbar":
        raise ValidationError(
            f"sigma_from='range' applies to xbar charts, not to a {chart} chart", field="sigma_from",
            hint="use chart='xbar' with sigma_from='range', and chart='r' for the ranges",
        )
    fixed = _fixed_limits(limits, chart, phases, baseline)

    rule_set = get_rule_set(rules if rules is not None else default_rule_set(chart))
    opts = ChartOptions(
        chart=chart,
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


def _positive_number(value: Any, field: str, example: str) -> float:
    """A finite number above 0, or a ValidationError naming ``field``."""
    if not is_finite_real(value) or value <= 0:
        raise ValidationError(
            f"{field} must be a number above 0, found {value!r}", field=field, hint=example
        )
    return float(value)


_LIMIT_KEYS = ("centre", "lcl", "ucl", "source")


def _fixed_limits(limits: Any, chart: str, phases: Any, baseline: Any) -> FixedLimits | None:
    """``limits=`` as a FixedLimits: a mapping (or FixedLimits) with centre, lcl, ucl (not for
    run charts) and a non-empty source; one set for the whole chart (no phases, no baseline)."""
    if limits is None:
        return None
    if isinstance(limits, FixedLimits):
        limits = {"centre": limits.centre, "lcl": limits.lcl, "ucl": limits.ucl, "source": limits.source}
    example = "limits={'centre': 0.82, 'lcl': 0.70, 'ucl': 0.94, 'source': 'audit 2023, table 2'}"
    if not isinstance(limits, Mapping):
        raise ValidationError(
            f"limits must be a mapping of centre, lcl, ucl and source, found {type(limits).__name__}",
            field="limits", hint=example,
        )
    unknown = [str(key) for key in limits if key not in _LIMIT_KEYS]
    if unknown:
        raise ValidationError(
            f"limits has unknown keys: {', '.join(unknown)}", field="limits",
            hint=f"use the keys {', '.join(_LIMIT_KEYS)}, e.g. {example}",
        )
    source = limits.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValidationError(
            "limits needs a 'source': where the fixed centre and limits come from", field="limits",
            hint="say where they were published or computed, e.g. 'source': 'baseline Apr 2022-Mar 2023'",
        )
    wanted = ("centre",) if chart == "run" else ("centre", "lcl", "ucl")
    if chart == "run" and (limits.get("lcl") is not None or limits.get("ucl") is not None):
        raise ValidationError(
            "a run chart has a centre line only; limits gives lcl/ucl", field="limits",
            hint="give only 'centre' and 'source' for a run chart, or use a control chart",
        )
    vals: dict[str, float | None] = {"lcl": None, "ucl": None}
    for key in wanted:
        v = limits.get(key)
        if not is_finite_real(v):
            raise ValidationError(
                f"limits['{key}'] must be a finite number, found {v!r}", field="limits", hint=example
            )
        vals[key] = float(v)
    centre = float(limits["centre"])
    lcl, ucl = vals["lcl"], vals["ucl"]
    if lcl is not None and ucl is not None and not lcl <= centre <= ucl:
        raise ValidationError(
            f"limits must satisfy lcl <= centre <= ucl, found lcl {lcl}, centre {centre}, ucl {ucl}",
            field="limits", hint="check the order of the three values",
        )
    if phases is not None or baseline is not None:
        raise ValidationError(
            "limits fixes one centre and one set of limits for the whole chart; it cannot be "
            "combined with phases or baseline", field="limits",
            hint="leave out phases/baseline, or leave out limits to compute them per phase",
        )
    return FixedLimits(centre=centre, lcl=lcl, ucl=ucl, source=source.strip())


def _as_tuple(value: Any) -> tuple[Any, ...]:
    """A scalar as a 1-tuple; a list, array, Index or Series as a tuple."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray | pd.Index | pd.Series):
        return (value,)
    return tuple(value)


# --- data ---------------------------------------------------------------------------------


def _missing_column(name: str, field: str, frame: pd.DataFrame) -> ValidationError:
    cols = ", ".join(str(c) for c in frame.columns)
    hint = f"pass one of the columns above as {field}=, or rename the column"
    if field == "phases":
        hint += f"; to start phases at x values pass a list, e.g. phases=['{name}']"
    return ValidationError(
        f"column '{name}' not found; the data has columns: {cols}", field=field, hint=hint
    )


def _rows(frame: pd.DataFrame, mask: np.ndarray) -> list[object]:
    return list(frame.index[mask])


def _numeric(frame: pd.DataFrame, col: str, field: str) -> np.ndarray:
    """A column as float64 (NaN where missing); non-numeric or infinite values are errors."""
    s = frame[col]
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "fiu":  # plain numpy numbers: fast path
        values = s.to_numpy(dtype="float64")
    elif pd.api.types.is_bool_dtype(s.dtype):
        raise ValidationError(
            f"column '{col}' holds true/false values, not numbers", field=field,
            hint="convert it to 0/1 or counts first",
        )
    elif pd.api.types.is_numeric_dtype(s.dtype):
        values = s.to_numpy(dtype="float64", na_value=np.nan)
    else:
        coerced = pd.to_numeric(s, errors="coerce")
        bad = (s.notna() & coerced.isna()).to_numpy(dtype=bool)
        if bad.any():
            found = ", ".join(repr(v) for v in s[bad].unique()[:5])
            raise ValidationError(
                f"column '{col}' has non-numeric values ({found})",
                field=field,
                rows=_rows(frame, bad),
                hint="correct those cells or leave them empty (missing)",
            )
        values = coerced.to_numpy(dtype="float64", na_value=np.nan)
    inf = np.isinf(values)
    if inf.any():
        raise ValidationError(
            f"column '{col}' has infinite values", field=field, rows=_rows(frame, inf),
            hint="correct those cells or leave them empty (missing)",
        )
    return values


def _parse_x(frame: pd.DataFrame, col: str) -> tuple[np.ndarray, np.ndarray, Literal["number", "date"]]:
    s = frame[col]
    if s.dtype.kind in "iu":  # whole numbers: no missing values, nothing to parse (fast path)
        values = s.to_numpy(dtype="float64")
        return values, values, "number"
    missing = s.isna().to_numpy(dtype=bool)
    if missing.any():
        raise ValidationError(
            f"column '{col}' has missing x values", field="x", rows=_rows(frame, missing),
            hint="fill in the x value (date or number) of those rows, or drop them",
        )
    if isinstance(s.dtype, pd.PeriodDtype):  # months, quarters: their first day
        parsed = s.dt.to_timestamp(how="start")
    elif pd.api.types.is_datetime64_any_dtype(s.dtype):
        parsed = s
    elif pd.api.types.is_bool_dtype(s.dtype):
        raise ValidationError(
            f"column '{col}' holds true/false values", field="x", hint="x must be numbers or dates"
        )
    elif pd.api.types.is_numeric_dtype(s.dtype):
        values = s.to_numpy(dtype="float64")
        inf = np.isinf(values)
        if inf.any():
            raise ValidationError(
                f"column '{col}' has infinite x values", field="x", rows=_rows(frame, inf),
                hint="x must be finite numbers or dates",
            )
        return values, values, "number"
    else:
        as_num = pd.to_numeric(s, errors="coerce")
        if as_num.notna().all():
            values = as_num.to_numpy(dtype="float64")
            return values, values, "number"
        parsed = pd.to_datetime(s, errors="coerce", format="ISO8601")
        bad = parsed.isna().to_numpy(dtype=bool)
        if bad.any():
            found = ", ".join(repr(v) for v in s[bad].unique()[:5])
            raise ValidationError(
                f"column '{col}' has values that are neither numbers nor dates ({found})",
                field="x",
                rows=_rows(frame, bad),
                hint="write dates as YYYY-MM-DD (ISO 8601) or use numbers",
            )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    values = parsed.to_numpy(dtype="datetime64[ns]")
    return values, values.view("int64"), "date"


def x_keys(values: Sequence[Any], kind: Literal["number", "date"], field: str) -> np.ndarray:
    """Turn user-given x values (exclude, phases, baseline) into sort keys like ``x_key``."""
    if kind == "number":
        out = []
        for v in values:
            try:
                if isinstance(v, bool):
                    raise TypeError
                out.append(float(v))
            except (TypeError, ValueError):
                raise ValidationError(
                    f"x is numeric but {field} has the value {v!r}",
                    field=field,
                    hint=f"give {field} as x values (numbers) of the data",
                ) from None
        return np.asarray(out, dtype="float64")
    out_d = []
    ts: Any  # a Timestamp, or NaT for a value that is not a date
    for v in values:
        if isinstance(v, pd.Period):
            ts = v.to_timestamp(how="start")
        elif isinstance(v, numbers.Number) and not isinstance(v, np.datetime64):
            ts = pd.NaT
        else:
            ts = pd.to_datetime(v, errors="coerce", format="ISO8601") if isinstance(v, str) else pd.to_datetime(v, errors="coerce")
        if ts is pd.NaT or pd.isna(ts):
            raise ValidationError(
                f"x holds dates but {field} has the value {v!r}, which is not a date",
                field=field,
                hint=f"give {field} as dates in the form YYYY-MM-DD",
            )
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        out_d.append(np.datetime64(ts.to_datetime64(), "ns").astype("int64"))
    return np.asarray(out_d, dtype="int64")


def validate_data(data: Any, opts: ChartOptions) -> tuple[ValidData, ChartOptions]:
    """Check the data frame against the options; return plain arrays and the options with
    ``x_kind`` filled in."""
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
        raise ValidationError("data has no rows", field="data", hint="pass a frame with at least one row")
    for field, col in (("y", opts.y), ("x", opts.x), ("n", opts.n), ("by", opts.by)):
        if col is not None and col not in data.columns:
            raise _missing_column(col, field, data)
    if isinstance(opts.phases, str) and opts.phases not in data.columns:
        raise _missing_column(opts.phases, "phases", data)

    chart = opts.chart
    y = _numeric(data, opts.y, "y")
    n = _numeric(data, opts.n, "n") if opts.n is not None else None

    if n is not None:
        neg = n < 0
        if neg.any():
            raise ValidationError(
                f"column '{opts.n}' has negative denominators", field="n", rows=_rows(data, neg),
                hint="a denominator counts patients, days or opportunities: correct those cells",
            )
        zero = n == 0
        if zero.any():
            raise ValidationError(
                f"column '{opts.n}' has zero denominators", field="n", rows=_rows(data, zero),
                hint="a proportion or rate of nothing has no value: leave y and n empty (missing) "
                "for those periods, or drop the rows",
            )
    if chart in COUNT_CHARTS:
        neg = y < 0
        if neg.any():
            raise ValidationError(
                f"column '{opts.y}' has negative counts (a {chart} chart counts events)",
                field="y",
                rows=_rows(data, neg),
                hint="correct those cells, or use chart='i' for values that can be negative",
            )
    if chart in PROPORTION_CHARTS and n is not None:
        above = y > n
        if above.any():
            raise ValidationError(
                f"column '{opts.y}' has numerators above their denominators in '{opts.n}'",
                field="y",
                rows=_rows(data, above),
                hint=f"a {chart} chart counts cases out of n: check those rows, or use chart='u' "
                "for events that can exceed n",
            )
    if chart == "t":
        bad = y <= 0
        if bad.any():
            raise ValidationError(
                f"column '{opts.y}' has values of 0 or less; a t chart needs times above 0",
                field="y",
                rows=_rows(data, bad),
                hint="a t chart charts times between events: correct those cells, or use a g chart",
            )

    x_kind: Literal["number", "date"]
    if opts.x is None:
        if opts.by is None:
            x_num = np.arange(1, len(data) + 1, dtype="float64")
        else:
            x_num = data.groupby(opts.by, sort=False).cumcount().to_numpy(dtype="float64") + 1
        x_values, x_key, x_kind = x_num, x_num, "number"
    else:
        x_values, x_key, x_kind = _parse_x(data, opts.x)

    if opts.by is None:
        codes = np.zeros(len(data), dtype=np.int64)
        labels: tuple[str, ...] = (opts.y,)
    else:
        codes_raw, uniques = pd.factorize(data[opts.by], sort=False)  # missing -> -1
        missing = codes_raw < 0
        if missing.any():
            raise ValidationError(
                f"column '{opts.by}' has missing series names", field="by", rows=_rows(data, missing),
                hint="fill in the series of those rows, or drop them",
            )
        codes = codes_raw.astype(np.int64, copy=False)
        labels = tuple(pd.Index(uniques).astype(str).tolist())

    phase_labels = None
    if isinstance(opts.phases, str):
        phase_col = data[opts.phases]
        missing = phase_col.isna().to_numpy(dtype=bool)
        if missing.any():
            raise ValidationError(
                f"column '{opts.phases}' has missing phase labels", field="phases",
                rows=_rows(data, missing),
                hint="give every row a phase label (e.g. 'before', 'after')",
            )
        phase_labels = phase_col.astype(str).to_numpy(dtype=object)

    valid = ValidData(
        index=data.index,
        y=y,
        n=n,
        x=x_values,
        x_key=x_key,
        x_kind=x_kind,
        series_codes=codes,
        series_labels=labels,
        phase_labels=phase_labels,
    )
    return valid, replace(opts, x_kind=x_kind)
