"""Small readers of a result's frames, shared by plots, narrative and icons."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def require_frame(
    frame: Any, required: tuple[str, ...], *, field: str, type_hint: str, missing_hint: str
) -> pd.DataFrame:
    """``frame`` if it is a DataFrame holding the ``required`` columns, else a ValidationError
    naming ``field`` and what was found (shared by the PDSA marks and the PDSA timeline)."""
    from qi.errors import ValidationError

    if not isinstance(frame, pd.DataFrame):
        raise ValidationError(
            f"expected a DataFrame of PDSA cycles, found {type(frame).__name__}",
            field=field,
            hint=type_hint,
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"missing column(s) {', '.join(missing)}; found: {', '.join(map(str, frame.columns)) or 'none'}",
            field=field,
            hint=missing_hint,
        )
    return frame


def has_limits(frame: pd.DataFrame) -> bool:
    """True when any row of ``frame`` has a finite lower or upper 3-sigma limit."""
    if frame.empty:
        return False
    lcl = pd.to_numeric(frame["lcl"], errors="coerce").to_numpy(dtype=float)
    ucl = pd.to_numeric(frame["ucl"], errors="coerce").to_numpy(dtype=float)
    return bool(np.isfinite(lcl).any() or np.isfinite(ucl).any())


def frozen_baselines(frame: pd.DataFrame) -> list[tuple[Any, int, Any]]:
    """(phase, number of baseline points, last baseline x) for each phase whose centre and
    limits come from only part of its points (a frozen baseline)."""
    out = []
    for ph, g in frame.groupby("phase", sort=False):
        base = g["baseline"].astype(bool)
        if base.any() and not base.all():
            out.append((ph, int(base.sum()), g.loc[base, "x"].iloc[-1]))
    return out
