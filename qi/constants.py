"""Every methodological constant of qi, once, with its source.

Code, warning texts, docs and tests use these names; nothing else writes the numbers.
"""

from __future__ import annotations

import math

# Two groups live in their own modules and are re-exported here, so ``K.NAME`` keeps working:
# the range tables of the x-bar/R charts (Montgomery Appendix VI) and the rule-set run lengths.
from qi.constants_ranges import *  # noqa: F403
from qi.constants_rules import *  # noqa: F403

# --- Shewhart constants --------------------------------------------------------------------
#: d2 for subgroups of 2 (moving ranges of consecutive points). Montgomery, *Introduction to
#: Statistical Quality Control*, Appendix VI; qicharts2 `qic.i` divides the mean MR by 1.128.
D2_N2: float = 1.128

#: qicharts2 uses 3 / 1.128 = 2.6596... (not the rounded 2.66) for I-chart limits
#: (`R/helper.functions.R`, `qic.i`).
I_CHART_MULTIPLIER: float = 3 / D2_N2

#: NHSRplotthedots 0.2.2 and the NHS "Making Data Count" tools use the literal 2.66
#: (`R/ptd_spc_standard.R`: `mean_col ± 2.66 * amr`).
MDC_LIMIT_MULTIPLIER: float = 2.66

#: D4 for n = 2: the upper limit of a moving-range chart (qicharts2 `qic.mr`: `ucl = 3.267 * cl`),
#: and Nelson's (1982) screening threshold for moving ranges (J Qual Technol 14(3):172-173),
#: applied by qicharts2 (`MR < 3.267 * AMR`, strict) and NHSRplotthedots.
D4_N2: float = 3.267
MR_SCREEN_MULTIPLIER: float = 3.267

#: Number of sigmas of the control limits (Shewhart 1931; Health Care Data Guide ch. 5).
SIGMA_LIMITS: float = 3.0

#: Transformation exponent of the t chart (time between rare events): y ** (1/3.6), Nelson 1994,
#: as qicharts2 `qic.t`.
T_CHART_EXPONENT: float = 3.6


#: The I' chart (qicharts2 0.8.x `qic.ip`): s_j = sqrt(pi/2) |y_j+1 - y_j| / sqrt(1/n_j +
#: 1/n_j+1), screened with s < 3.2665 x mean(s) when moving ranges are screened, sigma_i =
#: mean(s) sqrt(1/n_i). sqrt(pi/2) = 1 / E|Z| for a standard normal Z (with n = 1 it reduces to
#: mean MR / 1.128, the I chart).
IP_SCREEN_MULTIPLIER: float = 3.2665
HALF_NORMAL_SCALE: float = math.sqrt(math.pi / 2)

# --- Trial limits --------------------------------------------------------------------------
#: A phase with fewer points than this has trial limits. Health Care Data Guide p.155 (20-30 for
#: an I chart, 12 as a usable minimum in MDC training); NHSRplotthedots `ptd_spc.warning_threshold`
#: defaults to 13, i.e. groups of fewer than 13 points warn ("fewer than 12" in its docs).
MIN_POINTS_FOR_LIMITS: int = 12
MDC_SHORT_GROUP_THRESHOLD: int = 13


