"""HTML helpers every board page uses: tables, definition lists, dates, headings, display.

Every piece of text a user wrote goes through :func:`qi.present.escape.escape`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from qi.present.escape import escape
from qi.present.style import FIGURE_WIDTH

#: Size (inches) of a measure's chart on a board page: full text width, short enough that a
#: measure's heading, chart and words take about half an A4 page.
BOARD_CHART_SIZE: tuple[float, float] = (FIGURE_WIDTH, 2.8)


#: Scores listed with their rationale on a project page; earlier ones are on the score chart.
SCORE_ROWS_SHOWN = 3


#: Order and headings of measure types in the project report.
MEASURE_TYPE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("outcome", "Outcome measures"),
    ("process", "Process measures"),
    ("balancing", "Balancing measures"),
)


def show(html: str) -> None:
    """Display ``html`` as the output of the current notebook cell."""
    from IPython.display import HTML, display

    display(HTML(html))


def fmt_date(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    try:
        return pd.Timestamp(value).strftime("%d %b %Y").lstrip("0")
    except (TypeError, ValueError):
        return escape(value)


def field_text(value: Any) -> str:
    """Escaped text of a field; empty for None/NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape(value)


def table(rows: Sequence[Sequence[str]], head: Sequence[str]) -> str:
    """An HTML table; cells are already-safe HTML (escape user text before calling)."""
    if not rows:
        return "<p><em>None.</em></p>"
    thead = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="qi"><thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table>'


def definition_list(items: Sequence[tuple[str, Any]]) -> str:
    """``<dl>`` of label/value pairs, skipping empty values; values are escaped."""
    parts = [f"<dt>{escape(k)}</dt><dd>{field_text(v)}</dd>" for k, v in items if field_text(v)]
    return "<dl>" + "".join(parts) + "</dl>" if parts else ""


def title_block(kind: str, title: str, end: pd.Timestamp | None, subtitle: str = "") -> str:
    """The page heading: report kind, title and the period it describes."""
    period = f"Data up to {fmt_date(end)}" if end is not None else "All data"
    sub = f"<p>{escape(subtitle)}</p>" if subtitle else ""
    return f"<p><small>{escape(kind)}</small></p><h1>{escape(title)}</h1>{sub}<p><em>{period}.</em></p>"


def period_end_of(as_of: str) -> pd.Timestamp | None:
    """The period end the page describes: ``as_of`` as a Timestamp, or None for all the data
    (every measure, cycle and score, whatever its date)."""
    return pd.Timestamp(as_of) if as_of else None


def period_block(kind: str, title: str, period: Any, subtitle: str = "") -> str:
    """The page heading with the reporting period ("Quarter to March 2021")."""
    sub = f'<p class="qi-subtitle">{escape(subtitle)}</p>' if subtitle else ""
    return (
        f'<p class="qi-kind"><small>{escape(kind)}</small></p><h1>{escape(title)}</h1>{sub}'
        f'<p class="qi-period"><strong>{escape(period.words())}</strong></p>'
    )
