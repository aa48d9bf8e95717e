"""NHS "Making Data Count" variation and assurance icons: drawings of the states.

The states are computed in :mod:`qi.charts.assurance`, exactly as NHSRplotthedots 0.2.2
computes them (:func:`icon_states` and :func:`summary_table` return data; they are re-exported
here so ``from qi.present.icons import icon_states`` keeps working). This module only draws:
:func:`draw_icon` (matplotlib), :func:`icon_svg` (inline SVG) and :func:`icon_img` (an ``<img>``
with the SVG as a ``data:`` URI, which JupyterLab shows in untrusted notebooks too, where it
strips inline SVG) draw one state from the same shapes; :func:`icon_legend` prints what each
icon means, from the same drawings and :data:`LEGEND_WORDS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from qi import constants as K
from qi.charts.assurance import (  # re-exported: the states moved to qi.charts.assurance
    ASSURANCE_STATES,
    ICON_COLUMNS,
    SUMMARY_COLUMNS,
    VARIATION_STATES,
    assurance_state,
    icon_states,
    summary_table,
    variation_state,
)
from qi.present.escape import escape

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from qi.charts.verdict_kinds import VariationState

#: What each state means, in words (used in narrative, alt text and tooltips).
VARIATION_WORDS: dict[str, str] = {
    "common_cause": "common cause variation",
    "improvement_high": "special cause improvement (higher is better)",
    "improvement_low": "special cause improvement (lower is better)",
    "concern_high": "special cause concern (higher than expected)",
    "concern_low": "special cause concern (lower than expected)",
    "neutral_high": "special cause, higher (neither improvement nor concern)",
    "neutral_low": "special cause, lower (neither improvement nor concern)",
}
ASSURANCE_WORDS: dict[str, str] = {
    "pass": "the process will consistently meet the target",
    "fail": "the process will consistently miss the target",
    "hit_and_miss": "the process will sometimes meet and sometimes miss the target",
}

#: What each icon means, in plain words for a board (the printed legend, :func:`icon_legend`).
#: The meanings are those of NHS England's "Making Data Count" icons (NHSRplotthedots
#: `ptd_get_icons()`, ``docs/method/icons.md`` sections 1 and 2), worded without
#: statistical terms.
LEGEND_WORDS: dict[str, str] = {
    "common_cause": "No real change: the ups and downs are the usual variation of this process.",
    "improvement_high": "Improving: higher than the usual variation, and higher is better.",
    "improvement_low": "Improving: lower than the usual variation, and lower is better.",
    "concern_high": "Getting worse: higher than the usual variation, and lower is better.",
    "concern_low": "Getting worse: lower than the usual variation, and higher is better.",
    "neutral_high": "Higher than the usual variation; neither better nor worse.",
    "neutral_low": "Lower than the usual variation; neither better nor worse.",
    "pass": "If nothing changes, the target will be met every time.",
    "fail": "If nothing changes, the target will be missed every time.",
    "hit_and_miss": "The target falls within the usual variation: it will be met some of the time.",
}
#: Headings of the two groups of the legend.
LEGEND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Variation: is something changing?", VARIATION_STATES),
    ("Assurance: will the target be met?", ASSURANCE_STATES),
)


# --- shapes: one description, two renderers -----------------------------------------------
_STATE_COLOURS: dict[str, str] = {
    "common_cause": K.MDC_COLOUR_COMMON,
    "improvement_high": K.MDC_COLOUR_IMPROVEMENT,
    "improvement_low": K.MDC_COLOUR_IMPROVEMENT,
    "concern_high": K.MDC_COLOUR_CONCERN,
    "concern_low": K.MDC_COLOUR_CONCERN,
    "neutral_high": K.MDC_COLOUR_NEUTRAL,
    "neutral_low": K.MDC_COLOUR_NEUTRAL,
    "pass": K.MDC_COLOUR_IMPROVEMENT,
    "fail": K.MDC_COLOUR_CONCERN,
    "hit_and_miss": K.MDC_COLOUR_COMMON,
}
_LETTERS: dict[str, str] = {
    "improvement_high": "H",
    "improvement_low": "L",
    "concern_high": "H",
    "concern_low": "L",
    "pass": "P",
    "fail": "F",
    "hit_and_miss": "?",
}

#: The neutral states' arrows, by their states (:data:`qi.charts.verdict_kinds.VariationState`):
#: the heights (y up) the arrow starts and ends at, rising for high, falling for low.
_ARROWS: dict[VariationState, tuple[float, float]] = {
    "neutral_high": (30.0, 70.0),
    "neutral_low": (70.0, 30.0),
}


def icon_shapes(state: str) -> list[tuple[Any, ...]]:
    """The shapes of an icon on a 100 x 100 canvas (y up): a ring in the state's colour, then
    a letter (H/L for improvement and concern, P/F/? for assurance), an arrow (neutral) or a
    row of dots (common cause).

    Raises
    ------
    ValidationError
        For an unknown state (lists the valid ones).
    """
    if state not in _STATE_COLOURS:
        from qi.errors import unknown_name

        raise unknown_name("icon state", str(state), [*VARIATION_STATES, *ASSURANCE_STATES])
    colour = _STATE_COLOURS[state]
    shapes: list[tuple[Any, ...]] = [("circle", 50.0, 50.0, 42.0, colour)]
    if state in _LETTERS:
        shapes.append(("text", 50.0, 50.0, _LETTERS[state], colour))
    elif state in _ARROWS:
        y0, y1 = _ARROWS[state]
        shapes.append(("arrow", 34.0, y0, 66.0, y1, colour))
    else:  # common cause: a flat row of grey dots, the picture of noise around a mean
        pts = [(26.0, 48.0), (38.0, 56.0), (50.0, 46.0), (62.0, 54.0), (74.0, 50.0)]
        shapes.append(("dots", pts, colour))
    return shapes


def icon_svg(state: str, size: int = 40, title: str | None = None) -> str:
    """An icon as inline SVG (no external files, text escaped), with a ``<title>`` for screen
    readers and tooltips.

    Parameters
    ----------
    state:
        A variation or assurance state.
    size:
        Width and height in pixels.
    title:
        Tooltip text; defaults to the state's meaning in words.
    """
    words = _words(state, title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(size)}" height="{int(size)}" '
        f'viewBox="0 0 100 100" role="img" aria-label="{escape(words)}" '
        f'class="qi-icon qi-icon-{escape(state)}"><title>{escape(words)}</title>'
    ]
    for shape in icon_shapes(state):
        kind = shape[0]
        if kind == "circle":
            _, cx, cy, r, c = shape
            parts.append(
                f'<circle cx="{cx:g}" cy="{100 - cy:g}" r="{r:g}" fill="#ffffff" '
                f'stroke="{c}" stroke-width="8"/>'
            )
        elif kind == "text":
            _, x, y, letter, c = shape
            parts.append(
                f'<text x="{x:g}" y="{100 - y:g}" text-anchor="middle" dominant-baseline="central" '
                f'font-family="DejaVu Sans, Arial, sans-serif" font-size="46" font-weight="bold" '
                f'fill="{c}">{escape(letter)}</text>'
            )
        elif kind == "arrow":
            _, x0, y0, x1, y1, c = shape
            parts.append(
                f'<line x1="{x0:g}" y1="{100 - y0:g}" x2="{x1:g}" y2="{100 - y1:g}" '
                f'stroke="{c}" stroke-width="8" stroke-linecap="round"/>'
            )
            parts.append(f'<polygon points="{_arrow_head(x0, y0, x1, y1)}" fill="{c}"/>')
        else:
            _, pts, c = shape
            parts.extend(f'<circle cx="{x:g}" cy="{100 - y:g}" r="6" fill="{c}"/>' for x, y in pts)
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=256)
def icon_data_uri(state: str, size: int = 40, title: str | None = None) -> str:
    """The icon of :func:`icon_svg` as a ``data:image/svg+xml`` URI (UTF-8, percent-encoded,
    so it holds no quote, ``<``, ``&`` or ``#`` and can sit in an HTML attribute)."""
    svg = icon_svg(state, size, title).replace('"', "'")
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe=" ='/:;,.-()")


