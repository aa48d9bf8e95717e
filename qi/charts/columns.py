"""The user's columns as arrays, for step 1 of :func:`qi.chart` (:mod:`qi.charts.validate`).

Numbers become float64 (NaN where missing); x becomes float64 numbers or datetime64[ns] dates
(time-zone-aware dates converted to UTC, periods such as months to their first day). Every
message names the column, what was found (with the offending rows, as the frame's index labels)
and the fix; bad input never reaches a pandas traceback.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, Literal, TypeGuard

import numpy as np
import pandas as pd

from qi.errors import ValidationError


def is_real(value: object) -> TypeGuard[float]:
    """A real number (``numbers.Real``: int, float, numpy reals), not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_finite_real(value: object) -> TypeGuard[float]:
    """A real number (see :func:`is_real`) that is neither infinite nor NaN."""
    return is_real(value) and bool(np.isfinite(value))


def missing_column(name: str, field: str, frame: pd.DataFrame) -> ValidationError:
    """The error for a column ``name`` (passed as ``field=``) that ``frame`` lacks."""
    cols = ", ".join(str(c) for c in frame.columns)
    hint = f"pass one of the columns above as {field}=, or rename the column"
    if field == "phases":
        hint += f"; to start phases at x values pass a list, e.g. phases=['{name}']"
    return ValidationError(
        f"column '{name}' not found; the data has columns: {cols}", field=field, hint=hint
    )


def rows_of(frame: pd.DataFrame, mask: np.ndarray) -> list[object]:
    """The index labels of the rows of ``frame`` where ``mask`` is True (for messages)."""
    return list(frame.index[mask])


def numeric_column(frame: pd.DataFrame, col: str, field: str) -> np.ndarray:
    """A column as float64 (NaN where missing); non-numeric or infinite values are errors."""
    s = frame[col]
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "fiu":  # plain numpy numbers: fast path
        values = s.to_numpy(dtype="float64")
    elif pd.api.types.is_bool_dtype(s.dtype):
        raise ValidationError(
            f"column '{col}' holds true/false values, not numbers",
            field=field,
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
                rows=rows_of(frame, bad),
                hint="correct those cells or leave them empty (missing)",
            )
        values = coerced.to_numpy(dtype="float64", na_value=np.nan)
    inf = np.isinf(values)
    if inf.any():
        raise ValidationError(
            f"column '{col}' has infinite values",
            field=field,
            rows=rows_of(frame, inf),
            hint="correct those cells or leave them empty (missing)",
        )
    return values


def parse_x(
    frame: pd.DataFrame, col: str
) -> tuple[np.ndarray, np.ndarray, Literal["number", "date"]]:
    """Column ``col`` as x: (values, sort keys, "number" or "date"); no missing values."""
    s = frame[col]
    if s.dtype.kind in "iu":  # whole numbers: no missing values, nothing to parse (fast path)
        values = s.to_numpy(dtype="float64")
        return values, values, "number"
    missing = s.isna().to_numpy(dtype=bool)
    if missing.any():
        raise ValidationError(
            f"column '{col}' has missing x values",
            field="x",
            rows=rows_of(frame, missing),
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
                f"column '{col}' has infinite x values",
                field="x",
                rows=rows_of(frame, inf),
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
                rows=rows_of(frame, bad),
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
            ts = (
                pd.to_datetime(v, errors="coerce", format="ISO8601")
                if isinstance(v, str)
                else pd.to_datetime(v, errors="coerce")
            )
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
