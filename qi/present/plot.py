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
from qi.present.words import (
    PERCENT_CHARTS,
    centre_name,
    chart_name,
    format_value,
    format_x,
    has_limits,
    is_monthly,
    plural,
    shorten,
    show_value,
    wrap,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from qi.charts.result import ChartResult

#: Rendering settings applied inside ``rc_context`` while drawing (never globally).
RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#595959",
    "xtick.color": "#404040",
    "ytick.color": "#404040",
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.formatter.use_mathtext": False,
    "text.usetex": False,
}

#: Point colours by signal type (MDC, `ptd_spc_colours()`; see qi.constants).
POINT_COLOURS: dict[str, str] = {
    COMMON_CAUSE: K.MDC_COLOUR_COMMON,
    IMPROVEMENT: K.MDC_COLOUR_IMPROVEMENT,
    CONCERN: K.MDC_COLOUR_CONCERN,
    NEUTRAL: K.MDC_COLOUR_NEUTRAL,
}
POINT_WORDS: dict[str, str] = {
    COMMON_CAUSE: "Common cause",
    IMPROVEMENT: "Special cause: improvement",
    CONCERN: "Special cause: concern",
    NEUTRAL: "Special cause: neutral",
}
DECISION_COLOURS: dict[str, str] = {
    "adopt": K.PDSA_COLOUR_ADOPT,
    "adapt": K.PDSA_COLOUR_ADAPT,
    "abandon": K.PDSA_COLOUR_ABANDON,
    "undecided": K.PDSA_COLOUR_UNDECIDED,
}
LIMIT_COLOUR = "#7f7f7f"
ZONE_COLOUR = "#bfbfbf"
BENCHMARK_COLOUR = "#404040"

#: Longest user label drawn on a chart (characters) before it is shortened with an ellipsis.
LABEL_WIDTH = 28
TITLE_WIDTH = 90
PANEL_WIDTH = 5.0
PANEL_HEIGHT = 3.4


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
        ``Project.pdsa_frame()``). Each cycle is a labelled marker on its start date, with a
        bar to its end date.
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

    cycles = _pdsa_frame(pdsa, result.options.x_kind) if pdsa is not None else None
    marks = _benchmarks(benchmarks) if benchmarks is not None else []
    path = _trajectory(trajectory, result.options.x_kind) if trajectory is not None else None
    data = result.data
    series = list(dict.fromkeys(data["series"])) if not data.empty else [result.options.y]
    if ax is not None and len(series) > 1:
        raise ValidationError(
            f"a by= result with {len(series)} series cannot be drawn into one axes",
            field="ax",
            hint="pass ax=None to get a figure with one panel per series, or chart one series",
        )
    heading = title if title is not None else (result.options.title or result.options.y)
    with mpl.rc_context(RC):
        if ax is None:
            fig, axes = _new_figure(len(series), figsize, dpi)
        else:
            fig, axes = ax.figure, [ax]
        monthly = result.options.x_kind == "date" and is_monthly(data["x"])
        for a, s in zip(axes, series, strict=False):
            frame = data[data["series"] == s] if not data.empty else data
            _draw_panel(a, result, frame, zones=zones, monthly=monthly)
            if cycles is not None:
                _draw_pdsa(a, cycles)
            for label, value in marks:
                _draw_benchmark(a, label, value, result.options.chart)
            if path is not None:
                a.plot(path[0], path[1], color=K.MDC_COLOUR_TRAJECTORY, lw=1.2, ls=(0, (5, 3)),
                       gid="trajectory", label="Trajectory", zorder=3)
            if icons:
                _draw_icons(a, result, s)
            if len(series) > 1:
                a.set_title(shorten(s, LABEL_WIDTH + 12), loc="left", fontweight="bold",
                            parse_math=False)
        for a in axes[len(series):]:
            a.set_visible(False)
        if ax is None:
            fig.suptitle(wrap(heading, TITLE_WIDTH, 2), x=0.01, ha="left", fontsize=11,
                         fontweight="bold", parse_math=False)
            if result.options.definition and len(series) == 1:
                axes[0].set_title(wrap(result.options.definition, TITLE_WIDTH + 20, 2), loc="left",
                                  fontsize=8, color="#404040", style="italic", parse_math=False)
            handles, labels = _legend_entries(axes[: len(series)])
            if handles:
                fig.legend(handles, labels, loc="outside right upper")
            if caption:
                fig.supxlabel(_caption(result, len(series) > 1), x=0.01, ha="left",
                              fontsize=7.5, color="#404040", parse_math=False)
        else:
            ax.set_title(wrap(heading, TITLE_WIDTH // 2, 2), loc="left", fontweight="bold",
                         parse_math=False)
            handles, labels = _legend_entries([ax])
            if handles:
                ax.legend(handles, labels, loc="best", fontsize=7)
            if caption:
                ax.set_xlabel(wrap(_caption(result, False), TITLE_WIDTH, 3), fontsize=7,
                              color="#404040", loc="left", parse_math=False)
    return fig


# --- layout -------------------------------------------------------------------------------
def _new_figure(k: int, figsize: tuple[float, float] | None, dpi: float) -> tuple[Figure, list[Axes]]:
    from matplotlib.figure import Figure

    ncols = 1 if k == 1 else min(3, k)
    nrows = math.ceil(k / ncols)
    if figsize is None:
        figsize = (8.0, 4.6) if k == 1 else (PANEL_WIDTH * ncols + 1.6, PANEL_HEIGHT * nrows + 1.0)
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False, sharex=k > 1, sharey=k > 1)
    return fig, [a for row in grid for a in row]


