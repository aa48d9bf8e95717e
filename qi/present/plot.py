"""Draw a ChartResult with matplotlib, from its frames alone (nothing is recomputed).

Every line drawn from the frame keeps the frame's values as its data (``Line2D.get_ydata()``
equals ``centre``/``lcl``/``ucl`` of the phase) and carries a ``gid`` naming what it is
(``"centre:<phase>"``, ``"ucl:<phase>"``, ``"points:special_cause_improvement"``, ``"target"``,
``"pdsa:<cycle_id>"``...), so tests and users can find it. Drawing creates its own
:class:`matplotlib.figure.Figure` (never pyplot) inside :func:`matplotlib.rc_context`, so no
global matplotlib state changes. User text is drawn with ``parse_math=False``: ``$`` is shown,
never read as mathtext.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.errors import ValidationError
from qi.present.axes import date_axis
from qi.present.frames import frozen_baselines, has_limits
from qi.present.marks import (
    STRIP_ROW_PT,
    as_x,
    benchmark_marks,
    draw_benchmark,
    draw_pdsa,
    draw_pdsa_lines,
    key_text,
    pdsa_key,
    pdsa_marks,
    trajectory_marks,
)
from qi.present.numbers import (
    NumberStyle,
    format_number_x,
    number_style,
    period_style,
    shown_limits,
    write_period,
)
from qi.present.style import (
    BENCHMARK_COLOUR,
    LABEL_WIDTH,
    LIMIT_COLOUR,
    MAX_PANELS,
    PANEL_HEIGHT,
    PANEL_WIDTH,
    PDSA_WORDS,
    POINT_COLOURS,
    POINT_WORDS,
    RC,
    TITLE_CHARS_PER_INCH,
    TITLE_WIDTH,
    ZONE_COLOUR,
)
from qi.present.words import (
    CENTRE_NAMES,
    centre_name,
    chart_name,
    limits_name,
    plural,
    shorten,
    wrap,
)

__all__ = ["MAX_PANELS", "RC", "frozen_baselines", "plot_chart"]

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from qi.charts.result import ChartResult


def plot_chart(
    result: ChartResult,
    ax: Axes | None = None,
    *,
    pdsa: pd.DataFrame | None = None,
    pdsa_numbers: Mapping[str, int] | None = None,
    benchmarks: Mapping[str, float] | Sequence[tuple[str, float]] | pd.DataFrame | None = None,
    trajectory: pd.Series | pd.DataFrame | None = None,
    zones: bool = False,
    title: str | None = None,
    caption: bool = True,
    icons: bool = False,
    figsize: tuple[float, float] | None = None,
    dpi: float = 100,
    series: Any | Sequence[Any] | None = None,
) -> Figure:
    """Draw a chart result.

    Parameters
    ----------
    result:
        The :class:`qi.charts.result.ChartResult` to draw.
    ax:
        Draw into this axes (one series only); by default a new Figure is made.
    pdsa:
        PDSA cycles to mark: a DataFrame with columns ``start`` and ``title`` and optionally
        ``end``, ``decision`` (adopt/adapt/abandon) and ``cycle_id`` (e.g.
        ``Project.pdsa_frame()``). Each cycle is a dotted line on its start date and, above
        the plot, a numbered marker with a bar to its end date; markers close together take
        separate rows, so none overprints another. The key (number, title, start, decision)
        is printed below the chart and returned by :func:`qi.present.marks.pdsa_key`. Cycles
        without a start date (planned) are not drawn.
    pdsa_numbers:
        ``{cycle_id: number}`` so that a page numbers its cycles once across all its charts
        (:func:`qi.present.marks.number_cycles`); by default 1, 2... in start order.
    benchmarks:
        Reference values drawn as lines, labelled at the right: ``{"England": 0.45}``, a list
        of pairs, or a DataFrame with ``label`` and ``value`` columns.
    trajectory:
        A planned path: a Series indexed by x, or a DataFrame with ``x`` and ``y`` columns.
    zones:
        Draw the 1-sigma and 2-sigma lines.
    title:
        Overrides the result's title (``options.title`` or the y column).
    caption:
        Add a caption naming the chart type, rule set, baseline and phases.
    icons:
        Draw the MDC variation and assurance icons in each panel's top-right corner.
    figsize, dpi:
        Size of a new Figure (default 8 x 4.6 inches for one series, a grid of panels for
        ``by=`` results). For print, save at twice the screen resolution
        (``fig.savefig(..., dpi=2 * dpi)``) or as SVG.
    series:
        Draw only these series of a ``by=`` result (one name or a list).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Values are written by :mod:`qi.present.numbers` (per cent, pounds, counts, periods with
    their years). For measures that cannot be negative (:func:`qi.present.numbers.non_negative`)
    lower limits below zero are drawn and labelled at zero; the lines' data hold the shown
    values, ``result.data`` the computed ones. The y axis spans the data, the centre lines and
    limits, the target, benchmarks and trajectory, and nothing else. The labels at the right of
    the plot (limits, centre, target, benchmarks) are moved apart so none overlaps another.

    Raises
    ------
    ValidationError
        For a bad ``pdsa``, ``benchmarks`` or ``trajectory`` argument, or ``ax`` with a
        several-series result.
    """
    import matplotlib as mpl

    if series is not None:
        from qi.present.select import select_series

        result = select_series(result, series)
    cycles = pdsa_marks(pdsa, result.options.x_kind) if pdsa is not None else None
    key = pdsa_key(cycles, pdsa_numbers) if cycles is not None and len(cycles) else None
    numbers = dict(zip(key["cycle_id"], key["number"], strict=True)) if key is not None else {}
    marks = benchmark_marks(benchmarks) if benchmarks is not None else []
    path = trajectory_marks(trajectory, result.options.x_kind) if trajectory is not None else None
    data = result.data
    names = list(dict.fromkeys(data["series"])) if not data.empty else [result.options.y]
    if ax is not None and len(names) > 1:
        raise ValidationError(
            f"a by= result with {len(names)} series cannot be drawn into one axes",
            field="ax",
            hint="pass ax=None to get a figure with one panel per series, or chart one series",
        )
    if len(names) > MAX_PANELS:
        raise ValidationError(
            f"a by= result with {len(names)} series is too many to draw as small multiples "
            f"(at most {MAX_PANELS})",
            field="result",
            hint="pass series=[...] to draw some of them, or use qi.summary_table(...) for an overview",
        )
    heading = title if title is not None else (result.options.title or result.options.y)
    numfmt = number_style(result)
    pstyle = period_style(result)
    with mpl.rc_context(RC):
        if ax is None:
            fig, axes = _new_figure(len(names), figsize, dpi, _extra_height(key, icons))
        else:
            fig, axes = ax.figure, [ax]
        panels: list[tuple[Axes, list[_Label], list[float]]] = []
        for a, s in zip(axes, names, strict=False):
            frame = data[data["series"] == s] if not data.empty else data
            labels, span = _draw_panel(a, result, frame, zones=zones, numfmt=numfmt)
            for label, value in marks:
                text = draw_benchmark(a, label, value)
                labels.append(_Label(f"{text} {numfmt.label(value, exact=True)}", value,
                                     BENCHMARK_COLOUR, "benchmark-label"))
                span.append(value)
            if path is not None:
                a.plot(path[0], path[1], color=K.MDC_COLOUR_TRAJECTORY, lw=1.2, ls=(0, (5, 3)),
                       gid="trajectory", label="Trajectory", zorder=3)
                span.extend(float(v) for v in path[1])
            if cycles is not None:
                draw_pdsa_lines(a, cycles)
            panels.append((a, labels, span))
            if icons:
                _draw_icons(a, result, s)
            if len(names) > 1:
                a.set_title(shorten(s, LABEL_WIDTH + 12), loc="left", parse_math=False)
        for a in axes[len(names):]:
            a.set_visible(False)
        shared = len(names) > 1
        spans = [v for _, _, sp in panels for v in sp]
        for a, _, span in panels:
            _set_ylim(a, spans if shared else span, numfmt)
            _format_axes(a, result, numfmt, pstyle)
        if ax is None:
            width = fig.get_figwidth()
            fig.suptitle(wrap(heading, int(width * TITLE_CHARS_PER_INCH), 2), x=0.01, ha="left",
                         fontsize=11, fontweight="bold", parse_math=False)
            handles, legend_labels = _legend_entries(axes[: len(names)])
            if handles:
                fig.legend(handles, legend_labels, loc="outside right upper")
            below = _below_text(result, key, len(names) > 1, caption, int(width * 15))
            if below:
                fig.supxlabel(below, x=0.01, ha="left", fontsize=7.5, color="#404040", parse_math=False)
        else:
            handles, legend_labels = _legend_entries([ax])
            if handles:
                ax.legend(handles, legend_labels, loc="best", fontsize=7, frameon=True, framealpha=0.9,
                          edgecolor="#d9d9d9")
            below = _below_text(result, key, False, caption, TITLE_WIDTH)
            if below:
                ax.set_xlabel(below, fontsize=7, color="#404040", loc="left", parse_math=False)
        # the strip above each plot (phase names, PDSA markers) and the labels at its right are
        # placed in points, so the figure is laid out once first to know each plot's size
        fig.draw_without_rendering()
        if ax is None and fig.legends:
            _fit_title(fig, heading)
        for i, (a, labels, _) in enumerate(panels):
            box = a.get_window_extent()
            w_pt, h_pt = box.width * 72 / fig.dpi, box.height * 72 / fig.dpi
            top = _mark_phases(a, a_frame(data, names[i]), w_pt)
            if cycles is not None and len(cycles):
                top = draw_pdsa(a, cycles, numbers, base_pt=top, width_pt=w_pt)
            _place_labels(a, labels, h_pt)
            if ax is not None:
                _titles(a, heading, top, icons, w_pt, kind="heading")
            elif len(names) > 1:
                _titles(a, a.get_title(loc="left"), top, icons, w_pt, kind="series")
            elif result.options.definition:
                _titles(a, result.options.definition, top, icons, w_pt, kind="definition")
            elif icons:
                _titles(a, "", top, icons, w_pt, kind="definition")
    return fig


#: Average width of a character of the 11 pt bold title (points).
TITLE_CHAR_PT = 11 * 0.64


def _fit_title(fig: Figure, heading: str) -> None:
    """Wrap the figure's title to the room left of the legend, so it never runs into it."""
    title = fig._suptitle
    if title is None:
        return
    box = title.get_window_extent()
    legend = fig.legends[0].get_window_extent()
    if box.x1 <= legend.x0 - 4 or box.y0 >= legend.y1:
        return
    room_pt = (legend.x0 - box.x0 - 8) * 72 / fig.dpi
    title.set_text(wrap(heading, max(16, int(room_pt / TITLE_CHAR_PT)), 2))


