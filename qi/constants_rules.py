"""Run lengths and thresholds of each rule set (qi/charts/rules), with their sources.

Part of :mod:`qi.constants`, which re-exports every name here (``qi.constants.IHI_SHIFT_LENGTH``).
"""

from __future__ import annotations

__all__ = [
    "MIN_USEFUL_FOR_RUNS",
    "IHI_SHIFT_LENGTH",
    "IHI_TREND_LENGTH",
    "IHI_RUNS_TAIL_PROBABILITY",
    "IHI_RUNS_MIN_USEFUL",
    "IHI_RUNS_MAX_USEFUL",
    "IHI_RUNS_TABLE",
    "ANHOEJ_LONGEST_RUN_OFFSET",
    "ANHOEJ_CROSSINGS_PROBABILITY",
    "HCDG_SHIFT_LENGTH",
    "HCDG_TREND_LENGTH",
    "HCDG_WITHIN_1S_LENGTH",
    "TWO_OF_THREE",
    "FOUR_OF_FIVE",
    "WESTERN_ELECTRIC_SHIFT_LENGTH",
    "NELSON_SHIFT_LENGTH",
    "NELSON_TREND_LENGTH",
    "NELSON_ALTERNATING_LENGTH",
    "NELSON_WITHIN_1S_LENGTH",
    "NELSON_NONE_WITHIN_1S_LENGTH",
    "MDC_RUN_LENGTH",
    "MDC_TREND_LENGTH",
    "MDC_LENGTH_CHOICES",
]

# ===========================================================================================
# Rule sets (qi/charts/rules): run lengths and thresholds of each rule set.
# ===========================================================================================

#: Run-chart rules need at least 10 useful observations (Perla, Provost & Murray 2011, Table 1
#: starts at 10; Anhøj: "as few as 10").
MIN_USEFUL_FOR_RUNS: int = 10

#: IHI run-chart rules (Perla, Provost & Murray 2011, BMJ Qual Saf 20(1):46-51): a shift is six
#: or more consecutive points on one side of the median; a trend is five or more points all going
#: up or all going down (equal neighbours count once).
IHI_SHIFT_LENGTH: int = 6
IHI_TREND_LENGTH: int = 5
#: The runs rule of Perla et al. adapts Swed & Eisenhart (1943) limits at about 5% in all, i.e.
#: 2.5% in each tail, for 10 to 60 useful observations (their Table 1). ``rules="ihi_exact"``
#: computes them exactly at this tail probability; ``rules="ihi"`` uses the printed table below.
IHI_RUNS_TAIL_PROBABILITY: float = 0.025
IHI_RUNS_MIN_USEFUL: int = MIN_USEFUL_FOR_RUNS
IHI_RUNS_MAX_USEFUL: int = 60

#: Perla RJ, Provost LP, Murray SK (2011) BMJ Qual Saf 20(1):46-51, Table 1 "Checking for too
#: many or too few runs on a run chart" (about 5% risk; adapted from Swed & Eisenhart 1943), as
#: printed: useful observations n -> (lower, upper). Fewer runs than ``lower`` is "too few",
#: more than ``upper`` "too many". Transcribed row by row (docs/method/rules.md section 2; the
#: same table as tests/rules/data/perla_2011_table1.csv). The IHI teaches this table; it differs
#: from the exact 2.5%-per-tail Swed-Eisenhart computation (``rules="ihi_exact"``) at some n.
IHI_RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9),
    11: (3, 10),
    12: (3, 11),
    13: (4, 11),
    14: (4, 12),
    15: (5, 12),
    16: (5, 13),
    17: (5, 13),
    18: (6, 14),
    19: (6, 15),
    20: (6, 16),
    21: (7, 16),
    22: (7, 17),
    23: (7, 17),
    24: (8, 18),
    25: (8, 18),
    26: (9, 19),
    27: (10, 19),
    28: (10, 20),
    29: (10, 20),
    30: (11, 21),
    31: (11, 22),
    32: (11, 23),
    33: (12, 23),
    34: (12, 24),
    35: (12, 24),
    36: (13, 25),
    37: (13, 25),
    38: (14, 26),
    39: (14, 26),
    40: (15, 27),
    41: (15, 27),
    42: (16, 28),
    43: (16, 28),
    44: (17, 29),
    45: (17, 30),
    46: (17, 31),
    47: (18, 31),
    48: (18, 32),
    49: (19, 32),
    50: (19, 33),
    51: (20, 33),
    52: (20, 34),
    53: (21, 34),
    54: (21, 35),
    55: (22, 35),
    56: (22, 35),
    57: (23, 36),
    58: (23, 37),
    59: (24, 38),
    60: (24, 38),
}

#: Anhøj rules (Anhøj & Olesen 2014, PLoS ONE 9(11):e113825; qicharts2 `runs.analysis()`):
#: longest run > round(log2(n_useful)) + 3 (Schilling 2012); crossings <
#: qbinom(0.05, n_useful - 1, 0.5) (Chen 2010).
ANHOEJ_LONGEST_RUN_OFFSET: int = 3
ANHOEJ_CROSSINGS_PROBABILITY: float = 0.05

#: The Health Care Data Guide (Provost & Murray 2011, ch. 5): a point outside the limits; 8 or
#: more in a row on one side of the centre line; 6 or more rising or falling; 2 of 3
#: consecutive points beyond 2 sigma on one side; 15 or more in a row within 1 sigma.
HCDG_SHIFT_LENGTH: int = 8
HCDG_TREND_LENGTH: int = 6
HCDG_WITHIN_1S_LENGTH: int = 15

#: k of m consecutive points beyond a zone line on the same side (Western Electric 1956, Nelson
#: 1984, Health Care Data Guide).
TWO_OF_THREE: tuple[int, int] = (2, 3)
FOUR_OF_FIVE: tuple[int, int] = (4, 5)

#: Western Electric Statistical Quality Control Handbook (1956), as listed in the qicharts2
#: vignette: a run of 8 successive points on one side of the centre line.
WESTERN_ELECTRIC_SHIFT_LENGTH: int = 8

#: Nelson LS (1984) "The Shewhart control chart - tests for special causes", J Qual Technol
#: 16(4):237-239: 9 in a row on one side; 6 in a row increasing or decreasing; 14 in a row
#: alternating up and down; 15 in a row within 1 sigma; 8 in a row with none within 1 sigma.
NELSON_SHIFT_LENGTH: int = 9
NELSON_TREND_LENGTH: int = 6
NELSON_ALTERNATING_LENGTH: int = 14
NELSON_WITHIN_1S_LENGTH: int = 15
NELSON_NONE_WITHIN_1S_LENGTH: int = 8

#: NHS Making Data Count as NHSRplotthedots 0.2.2 computes it (`R/ptd_calculate_point_type.R`):
#: 7 points on one side of the mean, 7-point trend. The MDC Excel tools let users choose 6 or 7
#: (NHSRplotthedots issue #202), so qi allows exactly those two.
MDC_RUN_LENGTH: int = 7
MDC_TREND_LENGTH: int = 7
MDC_LENGTH_CHOICES: tuple[int, ...] = (6, 7)

# (end of rule-set constants)
