"""The body of one chart panel: the data line, the points by signal type, each phase's centre
and limits (and zones), the target, and the y axis. Every line keeps the frame's values as its
data and carries a ``gid`` naming what it is (see :mod:`qi.present.plot`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.present.axes import date_axis
from qi.present.frames import has_limits
from qi.present.marks import as_x
from qi.present.numbers import NumberStyle, shown_limits
from qi.present.plot_phases import mark_baseline
from qi.present.style import LABEL_WIDTH, LIMIT_COLOUR, POINT_COLOURS, POINT_WORDS, ZONE_COLOUR
from qi.present.words import cap, centre_name, limits_name, shorten

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from qi.charts.result import ChartResult


class Label:
    """A label at the right of the plot: text, the y it belongs to, colour, gid."""

    def __init__(self, text: str, y: float, colour: str, gid: str) -> None:
        self.text, self.y, self.colour, self.gid = text, float(y), colour, gid


def draw_panel(
    ax: Axes, result: ChartResult, frame: pd.DataFrame, *, zones: bool, numfmt: NumberStyle
) -> tuple[list[Label], list[float]]:
    """Draw one series; return the labels for the right of the plot and the values the y
    axis must show."""
    opts = result.options
    kind = opts.x_kind
    y = (
        pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float)
        if len(frame)
        else np.array([])
    )
    finite = np.isfinite(y)
    if finite.sum() == 0:
        msg = (
            "No data to chart yet."
            if len(frame) == 0
            else "All values are missing: nothing to chart."
        )
        draw_message(ax, msg)
        return [], []
    shown = shown_limits(frame, result)
    x = as_x(frame["x"], kind)
    ax.plot(x, y, color=K.MDC_COLOUR_COMMON, lw=1.3, zorder=2, gid="data")
    _draw_points(ax, frame, x, y)
    span = [float(v) for v in y[finite]]
    for ph, idx in shown.groupby("phase", sort=False).indices.items():
        g = shown.iloc[idx]
        span += _phase_lines(
            ax, g, x[idx], str(ph), zones=zones, chart=opts.chart, rules=result.rule_set.name
        )
    mark_baseline(ax, frame, x)
    labels = _limit_labels(shown, numfmt)
    if opts.target is not None:
        ax.axhline(
            opts.target,
            color=K.MDC_COLOUR_TARGET,
            lw=1.1,
            ls=(0, (4, 2)),
            zorder=1.5,
            gid="target",
            label="Target",
        )
        labels.append(
            Label(
                f"Target {numfmt.label(opts.target, exact=True)}",
                opts.target,
                K.MDC_COLOUR_TARGET,
                "label:target",
            )
        )
        span.append(float(opts.target))
    if finite.sum() == 1:
        draw_message(
            ax, "Only one point: more points are needed before its variation can be judged."
        )
    return labels, span


def draw_message(ax: Axes, text: str) -> None:
    """A message in the middle of an empty plot (no data, one point, no cycles), axes bare."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color="#404040",
        gid="message",
        wrap=True,
        parse_math=False,
    )
    if not ax.lines:
        ax.set_xticks([])
        ax.set_yticks([])


def _draw_points(ax: Axes, frame: pd.DataFrame, x: np.ndarray, y: np.ndarray) -> None:
    types = frame["signal_type"].astype(str).to_numpy()
    included = frame["included"].astype(bool).to_numpy()
    finite = np.isfinite(y)
    for stype in (COMMON_CAUSE, NEUTRAL, CONCERN, IMPROVEMENT):
        colour = POINT_COLOURS[stype]
        sel = (types == stype) & included & finite
        if sel.any():
            ax.plot(
                x[sel],
                y[sel],
                ls="none",
                marker="o",
                ms=5.5 if stype != COMMON_CAUSE else 4.5,
                color=colour,
                markeredgecolor=colour,
                zorder=4,
                gid=f"points:{stype}",
                label=POINT_WORDS[stype],
            )
        hollow = (types == stype) & ~included & finite
        if hollow.any():
            ax.plot(
                x[hollow],
                y[hollow],
                ls="none",
                marker="o",
                ms=6,
                markerfacecolor="white",
                markeredgecolor=colour,
                markeredgewidth=1.3,
                zorder=4,
                gid=f"points:excluded:{stype}",
                label="Excluded from the limits",
            )