# --- one panel ----------------------------------------------------------------------------
def _xs(values: pd.Series | Sequence[Any], kind: str) -> np.ndarray:
    """x values as matplotlib reads them: datetime64 for dates, floats otherwise."""
    s = pd.Series(list(values)) if not isinstance(values, pd.Series) else values
    if kind == "date":
        return pd.to_datetime(s).to_numpy(dtype="datetime64[ns]")
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _draw_panel(ax: Axes, result: ChartResult, frame: pd.DataFrame, *, zones: bool, monthly: bool) -> None:
    opts = result.options
    kind = opts.x_kind
    y = pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float) if len(frame) else np.array([])
    finite = np.isfinite(y)
    if finite.sum() == 0:
        msg = "No data to chart yet." if len(frame) == 0 else "All values are missing: nothing to chart."
        _message(ax, msg)
        return
    x = _xs(frame["x"], kind)
    ax.plot(x, y, color=K.MDC_COLOUR_COMMON, lw=1.3, zorder=2, gid="data")
    _draw_points(ax, frame, x, y)
    for ph, idx in frame.groupby("phase", sort=False).indices.items():
        g = frame.iloc[idx]
        gx = x[idx]
        _phase_lines(ax, g, gx, str(ph), zones=zones, chart=opts.chart)
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
    _format_axes(ax, result, frame, monthly)


def _message(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10,
            color="#404040", gid="message", wrap=True, parse_math=False)
    ax.set_yticks([]) if not ax.lines else None


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


def _phase_lines(ax: Axes, g: pd.DataFrame, gx: np.ndarray, phase: str, *, zones: bool, chart: str) -> None:
    cname = centre_name(chart).capitalize()
    specs = [("centre", K.MDC_COLOUR_MEAN, "-", 1.2, cname)]
    if has_limits(g):
        specs += [("lcl", LIMIT_COLOUR, (0, (5, 2.5)), 1.0, "Control limits"),
                  ("ucl", LIMIT_COLOUR, (0, (5, 2.5)), 1.0, "Control limits")]
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
        ax.text(xs, 1.0, " " + shorten(frame["phase"].iloc[i], LABEL_WIDTH), transform=trans,
                ha="left", va="bottom", fontsize=7.5, color="#404040", gid="phase-label",
                parse_math=False, clip_on=False)


def _mark_baseline(ax: Axes, frame: pd.DataFrame, x: np.ndarray) -> None:
    base = frame["baseline"].astype(bool).to_numpy()
    if base.all() or not base.any():
        return
    idx = np.flatnonzero(base)
    ax.axvspan(x[idx[0]], x[idx[-1]], color="#d9d9d9", alpha=0.35, lw=0, zorder=0, gid="baseline")
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(x[idx[0]], 0.02, " Baseline", transform=trans, ha="left", va="bottom", fontsize=7.5,
            color="#595959", gid="baseline-label")


