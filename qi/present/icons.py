"""NHS "Making Data Count" variation and assurance icons: states as data, then drawings.

The states are computed exactly as NHSRplotthedots 0.2.2 computes them
(``research/nhsrplotthedots-method.md`` §5 and §8; `R/geom_ptd_icon.R`, `ptd_get_icons()`, and
`R/ptd_calculate_assurance_type.R`), from the unrounded values of the result frame:

- **variation** comes from the type of the *latest* point of each series only (earlier special
  causes do not count); a missing latest value is common cause.
- **assurance** compares the target with the limits of the latest point (so the latest phase's
  limits, or the frozen baseline limits); strict comparisons, so a target exactly on a limit is
  hit and miss; no assurance without a target or without an improvement direction.

One deliberate difference: NHSRplotthedots calls a latest point with NaN limits
"inconsistent" (hit and miss); qi gives no assurance state when the latest point has no limits
(run charts, a constant series, a subgroup with n = 0), because there is nothing to judge the
target against, and "hit and miss" would be a claim.

:func:`icon_states` and :func:`summary_table` return data; :func:`draw_icon` (matplotlib),
:func:`icon_svg` (inline SVG) and :func:`icon_img` (an ``<img>`` with the SVG as a ``data:``
URI, which JupyterLab shows in untrusted notebooks too, where it strips inline SVG) draw one
state from the same shapes; :func:`icon_legend` prints what each icon means, from the same
drawings and :data:`LEGEND_WORDS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from qi import constants as K
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.errors import ValidationError
from qi.present.escape import escape

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from qi.charts.result import ChartResult

#: Variation icon states (NHSRplotthedots `ptd_get_icons()` names).
VARIATION_STATES: tuple[str, ...] = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
#: Assurance icon states: consistent_pass, consistent_fail and inconsistent in NHSRplotthedots.
ASSURANCE_STATES: tuple[str, ...] = ("pass", "fail", "hit_and_miss")

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
#: `ptd_get_icons()`, ``research/nhsrplotthedots-method.md`` §5 and §8), worded without
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
    "hit_and_miss": "The target falls within the usual variation: it will be met some of "
                    "the time.",
}
#: Headings of the two groups of the legend.
LEGEND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Variation: is something changing?", VARIATION_STATES),
    ("Assurance: will the target be met?", ASSURANCE_STATES),
)

#: Columns of :func:`icon_states`, one row per series.
ICON_COLUMNS: tuple[str, ...] = (
    "series", "latest_x", "latest_value", "centre", "lcl", "ucl", "target", "improvement",
    "signal_type", "variation", "assurance",
)
#: Columns of :func:`summary_table`: the measure's name, then :data:`ICON_COLUMNS`, then the
#: chart type and unit (used to format the values).
SUMMARY_COLUMNS: tuple[str, ...] = ("measure", *ICON_COLUMNS, "chart", "unit")


# --- states: pure functions ---------------------------------------------------------------
def variation_state(
    signal_type: str, direction: float, improvement: str | None, value: float, centre: float
) -> str:
    """The variation icon of one point (NHSRplotthedots `ptd_get_icons()`, §8 of the method
    notes).

    Parameters
    ----------
    signal_type:
        The point's ``signal_type`` (one of ``qi.charts.schema.SIGNAL_TYPES``).
    direction:
        The point's ``signal_direction`` (+1 high, -1 low, 0 none); used for neutral signals,
        falling back to the side of the centre line when it is 0.
    improvement:
        ``"up"``, ``"down"`` or None.
    value, centre:
        The point's value and centre (for a neutral signal without a direction).

    Returns
    -------
    str
        One of :data:`VARIATION_STATES`.
    """
    if signal_type == IMPROVEMENT:
        return "improvement_low" if improvement == "down" else "improvement_high"
    if signal_type == CONCERN:
        return "concern_high" if improvement == "down" else "concern_low"
    if signal_type == NEUTRAL:
        side = direction if direction and math.isfinite(direction) else _side(value, centre)
        return "neutral_low" if side < 0 else "neutral_high"
    return "common_cause"


def _side(value: float, centre: float) -> float:
    if value is None or centre is None or not (math.isfinite(value) and math.isfinite(centre)):
        return 0.0
    return float(np.sign(value - centre))


def assurance_state(
    target: float | None, lcl: float, ucl: float, improvement: str | None
) -> str | None:
    """The assurance icon: the target against the latest limits (NHSRplotthedots
    `ptd_calculate_assurance_type()`, §5 of the method notes).

    Higher is better (``"up"``): target above the upper limit -> ``"fail"``, below the lower
    limit -> ``"pass"``, otherwise ``"hit_and_miss"``; mirrored for ``"down"``. Comparisons are
    strict. None when there is no target, no improvement direction, or no limits at all.
    """
    if target is None or improvement not in ("up", "down"):
        return None
    t = float(target)
    if not math.isfinite(t):
        return None
    lo = float(lcl) if lcl is not None else math.nan
    hi = float(ucl) if ucl is not None else math.nan
    if not (math.isfinite(lo) or math.isfinite(hi)):
        return None
    above, below = t > hi, t < lo  # NaN compares False, as in R's case_when
    if improvement == "up":
        return "fail" if above else ("pass" if below else "hit_and_miss")
    return "pass" if above else ("fail" if below else "hit_and_miss")


def icon_states(result: ChartResult) -> pd.DataFrame:
    """Variation and assurance states of a result, one row per series (:data:`ICON_COLUMNS`).

    The latest point is the last row of each series (the frame is sorted by x). Values are the
    frame's unrounded numbers.
    """
    data = result.data
    opts = result.options
    if data.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ICON_COLUMNS})
    lcl_all = pd.to_numeric(data["lcl"], errors="coerce").to_numpy(dtype=float)
    ucl_all = pd.to_numeric(data["ucl"], errors="coerce").to_numpy(dtype=float)
    with_limits = (
        pd.Series(np.isfinite(lcl_all) | np.isfinite(ucl_all), index=data.index)
        .groupby(data["series"], sort=False, observed=True).any()
    )
    last = data.groupby("series", sort=False, observed=True).tail(1)
    rows: list[dict[str, Any]] = []
    for series, x, yv, cv, lv, uv, st, sd in zip(
        last["series"], last["x"], last["y"], last["centre"], last["lcl"], last["ucl"],
        last["signal_type"].astype(str), last["signal_direction"], strict=True,
    ):
        y, centre, lcl, ucl = _num(yv), _num(cv), _num(lv), _num(uv)
        stype = st if math.isfinite(y) else COMMON_CAUSE
        variation = variation_state(stype, _num(sd), opts.improvement, y, centre)
        assurance = (
            assurance_state(opts.target, lcl, ucl, opts.improvement)
            if bool(with_limits.loc[series]) else None
        )
        rows.append(
            {
                "series": series, "latest_x": x, "latest_value": y, "centre": centre,
                "lcl": lcl, "ucl": ucl, "target": opts.target, "improvement": opts.improvement,
                "signal_type": stype, "variation": variation, "assurance": assurance,
            }
        )
    return pd.DataFrame(rows, columns=list(ICON_COLUMNS))


def _num(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return math.nan
    return f


def summary_table(
    results: Mapping[str, ChartResult] | Sequence[ChartResult],
) -> pd.DataFrame:
    """One row per measure (and series): latest value and x, centre, limits, target, variation
    and assurance (:data:`SUMMARY_COLUMNS`), the MDC "summary icon dashboard" as data.

    Parameters
    ----------
    results:
        ``{name: ChartResult}``, or a list of results named by their title (or y column).

    Raises
    ------
    ValidationError
        If an item is not a ChartResult.
    """
    from qi.charts.result import ChartResult

    items = list(results.items()) if isinstance(results, Mapping) else [
        (None, r) for r in results
    ]
    frames = []
    seen: dict[str, int] = {}
    for i, (name, result) in enumerate(items):
        if not isinstance(result, ChartResult):
            raise ValidationError(
                f"item {name if name is not None else i} is a {type(result).__name__}, "
                "not a ChartResult",
                field="results",
                hint="pass the results of qi.chart(...), as a dict {name: result} or a list",
            )
        label = str(name) if name is not None else (result.options.title or result.options.y)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        states = icon_states(result)
        states.insert(0, "measure", label)
        states["chart"] = result.options.chart
        states["unit"] = result.options.unit
        frames.append(states)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS})
    return pd.concat(frames, ignore_index=True)[list(SUMMARY_COLUMNS)]


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
    "improvement_high": "H", "improvement_low": "L", "concern_high": "H", "concern_low": "L",
    "pass": "P", "fail": "F", "hit_and_miss": "?",
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
    elif state.startswith("neutral"):
        y0, y1 = (30.0, 70.0) if state == "neutral_high" else (70.0, 30.0)
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
        + "".join(rows) + "</tbody></table>"
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
            ax.text(x, y, letter, ha="center", va="center", color=c, fontsize=14,
                    fontweight="bold", parse_math=False)
        elif kind == "arrow":
            _, x0, y0, x1, y1, c = shape
            ax.add_patch(FancyArrow(x0, y0, x1 - x0, y1 - y0, width=6, head_width=20,
                                    head_length=16, length_includes_head=True, color=c))
        else:
            _, pts, c = shape
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, "o", color=c, markersize=3.5)
    return ax
