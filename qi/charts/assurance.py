"""NHS "Making Data Count" variation and assurance states of a chart result: data, no drawing
(the icons are drawn by :mod:`qi.present.icons`).

The states are computed exactly as NHSRplotthedots 0.2.2 computes them
(``docs/method/icons.md``; `R/geom_ptd_icon.R`, `ptd_get_icons()`, and
`R/ptd_calculate_assurance_type.R`), from the unrounded values of the result frame:

- **variation** comes from the type of the *latest* point of each series only (earlier special
  causes do not count); a missing latest value is common cause.
- **assurance** compares the target with the limits of the latest point (so the latest phase's
  limits, or the frozen baseline limits); strict comparisons, so a target exactly on a limit is
  hit and miss; no assurance without a target or without an improvement direction.

One deliberate difference: NHSRplotthedots calls a latest point with NaN limits
"inconsistent" (hit and miss); qi gives no assurance state when the latest point has no limits
(run charts, a constant series, a subgroup with n = 0), because there is nothing to judge the
target against, and "hit and miss" would be a claim.

:func:`icon_states` gives the states of one result, one row per series; :func:`summary_table`
the states of several measures (the MDC "summary icon dashboard" as data).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.charts.verdict_kinds import (
    ASSURANCE_STATES,
    VARIATION_STATES,
    AssuranceState,
    VariationState,
)
from qi.errors import ValidationError

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult

# The icon states (VARIATION_STATES, ASSURANCE_STATES) are declared once, as Literal types, in
# qi.charts.verdict_kinds, and importable from here as before.
__all__ = [
    "ASSURANCE_STATES",
    "ICON_COLUMNS",
    "SUMMARY_COLUMNS",
    "VARIATION_STATES",
    "assurance_state",
    "icon_states",
    "summary_table",
    "variation_state",
]

#: Columns of :func:`icon_states`, one row per series.
ICON_COLUMNS: tuple[str, ...] = (
    "series",
    "latest_x",
    "latest_value",
    "centre",
    "lcl",
    "ucl",
    "target",
    "improvement",
    "signal_type",
    "variation",
    "assurance",
)
#: Columns of :func:`summary_table`: the measure's name, then :data:`ICON_COLUMNS`, then the
#: chart type and unit (used to format the values).
SUMMARY_COLUMNS: tuple[str, ...] = ("measure", *ICON_COLUMNS, "chart", "unit")


def variation_state(
    signal_type: str, direction: float, improvement: str | None, value: float, centre: float
) -> VariationState:
    """The variation icon of one point (NHSRplotthedots `ptd_get_icons()`, §8 of the method
    notes).

    Parameters
    ----------
    signal_type:
        The point's ``signal_type`` (one of ``qi.charts.schema.SIGNAL_TYPES``).
    direction:
        The point's ``signal_direction`` (+1 high, -1 low, 0 none); used for neutral signals,
        falling back to the side of the centre line when it is 0.
    improvement:
        ``"up"``, ``"down"`` or None.
    value, centre:
        The point's value and centre (for a neutral signal without a direction).

    Returns
    -------
    VariationState
        One of :data:`VARIATION_STATES`.
    """
    if signal_type == IMPROVEMENT:
        return "improvement_low" if improvement == "down" else "improvement_high"
    if signal_type == CONCERN:
        return "concern_high" if improvement == "down" else "concern_low"
    if signal_type == NEUTRAL:
        side = direction if direction and math.isfinite(direction) else _side(value, centre)
        return "neutral_low" if side < 0 else "neutral_high"
    return "common_cause"


def _side(value: float, centre: float) -> float:
    if value is None or centre is None or not (math.isfinite(value) and math.isfinite(centre)):
        return 0.0
    return float(np.sign(value - centre))


def assurance_state(
    target: float | None, lcl: float, ucl: float, improvement: str | None
) -> AssuranceState | None:
    """The assurance icon: the target against the latest limits (NHSRplotthedots
    `ptd_calculate_assurance_type()`, §5 of the method notes).

    Higher is better (``"up"``): target above the upper limit -> ``"fail"``, below the lower
    limit -> ``"pass"``, otherwise ``"hit_and_miss"``; mirrored for ``"down"``. Comparisons are
    strict. None when there is no target, no improvement direction, or no limits at all.
    """
    if target is None or improvement not in ("up", "down"):
        return None
    t = float(target)
    if not math.isfinite(t):
        return None
    lo = float(lcl) if lcl is not None else math.nan
    hi = float(ucl) if ucl is not None else math.nan
    if not (math.isfinite(lo) or math.isfinite(hi)):
        return None
    above, below = t > hi, t < lo  # NaN compares False, as in R's case_when
    if improvement == "up":
        return "fail" if above else ("pass" if below else "hit_and_miss")
    return "pass" if above else ("fail" if below else "hit_and_miss")


def icon_states(result: ChartResult) -> pd.DataFrame:
    """Variation and assurance states of a result, one row per series (:data:`ICON_COLUMNS`).

    The latest point is the last row of each series (the frame is sorted by x). Values are the
    frame's unrounded numbers.
    """
    data = result.data
    opts = result.options
    if data.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ICON_COLUMNS})
    lcl_all = pd.to_numeric(data["lcl"], errors="coerce").to_numpy(dtype=float)
    ucl_all = pd.to_numeric(data["ucl"], errors="coerce").to_numpy(dtype=float)
    with_limits = (
        pd.Series(np.isfinite(lcl_all) | np.isfinite(ucl_all), index=data.index)
        .groupby(data["series"], sort=False, observed=True)
        .any()
    )
    last = data.groupby("series", sort=False, observed=True).tail(1)
    rows: list[dict[str, Any]] = []
    for series, x, yv, cv, lv, uv, st, sd in zip(
        last["series"],
        last["x"],
        last["y"],
        last["centre"],
        last["lcl"],
        last["ucl"],
        last["signal_type"].astype(str),
        last["signal_direction"],
        strict=True,
    ):
        y, centre, lcl, ucl = _num(yv), _num(cv), _num(lv), _num(uv)
        stype = st if math.isfinite(y) else COMMON_CAUSE
        variation = variation_state(stype, _num(sd), opts.improvement, y, centre)
        assurance = (
            assurance_state(opts.target, lcl, ucl, opts.improvement)
            if bool(with_limits.loc[series])
            else None
        )
        rows.append(
            {
                "series": series,
                "latest_x": x,
                "latest_value": y,
                "centre": centre,
                "lcl": lcl,
                "ucl": ucl,
                "target": opts.target,
                "improvement": opts.improvement,
                "signal_type": stype,
                "variation": variation,
                "assurance": assurance,
            }
        )
    return pd.DataFrame(rows, columns=list(ICON_COLUMNS))


def _num(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return math.nan
    return f


def summary_table(
    results: Mapping[str, ChartResult] | Sequence[ChartResult],
) -> pd.DataFrame:
    """One row per measure (and series): latest value and x, centre, limits, target, variation
    and assurance (:data:`SUMMARY_COLUMNS`), the MDC "summary icon dashboard" as data.

    Parameters
    ----------
    results:
        ``{name: ChartResult}``, or a list of results named by their title (or y column).

    Raises
    ------
    ValidationError
        If an item is not a ChartResult.
    """
    from qi.charts.result import ChartResult

    items = list(results.items()) if isinstance(results, Mapping) else [(None, r) for r in results]
    frames = []
    seen: dict[str, int] = {}
    for i, (name, result) in enumerate(items):
        if not isinstance(result, ChartResult):
            raise ValidationError(
                f"item {name if name is not None else i} is a {type(result).__name__}, "
                "not a ChartResult",
                field="results",
                hint="pass the results of qi.chart(...), as a dict {name: result} or a list",
            )
        label = str(name) if name is not None else (result.options.title or result.options.y)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        states = icon_states(result)
        states.insert(0, "measure", label)
        states["chart"] = result.options.chart
        states["unit"] = result.options.unit
        frames.append(states)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS})
    return pd.concat(frames, ignore_index=True)[list(SUMMARY_COLUMNS)]
