"""Every rule of the ihi, anhoej, hcdg, western_electric and nelson sets against a plain loop
reference written straight from the rule's words (docs of qi.charts.rules.common/ihi/anhoej):
skip missing and excluded points, skip points on the centre line for runs on one side, count
windows of consecutive valid points, never cross a segment.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qi.charts.rules import apply_rule_set
from qi.charts.rules.thresholds import crossings_min, longest_run_max, runs_limits

from .test_rules_ihi_table import PRINTED  # Perla et al. Table 1 as printed (the reviewable CSV)

VALUES = st.sampled_from(
    [-4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, math.nan]
)
MAGNITUDES = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, math.nan])
QUIET = st.sampled_from([0.0, 0.5, 1.0, -0.5, -1.0])  # within 1 sigma, some on the 1-sigma line
WILD = st.sampled_from([1.0, 1.5, 2.0, 2.5, -1.5, -2.5])  # mostly beyond 1 sigma, both sides


@st.composite
def series(draw, max_len: int = 40) -> list[float]:
    """Blocks of 1-16 points (so run lengths near every limit are common), mostly on one side,
    quiet (within 1 sigma) or wild (beyond it), as drawn, rising, falling or zigzag."""
    out: list[float] = []
    for sign, n in draw(
        st.lists(st.tuples(st.sampled_from([-1.0, 1.0]), st.integers(1, 16)), max_size=6)
    ):
        mags = draw(st.sampled_from([MAGNITUDES, QUIET, WILD]))
        block = [sign * v for v in draw(st.lists(mags, min_size=n, max_size=n))]
        order = draw(st.sampled_from(["as drawn", "rising", "falling", "zigzag"]))
        if order in ("rising", "falling"):
            block.sort(key=lambda v: (math.isnan(v), v), reverse=order == "falling")
        elif order == "zigzag":
            block = [v if i % 2 else -v for i, v in enumerate(block)]
        out += block
    return out[:max_len]


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _groups(items):
    """Consecutive items with equal key: [(key, [members])]."""
    out = []
    for key, member in items:
        if out and out[-1][0] == key:
            out[-1][1].append(member)
        else:
            out.append((key, [member]))
    return out


def ref_shift(y, inc, c, length, longer_than=False, limit_by_n=None):
    flags = [0] * len(y)
    useful = [
        (1 if y[i] > c else -1, i)
        for i in range(len(y))
        if inc[i] and not math.isnan(y[i]) and y[i] != c
    ]
    lim = length if limit_by_n is None else limit_by_n(len(useful))
    for side, members in _groups(useful):
        if (len(members) > lim) if longer_than else (len(members) >= lim):
            for i in members:
                flags[i] = side
    return flags


def ref_trend(y, inc, length, ties_skip):
    valid = [i for i in range(len(y)) if inc[i] and not math.isnan(y[i])]
    # groups of equal consecutive values (ties) collapse to one point when skipped
    pts = _groups([(y[i], i) for i in valid]) if ties_skip else [(y[i], [i]) for i in valid]
    flags = [0] * len(y)
    steps = [(int(np.sign(pts[j + 1][0] - pts[j][0])), j) for j in range(len(pts) - 1)]
    for sign, js in _groups(steps):
        if sign != 0 and len(js) + 1 >= length:
            first, last = js[0], js[-1] + 1
            members = [i for j in range(first, last + 1) for i in pts[j][1]]  # ties included
            for i in members:
                flags[i] = sign  # later trends overwrite shared points
    return flags


def ref_k_of_m(y, inc, lo, hi, k, m):
    valid = [i for i in range(len(y)) if inc[i] and not math.isnan(y[i])]
    flags = [0] * len(y)
    for a in range(len(valid) - m + 1):
        window = valid[a : a + m]
        for side, test in ((1, lambda v: v > hi), (-1, lambda v: v < lo)):
            hits = [i for i in window if test(y[i])]
            if len(hits) >= k:
                for i in hits:
                    flags[i] = side
    return flags


def ref_condition_run(y, inc, cond, length):
    valid = [i for i in range(len(y)) if inc[i] and not math.isnan(y[i])]
    flags = [0] * len(y)
    for ok, members in _groups([(cond(y[i]), i) for i in valid]):
        if ok and len(members) >= length:
            for i in members:
                flags[i] = 1
    return flags


def ref_alternating(y, inc, length):
    valid = [i for i in range(len(y)) if inc[i] and not math.isnan(y[i])]
    steps = [np.sign(y[valid[j + 1]] - y[valid[j]]) for j in range(len(valid) - 1)]
    alt = [(steps[j] * steps[j + 1] == -1, j) for j in range(len(steps) - 1)]
    flags = [0] * len(y)
    for ok, js in _groups(alt):
        if ok and len(js) + 2 >= length:
            for j in range(js[0], js[-1] + 3):
                flags[valid[j]] = 1
    return flags


def ref_runs(y, inc, c, which, limits=runs_limits):
    useful = [
        1 if y[i] > c else -1
        for i in range(len(y))
        if inc[i] and not math.isnan(y[i]) and y[i] != c
    ]
    n = len(useful)
    runs = len(_groups([(s, 0) for s in useful]))
    if which == "crossings":
        fire = n > 0 and runs - 1 < crossings_min(np.array([n]))[0]
    elif not 10 <= n <= 60:
        fire = False
    else:
        few, many = limits(n)
        fire = runs < few if which == "few" else runs > many
    return [
        1 if fire and inc[i] and not math.isnan(y[i]) and y[i] != c else 0 for i in range(len(y))
    ]


def reference(rule_set, rule, y, inc):
    """Flags (as +1/-1, or 1 for sideless rules) of one rule on one segment; centre 0, sigma 1."""
    outside = [(1 if v > 3 else -1) if not math.isnan(v) and (v > 3 or v < -3) else 0 for v in y]
    table = {
        ("ihi", "shift"): lambda: ref_shift(y, inc, 0.0, 6),
        ("ihi", "trend"): lambda: ref_trend(y, inc, 5, True),
        ("ihi", "few_runs"): lambda: ref_runs(y, inc, 0.0, "few", PRINTED.__getitem__),
        ("ihi", "many_runs"): lambda: ref_runs(y, inc, 0.0, "many", PRINTED.__getitem__),
        ("ihi", "astronomical"): lambda: outside,
        ("ihi_exact", "shift"): lambda: ref_shift(y, inc, 0.0, 6),
        ("ihi_exact", "trend"): lambda: ref_trend(y, inc, 5, True),
        ("ihi_exact", "few_runs"): lambda: ref_runs(y, inc, 0.0, "few"),
        ("ihi_exact", "many_runs"): lambda: ref_runs(y, inc, 0.0, "many"),
        ("ihi_exact", "astronomical"): lambda: outside,
        ("anhoej", "outside"): lambda: outside,
        ("anhoej", "shift"): lambda: ref_shift(
            y, inc, 0.0, 0, longer_than=True, limit_by_n=lambda n: longest_run_max(np.array([n]))[0]
        ),
        ("anhoej", "crossings"): lambda: ref_runs(y, inc, 0.0, "crossings"),
        ("hcdg", "outside"): lambda: outside,
        ("hcdg", "shift"): lambda: ref_shift(y, inc, 0.0, 8),
        ("hcdg", "trend"): lambda: ref_trend(y, inc, 6, True),
        ("hcdg", "two_of_three"): lambda: ref_k_of_m(y, inc, -2, 2, 2, 3),
        ("hcdg", "within_1s"): lambda: ref_condition_run(y, inc, lambda v: -1 <= v <= 1, 15),
        ("western_electric", "outside"): lambda: outside,
        ("western_electric", "two_of_three"): lambda: ref_k_of_m(y, inc, -2, 2, 2, 3),
        ("western_electric", "four_of_five"): lambda: ref_k_of_m(y, inc, -1, 1, 4, 5),
        ("western_electric", "shift"): lambda: ref_shift(y, inc, 0.0, 8),
        ("nelson", "outside"): lambda: outside,
        ("nelson", "shift"): lambda: ref_shift(y, inc, 0.0, 9),
        ("nelson", "trend"): lambda: ref_trend(y, inc, 6, False),
        ("nelson", "alternating"): lambda: ref_alternating(y, inc, 14),
        ("nelson", "two_of_three"): lambda: ref_k_of_m(y, inc, -2, 2, 2, 3),
        ("nelson", "four_of_five"): lambda: ref_k_of_m(y, inc, -1, 1, 4, 5),
        ("nelson", "within_1s"): lambda: ref_condition_run(y, inc, lambda v: -1 <= v <= 1, 15),
        ("nelson", "none_within_1s"): lambda: ref_condition_run(
            y, inc, lambda v: v > 1 or v < -1, 8
        ),
    }
    return table[(rule_set, rule)]()


SIDELESS = {"few_runs", "many_runs", "crossings", "within_1s", "none_within_1s", "alternating"}


@SETTINGS
@given(
    rule_set=st.sampled_from(["ihi", "ihi_exact", "anhoej", "hcdg", "western_electric", "nelson"]),
    y0=st.one_of(series(), st.lists(VALUES, max_size=40)),
    y1=series(),
    drop=st.lists(st.booleans(), min_size=80, max_size=80),
)
def test_every_rule_equals_the_loop_reference(make_input, rule_set, y0, y1, drop):
    inc0 = [not (d and i % 4 == 0) for i, d in enumerate(drop[: len(y0)])]
    inc1 = [not (d and i % 4 == 0) for i, d in enumerate(drop[40 : 40 + len(y1)])]
    inp = make_input(y0 + y1, segment=[0] * len(y0) + [1] * len(y1), included=inc0 + inc1)
    app = apply_rule_set(rule_set, inp, has_limits=True)
    for rule in app.rule_names:
        want = reference(rule_set, rule, y0, inc0) + reference(rule_set, rule, y1, inc1)
        got = app.flags[rule].astype(int) if rule in SIDELESS else app.directions[rule].astype(int)
        assert got.tolist() == [abs(w) if rule in SIDELESS else w for w in want], rule
