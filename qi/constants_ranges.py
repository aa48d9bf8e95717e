"""Control-chart factor tables for subgroups of n = 2..25 (d2, d3, D3, D4), with their source.

Part of :mod:`qi.constants`, which re-exports every name here: use ``qi.constants.RANGE_D2``.
"""

from __future__ import annotations

__all__ = [
    "RANGE_D2",
    "RANGE_D3",
    "R_CHART_D3",
    "R_CHART_D4",
    "RANGE_MAX_SUBGROUP",
]

#: Control-chart constants for subgroups of n = 2..25: d2 (mean relative range, E[R]/sigma),
#: d3 (SD of the relative range), and the R-chart factors D3 = max(0, 1 - 3 d3/d2), D4 =
#: 1 + 3 d3/d2, as printed in Montgomery, *Introduction to Statistical Quality Control*, Appendix
#: VI "Factors for constructing variables control charts" (also ASTM STP 15D; qcc's
#: ``qcc.options("exp.R.unscaled")`` / ``"se.R.unscaled"``). The x-bar chart from R-bar uses
#: sigma = R-bar / d2 (Health Care Data Guide ch. 7; Montgomery eq. 6.6, A2 = 3 / (d2 sqrt n)).
RANGE_D2: dict[int, float] = {
    2: 1.128,
    3: 1.693,
    4: 2.059,
    5: 2.326,
    6: 2.534,
    7: 2.704,
    8: 2.847,
    9: 2.970,
    10: 3.078,
    11: 3.173,
    12: 3.258,
    13: 3.336,
    14: 3.407,
    15: 3.472,
    16: 3.532,
    17: 3.588,
    18: 3.640,
    19: 3.689,
    20: 3.735,
    21: 3.778,
    22: 3.819,
    23: 3.858,
    24: 3.895,
    25: 3.931,
}
RANGE_D3: dict[int, float] = {
    2: 0.853,
    3: 0.888,
    4: 0.880,
    5: 0.864,
    6: 0.848,
    7: 0.833,
    8: 0.820,
    9: 0.808,
    10: 0.797,
    11: 0.787,
    12: 0.778,
    13: 0.770,
    14: 0.763,
    15: 0.756,
    16: 0.750,
    17: 0.744,
    18: 0.739,
    19: 0.734,
    20: 0.729,
    21: 0.724,
    22: 0.720,
    23: 0.716,
    24: 0.712,
    25: 0.708,
}
R_CHART_D3: dict[int, float] = {
    2: 0.0,
    3: 0.0,
    4: 0.0,
    5: 0.0,
    6: 0.0,
    7: 0.076,
    8: 0.136,
    9: 0.184,
    10: 0.223,
    11: 0.256,
    12: 0.283,
    13: 0.307,
    14: 0.328,
    15: 0.347,
    16: 0.363,
    17: 0.378,
    18: 0.391,
    19: 0.403,
    20: 0.415,
    21: 0.425,
    22: 0.434,
    23: 0.443,
    24: 0.451,
    25: 0.459,
}
R_CHART_D4: dict[int, float] = {
    2: 3.267,
    3: 2.574,
    4: 2.282,
    5: 2.114,
    6: 2.004,
    7: 1.924,
    8: 1.864,
    9: 1.816,
    10: 1.777,
    11: 1.744,
    12: 1.717,
    13: 1.693,
    14: 1.672,
    15: 1.653,
    16: 1.637,
    17: 1.622,
    18: 1.608,
    19: 1.597,
    20: 1.585,
    21: 1.575,
    22: 1.566,
    23: 1.557,
    24: 1.548,
    25: 1.541,
}
#: The largest subgroup the range tables cover; beyond it use an s chart (Montgomery §6.3: the
#: range loses efficiency for n > 10; the tables stop at 25).
RANGE_MAX_SUBGROUP: int = 25