def c4(n: float) -> float:
    """Bias correction of the sample SD: c4(n) = sqrt(2/(n-1)) * Γ(n/2) / Γ((n-1)/2).

    Exact form, as qicharts2 computes it (`c4 <- sqrt(2/(n-1)) * exp(lgamma(n/2) -
    lgamma((n-1)/2))`); Montgomery Appendix VI tabulates c4(5) = 0.9400.
    """
    if n < 2:
        return math.nan
    return math.sqrt(2.0 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


# ===========================================================================================
# Chart engine (qi/charts): aggregation, phases, baselines.
# ===========================================================================================

#: Upper limit of a moving-range chart, k-sigma lines: qicharts2 `qic.mr` draws
#: `ucl = 3.267 * cl` and `ucl.95 = (3.267 / 3) * 2 * cl`, i.e. k x (D4 / 3) x mean MR above
#: zero (D4 for n = 2 is 3.267, Montgomery Appendix VI); the lower lines are 0 (D3 = 0).
MR_SIGMA_PER_MEAN_MR: float = D4_N2 / SIGMA_LIMITS

#: NHSRplotthedots 0.2.2 "near" (2-sigma) lines: `mean_col -/+ (2 * (2.66 / 3)) * amr`
#: (`R/ptd_spc_standard.R`); one MDC sigma is therefore 2.66 / 3 x mean MR.
MDC_SIGMA_PER_MEAN_MR: float = MDC_LIMIT_MULTIPLIER / SIGMA_LIMITS

#: The k of the k-sigma lines every chart carries (3: limits; 2 and 1: zone lines), Health Care
#: Data Guide ch. 5 zones A/B/C; qicharts2 returns the 2-sigma lines as `lcl.95/ucl.95`.
SIGMA_LINES: tuple[float, ...] = (3.0, 2.0, 1.0)

#: Relative tolerance under which a per-point sigma or centre counts as constant over a phase
#: (then `.phases` reports it; otherwise NaN). Round-off only, not a statistical choice.
CONSTANT_RTOL: float = 1e-12

#: Funnel plots (qi.funnel): the two limits Spiegelhalter (2005, "Funnel plots for comparing
#: institutional performance", Stat Med 24:1185-1202) draws, 95% and 99.8% (two-sided), i.e.
#: the standard normal quantiles 0.975 and 0.999 (FunnelPlotR uses 1.959964 and 3.090232).
FUNNEL_Z_95: float = 1.959963984540054
FUNNEL_Z_998: float = 3.090232306167813
FUNNEL_P_95: tuple[float, float] = (0.025, 0.975)
FUNNEL_P_998: tuple[float, float] = (0.001, 0.999)

#: Winsorising of the z-scores before the overdispersion estimate: 10% at each end
#: (Spiegelhalter 2005, "Handling over-dispersion of performance indicators", Qual Saf Health
#: Care 14:347-351; FunnelPlotR `trim_by = 0.1`).
FUNNEL_WINSOR_TRIM: float = 0.1

# (end of engine constants)


# ===========================================================================================
# Projects, PDSA fidelity and scores (qi/project).
# ===========================================================================================

#: Ids of projects, measures, change ideas and cycles: a slug, so that no id can build a path
#: outside its folder (no '/', '..', leading dot). qi's own rule, not a published standard.
#: Report files are named from the same ids (issue 5 "Security": output paths are built only
#: from validated ids).
ID_MAX_LENGTH: int = 64
ID_PATTERN: str = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"

#: Measure types of an improvement charter (IHI/HIS charter templates; domain.md §6d).
MEASURE_TYPES: tuple[str, ...] = ("outcome", "process", "balancing")

#: Units a measure may have; the unit and the presence of denominators choose the `auto` chart.
MEASURE_UNITS: tuple[str, ...] = (
    "count",
    "percentage",
    "proportion",
    "rate",
    "days",
    "hours",
    "cost",
    "score",
    "other",
)

#: Data frequencies. A UK financial year runs 1 April to 31 March: Interpretation Act 1978,
#: Schedule 1 ("'Financial year' means ... the twelve months ending with 31st March").
FREQUENCIES: tuple[str, ...] = ("weekly", "monthly", "quarterly", "financial_year")
FINANCIAL_YEAR_START_MONTH: int = 4

#: Change idea statuses (issue 3) and PDSA cycle statuses / Act decisions (IHI worksheet:
#: "Adapt / Adopt / Abandon"; domain.md §5).
CHANGE_IDEA_STATUSES: tuple[str, ...] = (
    "idea",
    "testing",
    "implementing",
    "spreading",
    "abandoned",
)
CYCLE_STATUSES: tuple[str, ...] = ("planned", "doing", "studying", "complete")
ACT_DECISIONS: tuple[str, ...] = ("adopt", "adapt", "abandon")

#: Columns of the tidy measure data file and of `Project.measure_data()`.
DATA_FILE_COLUMNS: tuple[str, ...] = ("measure", "period", "value", "denominator", "note")
MEASURE_DATA_COLUMNS: tuple[str, ...] = ("period", "value", "denominator", "note")

#: Columns of scores.csv (score history: date, score, rationale, who scored).
SCORE_COLUMNS: tuple[str, ...] = ("date", "score", "rationale", "scored_by")
#: Optional columns of scores.csv that a correction fills: when it was made and why. A row with
#: ``corrected_on`` replaces, in every reader, the entry of the same ``date`` written before it;
#: the replaced row stays in the file (an audit trail: nothing is silently deleted).
SCORE_CORRECTION_COLUMNS: tuple[str, ...] = ("corrected_on", "reason")

#: Columns of `Project.pdsa_frame()`.
PDSA_FRAME_COLUMNS: tuple[str, ...] = (
    "cycle_id",
    "change_idea",
    "cycle_number",
    "title",
    "start",
    "end",
    "scale",
    "status",
    "decision",
    "previous",
    "measures",
)

#: "Use of data over time": at least three consecutive data points (Knudsen SV et al. 2019,
#: BMC Health Serv Res 19:683, criterion for continuous data collection; domain.md §5).
MIN_POINTS_DATA_OVER_TIME: int = 3

#: "Iterative cycles": at least two successive cycles linked by theme (Knudsen et al. 2019;
#: Taylor et al. 2014 Table 2, "Were multiple cycles used? Were they linked?").
MIN_CYCLES_ITERATIVE: int = 2

#: The default project score scale (qi/data/scales/ihi_1_10.yaml).
DEFAULT_SCALE: str = "ihi_1_10"

#: Seconds a write waits for the project's lock before giving up (ConcurrencyError).
LOCK_TIMEOUT_SECONDS: float = 30.0

#: Largest YAML file qi parses (charter, cycle, portfolio, scale). The example charters are
#: 5-13 kB; a megabyte is a hundred times the largest, and far below what exhausts memory
#: (issue 11, finding 2 and "size limits").
YAML_MAX_BYTES: int = 1_000_000

#: Largest CSV file qi reads (data/measures.csv, scores.csv, imports): one million tidy rows
#: take about 35 MB (issue 11 measured a 1,000,000-row import); 200 MB leaves room for notes.
CSV_MAX_BYTES: int = 200_000_000

#: Largest .xlsx file qi opens for import (compressed size on disk).
XLSX_MAX_BYTES: int = 50_000_000

#: Largest total uncompressed size of the parts of an .xlsx file (checked from the zip's
#: directory before anything is parsed; issue 11, finding 13: a 1.9 MB file inflating to
#: 498 MB of XML took 252 s and 2.8 GB).
XLSX_MAX_UNCOMPRESSED_BYTES: int = 250_000_000

#: Largest ratio of uncompressed to compressed size of any part of an .xlsx file: Apache POI's
#: ``ZipSecureFile`` refuses entries that inflate more than 100 times (its default
#: ``MIN_INFLATE_RATIO`` = 0.01), the usual zip-bomb guard for Office files.
XLSX_MAX_INFLATE_RATIO: float = 100.0

#: Parts smaller than this are not held to the ratio (a tiny part of repeated markup can
#: compress well): Apache POI's ``ZipSecureFile`` grace size of 100 kB.
XLSX_RATIO_GRACE_BYTES: int = 100 * 1024

#: Largest magnitude of a measure value or denominator: 2**53, the largest float64 below which
#: every whole number is exact (IEEE 754 binary64, 53-bit significand). Sums and squares of
#: values this size stay finite for any realistic series; 1e308 made sums overflow to inf and
#: took down pages (issue 11, finding 3).
VALUE_ABS_MAX: float = float(2**53)

#: Earliest year of a period or date qi accepts. pandas' nanosecond timestamps span 1677-2262;
#: improvement data and PDSA cycles before 1900 are typing errors (issue 11, finding 3:
#: 0001-01-01 and year 3019 passed validation and took down pages).
EARLIEST_YEAR: int = 1900

#: Latest year accepted: this many years after the current year (aims and trajectories may
#: look ahead; a decade is the longest plan horizon in the seeds' strategies).
LATEST_YEARS_AHEAD: int = 10

# (end of project constants)


# ===========================================================================================
# Presentation (qi/present): MDC colours, icons.
# ===========================================================================================

#: Point and line colours of NHS "Making Data Count" charts, as NHSRplotthedots 0.2.2 defines
#: them in `ptd_spc_colours()` (`R/ptd_spc_colours.R`), standardised with the MDC Power BI team
#: (NHSRplotthedots NEWS 0.2.2, #196): grey common cause and lines, blue improvement, orange
#: concern, purple neutral; black mean line; red target; purple trajectory.
MDC_COLOUR_COMMON: str = "#a6a6a6"
MDC_COLOUR_IMPROVEMENT: str = "#00b0f0"
MDC_COLOUR_CONCERN: str = "#e46c0a"
MDC_COLOUR_NEUTRAL: str = "#490092"
MDC_COLOUR_MEAN: str = "#000000"
MDC_COLOUR_TARGET: str = "#de1b1b"
MDC_COLOUR_TRAJECTORY: str = "#490092"

#: PDSA decision colours (adopt, adapt, abandon): the Okabe-Ito colour-blind-safe palette
#: (Okabe & Ito 2008, "Color Universal Design", https://jfly.uni-koeln.de/color/): blue,
#: orange and reddish purple stay distinct under protanopia, deuteranopia and tritanopia.
#: Undecided cycles are MDC grey.
PDSA_COLOUR_ADOPT: str = "#0072b2"
PDSA_COLOUR_ADAPT: str = "#e69f00"
PDSA_COLOUR_ABANDON: str = "#cc79a7"
PDSA_COLOUR_UNDECIDED: str = "#a6a6a6"

# (end of presentation constants)


# ===========================================================================================
# Reports (qi/reports).
# ===========================================================================================

#: Kinds of report, in build order; `qi report --only KIND` takes one of these. One template
#: each in qi/templates/<kind>.ipynb (DESIGN.md "Reports"; issue 5).
REPORT_KINDS: tuple[str, ...] = ("change_idea", "project", "portfolio")

#: Name of the manifest written in the output folder (issue 5).
MANIFEST_NAME: str = "manifest.json"

#: Version of the manifest layout (bump when its keys change).
MANIFEST_SCHEMA_VERSION: int = 1

#: Seconds a single notebook cell may run before the report is failed (nbclient `timeout`);
#: a board report cell draws a few charts, so ten minutes means something is stuck.
REPORT_CELL_TIMEOUT_S: int = 600

#: Seconds to wait for a kernel to start (papermill's own default `start_timeout`).
REPORT_KERNEL_START_TIMEOUT_S: int = 60

#: Memory one report worker needs (its process plus its kernel): issue 11 measured about
#: 275 MB per job; ``--jobs`` is capped so that jobs x this fits in the available memory.
REPORT_JOB_MEMORY_BYTES: int = 300_000_000

#: Seconds a build waits for another build into the same output folder to finish.
REPORT_OUT_LOCK_TIMEOUT_S: float = 3600.0

#: Seconds a worker is given to stop its kernel when the build is interrupted, before it is
#: killed (Ctrl-C must stop ``qi report -j N`` within seconds; issue 11, finding 7).
REPORT_STOP_GRACE_S: float = 3.0

#: A measure with no new value for this many of its own periods (months for a monthly
#: measure, quarters for a quarterly one) is listed under "needs attention" (issue 5: "a measure
#: with no new data for three periods").
NO_NEW_DATA_PERIODS: int = 3

#: The reporting period of the portfolio page, in months up to the period end: boards in the
#: seeds report quarterly (seed 003, "Actions for next quarter"), so "cycles in the period"
#: counts the cycles started in the last three months.
REPORT_PERIOD_MONTHS: int = 3

# (end of report constants)

# ===========================================================================================
# Numbers as people read them (qi/present/numbers.py).
# ===========================================================================================

#: Period types a chart's x may have: the measure frequencies plus calendar years. They choose
#: how a period is written everywhere (tables, axes, text): "Mar 2021" (monthly), "Jan–Mar 2021"
#: (quarterly: calendar months, since "Q1" means April to June in a UK financial year),
#: "2020/21" (financial year, as the charter writes it), "2021" (annual), "5 Mar 2021" (weekly:
#: the week's first day). qi's own convention (issue 8, "Numbers as people read them").
PERIOD_TYPES: tuple[str, ...] = (*FREQUENCIES, "annual")

#: Units whose values cannot be negative: a count, a percentage, a rate, a duration or a cost
#: below zero does not exist, so a lower limit computed below zero is shown at zero, as
#: qicharts2 does with ``y.neg = FALSE`` ("negative lcl, lcl.95, lcl.lab are set to 0";
#: docs/method/charts.md section 7). Only the drawing and the words floor it: the
#: result's ``.data`` keeps the computed limit.
NON_NEGATIVE_UNITS: tuple[str, ...] = (
    "count",
    "percentage",
    "proportion",
    "rate",
    "days",
    "hours",
    "cost",
)

#: The chart types whose plotted statistic cannot be negative whatever the unit (counts,
#: proportions, rates, times between events, moving ranges, standard deviations) are marked
#: ``non_negative`` in their records in qi.charts.types (``NON_NEGATIVE_CHARTS`` there).

#: Units whose values are percentages already (70 means 70%) and proportions (0.7 means 70%).
PERCENT_UNITS: tuple[str, ...] = ("percentage", "percent", "per cent", "%")
PROPORTION_UNITS: tuple[str, ...] = ("proportion",)

#: Most decimals used to tell a chart's centre and limits apart (x-bar limits of 73.98, 74.00,
#: 74.02 need two); beyond this they are shown as they are.
MAX_DECIMALS: int = 6