def a_frame(data: pd.DataFrame, name: Any) -> pd.DataFrame:
    """The rows of one series."""
    return data[data["series"] == name] if not data.empty else data


# --- layout -------------------------------------------------------------------------------
def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _extra_height(key: pd.DataFrame | None, icons: bool) -> float:
    """Inches added to a default figure for the PDSA key below the chart (a line per two
    cycles), the marker rows above it and the icons, so the plot keeps its height."""
    extra = 0.3 if icons else 0.0
    if key is not None and len(key):
        extra += 0.14 * math.ceil(len(key) / 2 + 0.5) + min(len(key), 4) * STRIP_ROW_PT / 72
    return extra


def _new_figure(k: int, figsize: tuple[float, float] | None, dpi: float,
                extra: float = 0.0) -> tuple[Figure, list[Axes]]:
    from qi.present.display import QIFigure

    ncols = 1 if k == 1 else min(3, k)
    nrows = math.ceil(k / ncols)
    if figsize is None:
        figsize = (8.0, 4.6 + extra) if k == 1 else (PANEL_WIDTH * ncols + 1.6, PANEL_HEIGHT * nrows + 1.0 + extra)
    fig = QIFigure(figsize=figsize, dpi=dpi, layout="constrained")  # a Figure that displays itself
    grid = fig.subplots(nrows, ncols, squeeze=False, sharex=k > 1, sharey=k > 1)
    return fig, [a for row in grid for a in row]


