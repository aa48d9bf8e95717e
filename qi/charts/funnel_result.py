"""The result of :func:`qi.funnel`: its options, its columns and the :class:`FunnelResult`
object (drawing and words are in :mod:`qi.present.funnel`). The method is in
:mod:`qi.charts.funnel`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

import pandas as pd

from qi.charts.result import ChartWarning

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The funnel charts, the limit methods and the overdispersion adjustments (module docstring of
#: :mod:`qi.charts.funnel`), each declared once; the tuples are read from the Literal types.
FunnelChart = Literal["proportion", "rate", "ratio", "mean"]
LimitMethod = Literal["exact", "normal"]
Overdispersion = Literal["multiplicative", "additive", "shmi"]
FUNNEL_CHARTS: tuple[str, ...] = get_args(FunnelChart)
LIMIT_METHODS: tuple[str, ...] = get_args(LimitMethod)
OVERDISPERSION: tuple[str, ...] = get_args(Overdispersion)

#: Columns of ``FunnelResult.data``, one row per unit.
FUNNEL_COLUMNS: tuple[str, ...] = (
    "unit",  # the unit's name (str)
    "y",  # numerator: cases, events, observed (the unit's mean for a mean funnel)
    "n",  # denominator: cases at risk, exposure, expected, or number of values
    "value",  # y / n (proportion, rate, ratio) or y (mean), times multiply
    "target",  # the centre line, times multiply
    "lcl_95",
    "ucl_95",  # 95% limits at the unit's n, times multiply
    "lcl_998",
    "ucl_998",  # 99.8% limits at the unit's n, times multiply
    "z",  # z-score on the variance-stabilised scale (adjusted when overdispersion applies)
    "outside_95",  # bool: beyond the 95% limits (alert)
    "outside",  # bool: beyond the 99.8% limits (alarm)
    "direction",  # +1 above the 99.8% limits, -1 below, 0 inside
    "signal_type",  # common_cause or special_cause_improvement/concern/neutral (by improvement)
)

#: Columns of ``FunnelResult.curve``: the limits along a grid of n, for drawing the funnel.
CURVE_COLUMNS: tuple[str, ...] = ("n", "target", "lcl_95", "ucl_95", "lcl_998", "ucl_998")

#: Points of the limit curves drawn between the smallest and the largest n.
CURVE_POINTS = 200


@dataclass(frozen=True)
class FunnelOptions:
    """What the caller asked for, resolved, kept with the result (captions read it)."""

    chart: str
    y: str
    n: str
    unit: str
    target: float | None
    target_source: str  # "pooled" or the caller's words for a given target
    limits: str
    overdispersion: str | None
    trim: float
    improvement: Literal["up", "down"] | None
    multiply: float
    sd: float | str | None
    title: str | None = None
    definition: str | None = None


@dataclass
class FunnelResult:
    """The result of :func:`qi.funnel`.

    Attributes
    ----------
    data:
        One row per unit, ``FUNNEL_COLUMNS``.
    curve:
        The target and limits along a grid of n (``CURVE_COLUMNS``): what ``.plot()`` draws.
    options:
        The resolved options.
    target:
        The centre line (times ``multiply``).
    phi, tau2:
        The overdispersion estimates (phi from Winsorised z-scores; tau^2 by DerSimonian-Laird),
        computed whatever ``overdispersion`` is, so a user can see them.
    adjusted:
        True when the limits were widened for overdispersion.
    warnings:
        Caveats as :class:`qi.charts.result.ChartWarning` records (kind ``"overdispersed"`` or
        ``"no_overdispersion"``); ``str(w)`` is the text also issued as ``QIWarning``.
    """

    data: pd.DataFrame
    curve: pd.DataFrame
    options: FunnelOptions
    target: float
    phi: float
    tau2: float
    adjusted: bool
    warnings: tuple[ChartWarning, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        o = self.options
        n_out = int(self.data["outside"].sum())
        return (
            f"<FunnelResult {o.chart} funnel of {o.y!r} per {o.n!r}: {len(self.data)} units, "
            f"{n_out} outside the 99.8% limits, phi {self.phi:.3g}, tau2 {self.tau2:.3g}>"
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Figure:
        """Draw the funnel with matplotlib (see :func:`qi.present.funnel.plot_funnel`)."""
        from qi.present.funnel import plot_funnel

        return plot_funnel(self, ax=ax, **kwargs)

    def describe(self, **kwargs: Any) -> str:
        """Plain-English account of the funnel (see :func:`qi.present.funnel.describe_funnel`)."""
        from qi.present.funnel import describe_funnel

        return describe_funnel(self, **kwargs)