def _label_limits(ax: Axes, frame: pd.DataFrame, x: np.ndarray, chart: str) -> None:
    """The last phase's centre and limits written at the right end of the chart."""
    last = frame.iloc[-1]
    for col in ("ucl", "centre", "lcl"):
        v = float(last[col]) if pd.notna(last[col]) else math.nan
        if math.isfinite(v):
            ax.annotate(format_value(v, chart), (x[-1], v), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=7, color="#404040", gid=f"label:{col}",
                        annotation_clip=False)


def _format_axes(ax: Axes, result: ChartResult, frame: pd.DataFrame, monthly: bool) -> None:
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    opts = result.options
    if opts.chart in PERCENT_CHARTS:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    if opts.unit:
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
    order += ["Excluded from the limits", "Mean", "Median", "Control limits", "2-sigma lines",
              "1-sigma lines", "Target", "Trajectory"]
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
    if not data.empty:
        first = data[data["series"] == data["series"].iloc[0]]
        base = first["baseline"].astype(bool)
        monthly = opts.x_kind == "date" and is_monthly(data["x"])
        if base.all():
            parts.append("limits from all points" if has_limits(data) else "centre line from all points")
        elif base.any():
            last = format_x(first.loc[base, "x"].iloc[-1], opts.x_kind, monthly)
            parts.append(f"baseline: {plural(int(base.sum()), 'point')} to {last}, extended")
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


# --- additions ----------------------------------------------------------------------------
PDSA_REQUIRED = ("start", "title")


def _pdsa_frame(pdsa: Any, kind: str) -> pd.DataFrame:
    if not isinstance(pdsa, pd.DataFrame):
        raise ValidationError(
            f"expected a DataFrame of PDSA cycles, found {type(pdsa).__name__}",
            field="pdsa", hint="pass project.pdsa_frame() or a DataFrame with 'start' and 'title'",
        )
    missing = [c for c in PDSA_REQUIRED if c not in pdsa.columns]
    if missing:
        raise ValidationError(
            f"missing column(s) {', '.join(missing)}; found: {', '.join(map(str, pdsa.columns)) or 'none'}",
            field="pdsa", hint="give each cycle a 'start' date and a 'title'",
        )
    out = pd.DataFrame({"title": pdsa["title"].astype(str).to_numpy()})
    for col in ("start", "end"):
        if col not in pdsa.columns:
            out[col] = pd.NaT if kind == "date" else np.nan
            continue
        raw = pdsa[col]
        conv = pd.to_datetime(raw, errors="coerce") if kind == "date" else pd.to_numeric(raw, errors="coerce")
        bad = conv.isna().to_numpy() & raw.notna().to_numpy()
        if col == "start":
            bad |= raw.isna().to_numpy()
        if bad.any():
            what = "dates" if kind == "date" else "numbers (the chart's x is numeric)"
            raise ValidationError(
                f"column '{col}' has values that are not {what}: "
                f"{', '.join(show_value(v) for v in raw[bad].tolist()[:5])}",
                field="pdsa", rows=[int(i) for i in np.flatnonzero(bad)],
                hint=f"write {col} as {'ISO dates, e.g. 2024-03-01' if kind == 'date' else 'x values'}",
            )
        out[col] = conv.to_numpy()
    out["decision"] = (
        pdsa["decision"].fillna("undecided").astype(str).str.lower().to_numpy()
        if "decision" in pdsa.columns else "undecided"
    )
    out["cycle_id"] = (
        pdsa["cycle_id"].astype(str).to_numpy() if "cycle_id" in pdsa.columns
        else [f"C{i + 1}" for i in range(len(pdsa))]
    )
    return out.sort_values("start", kind="stable").reset_index(drop=True)