def _titles(ax: Axes, text: str, top_pt: float, icons: bool, width_pt: float, *, kind: str) -> None:
    """The plot's title above the strip (phase names, PDSA markers), wrapped to the plot's
    width less the icons' corner: the chart's heading (drawn into a given axes), a series name
    (small multiples) or the measure's definition (under the figure's title)."""
    room = width_pt * (0.8 if icons else 1.0)
    if kind == "definition":
        ax.set_title(wrap(text, max(20, int(room / (8 * 0.55))), 3), loc="left", fontsize=8,
                     color="#404040", style="italic", pad=top_pt + 3, parse_math=False)
    else:
        size = 9.0
        ax.set_title(wrap(text, max(20, int(room / (size * 0.62))), 2), loc="left", fontweight="bold",
                     pad=top_pt + 3, parse_math=False)
    if icons:
        for child in ax.child_axes:
            if hasattr(child, "_qi_icon_slot"):
                child.set_axes_locator(_IconLocator(ax, child._qi_icon_slot, top_pt))


#: Side of an MDC icon above a plot (points).
ICON_PT = 28.0


class _IconLocator:
    """Puts icon ``slot`` (0 = rightmost) above the plot's top-right corner, over the strip."""

    def __init__(self, ax: Axes, slot: int, lift_pt: float) -> None:
        self.ax, self.slot, self.lift = ax, slot, lift_pt

    def __call__(self, _inset: Axes, renderer: Any) -> Any:
        from matplotlib.transforms import Bbox

        fig = self.ax.figure
        box = self.ax.get_window_extent(renderer)
        px = fig.dpi / 72
        size = ICON_PT * px
        left = box.x1 - size * (self.slot + 1) - 4 * px * self.slot
        bottom = box.y1 + (self.lift + 2) * px
        return fig.transFigure.inverted().transform_bbox(Bbox.from_bounds(left, bottom, size, size))


