"""The project score chart: the score history as a step line over the charter's stage bands.

Reads the scores frame and the evidence check's supported score; computes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from qi.present.style import FIGURE_WIDTH, SMALL_FONT
from qi.present.words import shorten


def score_figure(scores: pd.DataFrame, plan: Sequence[Any], supported: float | None) -> Any:
    """The score history as a step line over the charter's stage bands (a matplotlib Figure)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(FIGURE_WIDTH, 2.6), dpi=100)
    ax = fig.add_subplot()
    shades = ("#f2f2f2", "#e0ecf7", "#d9f0e3", "#fdf0d5")
    for i, stage in enumerate(plan):
        lo, hi = stage.score_from, stage.score_to
        if lo is None or hi is None:
            continue
        ax.axhspan(lo - 0.5, hi + 0.5, color=shades[i % len(shades)], alpha=0.7, zorder=0)
        # Labelled at the band's foot: the seed's bands overlap (7-10 and 9-10 share their
        # top), so labels at the top would print over each other.
        label = f"{shorten(stage.stage, 50)} ({lo:g}\u2013{hi:g})"
        ax.text(
            0.005,
            lo - 0.45,
            label,
            transform=ax.get_yaxis_transform(),
            va="bottom",
            fontsize=SMALL_FONT,
            color="#555555",
            zorder=1,
            parse_math=False,
        )  # user text
    if len(scores):
        ax.step(scores["date"], scores["score"], where="post", color="#005eb8", zorder=3)
        ax.plot(
            scores["date"], scores["score"], "o", color="#005eb8", zorder=4, label="recorded score"
        )
    if supported is not None:
        ax.axhline(
            supported,
            color="#e46c0a",
            linestyle="--",
            zorder=2,
            label=f"evidence supports {supported:g}",
        )
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))  # "Jul 2019": years on every axis
    ax.set_ylim(0.5, 10.5)
    ax.set_yticks(range(1, 11))
    ax.set_ylabel("project score")
    ax.legend(loc="lower right", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
