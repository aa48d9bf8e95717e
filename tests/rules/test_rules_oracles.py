"""The vectorised code against plain loop ports of the reference algorithms.

- ``runs_analysis`` against a line-by-line port of qicharts2 ``runs.analysis()``
  (qicharts2-method.md §3: drop NA and zero signs, ``rle``, ``crossings = runs - 1``).
- the ``mdc`` rule set against a port of NHSRplotthedots 0.2.2 ``ptd_calculate_point_type.R``
  as nhsrplotthedots-method.md §3 describes it (window by window, R's NA logic, padding), with
  qi's documented choice where R crashes (a missing value in a trend window: no trend).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qi.charts.rules import apply_rule_set, get_rule_set
from qi.charts.rules.runs import runs_analysis

VALUES = st.sampled_from(
    [-4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, math.nan]
)
SERIES = st.lists(VALUES, min_size=0, max_size=40)
MAGNITUDES = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, math.nan])


@st.composite
def blocks(draw, max_len: int = 40) -> list[float]:
    """Blocks of 1-12 points on one side, as drawn, rising, falling or with ties, so runs and
    trends of 6-7 points, ties and the mean itself are common."""
    out: list[float] = []
    for sign, n in draw(
        st.lists(st.tuples(st.sampled_from([-1.0, 1.0]), st.integers(1, 12)), max_size=6)
    ):
        block = [sign * v for v in draw(st.lists(MAGNITUDES, min_size=n, max_size=n))]
        order = draw(st.sampled_from(["as drawn", "rising", "falling"]))
        if order != "as drawn":
            block.sort(key=lambda v: (math.isnan(v), v), reverse=order == "falling")
        out += block
    return out[:max_len]


FAST = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# --- qicharts2 runs.analysis() ----------------------------------------------------------------


def qbinom_half_loop(p_num: int, p_den: int, size: int) -> int:
    total = 0
    for c in range(size + 1):
        total += math.comb(size, c)
        if total * p_den >= p_num * 2**size:
            return c
    return size


def runs_analysis_port(y: list[float], cl: float, include: list[bool]) -> tuple:
    y = [v for v, inc in zip(y, include, strict=True) if inc]
    n_obs = len(y)
    runs = [int(np.sign(v - cl)) for v in y if not math.isnan(v)]
    runs = [r for r in runs if r != 0]
    n_useful = len(runs)
    if n_useful == 0:
        return n_obs, 0, None, None, None, None, False
    lengths = []
    for r in runs:  # rle
        if lengths and lengths[-1][0] == r:
            lengths[-1][1] += 1
        else:
            lengths.append([r, 1])
    longest = max(length for _, length in lengths)
    crossings = len(lengths) - 1
    lr_max = round(math.log2(n_useful)) + 3
    c_min = qbinom_half_loop(1, 20, n_useful - 1)
    return n_obs, n_useful, longest, lr_max, crossings, c_min, longest > lr_max or crossings < c_min


@FAST
@given(SERIES, st.lists(st.booleans(), min_size=40, max_size=40), st.sampled_from([0.0, 0.5, 1.0]))
def test_runs_analysis_equals_the_qicharts2_port(y, inc, cl):
    include = inc[: len(y)]
    ra = runs_analysis(
        np.array(y, dtype=float),
        np.full(len(y), cl),
        np.zeros(len(y), dtype=int),
        np.array(include, dtype=bool),
    )
    if not y:
        assert ra.segment.shape == (0,)
        return
    n_obs, n_useful, longest, lr_max, crossings, c_min, signal = runs_analysis_port(y, cl, include)
    assert ra.n_obs.tolist() == [n_obs]
    assert ra.n_useful.tolist() == [n_useful]
    got = [ra.longest_run[0], ra.longest_run_max[0], ra.crossings[0], ra.crossings_min[0]]
    want = [longest, lr_max, crossings, c_min]
    for g, w in zip(got, want, strict=True):
        assert (np.isnan(g) and w is None) or g == w
    assert ra.runs_signal.tolist() == [signal]


# --- NHSRplotthedots ptd_calculate_point_type ------------------------------------------------


def _sign(v: float) -> float:
    return math.nan if math.isnan(v) else float(np.sign(v))


def mdc_port(
    y: list[float],
    mean: float,
    upl: float,
    lpl: float,
    nupl: float,
    nlpl: float,
    run: int = 7,
    trend: int = 7,
):
    """(label, direction) per point, "" / 0 for common cause."""
    n = len(y)
    rel = [_sign(v - mean) for v in y]
    outside = [(not math.isnan(v)) and (v > upl or v < lpl) for v in y]
    close = [
        math.nan if math.isnan(v) else float((not outside[i]) and (v < nlpl or v > nupl))
        for i, v in enumerate(y)
    ]

    # ptd_seven_point_one_side_mean: marker when rel[i] != 0 equals the previous run-1 (pad 0)
    def run_marker(i: int) -> bool:
        if i < run - 1 or math.isnan(rel[i]) or rel[i] == 0:
            return False
        return all(rel[i - k] == rel[i] for k in range(1, run))  # NaN compares False

    # ptd_seven_point_trend: all trend-1 diffs +1 or all -1; a NaN diff: qi says no trend
    def trend_marker(i: int) -> bool:
        if i < trend - 1:
            return False
        d = [_sign(y[j] - y[j - 1]) for j in range(i - trend + 2, i + 1)]
        return all(x == 1 for x in d) or all(x == -1 for x in d)

    def part_of(markers: list[bool], length: int) -> list[bool]:  # ptd_part_of_seven_trend
        return [any(markers[j] for j in range(i, min(n, i + length))) for i in range(n)]

    part_run = part_of([run_marker(i) for i in range(n)], run)
    part_trend = part_of([trend_marker(i) for i in range(n)], trend)

    # ptd_two_in_three with zero padding, R's NA logic (NA in a window: not qualifying)
    cp = [0.0, 0.0, *close, 0.0, 0.0]
    rp = [0.0, 0.0, *rel, 0.0, 0.0]

    def window(a: int) -> bool:
        c, r = cp[a : a + 3], rp[a : a + 3]
        if any(math.isnan(v) for v in c + r):
            return False
        return sum(c) >= 2 and abs(sum(r)) == 3

    part_23 = [(window(i) or window(i + 1) or window(i + 2)) and close[i] == 1.0 for i in range(n)]

    out = []
    for i in range(n):
        if outside[i]:
            out.append(("outside", 1 if rel[i] == 1 else -1))
        elif part_trend[i]:
            if i + 1 < n and part_trend[i + 1]:
                s = _sign(y[i + 1] - y[i])
            else:
                s = _sign(y[i] - y[i - 1])
            out.append(("trend", 1 if s == 1 else -1))
        elif part_23[i]:
            out.append(("two_of_three", int(rel[i])))
        elif part_run[i]:
            out.append(("shift", int(rel[i])))
        else:
            out.append(("", 0))
    return out


@FAST
@given(st.one_of(SERIES, blocks()), blocks(), st.sampled_from([6, 7]), st.sampled_from([6, 7]))
def test_mdc_equals_the_nhsrplotthedots_port(make_input, y0, y1, run, trend):
    # two segments, each judged on its own by the port; mean 0, sigma 1: limits +/-3, "near"
    # lines +/-2
    inp = make_input(y0 + y1, centre=0.0, sigma=1.0, segment=[0] * len(y0) + [1] * len(y1))
    app = apply_rule_set(
        get_rule_set("mdc", run_length=run, trend_length=trend), inp, has_limits=True
    )
    want = mdc_port(y0, 0.0, 3.0, -3.0, 2.0, -2.0, run, trend) + mdc_port(
        y1, 0.0, 3.0, -3.0, 2.0, -2.0, run, trend
    )
    got = list(zip(app.signal_rule.tolist(), app.signal_direction.tolist(), strict=True))
    assert got == want


def test_mdc_port_agrees_on_the_documented_quirks(make_input):
    # the peak (labelled decreasing) and the tie quirk, through the port as well
    y = [1.0, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    port = mdc_port(y, 4.0, 100.0, -100.0, 50.0, -50.0)
    assert [d for _, d in port] == [1] * 6 + [-1] * 7
    inp = make_input(y, centre=4.0, sigma=33.0)
    app = apply_rule_set("mdc", inp, has_limits=True)
    assert app.signal_direction.tolist() == [d for _, d in port]
