"""Drawing and wording of a funnel plot (:class:`qi.charts.funnel.FunnelResult`).

Reads the result, never recomputes: the limit curves are ``result.curve``, the points
``result.data``. The look follows the charts (:mod:`qi.present.style`): MDC point colours by
signal type, grey limit lines (99.8% solid, 95% dashed, as Spiegelhalter 2005 draws them), a
black target line; ``matplotlib.rc_context`` only, never pyplot or global state. User text
(unit names, titles) is drawn with ``parse_math=False`` and shortened; ``describe`` escapes it
for Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from qi import constants as K
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.present.escape import escape_markdown
from qi.present.style import (
    FIGURE_WIDTH,
    LABEL_WIDTH,
    LIMIT_COLOUR,
    POINT_COLOURS,
    POINT_WORDS,
    RC,
    SMALL_FONT,
    TITLE_WIDTH,
)
from qi.present.words import cap, shorten, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from qi.charts.funnel import FunnelResult
    from qi.charts.kinds import WarningKind

#: At most this many units outside the limits are labelled on the plot (the rest are listed
#: by ``describe``).
MAX_LABELS = 12

_WHAT: dict[str, str] = {
    "proportion": "proportion",
    "rate": "rate",
    "ratio": "ratio of observed to expected",
    "mean": "mean",
}


def plot_funnel(
    result: FunnelResult,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    label_outside: bool = True,
    figsize: tuple[float, float] = (FIGURE_WIDTH, 4.6),
    dpi: float = 100.0,
    xlabel: str | None = None,
    ylabel: str | None = None,
    highlight: str | None = None,
) -> Figure:
    """Draw the funnel: units as points (coloured by signal type), the target, the 95% (dashed)
    and 99.8% (solid) limits along n; units outside the 99.8% limits labelled. ``highlight``
    names the reader's own unit (e.g. the council the report is for): it is ringed and
    labelled wherever it falls, so a board finds "us" among the neighbours.

    Returns the matplotlib Figure (a new one unless ``ax`` is given).
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    opts = result.options
    with mpl.rc_context(RC):
        if ax is None:
            fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
            ax = fig.add_subplot()
        else:
            fig = ax.figure  # type: ignore[assignment]
        _draw_lines(ax, result)
        _draw_units(ax, result, label_outside, highlight)
        if highlight is not None:
            _draw_highlight(ax, result, highlight)
        ax.set_xlabel(xlabel if xlabel is not None else _x_words(result), parse_math=False)
        ax.set_ylabel(ylabel if ylabel is not None else _y_words(result), parse_math=False)
        heading = title if title is not None else (opts.title or f"{opts.y} per {opts.n}")
        ax.set_title(
            wrap(heading, TITLE_WIDTH // 2, 2), loc="left", fontweight="bold", parse_math=False
        )
        ax.legend(
            loc="best", fontsize=SMALL_FONT, frameon=True, framealpha=0.9, edgecolor="#d9d9d9"
        )
    return fig


def _draw_lines(ax: Axes, result: FunnelResult) -> None:
    """The target (black) and the 99.8% (solid) and 95% (dashed) limits along n."""
    curve = result.curve
    n = curve["n"].to_numpy(dtype=float)
    ax.plot(
        n,
        curve["target"],
        color=K.MDC_COLOUR_MEAN,
        lw=1.2,
        gid="target",
        label=_target_label(result),
    )
    for suffix, ls, words in (("998", "-", "99.8% limits"), ("95", (0, (4, 3)), "95% limits")):
        ax.plot(
            n,
            curve["lcl_" + suffix],
            color=LIMIT_COLOUR,
            lw=1.0,
            ls=ls,
            gid=f"lcl_{suffix}",
            label=words,
        )
        ax.plot(n, curve["ucl_" + suffix], color=LIMIT_COLOUR, lw=1.0, ls=ls, gid=f"ucl_{suffix}")


def _draw_highlight(ax: Axes, result: FunnelResult, unit: str) -> None:
    """A ring round the reader's own unit and its name beside it (nothing when the unit is not
    among the result's units)."""
    rows = result.data[result.data["unit"].astype(str) == unit]
    if not len(rows):
        return
    row = rows.iloc[0]
    ax.scatter(
        [row["n"]],
        [row["value"]],
        s=90,
        facecolors="none",
        edgecolors=K.MDC_COLOUR_MEAN,
        linewidths=1.4,
        zorder=4,
        gid="highlight",
    )
    ax.annotate(
        shorten(unit, LABEL_WIDTH),
        (row["n"], row["value"]),
        xytext=(7, -10),
        textcoords="offset points",
        fontsize=8,
        fontweight="bold",
        color=K.MDC_COLOUR_MEAN,
        parse_math=False,
        gid="highlight_label",
    )


def _draw_units(
    ax: Axes, result: FunnelResult, label_outside: bool, highlight: str | None = None
) -> None:
    """The units as points coloured by signal type; the :data:`MAX_LABELS` units furthest
    outside the 99.8% limits named (by |z|)."""
    data = result.data
    for kind in (COMMON_CAUSE, NEUTRAL, IMPROVEMENT, CONCERN):
        rows = data[data["signal_type"] == kind]
        if len(rows):
            ax.scatter(
                rows["n"],
                rows["value"],
                s=22,
                color=POINT_COLOURS[kind],
                zorder=3,
                gid=f"units_{kind}",
                label=POINT_WORDS[kind],
                edgecolors="white",
                linewidths=0.4,
            )
    if not label_outside:
        return
    out = data[data["outside"] & (data["unit"].astype(str) != highlight)]  # named once
    out = out.sort_values("z", key=np.abs, ascending=False).head(MAX_LABELS)
    for _, row in out.iterrows():
        ax.annotate(
            shorten(row["unit"], LABEL_WIDTH),
            (row["n"], row["value"]),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=SMALL_FONT,
            color="#404040",
            parse_math=False,
        )


def _target_label(result: FunnelResult) -> str:
    src = result.options.target_source
    return "Target (pooled)" if src == "pooled" else f"Target ({shorten(src, LABEL_WIDTH)})"


def _x_words(result: FunnelResult) -> str:
    return {
        "ratio": f"Expected ({result.options.n})",
        "mean": f"Number of values ({result.options.n})",
    }.get(result.options.chart, f"Denominator ({result.options.n})")


def _y_words(result: FunnelResult) -> str:
    m = result.options.multiply
    scale = "" if m == 1 else (" (%)" if m == 100 else f" (per {m:g})")
    return f"{_WHAT[result.options.chart].capitalize()}{scale}"


def _fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def describe_funnel(result: FunnelResult, markdown: bool = False) -> str:
    """A plain-English account: the target, the limits used, overdispersion, and the units
    outside the 99.8% and 95% limits (highest first). Unit names are escaped for Markdown."""
    o = result.options
    esc = escape_markdown if markdown else str
    d = result.data
    lines = [
        f"{len(d)} units compared on the {_WHAT[o.chart]} of {esc(o.y)} per {esc(o.n)}; target "
        f"{_fmt(result.target)} ({esc(o.target_source)})."
    ]
    if result.adjusted:
        how = (
            f"multiplied by sqrt(phi) = {result.phi**0.5:.2f}"
            if o.overdispersion == "multiplicative"
            else f"widened by a between-unit variance tau2 = {result.tau2:.3g}"
            + (" on the log scale (the SHMI method)" if o.overdispersion == "shmi" else "")
        )
        lines.append(
            f"The units vary more than chance alone (phi = {result.phi:.2f}); the limits are {how}."
        )
    else:
        lines.append(f"Limits: {o.limits} 95% and 99.8% (phi = {result.phi:.2f}).")
    for col, words in (
        ("outside", "outside the 99.8% limits"),
        ("outside_95", "outside the 95% limits only"),
    ):
        rows = d[d[col] & ~d["outside"]] if col == "outside_95" else d[d[col]]
        if not len(rows):
            lines.append(f"No unit is {words}.")
            continue
        rows = rows.assign(_a=rows["z"].abs()).sort_values("_a", ascending=False)
        items = [
            f"{esc(r.unit)} ({_fmt(r.value)}, {'above' if r.value > r.target else 'below'})"
            for r in rows.head(10).itertuples()
        ]
        more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
        lines.append(
            f"{len(rows)} unit{'s' if len(rows) != 1 else ''} {words}: {', '.join(items)}{more}."
        )
    lines.extend(caveat_sentences(result))
    return ("\n\n" if markdown else "\n").join(lines)


def caveat_sentences(result: FunnelResult) -> list[str]:
    """The funnel's warnings as sentences for a reader (``describe``, the report's method note),
    worded here from each record's ``kind`` (:data:`qi.charts.kinds.WarningKind`) and the
    result's phi, tau^2 and limits; ``str(w)`` stays the text of the ``QIWarning``."""
    phi, tau2, limits = result.phi, result.tau2, result.options.limits
    words: dict[WarningKind, str] = {
        "overdispersed": (
            f"The units vary more than chance allows (phi = {phi:.2f}, tau2 = {tau2:.3g}): "
            "limits that allow for it (overdispersion 'additive') would be wider, so judge "
            "units outside these limits with care."
        ),
        "no_overdispersion": (
            f"No overdispersion was found (phi = {phi:.2f}), so the {limits} limits are not "
            "widened."
        ),
    }
    return [words.get(w.kind, f"{cap(str(w))}.") for w in result.warnings]
