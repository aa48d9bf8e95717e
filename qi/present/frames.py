"""Small readers of a result's frames, shared by plots, narrative and icons."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


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
