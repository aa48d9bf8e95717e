"""HTML for notebooks and reports: a result as an inline PNG with its narrative, figures as
data URIs, the MDC summary table with its icons as ``data:`` images, and the page style sheet
(``page.css``) the report pages use. Every piece of user text is escaped with :func:`escape`;
nothing is fetched from outside the page."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pandas as pd

from qi.charts.assurance import SUMMARY_COLUMNS, summary_table
from qi.present.escape import escape, escape_markdown
from qi.present.icons import ASSURANCE_WORDS, VARIATION_WORDS, icon_img
from qi.present.numbers import style_for
from qi.present.words import format_value, format_x, shorten

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from qi.charts.result import ChartResult

#: Most rows of the summary table shown for one many-series result (special causes first).
MAX_TABLE_ROWS = 50
#: Longest alt text of a result's image (characters).
ALT_TEXT_CHARS = 400

__all__ = [
    "escape",
    "escape_markdown",
    "figure_data_uri",
    "figure_img",
    "page_css",
    "result_html",
    "summary_html",
]


@lru_cache(maxsize=1)
def page_css() -> str:
    """The style sheet of report pages (``qi/present/page.css``): screen and A4 print.

    Class names the page text can use: ``qi-period`` (the reporting period), ``qi-summary``,
    ``qi-ask``, ``qi-risk``, ``qi-method``, ``qi-key``, ``qi-legend`` (boxes), ``qi-measure``
    (a measure's heading, chart and words, kept on one printed page where they fit),
    ``qi-chart`` (a chart image), ``qi-status`` with ``qi-improvement``, ``qi-concern``,
    ``qi-neutral`` or ``qi-common`` (status words that read in grey print), ``qi-attention``.
    """
    return files("qi.present").joinpath("page.css").read_text(encoding="utf-8")


def figure_data_uri(fig: Figure, dpi: float = 100, fmt: str = "svg") -> str:
    """The figure as a ``data:`` URI (base64), for self-contained HTML.

    SVG by default: sharp at any print resolution and smaller than a PNG at 2x (a kinship
    chart: 110 KB against 156 KB; issue 8). Text is drawn as paths, so no font is needed to
    show it; no date and a fixed id salt, so the same chart gives the same bytes. ``fmt="png"``
    gives a PNG at ``dpi``.
    """
    import matplotlib as mpl

    buf = io.BytesIO()
    if fmt == "svg":
        with mpl.rc_context({"svg.hashsalt": "qi", "svg.fonttype": "path"}):
            fig.savefig(buf, format="svg", metadata={"Date": None})
        return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    fig.savefig(buf, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def figure_img(fig: Figure, alt: str, dpi: float = 100) -> str:
    """An ``<img class="qi-chart">`` holding the figure inline, with escaped ``alt`` text.

    The page style (:func:`page_css`) fits the chart to the text width on screen and to the
    A4 page width in print, kept with its heading and the first lines of its caption.
    """
    return (
        f'<img src="{figure_data_uri(fig, dpi)}" class="qi-chart" alt="{escape(alt)}" '
        'style="max-width:100%;height:auto" />'
    )


def result_html(result: ChartResult, **plot_kwargs: Any) -> str:
    """A result as HTML: the chart as an inline PNG, then the narrative (escaped).

    Used by ``ChartResult._repr_html_`` so a result shows as chart and words in JupyterLab.
    ``plot_kwargs`` go to :func:`qi.present.plot.plot_chart`. A ``by=`` result with more series
    than small multiples can show gets the narrative overview and the summary table instead.
    """
    from qi.present.narrate import narrative
    from qi.present.plot import MAX_PANELS, plot_chart
    from qi.present.select import series_names

    story = narrative(result)
    if len(series_names(result)) > MAX_PANELS and "series" not in plot_kwargs:
        # too many series for small multiples: the overview and the summary table instead
        name = result.options.title or result.options.y
        table = summary_table({name: result})
        table = table.iloc[(table["variation"] == "common_cause").argsort(kind="stable")]
        shown = table.head(MAX_TABLE_ROWS)
        more = len(table) - len(shown)
        note = (
            f"<p><small>{more:,} more series not shown (series with a special cause at "
            "their latest point are listed first).</small></p>"
            if more
            else ""
        )
        return f'<div class="qi-result">{story.html()}{summary_html(shown)}{note}</div>'
    fig = plot_chart(result, **plot_kwargs)
    # alt text: the title and the first sentences of the account, for screen readers
    alt = shorten(" ".join(story.text().split()), ALT_TEXT_CHARS)
    return f'<div class="qi-result">{figure_img(fig, alt)}{story.html()}</div>'


def summary_html(
    table: pd.DataFrame | Mapping[str, ChartResult] | Sequence[ChartResult],
    icon_size: int = 32,
) -> str:
    """The MDC summary table as HTML: one row per measure with its latest value, centre,
    limits, target and the variation and assurance icons (``<img>`` with ``data:`` SVG, so
    they show in untrusted notebooks too).

    Parameters
    ----------
    table:
        The frame of :func:`qi.present.icons.summary_table`, or the results it takes.
    icon_size:
        Icon width and height in pixels.
    """
    frame = table if isinstance(table, pd.DataFrame) else summary_table(table)
    missing = [c for c in SUMMARY_COLUMNS if c not in frame.columns]
    if missing:
        from qi.errors import ValidationError

        raise ValidationError(
            f"the table lacks column(s) {', '.join(missing)}",
            field="table",
            hint="pass the frame of qi.summary_table(...) or the results themselves",
        )
    multi = frame.groupby("measure")["series"].transform("size").gt(1)
    head = ("Measure", "Latest", "Centre", "Limits", "Target", "Variation", "Assurance")
    rows = ["<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for i, r in frame.iterrows():
        chart, unit = str(r["chart"]), r["unit"] if isinstance(r["unit"], str) else None

        def v(value: Any, chart: str = chart, unit: str | None = unit) -> str:
            return escape(format_value(value, chart, unit))

        name = escape(r["measure"]) + (f" — {escape(r['series'])}" if multi.loc[i] else "")
        latest = f"{v(r['latest_value'])}<br><small>{escape(_x_text(r['latest_x']))}</small>"
        shown = style_for(chart, unit)  # lower limits of counts, rates... shown at zero
        lo, hi = shown.shown(_num(r["lcl"]), "lcl"), shown.shown(_num(r["ucl"]), "ucl")
        limits = f"{v(lo)} to {v(hi)}" if (math.isfinite(lo) or math.isfinite(hi)) else "none"
        target = v(r["target"]) if r["target"] is not None and pd.notna(r["target"]) else "none"
        var = str(r["variation"])
        vcell = icon_img(var, icon_size) + f"<br><small>{escape(VARIATION_WORDS[var])}</small>"
        a = r["assurance"]
        acell = (
            icon_img(str(a), icon_size) + f"<br><small>{escape(ASSURANCE_WORDS[str(a)])}</small>"
            if isinstance(a, str)
            else "<small>not judged</small>"
        )
        rows.append(
            f"<tr><td>{name}</td><td>{latest}</td><td>{v(r['centre'])}</td><td>{limits}</td>"
            f"<td>{target}</td><td>{vcell}</td><td>{acell}</td></tr>"
        )
    rows.append("</tbody>")
    return '<table class="qi qi-summary">' + "".join(rows) + "</table>"


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _x_text(x: Any) -> str:
    if isinstance(x, pd.Timestamp):
        return format_x(x, "date", "month" if x.day == 1 and x.hour == 0 else "day")
    return format_x(x, "number")
