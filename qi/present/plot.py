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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from qi import constants as K
from qi.errors import ValidationError
from qi.present.frames import frozen_baselines
from qi.present.marks import (
    STRIP_ROW_PT,
    benchmark_marks,
    draw_benchmark,
    draw_pdsa,
    draw_pdsa_lines,
    pdsa_key,
    pdsa_marks,
    trajectory_marks,
)
from qi.present.numbers import NumberStyle, number_style, period_style
from qi.present.plot_body import Label, draw_panel, format_axes, set_ylim
from qi.present.plot_labels import (
    ICON_PT,
    LABEL_GAP_PT,
    TITLE_CHAR_PT,
    below_text,
    draw_icons,
    fit_title,
    legend_entries,
    place_labels,
    spread,
    titles,
)
from qi.present.plot_phases import BASELINE_WORDS, PHASE_CHAR_PT, mark_phases
from qi.present.style import (
    BENCHMARK_COLOUR,
    FIGURE_WIDTH,
    LABEL_WIDTH,
    MAX_PANELS,
    PANEL_HEIGHT,
    PANEL_WIDTH,
    RC,
    SMALL_FONT,
    TITLE_CHARS_PER_INCH,
    TITLE_WIDTH,
)
from qi.present.words import shorten, wrap

# The panel's body, its phases and its words are drawn by plot_body, plot_phases and
# plot_labels; the names below stay importable from here.
__all__ = [
    "BASELINE_WORDS",
    "ICON_PT",
    "LABEL_GAP_PT",
    "MAX_PANELS",
    "PHASE_CHAR_PT",
    "RC",
    "TITLE_CHAR_PT",
    "a_frame",
    "frozen_baselines",
    "plot_chart",
    "spread",
]

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from qi.charts.result import ChartResult

#: One drawn panel: its axes, the labels for its right-hand side, the values its y axis shows.
Panel = tuple["Axes", list[Label], list[float]]


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
    extras = _extras(result, pdsa, pdsa_numbers, benchmarks, trajectory)
    data = result.data
    names = list(dict.fromkeys(data["series"])) if not data.empty else [result.options.y]
    _check_panels(len(names), ax)
    heading = title if title is not None else (result.options.title or result.options.y)
    with mpl.rc_context(RC):
        if ax is None:
            fig, axes = _new_figure(len(names), figsize, dpi, _extra_height(extras.key, icons))
        else:
            fig, axes = ax.figure, [ax]
        panels = _draw_panels(axes, names, result, extras, zones=zones, icons=icons)
        _figure_words(fig, ax, axes[: len(names)], result, extras.key, caption, heading)
        # the strip above each plot (phase names, PDSA markers) and the labels at its right are
        # placed in points, so the figure is laid out once first to know each plot's size
        fig.draw_without_rendering()
        if ax is None and fig.legends:
            fit_title(fig, heading)
        for (a, labels, _), name in zip(panels, names, strict=True):
            _strip_and_titles(
                a,
                name,
                labels,
                result,
                extras,
                given=ax is not None,
                multi=len(names) > 1,
                heading=heading,
                icons=icons,
            )
    return fig


def _draw_panels(
    axes: Sequence[Axes],
    names: list[Any],
    result: ChartResult,
    extras: _Extras,
    *,
    zones: bool,
    icons: bool,
) -> list[Panel]:
    """One panel per series (the grid's spare axes hidden), each with its y range (one range
    shared by the panels of a ``by=`` chart) and its axes written by :mod:`qi.present.numbers`."""
    numfmt = number_style(result)
    multi = len(names) > 1
    panels = [
        _panel(a, result, s, extras, zones=zones, numfmt=numfmt, icons=icons, multi=multi)
        for a, s in zip(axes, names, strict=False)
    ]
    for a in axes[len(names) :]:
        a.set_visible(False)
    spans = [v for _, _, sp in panels for v in sp]
    pstyle = period_style(result)
    for a, _, span in panels:
        set_ylim(a, spans if multi else span, numfmt)
        format_axes(a, result, numfmt, pstyle)
    return panels


@dataclass(frozen=True)
class _Extras:
    """What is drawn over the result on every panel: the PDSA cycles with their key and
    numbers, the benchmarks and the trajectory, as checked by :mod:`qi.present.marks`."""

    cycles: pd.DataFrame | None
    key: pd.DataFrame | None
    numbers: dict[Any, Any]
    benchmarks: list[tuple[str, float]]
    path: Any


def _extras(
    result: ChartResult,
    pdsa: pd.DataFrame | None,
    pdsa_numbers: Mapping[str, int] | None,
    benchmarks: Any,
    trajectory: Any,
) -> _Extras:
    cycles = pdsa_marks(pdsa, result.options.x_kind) if pdsa is not None else None
    key = pdsa_key(cycles, pdsa_numbers) if cycles is not None and len(cycles) else None
    numbers = dict(zip(key["cycle_id"], key["number"], strict=True)) if key is not None else {}
    marks = benchmark_marks(benchmarks) if benchmarks is not None else []
    path = trajectory_marks(trajectory, result.options.x_kind) if trajectory is not None else None
    return _Extras(cycles, key, numbers, marks, path)


def _check_panels(n_series: int, ax: Axes | None) -> None:
    if ax is not None and n_series > 1:
        raise ValidationError(
            f"a by= result with {n_series} series cannot be drawn into one axes",
            field="ax",
            hint="pass ax=None to get a figure with one panel per series, or chart one series",
        )
    if n_series > MAX_PANELS:
        raise ValidationError(
            f"a by= result with {n_series} series is too many to draw as small multiples "
            f"(at most {MAX_PANELS})",
            field="result",
            hint="pass series=[...] to draw some of them, or use qi.summary_table(...) for an overview",
        )


