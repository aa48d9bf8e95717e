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
from qi.present.frames import frozen_baselines, has_limits
from qi.present.marks import (
    as_x,
    benchmark_marks,
    draw_benchmark,
    draw_pdsa,
    pdsa_marks,
    trajectory_marks,
)
from qi.present.style import (
    LABEL_WIDTH,
    LIMIT_COLOUR,
    MAX_PANELS,
    PANEL_HEIGHT,
    PANEL_WIDTH,
    PDSA_HEADROOM,
    PDSA_WORDS,
    POINT_COLOURS,
    POINT_WORDS,
    RC,
    SUBTITLE_CHARS_PER_INCH,
    TITLE_CHARS_PER_INCH,
    TITLE_WIDTH,
    ZONE_COLOUR,
)
from qi.present.words import (
    CENTRE_NAMES,
    PERCENT_CHARTS,
    centre_name,
    chart_name,
    date_style,
    format_value,
    format_x,
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
        ``Project.pdsa_frame()``). Each cycle is a marker on its start date labelled with its
        title (``#<cycle_number>`` first when given), with a bar to its end date; cycles
        without a start date (planned) are not drawn.
    benchmarks:
        Reference values drawn as labelled lines: ``{"England": 0.45}``, a list of pairs, or a
        DataFrame with ``label`` and ``value`` columns.
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
        ``by=`` results).
    series:
        Draw only these series of a ``by=`` result (one name or a list).

    Returns
    -------
    matplotlib.figure.Figure

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
    with mpl.rc_context(RC):
        if ax is None:
            fig, axes = _new_figure(len(names), figsize, dpi)
        else:
            fig, axes = ax.figure, [ax]
        style = date_style(data["x"]) if result.options.x_kind == "date" else "day"
        for a, s in zip(axes, names, strict=False):
            frame = data[data["series"] == s] if not data.empty else data
            _draw_panel(a, result, frame, zones=zones, style=style)
            if cycles is not None:
                draw_pdsa(a, cycles)
            for label, value in marks:
                draw_benchmark(a, label, value, result.options.chart)
            if path is not None:
                a.plot(path[0], path[1], color=K.MDC_COLOUR_TRAJECTORY, lw=1.2, ls=(0, (5, 3)),
                       gid="trajectory", label="Trajectory", zorder=3)
            if icons:
                _draw_icons(a, result, s)
            if len(names) > 1:
                a.set_title(shorten(s, LABEL_WIDTH + 12), loc="left", fontweight="bold",
                            parse_math=False)
        for a in axes[len(names):]:
            a.set_visible(False)
        if cycles is not None and len(cycles):
            # headroom above the data for the PDSA labels; once for panels sharing their y axis
            for a in axes[: 1 if len(names) > 1 else len(names)]:
                lo, hi = a.get_ylim()
                a.set_ylim(lo, hi + (hi - lo) * PDSA_HEADROOM)
        if ax is None:
            width = fig.get_figwidth()
            fig.suptitle(wrap(heading, int(width * TITLE_CHARS_PER_INCH), 2), x=0.01, ha="left",
                         fontsize=11, fontweight="bold", parse_math=False)
            if result.options.definition and len(names) == 1:
                axes[0].set_title(wrap(result.options.definition, int(width * SUBTITLE_CHARS_PER_INCH), 2),
                                  loc="left", fontsize=8, color="#404040", style="italic",
                                  parse_math=False)
            handles, labels = _legend_entries(axes[: len(names)])
            if handles:
                fig.legend(handles, labels, loc="outside right upper")
            if caption:
                width = int(fig.get_figwidth() * 15)
                fig.supxlabel(wrap(_caption(result, len(names) > 1), width, 3), x=0.01, ha="left",
                              fontsize=7.5, color="#404040", parse_math=False)
        else:
            ax.set_title(wrap(heading, TITLE_WIDTH // 2, 2), loc="left", fontweight="bold",
                         parse_math=False)
            handles, labels = _legend_entries([ax])
            if handles:
                ax.legend(handles, labels, loc="best", fontsize=7, frameon=True, framealpha=0.9,
                          edgecolor="#d9d9d9")
            if caption:
                ax.set_xlabel(wrap(_caption(result, False), TITLE_WIDTH, 3), fontsize=7,
                              color="#404040", loc="left", parse_math=False)
    return fig


# --- layout -------------------------------------------------------------------------------
def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _new_figure(k: int, figsize: tuple[float, float] | None, dpi: float) -> tuple[Figure, list[Axes]]:
    from qi.present.display import QIFigure

    ncols = 1 if k == 1 else min(3, k)
    nrows = math.ceil(k / ncols)
    if figsize is None:
        figsize = (8.0, 4.6) if k == 1 else (PANEL_WIDTH * ncols + 1.6, PANEL_HEIGHT * nrows + 1.0)
    fig = QIFigure(figsize=figsize, dpi=dpi, layout="constrained")  # a Figure that displays itself
    grid = fig.subplots(nrows, ncols, squeeze=False, sharex=k > 1, sharey=k > 1)
    return fig, [a for row in grid for a in row]


# --- one panel ----------------------------------------------------------------------------
def _draw_panel(ax: Axes, result: ChartResult, frame: pd.DataFrame, *, zones: bool, style: str) -> None:
    opts = result.options
    kind = opts.x_kind
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float) if len(frame) else np.array([])
    finite = np.isfinite(y)
    if finite.sum() == 0:
        msg = "No data to chart yet." if len(frame) == 0 else "All values are missing: nothing to chart."
        _message(ax, msg)
        return
    x = as_x(frame["x"], kind)
    ax.plot(x, y, color=K.MDC_COLOUR_COMMON, lw=1.3, zorder=2, gid="data")
    _draw_points(ax, frame, x, y)
    for ph, idx in frame.groupby("phase", sort=False).indices.items():
        g = frame.iloc[idx]
        gx = x[idx]
        _phase_lines(ax, g, gx, str(ph), zones=zones, chart=opts.chart, rules=result.rule_set.name)
    _mark_phases(ax, frame, x)
    _mark_baseline(ax, frame, x)
    if opts.target is not None:
        ax.axhline(opts.target, color=K.MDC_COLOUR_TARGET, lw=1.1, ls=(0, (4, 2)), zorder=1.5,
                   gid="target", label="Target")
        ax.annotate(f"Target {format_value(opts.target, opts.chart)}", (1.0, opts.target),
                    xycoords=("axes fraction", "data"), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7.5, color=K.MDC_COLOUR_TARGET, annotation_clip=False)
    _label_limits(ax, frame, x, opts.chart)
    if finite.sum() == 1:
        _message(ax, "Only one point: more points are needed before its variation can be judged.")
    _format_axes(ax, result, frame, style)


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
) -> None:
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
    for col, colour, ls, lw, label in specs:
        vals = pd.to_numeric(g[col], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(vals).any():
            continue
        ax.plot(gx, vals, color=colour, ls=ls, lw=lw, zorder=3 if col == "centre" else 2.5,
                drawstyle="steps-mid" if _varies(vals) else "default", gid=f"{col}:{phase}",
                label=label)


def _boundaries(frame: pd.DataFrame, x: np.ndarray) -> list[tuple[Any, int]]:
    """(x between phases, index of the new phase's first row) for each phase change."""
    labels = frame["phase"].astype(str).to_numpy()
    out = []
    for i in range(1, len(labels)):
        if labels[i] != labels[i - 1]:
            out.append((x[i - 1] + (x[i] - x[i - 1]) / 2, i))
    return out


def _mark_phases(ax: Axes, frame: pd.DataFrame, x: np.ndarray) -> None:
    import matplotlib.transforms as mtransforms

    bounds = _boundaries(frame, x)
    if not bounds:
        return
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    starts = [(x[0], 0)] + bounds
    for xb, _ in bounds:
        ax.axvline(xb, color="#595959", lw=0.9, ls=(0, (1, 2)), zorder=1, gid="phase-boundary")
    for xs, i in starts:
        ax.text(xs, 0.995, " " + shorten(frame["phase"].iloc[i], LABEL_WIDTH), transform=trans,
                ha="left", va="top", fontsize=7.5, fontweight="bold", color="#595959",
                gid="phase-label", parse_math=False)


def _mark_baseline(ax: Axes, frame: pd.DataFrame, x: np.ndarray) -> None:
    """Shade the baseline of each phase whose limits come from only part of its points."""
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    for _, idx in frame.groupby("phase", sort=False).indices.items():
        base = frame["baseline"].astype(bool).to_numpy()[idx]
        if base.all() or not base.any():
            continue
        pts = idx[base]
        ax.axvspan(x[pts[0]], x[pts[-1]], color="#d9d9d9", alpha=0.35, lw=0, zorder=0,
                   gid="baseline")
        ax.text(x[pts[0]], 0.02, " Baseline", transform=trans, ha="left", va="bottom",
                fontsize=7.5, color="#595959", gid="baseline-label")


def _label_limits(ax: Axes, frame: pd.DataFrame, x: np.ndarray, chart: str) -> None:
    """The last phase's centre and limits written at the right end of the chart."""
    last = frame.iloc[-1]
    for col in ("ucl", "centre", "lcl"):
        v = float(last[col]) if pd.notna(last[col]) else math.nan
        if math.isfinite(v):
            ax.annotate(format_value(v, chart), (x[-1], v), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=7, color="#404040", gid=f"label:{col}",
                        annotation_clip=False)


def _format_axes(ax: Axes, result: ChartResult, frame: pd.DataFrame, style: str) -> None:
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    opts = result.options
    if opts.chart in PERCENT_CHARTS:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    proportion_words = {"proportion", "percent", "percentage", "%", "per cent", "rate"}
    if opts.unit and not (opts.chart in PERCENT_CHARTS and opts.unit.strip().lower() in proportion_words):
        ax.set_ylabel(shorten(opts.unit, LABEL_WIDTH), parse_math=False)
    if opts.x_kind == "date":
        import matplotlib.dates as mdates

        loc = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc, show_offset=False))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.grid(axis="y", color="#ececec", lw=0.6)
    ax.set_axisbelow(True)


