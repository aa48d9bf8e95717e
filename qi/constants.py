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

# (end of presentation constants)


# ===========================================================================================
# Reports (qi/reports).
# ===========================================================================================

#: Kinds of report, in build order; `qi report --only KIND` takes one of these. One template
#: each in qi/templates/<kind>.ipynb (DESIGN.md "Reports"; issue 5).
REPORT_KINDS: tuple[str, ...] = ("change_idea", "project", "portfolio")

#: Ids that may become part of an output path: a letter or digit first, then letters, digits,
#: `_` or `-` (no `/`, `..`, leading dot or spaces), at most 64 characters. Issue 5 "Security":
#: output paths are built only from validated ids.
REPORT_ID_PATTERN: str = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

#: Name of the manifest written in the output folder (issue 5).
MANIFEST_NAME: str = "manifest.json"

#: Version of the manifest layout (bump when its keys change).
MANIFEST_SCHEMA_VERSION: int = 1

#: Seconds a single notebook cell may run before the report is failed (nbclient `timeout`);
#: a board report cell draws a few charts, so ten minutes means something is stuck.
REPORT_CELL_TIMEOUT_S: int = 600

#: Seconds to wait for a kernel to start (papermill's own default `start_timeout`).
REPORT_KERNEL_START_TIMEOUT_S: int = 60

# (end of report constants)