# --- one panel ----------------------------------------------------------------------------
class _Label:
    """A label at the right of the plot: text, the y it belongs to, colour, gid."""

    def __init__(self, text: str, y: float, colour: str, gid: str) -> None:
        self.text, self.y, self.colour, self.gid = text, float(y), colour, gid


def _draw_panel(
    ax: Axes, result: ChartResult, frame: pd.DataFrame, *, zones: bool, numfmt: NumberStyle
) -> tuple[list[_Label], list[float]]:
    """Draw one series; return the labels for the right of the plot and the values the y
    axis must show."""
    opts = result.options
    kind = opts.x_kind
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float) if len(frame) else np.array([])
    finite = np.isfinite(y)
    if finite.sum() == 0:
        msg = "No data to chart yet." if len(frame) == 0 else "All values are missing: nothing to chart."
        _message(ax, msg)
        return [], []
    shown = shown_limits(frame, result)
    x = as_x(frame["x"], kind)
    ax.plot(x, y, color=K.MDC_COLOUR_COMMON, lw=1.3, zorder=2, gid="data")
    _draw_points(ax, frame, x, y)
    span = [float(v) for v in y[finite]]
    for ph, idx in shown.groupby("phase", sort=False).indices.items():
        g = shown.iloc[idx]
        span += _phase_lines(ax, g, x[idx], str(ph), zones=zones, chart=opts.chart,
                             rules=result.rule_set.name)
    _mark_baseline(ax, frame, x)
    labels = _limit_labels(shown, numfmt)
    if opts.target is not None:
        ax.axhline(opts.target, color=K.MDC_COLOUR_TARGET, lw=1.1, ls=(0, (4, 2)), zorder=1.5,
                   gid="target", label="Target")
        labels.append(_Label(f"Target {numfmt.label(opts.target, exact=True)}", opts.target,
                             K.MDC_COLOUR_TARGET, "label:target"))
        span.append(float(opts.target))
    if finite.sum() == 1:
        _message(ax, "Only one point: more points are needed before its variation can be judged.")
    return labels, span


