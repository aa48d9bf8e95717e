"""The words around a chart: the labels at the right of the plot (moved apart so none overlaps
another), the legend, the titles above the strip, the MDC icons' places, and the PDSA key and
caption below the chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.present.frames import frozen_baselines, has_limits
from qi.present.marks import key_text
from qi.present.numbers import format_number_x, period_style, write_period
from qi.present.plot_body import Label
from qi.present.plot_phases import BASELINE_WORDS
from qi.present.style import PDSA_WORDS, POINT_WORDS, SMALL_FONT
from qi.present.words import CENTRE_NAMES, cap, chart_name, plural, shorten, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from qi.charts.result import ChartResult


#: Gap between two labels at the right of the plot (points): a line of DejaVu Sans is about
#: 1.17 times its size high (8 pt: 9.4 pt), plus 1.4 pt between lines.
LABEL_GAP_PT = SMALL_FONT * 1.17 + 1.4


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


def place_labels(ax: Axes, labels: list[Label], height_pt: float) -> None:
    """Write the labels just right of the plot, each beside its value, moved apart so none
    overlaps another (within the plot's height where possible)."""
    if not labels:
        return
    lo, hi = ax.get_ylim()
    at = [(lab.y - lo) / (hi - lo) * height_pt if hi > lo else height_pt / 2 for lab in labels]
    moved = spread(at, LABEL_GAP_PT, LABEL_GAP_PT / 2 - 2, height_pt - LABEL_GAP_PT / 2 + 2)
    for lab, a, m in zip(labels, at, moved, strict=True):
        ax.annotate(
            lab.text,
            (1.0, lab.y),
            xycoords=("axes fraction", "data"),
            xytext=(4, m - a),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=SMALL_FONT,
            color=lab.colour,
            gid=lab.gid,
            annotation_clip=False,
            parse_math=False,
        )


def legend_entries(axes: Sequence[Axes]) -> tuple[list[Any], list[str]]:
    handles, labels = [], []
    order = [POINT_WORDS[t] for t in (IMPROVEMENT, CONCERN, NEUTRAL, COMMON_CAUSE)]
    centres = list(dict.fromkeys(cap(n) for n in CENTRE_NAMES.values()))
    order += [
        "Excluded from the limits",
        *centres,
        "Control limits",
        "Process limits",
        "2-sigma lines",
        "1-sigma lines",
        "Target",
        "Trajectory",
        BASELINE_WORDS,
        *PDSA_WORDS.values(),
    ]
    found: dict[str, Any] = {}
    for a in axes:
        for h, lab in zip(*a.get_legend_handles_labels(), strict=True):
            found.setdefault(lab, h)
    for lab in order:
        if lab in found:
            handles.append(found[lab])
            labels.append(lab)
    return handles, labels


def below_text(
    result: ChartResult, key: pd.DataFrame | None, multi: bool, caption: bool, width: int
) -> str:
    """What is printed below the chart: the PDSA key, then the caption."""
    parts = []
    if key is not None:
        pstyle = period_style(result)
        parts.append(
            wrap(
                key_text(
                    key,
                    lambda d: write_period(d, pstyle) if pstyle != "number" else format_number_x(d),
                ),
                width,
                2 + len(key),
            )
        )
    if caption:
        parts.append(wrap(_caption(result, multi), width, 3))
    return "\n".join(parts)


def _caption(result: ChartResult, multi: bool) -> str:
    opts = result.options
    parts = [cap(chart_name(opts.chart))]
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
            parts.append(
                "limits from all points" if has_limits(data) else "centre line from all points"
            )
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


#: Average width of a character of the 11 pt bold title (points).
TITLE_CHAR_PT = 11 * 0.64


def fit_title(fig: Figure, heading: str) -> None:
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


def titles(ax: Axes, text: str, top_pt: float, icons: bool, width_pt: float, *, kind: str) -> None:
    """The plot's title above the strip (phase names, PDSA markers), wrapped to the plot's
    width less the icons' corner: the chart's heading (drawn into a given axes), a series name
    (small multiples) or the measure's definition (under the figure's title)."""
    room = width_pt * (0.8 if icons else 1.0)
    if kind == "definition":
        ax.set_title(
            wrap(text, max(20, int(room / (8 * 0.55))), 3),
            loc="left",
            fontsize=8,
            color="#404040",
            style="italic",
            pad=top_pt + 3,
            parse_math=False,
        )
    else:
        size = 9.0
        ax.set_title(
            wrap(text, max(20, int(room / (size * 0.62))), 2),
            loc="left",
            fontweight="bold",
            pad=top_pt + 3,
            parse_math=False,
        )
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


def draw_icons(ax: Axes, result: ChartResult, series: Any) -> None:
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
