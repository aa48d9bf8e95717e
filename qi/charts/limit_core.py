"""What every limit function reads and returns, and the k-sigma lines they all build.

A limit function (one per chart type, :mod:`qi.charts.limits_variables` and
:mod:`qi.charts.limits_attributes`) takes a :class:`LimitInput` (the prepared points and the
estimation mask) and returns :class:`Limits` (per-point lines, per-segment centre and sigma).
:func:`build_lines` draws the 3-, 2- and 1-sigma lines around a centre (Health Care Data Guide
ch. 5 zones; qicharts2 returns the 2-sigma pair as ``lcl.95``/``ucl.95``); non-finite lines
become NaN (qicharts2 step 8, docs/method/charts.md section 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from qi.charts.segments import seg_constant
from qi.constants import SIGMA_LIMITS, SIGMA_LINES

if TYPE_CHECKING:  # pragma: no cover - the prepared points; a real import would be a cycle
    from qi.charts.prepare import Prepared

Convention = Literal["qicharts2", "mdc"]
SigmaFrom = Literal["sd", "range"]

#: (k, column suffix) of the k-sigma lines: 3 -> lcl/ucl, 2 -> lcl_2s/ucl_2s, 1 -> lcl_1s/ucl_1s.
_LINES: tuple[tuple[float, str], ...] = tuple(
    (k, "" if k == 3 else f"_{int(k)}s") for k in SIGMA_LINES
)


def sigma_lines(li: LimitInput) -> tuple[tuple[float, str], ...]:
    """The (k, suffix) pairs with the control limits (suffix "") at ``li.sigma_multiplier``
    sigma; the 2- and 1-sigma zone lines stay where they are."""
    if li.sigma_multiplier == SIGMA_LIMITS:
        return _LINES
    return tuple((li.sigma_multiplier if suffix == "" else k, suffix) for k, suffix in _LINES)


@dataclass(frozen=True)
class LimitInput:
    """What a limit function reads: the prepared points and the estimation mask."""

    prep: Prepared
    base: np.ndarray  # bool: baseline & included (missing values stay in, as qicharts2)
    screen_mr: bool = True
    convention: Convention = "qicharts2"
    #: k of the control limits (lcl/ucl = centre -/+ k sigma); 3 by default (Shewhart).
    sigma_multiplier: float = SIGMA_LIMITS
    #: How an xbar chart estimates sigma: "sd" (s-bar / c4, qicharts2) or "range" (R-bar / d2).
    sigma_from: SigmaFrom = "sd"

    @property
    def seg(self) -> np.ndarray:
        return self.prep.segment

    @property
    def n_seg(self) -> int:
        return self.prep.n_segments


@dataclass(frozen=True)
class Limits:
    """Per-point lines (length N) and per-segment centre and sigma (length S).

    ``y`` is the charted value (the moving range for an mr chart, the subgroup mean for xbar,
    the count for c/np, ...). ``seg_centre``/``seg_sigma`` are NaN where the centre or sigma
    varies within the segment (np centres, p/u/xbar/s sigmas with varying n). For t charts
    ``sigma`` is on the transformed scale y^(1/3.6).
    """

    y: np.ndarray
    centre: np.ndarray
    sigma: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl_2s: np.ndarray
    ucl_2s: np.ndarray
    lcl_1s: np.ndarray
    ucl_1s: np.ndarray
    seg_centre: np.ndarray
    seg_sigma: np.ndarray

    def lines(self) -> dict[str, np.ndarray]:
        return {
            "lcl": self.lcl,
            "ucl": self.ucl,
            "lcl_2s": self.lcl_2s,
            "ucl_2s": self.ucl_2s,
            "lcl_1s": self.lcl_1s,
            "ucl_1s": self.ucl_1s,
        }


def finite(a: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(a), a, np.nan)


def build_lines(
    li: LimitInput,
    y: np.ndarray,
    centre: np.ndarray,
    sigma: np.ndarray,
    *,
    lower: float | None = None,
    upper: np.ndarray | float | None = None,
    seg_centre: np.ndarray | None = None,
) -> Limits:
    """Lines at centre -/+ k sigma for k = 3, 2, 1, clipped to [lower, upper] where given."""
    out: dict[str, np.ndarray] = {}
    for k, suffix in sigma_lines(li):
        with np.errstate(invalid="ignore"):
            lo = centre - k * sigma
            hi = centre + k * sigma
        if lower is not None:
            lo = np.where(lo < lower, lower, lo)
        if upper is not None:
            hi = np.where(hi > upper, upper, hi)
        out["lcl" + suffix] = finite(lo)
        out["ucl" + suffix] = finite(hi)
    start = li.prep.seg_start
    return Limits(
        y=y,
        centre=centre,
        sigma=sigma,
        seg_centre=seg_constant(centre, start) if seg_centre is None else seg_centre,
        seg_sigma=seg_constant(sigma, start),
        **out,
    )