def icon_img(state: str, size: int = 40, title: str | None = None) -> str:
    """An icon as ``<img src="data:image/svg+xml,...">`` with alt text and a tooltip.

    JupyterLab removes inline ``<svg>`` from the outputs of untrusted notebooks but keeps
    images with ``data:`` URIs, so this form survives an executed notebook opened anywhere;
    the alt text keeps the meaning for screen readers and where images are off. The
    arguments are those of :func:`icon_svg`; ``title`` is the alt text and tooltip.
    """
    words = _words(state, title)
    uri = icon_data_uri(state, int(size), title)
    return (
        f'<img class="qi-icon qi-icon-{escape(state)}" src="{uri}" width="{int(size)}" '
        f'height="{int(size)}" alt="{escape(words)}" title="{escape(words)}" />'
    )


def icon_legend(states: Sequence[str] | None = None, size: int = 28) -> str:
    """The printed legend of the icons: each icon beside its meaning in plain words.

    Parameters
    ----------
    states:
        The states to explain (for example those shown on the page), in legend order; all of
        them by default. Unknown states raise a ValidationError listing the valid ones.
    size:
        Icon width and height in pixels.

    Returns
    -------
    str
        ``<table class="qi-legend">`` with one group per kind of icon (variation, assurance).
    """
    wanted = list(LEGEND_WORDS) if states is None else list(dict.fromkeys(states))
    for state in wanted:
        icon_shapes(state)  # raises for an unknown state, naming the valid ones
    rows = []
    for heading, group in LEGEND_GROUPS:
        shown = [s for s in group if s in wanted]
        if not shown:
            continue
        rows.append(f'<tr><th colspan="2" scope="rowgroup">{escape(heading)}</th></tr>')
        rows.extend(
            f"<tr><td>{icon_img(s, size, LEGEND_WORDS[s])}</td>"
            f"<td>{escape(LEGEND_WORDS[s])}</td></tr>"
            for s in shown
        )
    return (
        '<table class="qi-legend"><caption>What the icons mean</caption><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )


def _words(state: str, title: str | None) -> str:
    """The tooltip and alt text of an icon: ``title``, else the state's meaning in words."""
    return title if title is not None else {**VARIATION_WORDS, **ASSURANCE_WORDS}.get(state, state)


def _arrow_head(x0: float, y0: float, x1: float, y1: float) -> str:
    """Three SVG points of an arrow head at (x1, y1) (SVG y runs down)."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    back_x, back_y = x1 - 16 * ux, y1 - 16 * uy
    px, py = -uy * 10, ux * 10
    pts = [(x1 + 4 * ux, y1 + 4 * uy), (back_x + px, back_y + py), (back_x - px, back_y - py)]
    return " ".join(f"{x:.1f},{100 - y:.1f}" for x, y in pts)


def draw_icon(ax: Axes, state: str) -> Axes:
    """Draw an icon filling ``ax`` (for example an inset axes); returns ``ax``.

    The axes is set to a 0-100 square with no frame or ticks.
    """
    from matplotlib.patches import Circle, FancyArrow

    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_gid(f"icon:{state}")
    for shape in icon_shapes(state):
        kind = shape[0]
        if kind == "circle":
            _, cx, cy, r, c = shape
            ax.add_patch(Circle((cx, cy), r, facecolor="#ffffff", edgecolor=c, linewidth=3))
        elif kind == "text":
            _, x, y, letter, c = shape
            ax.text(
                x,
                y,
                letter,
                ha="center",
                va="center",
                color=c,
                fontsize=14,
                fontweight="bold",
                parse_math=False,
            )
        elif kind == "arrow":
            _, x0, y0, x1, y1, c = shape
            ax.add_patch(
                FancyArrow(
                    x0,
                    y0,
                    x1 - x0,
                    y1 - y0,
                    width=6,
                    head_width=20,
                    head_length=16,
                    length_includes_head=True,
                    color=c,
                )
            )
        else:
            _, pts, c = shape
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, "o", color=c, markersize=3.5)
    return ax


__all__ = [
    "ASSURANCE_STATES",
    "ASSURANCE_WORDS",
    "ICON_COLUMNS",
    "LEGEND_GROUPS",
    "LEGEND_WORDS",
    "SUMMARY_COLUMNS",
    "VARIATION_STATES",
    "VARIATION_WORDS",
    "assurance_state",
    "draw_icon",
    "icon_data_uri",
    "icon_img",
    "icon_legend",
    "icon_shapes",
    "icon_states",
    "icon_svg",
    "summary_table",
    "variation_state",
]
