"""PDSA timeline: the cycles of each change idea by date, coloured by decision, with arrows
from each cycle to the next of its ramp.

Reads the frame of ``Project.pdsa_frame()`` (columns :data:`PDSA_FRAME_COLUMNS`); only
``cycle_id``, ``change_idea`` and ``start`` are required. One row of bars per change idea; a
bar runs from start to end (a diamond when there is no end yet); its thickness grows with the
scale of the test when ``scale`` is a number, and its label shows the cycle number and scale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qi.constants import PDSA_FRAME_COLUMNS as PDSA_FRAME_COLUMNS  # declared once, re-exported
from qi.errors import ValidationError
from qi.present.axes import date_axis
from qi.present.frames import require_frame
from qi.present.plot_body import draw_message
from qi.present.style import DECISION_COLOURS, DECISION_WORDS, FIGURE_WIDTH, RC, SMALL_FONT
from qi.present.words import shorten, show_value, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

REQUIRED: tuple[str, ...] = ("cycle_id", "change_idea", "start")

#: Width of the timeline's axes (inches, in an 8-inch figure beside the legend) and the
#: average width of a 7 pt label character (points): how much label fits before the next cycle.
AXES_WIDTH_IN = 5.2
LABEL_CHAR_PT = 4.2
#: Cycles spread over more days than this are ticked by month ("Sep 2019"), else by day.
MONTH_TICKS_FROM_DAYS = 90


def _prepare(frame: Any) -> pd.DataFrame:
    require_frame(
        frame,
        REQUIRED,
        field="pdsa_frame",
        type_hint="pass project.pdsa_frame()",
        missing_hint=f"the frame needs at least {', '.join(REQUIRED)}",
    )
    out = frame.reset_index(drop=True).copy()
    for col in ("start", "end"):
        raw = out[col] if col in out.columns else pd.Series([pd.NaT] * len(out))
        conv = pd.to_datetime(raw, errors="coerce")
        bad = conv.isna().to_numpy() & raw.notna().to_numpy()
        if bad.any():
            raise ValidationError(
                f"column '{col}' has values that are not dates: "
                f"{', '.join(show_value(v) for v in raw[bad].tolist()[:5])}",
                field="pdsa_frame",
                rows=[int(i) for i in np.flatnonzero(bad)],
                hint=f"write {col} as an ISO date, e.g. 2024-03-01",
            )
        out[col] = conv
    ends_before = (out["end"] < out["start"]).to_numpy()
    if ends_before.any():
        raise ValidationError(
            "some cycles end before they start",
            field="pdsa_frame",
            rows=[str(v) for v in out.loc[ends_before, "cycle_id"]],
            hint="check the start and end dates of these cycles",
        )
    dec = out["decision"] if "decision" in out.columns else pd.Series([None] * len(out))
    out["decision"] = [
        str(d).strip().lower()
        if isinstance(d, str) and str(d).strip().lower() in DECISION_COLOURS
        else "undecided"
        for d in dec
    ]
    for col in ("title", "scale", "previous", "cycle_number"):
        if col not in out.columns:
            out[col] = None
    out["cycle_id"] = out["cycle_id"].astype(str)
    out["change_idea"] = out["change_idea"].astype(str)
    return out


def pdsa_timeline(
    pdsa_frame: pd.DataFrame,
    title: str | None = None,
    dpi: float = 100,
    names: Mapping[str, str] | None = None,
    numbers: Mapping[str, int] | None = None,
) -> Figure:
    """Draw the PDSA cycles of a project as a timeline.

    Parameters
    ----------
    pdsa_frame:
        ``Project.pdsa_frame()``: one row per cycle (see :data:`PDSA_FRAME_COLUMNS`).
    title:
        Figure title (user text, shown as typed).
    dpi:
        Resolution of the figure.
    names:
        ``{change_idea_id: name}``: rows are labelled with names, not ids (e.g.
        ``{c.id: c.title for c in project.charter.change_ideas}``); ids not named are shown as
        they are.
    numbers:
        ``{cycle_id: number}``, the page's numbers of its cycles
        (:func:`qi.present.marks.number_cycles`, the numbers on the page's charts): each bar is
        labelled with it; by default with ``#<cycle_number>`` within its change idea.

    Returns
    -------
    matplotlib.figure.Figure
        One row per change idea (in order of its first cycle); bars from start to end coloured
        by decision (adopt, adapt, abandon, none yet); arrows from ``previous`` to each cycle.

    Raises
    ------
    ValidationError
        When required columns are missing, dates cannot be read, or a cycle ends before it
        starts.
    """
    import matplotlib as mpl

    from qi.present.display import QIFigure

    every = _prepare(pdsa_frame)
    cycles = (
        every[every["start"].notna()].sort_values("start", kind="stable").reset_index(drop=True)
    )
    planned = len(every) - len(cycles)
    ideas = list(dict.fromkeys(cycles.sort_values("start", kind="stable")["change_idea"]))
    height = 1.6 + 0.7 * max(1, len(ideas))
    with mpl.rc_context(RC):
        fig = QIFigure(
            figsize=(FIGURE_WIDTH, height), dpi=dpi, layout="constrained"
        )  # displays itself
        ax = fig.subplots()
        fig.suptitle(
            wrap(title or "PDSA cycles by change idea", 72, 2),
            x=0.01,
            ha="left",
            fontsize=11,
            fontweight="bold",
            parse_math=False,
        )
        if planned:
            fig.supxlabel(
                f"{planned} planned cycle{'s' if planned > 1 else ''} without a start "
                "date not shown.",
                x=0.01,
                ha="left",
                fontsize=SMALL_FONT,
                color="#404040",
            )
        if cycles.empty:
            draw_message(ax, "No PDSA cycles with a start date yet.")
            return fig
        row_of = {idea: len(ideas) - 1 - i for i, idea in enumerate(ideas)}
        ends = _draw_cycles(ax, cycles, row_of, numbers)
        _draw_ramps(ax, cycles, row_of, ends)
        _finish(fig, ax, cycles, ideas, row_of, names)
    return fig


def _span(cycles: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range: the first start to the last end (or start), with a little room each side
    and more at the right for the last label."""
    span = cycles["end"].fillna(cycles["start"]).max() - cycles["start"].min()
    pad = max(span * 0.02, pd.Timedelta(days=1))
    return cycles["start"].min() - pad, cycles["end"].fillna(cycles["start"]).max() + pad * 3


def _draw_cycles(
    ax: Axes, cycles: pd.DataFrame, row_of: dict[str, int], numbers: Mapping[str, int] | None
) -> dict[str, tuple[pd.Timestamp, float]]:
    """Each cycle as a bar from start to end (a diamond without an end), as thick as its scale
    allows, labelled with its number and scale; returns where each cycle ends (x, row)."""
    scales = pd.to_numeric(cycles["scale"], errors="coerce")
    top = float(scales.max()) if scales.notna().any() else math.nan
    ends: dict[str, tuple[pd.Timestamp, float]] = {}
    left, right = _span(cycles)
    next_start: dict[str, pd.Timestamp] = {}
    for _, g in cycles.groupby("change_idea", sort=False):
        for a, b in zip(g["cycle_id"].iloc[:-1], g["start"].iloc[1:], strict=True):
            next_start[a] = b
    for _, c in cycles.iterrows():
        y = row_of[c["change_idea"]]
        colour = DECISION_COLOURS[c["decision"]]
        thick = 0.5
        if math.isfinite(top) and top > 0 and pd.notna(scales.loc[_]):
            thick = 0.2 + 0.45 * math.sqrt(float(scales.loc[_]) / top)
        if pd.notna(c["end"]) and c["end"] > c["start"]:
            ax.barh(
                y,
                c["end"] - c["start"],
                left=c["start"],
                height=thick,
                color=colour,
                edgecolor="white",
                linewidth=0.8,
                gid=f"cycle:{c['cycle_id']}",
            )
            stop = c["end"]
        else:
            ax.plot(
                [c["start"]],
                [y],
                marker="D",
                ms=7,
                color=colour,
                ls="none",
                gid=f"cycle:{c['cycle_id']}",
            )
            stop = c["start"]
        ends[c["cycle_id"]] = (stop, y)
        # the label is cut to the room before the next cycle of the same change idea
        room = (next_start.get(c["cycle_id"], right) - c["start"]) / (right - left)
        chars = max(6, int(room * AXES_WIDTH_IN * 72 / LABEL_CHAR_PT))
        ax.text(
            c["start"],
            y + 0.42,
            shorten(_cycle_label(c, numbers), min(chars, 28)),
            ha="left",
            va="bottom",
            fontsize=SMALL_FONT,
            color="#262626",
            parse_math=False,
            gid=f"cycle-label:{c['cycle_id']}",
        )
    return ends


def _cycle_label(c: pd.Series, numbers: Mapping[str, int] | None) -> str:
    """The page's number of the cycle (else ``#<cycle_number>``, else its id) and its scale."""
    number = c["cycle_number"]
    if numbers is not None and c["cycle_id"] in numbers:
        head = f"{numbers[c['cycle_id']]}"
    else:
        head = f"#{int(number)}" if _is_number(number) else c["cycle_id"]
    scale = c["scale"]
    if scale is not None and pd.notna(scale):
        head += f" · scale {scale}" if _is_number(scale) else f" · {scale}"
    return head


def _draw_ramps(
    ax: Axes,
    cycles: pd.DataFrame,
    row_of: dict[str, int],
    ends: dict[str, tuple[pd.Timestamp, float]],
) -> None:
    """An arrow from the end of each cycle's ``previous`` cycle to its start."""
    for _, c in cycles.iterrows():
        prev = c["previous"]
        if isinstance(prev, str) and prev in ends:
            x0, y0 = ends[prev]
            y1 = row_of[c["change_idea"]]
            ax.annotate(
                "",
                xy=(c["start"], y1),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "->",
                    "color": "#404040",
                    "lw": 0.9,
                    "shrinkA": 2,
                    "shrinkB": 4,
                    "connectionstyle": "arc3,rad=0.0" if y0 == y1 else "arc3,rad=-0.2",
                },
                gid=f"ramp:{prev}->{c['cycle_id']}",
            )