def _message(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10,
            color="#404040", gid="message", wrap=True, parse_math=False)
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
            ax.plot(x[sel], y[sel], ls="none", marker="o", ms=5.5 if stype != COMMON_CAUSE else 4.5,
                    color=colour, markeredgecolor=colour, zorder=4, gid=f"points:{stype}",
                    label=POINT_WORDS[stype])
        hollow = (types == stype) & ~included & finite
        if hollow.any():
            ax.plot(x[hollow], y[hollow], ls="none", marker="o", ms=6, markerfacecolor="white",
                    markeredgecolor=colour, markeredgewidth=1.3, zorder=4,
                    gid=f"points:excluded:{stype}", label="Excluded from the limits")


def _varies(values: np.ndarray) -> bool:
    v = values[np.isfinite(values)]
    return bool(len(v)) and not np.allclose(v, v[0], rtol=0, atol=0)


def _phase_lines(
    ax: Axes, g: pd.DataFrame, gx: np.ndarray, phase: str, *, zones: bool, chart: str, rules: str
) -> list[float]:
    """The phase's centre and limits as shown (``g`` holds the shown limits); returns their
    finite values."""
    cname = _cap(centre_name(chart))
    specs = [("centre", K.MDC_COLOUR_MEAN, "-", 1.2, cname)]
    if has_limits(g):
        lim = _cap(limits_name(rules))
        specs += [("lcl", LIMIT_COLOUR, (0, (5, 2.5)), 1.0, lim),
                  ("ucl", LIMIT_COLOUR, (0, (5, 2.5)), 1.0, lim)]
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
        ax.plot(gx, vals, color=colour, ls=ls, lw=lw, zorder=3 if col == "centre" else 2.5,
                drawstyle="steps-mid" if _varies(vals) else "default", gid=f"{col}:{phase}",
                label=label)
    return out


def _boundaries(frame: pd.DataFrame, x: np.ndarray) -> list[tuple[Any, int]]:
    """(x between phases, index of the new phase's first row) for each phase change."""
    labels = frame["phase"].astype(str).to_numpy()
    out = []
    for i in range(1, len(labels)):
        if labels[i] != labels[i - 1]:
            out.append((x[i - 1] + (x[i] - x[i - 1]) / 2, i))
    return out


#: Average width of a bold 7.5 pt character (points), to fit phase names in their room.
PHASE_CHAR_PT = 7.5 * 0.62


