"""Special-cause episodes of one series, merged across rules, for the verdict.

The rule episodes of ``ChartResult.signals`` that overlap or touch, with the same signal type
and direction, are merged into one (a shift that is also outside the limits is one episode),
and marked as before or since the changes began (:func:`default_changes_from` when the caller
gives no date). Method: ``docs/method/verdict.md``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from qi.charts.phase_change import useful_points
from qi.charts.verdict_records import Episode


def position(frame: pd.DataFrame) -> dict[Any, int]:
    """Row of each x in one series' frame."""
    return {x: i for i, x in enumerate(frame["x"].tolist())}


def merge_episodes(eps: pd.DataFrame, frame: pd.DataFrame, changes_from: Any) -> list[Episode]:
    """Rule episodes that overlap or touch, with one signal type, become one episode."""
    if eps.empty:
        return []
    pos = position(frame)
    rows = sorted(
        (
            (
                pos[e.first_x],
                pos[e.last_x],
                # pandas-stubs types a named tuple's fields as any scalar (str, bytes, None...)
                int(e.direction),  # type: ignore[arg-type]
                str(e.signal_type),
                str(e.rule),
                str(e.phase),
            )
            for e in eps.itertuples(index=False)
        ),
        key=lambda r: (r[0], r[1]),
    )
    merged: list[list[Any]] = []
    for start, end, direction, stype, rule, phase in rows:
        last = merged[-1] if merged else None
        if last is not None and last[3] == stype and last[2] == direction and start <= last[1] + 1:
            last[1] = max(last[1], end)
            if rule not in last[4]:
                last[4].append(rule)
        else:
            merged.append([start, end, direction, stype, [rule], phase])
    xs = frame["x"].tolist()
    useful = useful_points(frame)
    out = []
    for start, end, direction, stype, rules, phase in merged:
        first_x = xs[start]
        since = changes_from is None or at_or_after(first_x, changes_from)  # began with the changes
        out.append(
            Episode(
                first_x,
                xs[end],
                int(useful[start : end + 1].sum()),
                direction,
                stype,
                tuple(rules),
                phase,
                bool(since),
            )
        )
    return out


def at_or_after(a: Any, b: Any) -> bool:
    """``a >= b`` for x values (dates compared as timestamps); False when they do not compare."""
    try:
        return (
            bool(pd.Timestamp(a) >= pd.Timestamp(b))
            if isinstance(a, pd.Timestamp | np.datetime64)
            else bool(a >= b)
        )
    except (TypeError, ValueError):
        return False


def default_changes_from(phases: pd.DataFrame, frame: pd.DataFrame) -> Any:
    """When the changes began, by default: the start of the second phase, else the first point
    after a frozen baseline, else None (every episode is "since")."""
    if len(phases) > 1:
        return phases["first_x"].iloc[1]
    base = frame["baseline"].to_numpy(dtype=bool)
    if len(base) and not base.all():
        return frame["x"].iloc[int(np.argmin(base))]
    return None
