"""Property tests (hypothesis) that hold for every rule set.

Values are multiples of 0.5 and shifts are whole numbers, so every sum is exact in floating
point and a point on a line stays on it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qi.charts.rules import RULE_SET_NAMES, apply_rule_set
from qi.charts.rules.base import RuleInput

VALUES = st.sampled_from(
    [-4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, math.nan]
)
SERIES = st.lists(VALUES, min_size=0, max_size=45)
MASKS = st.lists(st.booleans(), min_size=45, max_size=45)
SETS = st.sampled_from(RULE_SET_NAMES)
PROPS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Pattern rules look only at valid points; these may also flag excluded points.
POINT_RULES = {"outside", "astronomical"}


def _included(mask: list[bool], n: int) -> list[bool]:
    # mostly included: exclude where the mask is True in the first third of the flips
    return [not (m and i % 3 == 0) for i, m in enumerate(mask[:n])]


@PROPS
@given(rule_set=SETS, y=SERIES, mask=MASKS, shift=st.integers(-50, 50))
def test_flags_are_invariant_to_adding_a_constant(make_input, rule_set, y, mask, shift):
    inc = _included(mask, len(y))
    a = apply_rule_set(rule_set, make_input(y, centre=0.0, included=inc), has_limits=True)
    moved = [v + shift for v in y]
    b = apply_rule_set(
        rule_set, make_input(moved, centre=float(shift), included=inc), has_limits=True
    )
    for name in a.rule_names:
        assert a.flags[name].tolist() == b.flags[name].tolist(), name
        assert a.directions[name].tolist() == b.directions[name].tolist(), name


@PROPS
@given(rule_set=SETS, y0=SERIES, y1=SERIES, m0=MASKS, m1=MASKS)
def test_segments_are_isolated(make_input, rule_set, y0, y1, m0, m1):
    i0, i1 = _included(m0, len(y0)), _included(m1, len(y1))
    both = apply_rule_set(
        rule_set,
        make_input(y0 + y1, centre=0.5, segment=[0] * len(y0) + [7] * len(y1), included=i0 + i1),
        has_limits=True,
    )
    a = apply_rule_set(rule_set, make_input(y0, centre=0.5, included=i0), has_limits=True)
    b = apply_rule_set(
        rule_set, make_input(y1, centre=0.5, segment=[7] * len(y1), included=i1), has_limits=True
    )
    for name in both.rule_names:
        assert both.flags[name].tolist() == a.flags[name].tolist() + b.flags[name].tolist(), name
        assert (
            both.directions[name].tolist()
            == a.directions[name].tolist() + b.directions[name].tolist()
        )
    assert both.signal_rule.tolist() == a.signal_rule.tolist() + b.signal_rule.tolist()


@PROPS
@given(rule_set=SETS, y=SERIES, mask=MASKS)
def test_reversing_a_series_reverses_every_flag(make_input, rule_set, y, mask):
    inc = _included(mask, len(y))
    fwd = apply_rule_set(rule_set, make_input(y, included=inc), has_limits=True)
    rev = apply_rule_set(rule_set, make_input(y[::-1], included=inc[::-1]), has_limits=True)
    for name in fwd.rule_names:
        assert fwd.flags[name].tolist() == rev.flags[name][::-1].tolist(), name
        if name != "trend":  # sides do not depend on the direction of time
            assert fwd.directions[name].tolist() == rev.directions[name][::-1].tolist(), name


@PROPS
@given(
    rule_set=st.sampled_from(["ihi", "hcdg", "nelson"]),
    y=st.lists(st.integers(-20, 20), max_size=40),
)
def test_reversing_a_series_flips_trend_direction(make_input, rule_set, y):
    # away from peaks and troughs (points a rising and a falling trend share), the direction
    # of every trend point flips when time runs backwards.
    yy = [float(v) for v in y]
    fwd = apply_rule_set(rule_set, make_input(yy), has_limits=True)
    rev = apply_rule_set(rule_set, make_input(yy[::-1]), has_limits=True)
    d_fwd = fwd.directions["trend"]
    d_rev = rev.directions["trend"][::-1]
    arr = np.array(yy)
    for i in np.flatnonzero(fwd.flags["trend"]):
        # the nearest different values on each side decide whether i is a turning point
        left = arr[:i][arr[:i] != arr[i]]
        right = arr[i + 1 :][arr[i + 1 :] != arr[i]]
        turning = (
            left.size and right.size and np.sign(arr[i] - left[-1]) == np.sign(arr[i] - right[0])
        )
        if not turning:
            assert d_rev[i] == -d_fwd[i]


@PROPS
@given(rule_set=SETS, y=SERIES, mask=MASKS)
def test_flags_sit_on_valid_points_and_episodes_on_flags(make_input, rule_set, y, mask):
    inc = _included(mask, len(y))
    inp: RuleInput = make_input(y, included=inc)
    app = apply_rule_set(rule_set, inp, has_limits=True)
    valid = np.asarray(inc, dtype=bool) & np.isfinite(inp.y)
    for name in app.rule_names:
        flag = app.flags[name]
        if name not in POINT_RULES:
            assert not (flag & ~valid).any(), name
        assert not (app.directions[name][~flag]).any()
        assert not (flag & ~app.extents[name]).any()
    ep = app.episodes(inp.segment)
    for rule, s, e in zip(ep["rule"], ep["start"], ep["end"], strict=True):
        assert app.flags[rule][s] and app.flags[rule][e] and s <= e
    # every flagged point lies in exactly one episode of its rule
    for name in app.rule_names:
        sel = ep["rule"] == name
        covered = np.zeros(len(y), dtype=int)
        for s, e in zip(ep["start"][sel], ep["end"][sel], strict=True):
            covered[s : e + 1] += 1
        assert (covered[app.flags[name]] == 1).all()
    assert app.signal.tolist() == [
        any(app.flags[r][i] for r in app.rule_names) for i in range(len(y))
    ]


@PROPS
@given(rule_set=SETS, y=SERIES)
def test_limit_rules_are_silent_without_limits(make_input, rule_set, y):
    app = apply_rule_set(rule_set, make_input(y, sigma=None), has_limits=False)
    for name in app.skipped:
        assert not app.flags[name].any()


def sliding_window_reference(hit, keep, segment, k, m, good):
    """k of m by sliding a window over every run of m consecutive kept points (a plain loop)."""
    n = len(hit)
    pos = np.flatnonzero(keep)
    extent = np.zeros(n, dtype=bool)
    for j in range(len(pos) - m + 1):
        window = pos[j : j + m]
        if segment[window[0]] != segment[window[-1]]:
            continue
        if good is not None and not good[window].all():
            continue
        hits = [i for i in window if hit[i]]
        if len(hits) >= k:
            extent[hits[0] : hits[-1] + 1] = True
    return extent & hit, extent


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    y=SERIES,
    mask=MASKS,
    cut=st.integers(0, 45),
    km=st.sampled_from([(2, 3), (4, 5), (3, 3), (2, 2), (3, 6)]),
    mode=st.sampled_from(["skip", "break"]),
    with_good=st.booleans(),
)
def test_k_of_m_from_the_hits_equals_the_sliding_window(
    make_input, y, mask, cut, km, mode, with_good
):
    from qi.charts.rules.patterns import k_of_m_hits

    k, m = km
    seg = [0] * min(cut, len(y)) + [1] * (len(y) - min(cut, len(y)))
    inp = make_input(y, included=_included(mask, len(y)), segment=seg)
    valid = inp.included & np.isfinite(inp.y)
    keep = valid if mode == "skip" else np.ones(len(y), dtype=bool)
    with np.errstate(invalid="ignore"):
        hit = valid & (inp.y > 1.0)
        good = (valid & (inp.y > 0.0)) if with_good else None
    want = sliding_window_reference(hit, keep, inp.segment, k, m, good)
    got = k_of_m_hits(hit, keep, inp.segment, k, m, good)
    assert got[0].tolist() == want[0].tolist()
    assert got[1].tolist() == want[1].tolist()


def test_k_of_m_needs_k_of_at_least_two():
    from qi.charts.rules.patterns import k_of_m_hits

    with pytest.raises(ValueError, match="k must be >= 2"):
        k_of_m_hits(np.ones(3, dtype=bool), np.ones(3, dtype=bool), np.zeros(3, dtype=int), 1, 2)


@PROPS
@given(y0=SERIES, y1=SERIES, m0=MASKS)
def test_anhoej_rules_agree_with_the_runs_analysis(make_input, y0, y1, m0):
    # a segment has an Anhøj shift or crossings flag exactly when runs_analysis signals
    from qi.charts.rules.runs import runs_analysis

    inc = _included(m0, len(y0)) + [True] * len(y1)
    seg = np.array([0] * len(y0) + [1] * len(y1))
    inp = make_input(y0 + y1, centre=0.5, segment=seg, included=inc)
    app = apply_rule_set("anhoej", inp, has_limits=True)
    ra = runs_analysis(inp.y, inp.centre, inp.segment, inp.included)
    for k, s in enumerate(ra.segment):
        fired = (app.flags["shift"] | app.flags["crossings"])[seg == s].any()
        assert bool(fired) == bool(ra.runs_signal[k])
