"""Every methodological constant of qi, once, with its source.

Code, warning texts, docs and tests use these names; nothing else writes the numbers.
"""

from __future__ import annotations

import math

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

# --- Trial limits --------------------------------------------------------------------------
#: A phase with fewer points than this has trial limits. Health Care Data Guide p.155 (20-30 for
#: an I chart, 12 as a usable minimum in MDC training); NHSRplotthedots `ptd_spc.warning_threshold`
#: defaults to 13, i.e. groups of fewer than 13 points warn ("fewer than 12" in its docs).
MIN_POINTS_FOR_LIMITS: int = 12
MDC_SHORT_GROUP_THRESHOLD: int = 13

#: Run-chart rules need at least 10 useful observations (Perla, Provost & Murray 2011, Table 1
#: starts at 10; Anhøj: "as few as 10").
MIN_USEFUL_FOR_RUNS: int = 10


def c4(n: float) -> float:
    """Bias correction of the sample SD: c4(n) = sqrt(2/(n-1)) * Γ(n/2) / Γ((n-1)/2).

    Exact form, as qicharts2 computes it (`c4 <- sqrt(2/(n-1)) * exp(lgamma(n/2) -
    lgamma((n-1)/2))`); Montgomery Appendix VI tabulates c4(5) = 0.9400.
    """
    if n < 2:
        return math.nan
    return math.sqrt(2.0 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


# ===========================================================================================
# Rule sets (qi/charts/rules): run lengths and thresholds of each rule set.
# ===========================================================================================

# (end of rule-set constants)


# ===========================================================================================
# Chart engine (qi/charts): aggregation, phases, baselines.
# ===========================================================================================

# (end of engine constants)


# ===========================================================================================
# Projects, PDSA fidelity and scores (qi/project).
# ===========================================================================================

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

# (end of report constants)