def _mark_phases(ax: Axes, frame: pd.DataFrame, width_pt: float) -> float:
    """Phase boundaries as dotted lines; each phase's name in a row just above the plot, cut to
    the room before the next phase. Returns the height used above the plot (points)."""
    import matplotlib.transforms as mtransforms

    if frame.empty or not np.isfinite(pd.to_numeric(frame["y"], errors="coerce")).any():
        return 2.0
    x = as_x(frame["x"], "date" if np.issubdtype(np.asarray(frame["x"]).dtype, np.datetime64)
             or isinstance(frame["x"].iloc[0], pd.Timestamp) else "number")
    bounds = _boundaries(frame, x)
    if not bounds:
        return 2.0
    from qi.present.marks import mdates_num

    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    lo, hi = ax.get_xlim()
    starts = [(x[0], 0)] + bounds
    for xb, _ in bounds:
        ax.axvline(xb, color="#595959", lw=0.9, ls=(0, (1, 2)), zorder=1, gid="phase-boundary")
    for j, (xs, i) in enumerate(starts):
        left = max(lo, mdates_num(xs))
        right = mdates_num(starts[j + 1][0]) if j + 1 < len(starts) else hi
        room = (right - left) / (hi - lo) * width_pt if hi > lo else width_pt
        chars = max(1, int(room / PHASE_CHAR_PT) - 1)
        text = shorten(frame["phase"].iloc[i], min(LABEL_WIDTH, chars))
        ax.annotate(" " + text, (left, 1.0), xycoords=trans,
                    xytext=(0, 2), textcoords="offset points", ha="left", va="bottom",
                    fontsize=7.5, fontweight="bold", color="#595959", gid="phase-label",
                    annotation_clip=False, parse_math=False)
    return 2.0 + 11.0


def _mark_baseline(ax: Axes, frame: pd.DataFrame, x: np.ndarray) -> None:
    """Shade the baseline of each phase whose limits come from only part of its points (named
    in the legend, never written over the points)."""
    for _, idx in frame.groupby("phase", sort=False).indices.items():
        base = frame["baseline"].astype(bool).to_numpy()[idx]
        if base.all() or not base.any():
            continue
        pts = idx[base]
        ax.axvspan(x[pts[0]], x[pts[-1]], color="#d9d9d9", alpha=0.35, lw=0, zorder=0,
                   gid="baseline", label=BASELINE_WORDS)


#: The legend's name for the shaded baseline.
BASELINE_WORDS = "Baseline (limits from these points)"


def _limit_labels(shown: pd.DataFrame, numfmt: NumberStyle) -> list[_Label]:
    """The last phase's centre and limits (as shown), for the right of the plot."""
    last = shown.iloc[-1]
    out = []
    for col in ("ucl", "centre", "lcl"):
        v = pd.to_numeric(pd.Series([last[col]]), errors="coerce").iloc[0]
        if pd.notna(v) and math.isfinite(float(v)):
            out.append(_Label(numfmt.label(v), float(v), "#404040", f"label:{col}"))
    return out


#: Gap between two labels at the right of the plot (points): a 7 pt line is about 8.2 pt high.
LABEL_GAP_PT = 9.5


def spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions (points, any order) moved as little as possible so that any two are at least
    ``gap`` apart, kept within ``low``..``high`` where there is room (1-D label repulsion)."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    p = [float(positions[i]) for i in order]
    for i in range(1, len(p)):
        p[i] = max(p[i], p[i - 1] + gap)
    if p and p[-1] > high:
        p[-1] = high
        for i in range(len(p) - 2, -1, -1):
            p[i] = min(p[i], p[i + 1] - gap)
    if p and p[0] < low:
        p[0] = low
        for i in range(1, len(p)):
            p[i] = max(p[i], p[i - 1] + gap)
    out = [0.0] * len(p)
    for k, i in enumerate(order):
        out[i] = p[k]
    return out


def _place_labels(ax: Axes, labels: list[_Label], height_pt: float) -> None:
    """Write the labels just right of the plot, each beside its value, moved apart so none
    overlaps another (within the plot's height where possible)."""
    if not labels:
        return
    lo, hi = ax.get_ylim()
    at = [(lab.y - lo) / (hi - lo) * height_pt if hi > lo else height_pt / 2 for lab in labels]
    moved = spread(at, LABEL_GAP_PT, LABEL_GAP_PT / 2 - 2, height_pt - LABEL_GAP_PT / 2 + 2)
    for lab, a, m in zip(labels, at, moved, strict=True):
        ax.annotate(lab.text, (1.0, lab.y), xycoords=("axes fraction", "data"), xytext=(4, m - a),
                    textcoords="offset points", va="center", ha="left", fontsize=7, color=lab.colour,
                    gid=lab.gid, annotation_clip=False, parse_math=False)