def _varies(values: np.ndarray) -> bool:
    v = values[np.isfinite(values)]
    return bool(len(v)) and not np.allclose(v, v[0], rtol=0, atol=0)


def _phase_lines(
    ax: Axes, g: pd.DataFrame, gx: np.ndarray, phase: str, *, zones: bool, chart: str, rules: str
) -> list[float]:
    """The phase's centre and limits as shown (``g`` holds the shown limits); returns their
    finite values."""
    cname = cap(centre_name(chart))
    specs = [("centre", K.MDC_COLOUR_MEAN, "-", 1.2, cname)]
    if has_limits(g):
        lim = cap(limits_name(rules))
        specs += [
            ("lcl", LIMIT_COLOUR, (0, (5, 2.5)), 1.0, lim),
            ("ucl", LIMIT_COLOUR, (0, (5, 2.5)), 1.0, lim),
        ]
        if zones:
            for col in ("lcl_2s", "ucl_2s"):
                specs.append((col, ZONE_COLOUR, (0, (2, 2)), 0.8, "2-sigma lines"))
            for col in ("lcl_1s", "ucl_1s"):
                specs.append((col, ZONE_COLOUR, (0, (1, 2.5)), 0.8, "1-sigma lines"))
    out: list[float] = []
    for col, colour, ls, lw, label in specs:
        vals = pd.to_numeric(g[col], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(vals).any():
            continue
        out.extend(float(v) for v in vals[np.isfinite(vals)])
        ax.plot(
            gx,
            vals,
            color=colour,
            ls=ls,
            lw=lw,
            zorder=3 if col == "centre" else 2.5,
            drawstyle="steps-mid" if _varies(vals) else "default",
            gid=f"{col}:{phase}",
            label=label,
        )
    return out


def _limit_labels(shown: pd.DataFrame, numfmt: NumberStyle) -> list[Label]:
    """The last phase's centre and limits (as shown), for the right of the plot."""
    last = shown.iloc[-1]
    out = []
    for col in ("ucl", "centre", "lcl"):
        v = pd.to_numeric(pd.Series([last[col]]), errors="coerce").iloc[0]
        if pd.notna(v) and math.isfinite(float(v)):
            out.append(Label(numfmt.label(v), float(v), "#404040", f"label:{col}"))
    return out


def set_ylim(ax: Axes, span: Sequence[float], numfmt: NumberStyle) -> None:
    """The y range: the data, centre lines, limits, target, benchmarks and trajectory, with a
    small margin; never below zero for a non-negative measure, never far above 100%."""
    vals = np.asarray([v for v in span if math.isfinite(v)], dtype=float)
    if not len(vals):
        return
    lo, hi = float(vals.min()), float(vals.max())
    pad = (hi - lo) * 0.06 or max(abs(hi) * 0.1, 1.0 / numfmt.scale)
    bottom, top = lo - pad, hi + pad
    if numfmt.non_negative and lo >= 0:
        bottom = max(bottom, 0.0)
    if numfmt.upper is not None and hi <= numfmt.upper:
        top = min(top, numfmt.upper + pad * 0.5)
    ax.set_ylim(bottom, top)


def format_axes(ax: Axes, result: ChartResult, numfmt: NumberStyle, pstyle: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if not ax.lines:
        return
    locator = MaxNLocator(nbins=6, integer=numfmt.whole, steps=[1, 2, 2.5, 5, 10])
    ax.yaxis.set_major_locator(locator)

    def tick(v: float, _pos: Any) -> str:
        locs = ax.yaxis.get_majorticklocs()
        step = float(np.min(np.diff(locs))) if len(locs) > 1 else 1.0
        return numfmt.tick(v, step)

    ax.yaxis.set_major_formatter(FuncFormatter(tick))
    words = numfmt.suffix.strip()
    if words:
        ax.set_ylabel(shorten(words, LABEL_WIDTH), parse_math=False)
    if result.options.x_kind == "date":
        date_axis(ax, pstyle)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.grid(axis="y", color="#ececec", lw=0.6)
    ax.set_axisbelow(True)
