"""The vectorised run-length helpers and signal episodes."""

from __future__ import annotations

import numpy as np

from qi.charts.rules import apply_rule_set
from qi.charts.rules.runs import cover, episodes, find_runs, paint, segment_starts


def test_segment_starts():
    assert segment_starts(np.array([3, 3, 5, 5, 5, 9])).tolist() == [
        True,
        False,
        True,
        False,
        False,
        True,
    ]
    assert segment_starts(np.array([], dtype=int)).tolist() == []


def test_find_runs_skips_points_not_kept_and_stops_at_segments():
    key = np.array([1, 1, 0, 1, -1, -1, -1])
    seg = np.array([0, 0, 0, 0, 0, 1, 1])
    keep = key != 0
    r = find_runs(key, seg, keep)
    assert r.start.tolist() == [0, 4, 5]
    assert r.end.tolist() == [3, 4, 6]
    assert r.length.tolist() == [3, 1, 2]
    assert r.key.tolist() == [1, -1, -1]
    assert r.segment.tolist() == [0, 0, 1]
    empty = find_runs(key, seg, np.zeros(7, dtype=bool))
    assert empty.start.shape == (0,)


def test_cover_and_paint():
    assert cover(np.array([1, 3]), np.array([2, 5]), 7).tolist() == [0, 1, 1, 1, 1, 1, 0]
    assert cover(np.array([], dtype=int), np.array([], dtype=int), 3).tolist() == [0, 0, 0]
    covered, painted = paint(np.array([0, 3]), np.array([3, 5]), np.array([1, -1]), 7)
    assert covered.tolist() == [1, 1, 1, 1, 1, 1, 0]
    assert painted.tolist() == [1, 1, 1, -1, -1, -1, 0]  # the later interval wins at 3


def test_episodes_split_on_segment_and_direction():
    flag = np.array([1, 1, 1, 1, 0, 1, 1], dtype=bool)
    seg = np.array([0, 0, 0, 1, 1, 1, 1])
    direction = np.array([1, 1, -1, -1, 0, -1, -1], dtype=np.int8)
    start, end = episodes(flag, seg, direction)
    assert start.tolist() == [0, 2, 3, 5]
    assert end.tolist() == [1, 2, 3, 6]


def test_episodes_bridge_the_extent_but_end_on_flagged_points():
    flag = np.array([0, 1, 0, 1, 0, 0], dtype=bool)
    extent = np.array([1, 1, 1, 1, 1, 0], dtype=bool)  # leading/trailing extent-only points
    start, end = episodes(flag, np.zeros(6, dtype=int), None, extent)
    assert start.tolist() == [1]
    assert end.tolist() == [3]
    none_start, none_end = episodes(np.zeros(3, dtype=bool), np.zeros(3, dtype=int))
    assert none_start.shape == none_end.shape == (0,)


def test_episode_table_of_a_shift_with_a_point_on_the_line(make_input):
    y = [1.0, 1, 1, 0, 1, 1, 1, -1]
    inp = make_input(y)
    ep = apply_rule_set("ihi", inp, has_limits=False).episodes(inp.segment)
    assert ep["rule"].tolist() == ["shift"]
    assert (ep["start"].tolist(), ep["end"].tolist()) == ([0], [6])
    assert ep["n_points"].tolist() == [6]  # the point on the line is inside, not counted
    assert ep["direction"].tolist() == [1]


def test_episode_table_two_of_three_spans_the_middle_point(make_input):
    inp = make_input([0.0, 2.5, 0.5, 2.5, 0.0])
    ep = apply_rule_set("hcdg", inp, has_limits=True).episodes(inp.segment)
    assert ep["rule"].tolist() == ["two_of_three"]
    assert (ep["start"].tolist(), ep["end"].tolist(), ep["n_points"].tolist()) == ([1], [3], [2])


def test_episode_table_is_sorted_by_start_then_precedence(make_input):
    y = [1.0, 2, 3, 4, 5, 6, 7, 8]  # a trend and a shift over the same points
    inp = make_input(y, centre=0.5, sigma=None, astro=(-100.0, 100.0))
    ep = apply_rule_set("ihi", inp, has_limits=False).episodes(inp.segment)
    assert ep["rule"].tolist() == ["shift", "trend"]
    assert ep["start"].tolist() == [0, 0]