def _legend_entries(axes: Sequence[Axes]) -> tuple[list[Any], list[str]]:
    handles, labels = [], []
    order = [POINT_WORDS[t] for t in (IMPROVEMENT, CONCERN, NEUTRAL, COMMON_CAUSE)]
    centres = list(dict.fromkeys(_cap(n) for n in CENTRE_NAMES.values()))
    order += ["Excluded from the limits", *centres, "Control limits", "Process limits", "2-sigma lines",
              "1-sigma lines", "Target", "Trajectory", *PDSA_WORDS.values()]
    found: dict[str, Any] = {}
    for a in axes:
        for h, lab in zip(*a.get_legend_handles_labels(), strict=True):
            found.setdefault(lab, h)
    for lab in order:
        if lab in found:
            handles.append(found[lab])
            labels.append(lab)
    return handles, labels


def _caption(result: ChartResult, multi: bool) -> str:
    opts = result.options
    parts = [chart_name(opts.chart)[:1].upper() + chart_name(opts.chart)[1:]]
    parts.append(result.rule_set.title)
    data = result.data
    if np.isfinite(pd.to_numeric(data["y"], errors="coerce")).any():
        first = data[data["series"] == data["series"].iloc[0]]
        style = date_style(data["x"]) if opts.x_kind == "date" else "day"
        frozen = frozen_baselines(first)
        if frozen:
            _, nb, last = frozen[0]
            parts.append(f"baseline: {plural(nb, 'point')} to {format_x(last, opts.x_kind, style)}"
                         ", extended")
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
    from qi.present.icons import draw_icon, icon_states

    states = icon_states(result)
    row = states[states["series"] == series]
    if row.empty:
        return
    chosen = [row["variation"].iloc[0]]
    if row["assurance"].iloc[0] is not None and pd.notna(row["assurance"].iloc[0]):
        chosen.append(row["assurance"].iloc[0])
    for j, state in enumerate(reversed(chosen)):
        inset = ax.inset_axes((0.91 - 0.09 * j, 1.01, 0.08, 0.14))
        draw_icon(inset, state)