def _draw_pdsa(ax: Axes, cycles: pd.DataFrame) -> None:
    """Each cycle: a dotted line at its start, a bar to its end near the top, and a label
    ``<cycle_id>: <title>`` staggered on three levels so neighbours do not overlap."""
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + (hi - lo) * 0.35)  # headroom for the labels above the data
    levels = (0.96, 0.88, 0.80)
    for i, c in cycles.iterrows():
        colour = DECISION_COLOURS.get(c["decision"], K.PDSA_COLOUR_UNDECIDED)
        level = levels[int(i) % len(levels)]
        ax.axvline(c["start"], color=colour, lw=0.9, ls=(0, (1, 1.5)), zorder=1,
                   gid=f"pdsa:{c['cycle_id']}")
        ax.plot([c["start"]], [level], transform=trans, marker="v", ms=5, color=colour,
                zorder=5, clip_on=False, gid=f"pdsa-marker:{c['cycle_id']}")
        if pd.notna(c["end"]):
            ax.plot([c["start"], c["end"]], [level, level], transform=trans, color=colour, lw=2.5,
                    solid_capstyle="butt", zorder=5, gid=f"pdsa-span:{c['cycle_id']}")
        ax.text(c["start"], level - 0.025,
                " " + shorten(f"{c['cycle_id']}: {c['title']}", LABEL_WIDTH),
                transform=trans, ha="left", va="top", fontsize=7, color="#262626",
                gid=f"pdsa-label:{c['cycle_id']}", parse_math=False, clip_on=True)


def _benchmarks(benchmarks: Any) -> list[tuple[str, float]]:
    if isinstance(benchmarks, pd.DataFrame):
        if not {"label", "value"} <= set(benchmarks.columns):
            raise ValidationError(
                f"a benchmarks DataFrame needs 'label' and 'value' columns; found: "
                f"{', '.join(map(str, benchmarks.columns))}",
                field="benchmarks", hint="rename the columns to 'label' and 'value'",
            )
        pairs = list(zip(benchmarks["label"], benchmarks["value"], strict=True))
    elif isinstance(benchmarks, Mapping):
        pairs = list(benchmarks.items())
    else:
        try:
            pairs = [(lab, val) for lab, val in benchmarks]
        except (TypeError, ValueError):
            raise ValidationError(
                f"expected a dict, a list of (label, value) pairs or a DataFrame, found "
                f"{type(benchmarks).__name__}",
                field="benchmarks", hint='pass e.g. {"England": 0.45}',
            ) from None
    out = []
    for lab, val in pairs:
        try:
            v = float(val)
        except (TypeError, ValueError):
            v = math.nan
        if not math.isfinite(v):
            raise ValidationError(
                f"benchmark {str(lab)!r} has value {val!r}, which is not a number",
                field="benchmarks", hint="give each benchmark a numeric value on the chart's scale",
            )
        out.append((str(lab), v))
    return out


def _draw_benchmark(ax: Axes, label: str, value: float, chart: str) -> None:
    ax.axhline(value, color=BENCHMARK_COLOUR, lw=0.9, ls="-.", zorder=1.5, gid=f"benchmark:{label}")
    ax.annotate(f"{shorten(label, LABEL_WIDTH)} {format_value(value, chart)}", (0.0, value),
                xycoords=("axes fraction", "data"), xytext=(3, 2), textcoords="offset points",
                va="bottom", ha="left", fontsize=7, color=BENCHMARK_COLOUR, parse_math=False,
                gid="benchmark-label")


def _trajectory(trajectory: Any, kind: str) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(trajectory, pd.Series):
        xs, ys = trajectory.index.to_series(), trajectory
    elif isinstance(trajectory, pd.DataFrame) and {"x", "y"} <= set(trajectory.columns):
        xs, ys = trajectory["x"], trajectory["y"]
    else:
        raise ValidationError(
            f"expected a Series indexed by x or a DataFrame with 'x' and 'y' columns, found "
            f"{type(trajectory).__name__}",
            field="trajectory", hint="pass e.g. pd.Series([0.5, 0.6], index=pd.to_datetime([...]))",
        )
    xv = _xs(xs.reset_index(drop=True), kind)
    yv = pd.to_numeric(pd.Series(list(ys)), errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(yv) | (pd.isna(xv) if kind == "date" else np.isnan(xv))
    if bad.any():
        raise ValidationError(
            "trajectory has x or y values that cannot be read as the chart's x and numbers",
            field="trajectory", rows=[int(i) for i in np.flatnonzero(bad)],
            hint="give dates (or numbers) as x and numbers as y",
        )
    return xv, yv


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