def _finish(
    fig: Figure,
    ax: Axes,
    cycles: pd.DataFrame,
    ideas: list[str],
    row_of: dict[str, int],
    names: Mapping[str, str] | None,
) -> None:
    """Rows named by change idea, the date axis, and the legend of the decisions shown."""
    from matplotlib.patches import Patch

    named = dict(names or {})
    ax.set_yticks(
        [row_of[i] for i in ideas], [shorten(named.get(i, i), 32) for i in ideas], parse_math=False
    )
    ax.set_ylim(-0.6, len(ideas) - 0.1)
    left, right = _span(cycles)
    ax.set_xlim(left, right)
    # years on every tick ("Sep 2019"; "5 Sep 2019" for cycles within a few months)
    date_axis(ax, "month" if (right - left) > pd.Timedelta(days=MONTH_TICKS_FROM_DAYS) else "day")
    ax.grid(axis="x", color="#ececec", lw=0.6)
    ax.set_axisbelow(True)
    present = [d for d in DECISION_COLOURS if (cycles["decision"] == d).any()]
    fig.legend(
        [Patch(color=DECISION_COLOURS[d]) for d in present],
        [DECISION_WORDS[d] for d in present],
        loc="outside right upper",
        title="Decision",
    )


def _is_number(v: Any) -> bool:
    try:
        return v is not None and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False