def _set_ylim(ax: Axes, span: Sequence[float], numfmt: NumberStyle) -> None:
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


def _format_axes(ax: Axes, result: ChartResult, numfmt: NumberStyle, pstyle: str) -> None:
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


def _legend_entries(axes: Sequence[Axes]) -> tuple[list[Any], list[str]]:
    handles, labels = [], []
    order = [POINT_WORDS[t] for t in (IMPROVEMENT, CONCERN, NEUTRAL, COMMON_CAUSE)]
    centres = list(dict.fromkeys(_cap(n) for n in CENTRE_NAMES.values()))
    order += ["Excluded from the limits", *centres, "Control limits", "Process limits", "2-sigma lines",
              "1-sigma lines", "Target", "Trajectory", BASELINE_WORDS, *PDSA_WORDS.values()]
    found: dict[str, Any] = {}
    for a in axes:
        for h, lab in zip(*a.get_legend_handles_labels(), strict=True):
            found.setdefault(lab, h)
    for lab in order:
        if lab in found:
            handles.append(found[lab])
            labels.append(lab)
    return handles, labels


def _below_text(result: ChartResult, key: pd.DataFrame | None, multi: bool, caption: bool,
                width: int) -> str:
    """What is printed below the chart: the PDSA key, then the caption."""
    parts = []
    if key is not None:
        pstyle = period_style(result)
        parts.append(wrap(key_text(key, lambda d: write_period(d, pstyle) if pstyle != "number"
                                   else format_number_x(d)), width, 2 + len(key)))
    if caption:
        parts.append(wrap(_caption(result, multi), width, 3))
    return "\n".join(parts)


def _caption(result: ChartResult, multi: bool) -> str:
    opts = result.options
    parts = [chart_name(opts.chart)[:1].upper() + chart_name(opts.chart)[1:]]
    parts.append(result.rule_set.title)
    data = result.data
    if np.isfinite(pd.to_numeric(data["y"], errors="coerce")).any():
        first = data[data["series"] == data["series"].iloc[0]]
        pstyle = period_style(result)
        frozen = frozen_baselines(first)
        if frozen:
            _, nb, last = frozen[0]
            when = write_period(last, pstyle) if pstyle != "number" else f"{last}"
            parts.append(f"baseline: {plural(nb, 'point')} to {when}, extended")
        else:
            parts.append("limits from all points" if has_limits(data) else "centre line from all points")
        k = int(result.phases.groupby("series").size().max()) if len(result.phases) else 1
        if k > 1:
            parts.append(f"{k} phases, limits recalculated in each")
        if len(result.phases) and result.phases["trial"].astype(bool).any():
            parts.append("trial limits")
        if opts.improvement:
            parts.append(f"{'higher' if opts.improvement == 'up' else 'lower'} is better")
    if multi and opts.definition:
        parts.append(shorten(opts.definition, 80))
    return " · ".join(parts)


def _draw_icons(ax: Axes, result: ChartResult, series: Any) -> None:
    from qi.charts.assurance import icon_states
    from qi.present.icons import draw_icon

    states = icon_states(result)
    row = states[states["series"] == series]
    if row.empty:
        return
    chosen = [row["variation"].iloc[0]]
    if row["assurance"].iloc[0] is not None and pd.notna(row["assurance"].iloc[0]):
        chosen.append(row["assurance"].iloc[0])
    for j, state in enumerate(reversed(chosen)):
        inset = ax.inset_axes((0.91 - 0.09 * j, 1.01, 0.08, 0.14))
        inset._qi_icon_slot = j  # type: ignore[attr-defined]  # placed by _IconLocator
        draw_icon(inset, state)
