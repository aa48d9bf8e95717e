"""How charts look: rendering settings, colours, label widths and sizes, in one place.

Colours of points and lines follow NHS "Making Data Count" (``qi.constants``, from
NHSRplotthedots `ptd_spc_colours()`); PDSA decisions use the Okabe-Ito colour-blind-safe
palette. The settings are applied with ``matplotlib.rc_context`` while drawing, never globally.
"""

from __future__ import annotations

from typing import Any

from qi import constants as K
from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL

#: Rendering settings applied inside ``rc_context`` while drawing (never globally).
RC: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#595959",
    "xtick.color": "#404040",
    "ytick.color": "#404040",
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.formatter.use_mathtext": False,
    "text.usetex": False,
}

#: Point colours by signal type (MDC, `ptd_spc_colours()`; see qi.constants).
POINT_COLOURS: dict[str, str] = {
    COMMON_CAUSE: K.MDC_COLOUR_COMMON,
    IMPROVEMENT: K.MDC_COLOUR_IMPROVEMENT,
    CONCERN: K.MDC_COLOUR_CONCERN,
    NEUTRAL: K.MDC_COLOUR_NEUTRAL,
}
POINT_WORDS: dict[str, str] = {
    COMMON_CAUSE: "Common cause",
    IMPROVEMENT: "Special cause: improvement",
    CONCERN: "Special cause: concern",
    NEUTRAL: "Special cause: neutral",
}
#: PDSA decision colours (qi.constants: Okabe-Ito).
DECISION_COLOURS: dict[str, str] = {
    "adopt": K.PDSA_COLOUR_ADOPT,
    "adapt": K.PDSA_COLOUR_ADAPT,
    "abandon": K.PDSA_COLOUR_ABANDON,
    "undecided": K.PDSA_COLOUR_UNDECIDED,
}
PDSA_WORDS: dict[str, str] = {
    "adopt": "PDSA cycle: adopt",
    "adapt": "PDSA cycle: adapt",
    "abandon": "PDSA cycle: abandon",
    "undecided": "PDSA cycle: no decision yet",
}
#: Most panels drawn for a by= result; more is a table's job (summary_table).
MAX_PANELS = 24
LIMIT_COLOUR = "#7f7f7f"
ZONE_COLOUR = "#bfbfbf"
BENCHMARK_COLOUR = "#404040"

#: Longest user label drawn on a chart (characters) before it is shortened with an ellipsis.
LABEL_WIDTH = 28
TITLE_WIDTH = 90
#: Characters per inch of figure width before a title (11 pt bold) wraps: DejaVu Sans averages
#: about 0.6 em per character (refitted beside the legend after layout).
TITLE_CHARS_PER_INCH = 9.0
#: Width (inches) of a chart drawn alone: the text width of an A4 page with the 14 mm side
#: margins of page.css (``@page``), (210 - 2 x 14) / 25.4 = 7.17 in, so a board page prints
#: charts at 100% and their 8 pt labels print at 8 pt (at 8 in they were scaled to 90%).
FIGURE_WIDTH = (210.0 - 2 * 14.0) / 25.4
#: Smallest text drawn on a chart (pt): labels, captions, legends; page.css's print minimum.
SMALL_FONT = 8.0
PANEL_WIDTH = 5.0
PANEL_HEIGHT = 3.4
DECISION_WORDS: dict[str, str] = {
    "adopt": "Adopt",
    "adapt": "Adapt",
    "abandon": "Abandon",
    "undecided": "No decision yet",
}
