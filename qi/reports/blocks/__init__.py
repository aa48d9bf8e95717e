"""The sections of the board reports, as HTML strings the templates display.

One module per page plus shared helpers: :mod:`.common` (tables, definition lists, dates,
headings, ``show``), :mod:`.measures` (a measure's chart and words, used by the project and
change idea pages), :mod:`.project`, :mod:`.change_idea` and :mod:`.portfolio`. The templates
call ``blocks.X``; every public name is re-exported here, as are the score chart
(:func:`qi.present.score.score_figure`) and the constants the pages use.

Each function reads a loaded project (or the portfolio's data frames) and returns HTML; none
computes statistics (charts come from :mod:`qi.charts`, words from :mod:`qi.present`, the
portfolio's numbers from :mod:`qi.reports.portfolio_data`). Every piece of text a user wrote
(titles, charter fields, PDSA notes, rationales) goes through :func:`qi.present.escape.escape`;
figures are embedded as images.
"""

from qi.present.score import score_figure
from qi.reports.blocks.change_idea import (
    change_idea_summary,
    fidelity_block,
    idea_cycles,
    latest_act,
    pdsa_log,
    ramp_timeline,
)
from qi.reports.blocks.common import (
    BOARD_CHART_SIZE,
    MEASURE_TYPE_HEADINGS,
    SCORE_ROWS_SHOWN,
    definition_list,
    period_block,
    period_end_of,
    show,
    table,
    title_block,
)
from qi.reports.blocks.measures import (
    comparison_block,
    comparison_sentence,
    measure_block,
    measure_charts,
    measure_section,
    measures_by_type,
    measures_summary,
    results_block,
)
from qi.reports.blocks.portfolio import (
    attention_list,
    portfolio_legend,
    portfolio_summary_block,
    portfolio_table,
)
from qi.reports.blocks.project import (
    change_ideas_table,
    charter_summary,
    method_block,
    plan_table,
    risks_table,
    score_block,
    summary_block,
)

__all__ = [
    "BOARD_CHART_SIZE",
    "MEASURE_TYPE_HEADINGS",
    "SCORE_ROWS_SHOWN",
    "attention_list",
    "change_idea_summary",
    "change_ideas_table",
    "charter_summary",
    "comparison_block",
    "comparison_sentence",
    "definition_list",
    "fidelity_block",
    "idea_cycles",
    "latest_act",
    "measure_block",
    "measure_charts",
    "measure_section",
    "measures_by_type",
    "measures_summary",
    "method_block",
    "pdsa_log",
    "period_block",
    "period_end_of",
    "plan_table",
    "portfolio_legend",
    "portfolio_summary_block",
    "portfolio_table",
    "ramp_timeline",
    "results_block",
    "risks_table",
    "score_block",
    "score_figure",
    "show",
    "summary_block",
    "table",
    "title_block",
]