def _panel(
    a: Axes,
    result: ChartResult,
    name: Any,
    extras: _Extras,
    *,
    zones: bool,
    numfmt: NumberStyle,
    icons: bool,
    multi: bool,
) -> Panel:
    """Draw one series with the benchmarks, trajectory, PDSA lines and icons over it."""
    labels, span = draw_panel(a, result, a_frame(result.data, name), zones=zones, numfmt=numfmt)
    for label, value in extras.benchmarks:
        text = draw_benchmark(a, label, value)
        labels.append(
            Label(
                f"{text} {numfmt.label(value, exact=True)}",
                value,
                BENCHMARK_COLOUR,
                "benchmark-label",
            )
        )
        span.append(value)
    path = extras.path
    if path is not None:
        a.plot(
            path[0],
            path[1],
            color=K.MDC_COLOUR_TRAJECTORY,
            lw=1.2,
            ls=(0, (5, 3)),
            gid="trajectory",
            label="Trajectory",
            zorder=3,
        )
        span.extend(float(v) for v in path[1])
    if extras.cycles is not None:
        draw_pdsa_lines(a, extras.cycles)
    if icons:
        draw_icons(a, result, name)
    if multi:
        a.set_title(shorten(name, LABEL_WIDTH + 12), loc="left", parse_math=False)
    return a, labels, span


def _figure_words(
    fig: Figure,
    ax: Axes | None,
    axes: Sequence[Axes],
    result: ChartResult,
    key: pd.DataFrame | None,
    caption: bool,
    heading: str,
) -> None:
    """The title, legend, PDSA key and caption: on the figure, or on the caller's axes."""
    if ax is None:
        width = fig.get_figwidth()
        fig.suptitle(
            wrap(heading, int(width * TITLE_CHARS_PER_INCH), 2),
            x=0.01,
            ha="left",
            fontsize=11,
            fontweight="bold",
            parse_math=False,
        )
        handles, legend_labels = legend_entries(axes)
        if handles:
            fig.legend(handles, legend_labels, loc="outside right upper")
        below = below_text(result, key, len(axes) > 1, caption, int(width * 15))
        if below:
            fig.supxlabel(
                below, x=0.01, ha="left", fontsize=SMALL_FONT, color="#404040", parse_math=False
            )
    else:
        handles, legend_labels = legend_entries([ax])
        if handles:
            ax.legend(
                handles,
                legend_labels,
                loc="best",
                fontsize=SMALL_FONT,
                frameon=True,
                framealpha=0.9,
                edgecolor="#d9d9d9",
            )
        below = below_text(result, key, False, caption, TITLE_WIDTH)
        if below:
            ax.set_xlabel(below, fontsize=SMALL_FONT, color="#404040", loc="left", parse_math=False)


def _strip_and_titles(
    a: Axes,
    name: Any,
    labels: list[Label],
    result: ChartResult,
    extras: _Extras,
    *,
    given: bool,
    multi: bool,
    heading: str,
    icons: bool,
) -> None:
    """After the first layout: the strip above the plot (phase names, PDSA markers), the labels
    at its right, and the title above the strip (the heading in a given axes, the series name
    of a small multiple, or the measure's definition)."""
    fig = a.figure
    box = a.get_window_extent()
    w_pt, h_pt = box.width * 72 / fig.dpi, box.height * 72 / fig.dpi
    top = mark_phases(a, a_frame(result.data, name), w_pt)
    cycles = extras.cycles
    if cycles is not None and len(cycles):
        top = draw_pdsa(a, cycles, extras.numbers, base_pt=top, width_pt=w_pt)
    place_labels(a, labels, h_pt)
    if given:
        titles(a, heading, top, icons, w_pt, kind="heading")
    elif multi:
        titles(a, a.get_title(loc="left"), top, icons, w_pt, kind="series")
    elif result.options.definition:
        titles(a, result.options.definition, top, icons, w_pt, kind="definition")
    elif icons:
        titles(a, "", top, icons, w_pt, kind="definition")


def a_frame(data: pd.DataFrame, name: Any) -> pd.DataFrame:
    """The rows of one series."""
    return data[data["series"] == name] if not data.empty else data


def _extra_height(key: pd.DataFrame | None, icons: bool) -> float:
    """Inches added to a default figure for the PDSA key below the chart (a line per two
    cycles), the marker rows above it and the icons, so the plot keeps its height."""
    extra = 0.3 if icons else 0.0
    if key is not None and len(key):
        extra += 0.14 * math.ceil(len(key) / 2 + 0.5) + min(len(key), 4) * STRIP_ROW_PT / 72
    return extra


def _new_figure(
    k: int, figsize: tuple[float, float] | None, dpi: float, extra: float = 0.0
) -> tuple[Figure, list[Axes]]:
    from qi.present.display import QIFigure

    ncols = 1 if k == 1 else min(3, k)
    nrows = math.ceil(k / ncols)
    if figsize is None:
        figsize = (
            (FIGURE_WIDTH, 4.6 + extra)
            if k == 1
            else (PANEL_WIDTH * ncols + 1.6, PANEL_HEIGHT * nrows + 1.0 + extra)
        )
    fig = QIFigure(figsize=figsize, dpi=dpi, layout="constrained")  # a Figure that displays itself
    grid = fig.subplots(nrows, ncols, squeeze=False, sharex=k > 1, sharey=k > 1)
    return fig, [a for row in grid for a in row]
