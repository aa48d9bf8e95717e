"""Phases on a chart panel: the dotted boundary between phases, each phase's name in the strip
above the plot (cut to its room), and the shaded baseline of a phase whose limits come from
part of its points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi.present.marks import as_x, mdates_num
from qi.present.style import LABEL_WIDTH, SMALL_FONT
from qi.present.words import shorten

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def _boundaries(frame: pd.DataFrame, x: np.ndarray) -> list[tuple[Any, int]]:
    """(x between phases, index of the new phase's first row) for each phase change."""
    labels = frame["phase"].astype(str).to_numpy()
    out = []
    for i in range(1, len(labels)):
        if labels[i] != labels[i - 1]:
            out.append((x[i - 1] + (x[i] - x[i - 1]) / 2, i))
    return out


#: Size of the phase names above the plot (pt): bold, so half a point under SMALL_FONT reads as
#: large, and a one-month phase in a 30-month chart still has room for its first letter.
PHASE_FONT = SMALL_FONT - 0.5
#: Average width of a bold character of the phase names (points), to fit them in their room:
#: DejaVu Sans Bold averages about 0.62 em.
PHASE_CHAR_PT = PHASE_FONT * 0.62


def mark_phases(ax: Axes, frame: pd.DataFrame, width_pt: float) -> float:
    """Phase boundaries as dotted lines; each phase's name in a row just above the plot, cut to
    the room before the next phase. Returns the height used above the plot (points)."""
    import matplotlib.transforms as mtransforms

    if frame.empty or not np.isfinite(pd.to_numeric(frame["y"], errors="coerce")).any():
        return 2.0
    x = as_x(
        frame["x"],
        "date"
        if np.issubdtype(np.asarray(frame["x"]).dtype, np.datetime64)
        or isinstance(frame["x"].iloc[0], pd.Timestamp)
        else "number",
    )
    bounds = _boundaries(frame, x)
    if not bounds:
        return 2.0
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    lo, hi = ax.get_xlim()
    starts = [(x[0], 0)] + bounds
    for xb, _ in bounds:
        ax.axvline(xb, color="#595959", lw=0.9, ls=(0, (1, 2)), zorder=1, gid="phase-boundary")
    for j, (xs, i) in enumerate(starts):
        left = max(lo, mdates_num(xs))
        right = mdates_num(starts[j + 1][0]) if j + 1 < len(starts) else hi
        room = (right - left) / (hi - lo) * width_pt if hi > lo else width_pt
        chars = int(room / PHASE_CHAR_PT) - 1  # the leading space
        name = str(frame["phase"].iloc[i])
        # too narrow for a letter and an ellipsis: the first letter alone
        text = shorten(name, min(LABEL_WIDTH, chars)) if chars >= 2 else name[:1]
        ax.annotate(
            " " + text,
            (left, 1.0),
            xycoords=trans,
            xytext=(0, 2),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=PHASE_FONT,
            fontweight="bold",
            color="#595959",
            gid="phase-label",
            annotation_clip=False,
            parse_math=False,
        )
    return 2.0 + PHASE_FONT * 1.17 + 2.0  # the offset, one line, and room below the title


#: The legend's name for the shaded baseline.
BASELINE_WORDS = "Baseline (limits from these points)"


def mark_baseline(ax: Axes, frame: pd.DataFrame, x: np.ndarray) -> None:
    """Shade the baseline of each phase whose limits come from only part of its points (named
    in the legend, never written over the points)."""
    for _, idx in frame.groupby("phase", sort=False).indices.items():
        base = frame["baseline"].astype(bool).to_numpy()[idx]
        if base.all() or not base.any():
            continue
        pts = idx[base]
        ax.axvspan(
            x[pts[0]],
            x[pts[-1]],
            color="#d9d9d9",
            alpha=0.35,
            lw=0,
            zorder=0,
            gid="baseline",
            label=BASELINE_WORDS,
        )
