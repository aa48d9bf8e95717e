"""rules="ihi" uses Perla, Provost & Murray (2011) Table 1 as printed; "ihi_exact" the exact
Swed-Eisenhart limits. The printed table is read from tests/rules/data/perla_2011_table1.csv
(transcribed from the paper, reviewable), not from qi.constants."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import qi
from qi.charts.rules import apply_rule_set
from qi.charts.rules.thresholds import (
    printed_runs_limits_array,
    runs_limits,
    runs_table_differences,
)
from qi.constants import IHI_RUNS_TABLE
from qi.errors import QIWarning

from .conftest import build_input

TABLE_CSV = Path(__file__).parent / "data" / "perla_2011_table1.csv"


def _printed_table() -> dict[int, tuple[int, int]]:
    with TABLE_CSV.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {int(r["n"]): (int(r["lower"]), int(r["upper"])) for r in rows}


PRINTED = _printed_table()


def runs_series(n: int, runs: int) -> list[float]:
    """n points around a centre line of 0 in exactly ``runs`` runs, as evenly split as the runs
    allow: alternating runs of one point, the rest added to the first run above and below."""
    assert 1 <= runs <= n
    lengths = [1] * runs
    above = (n + 1) // 2 - (runs + 1) // 2
    below = n // 2 - runs // 2
    if runs == 1:
        lengths[0] = n
    else:
        if above < 0 or below < 0:  # more runs than an even split allows: unbalance it
            above, below = n - runs, 0
        lengths[0] += above
        lengths[1] += below
    y: list[float] = []
    for i, length in enumerate(lengths):
        y += [1.0 if i % 2 == 0 else -1.0] * length
    assert len(y) == n
    return y


def _fires(rule_set: str, y: list[float]) -> tuple[bool, bool]:
    app = apply_rule_set(rule_set, build_input(y, sigma=None), has_limits=False)
    return bool(app.flags["few_runs"].any()), bool(app.flags["many_runs"].any())


def test_the_csv_is_the_whole_printed_table_and_the_constant_matches_it():
    assert sorted(PRINTED) == list(range(10, 61))
    assert IHI_RUNS_TABLE == PRINTED
    # spot checks against the paper's Table 1: first, last and the two examples
    assert PRINTED[10] == (3, 9) and PRINTED[60] == (24, 38)
    assert PRINTED[20] == (6, 16) and PRINTED[53] == (21, 34)


@pytest.mark.parametrize("n", range(10, 61))
def test_ihi_runs_rule_matches_the_printed_table_at_its_boundaries(n):
    lower, upper = PRINTED[n]
    # runs = lower - 1: too few; runs = lower and upper: neither; runs = upper + 1: too many
    assert _fires("ihi", runs_series(n, lower - 1)) == (True, False)
    assert _fires("ihi", runs_series(n, lower)) == (False, False)
    assert _fires("ihi", runs_series(n, upper)) == (False, False)
    if upper + 1 <= n:
        assert _fires("ihi", runs_series(n, upper + 1)) == (False, True)


@pytest.mark.parametrize("n", range(10, 61))
def test_ihi_exact_matches_the_swed_eisenhart_limits_at_its_boundaries(n):
    lower, upper = runs_limits(n)
    assert _fires("ihi_exact", runs_series(n, lower - 1)) == (True, False)
    assert _fires("ihi_exact", runs_series(n, lower)) == (False, False)
    assert _fires("ihi_exact", runs_series(n, upper)) == (False, False)
    if upper + 1 <= n:
        assert _fires("ihi_exact", runs_series(n, upper + 1)) == (False, True)


def test_the_two_tables_differ_at_eighteen_n_in_both_directions():
    diff = runs_table_differences()
    assert len(diff) == 18 and min(diff) == 11 and max(diff) == 59
    wider = [n for n, ((pl, pu), (el, eu)) in diff.items() if pl <= el and pu >= eu]
    narrower = [n for n, ((pl, pu), (el, eu)) in diff.items() if pl >= el and pu <= eu]
    assert wider == [11, 12, 17, 20, 22, 23, 25, 32, 35, 37]
    assert narrower == [29, 41, 43, 53, 55, 56, 57, 59]
    # the examples: at n = 20 qi used to flag 6 runs (the IHI passes them); at n = 53
    # it missed 20 runs (the IHI flags them)
    assert _fires("ihi", runs_series(20, 6)) == (False, False)
    assert _fires("ihi_exact", runs_series(20, 6)) == (True, False)
    assert _fires("ihi", runs_series(53, 20)) == (True, False)
    assert _fires("ihi_exact", runs_series(53, 20)) == (False, False)


def test_printed_limits_are_nan_outside_10_to_60():
    few, many = printed_runs_limits_array(np.array([9, 10, 60, 61, 0]))
    assert few.tolist()[1:3] == [3.0, 24.0] and many.tolist()[1:3] == [9.0, 38.0]
    assert np.isnan(few[[0, 3, 4]]).all() and np.isnan(many[[0, 3, 4]]).all()


@pytest.mark.parametrize("n", range(10, 61, 2))
def test_a_run_chart_shows_the_table_limits_it_used(n):
    lower, upper = PRINTED[n]
    y = runs_series(n, lower - 1)
    assert sum(v > 0 for v in y) == n // 2  # an even split: the median is 0, every point useful
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="run", rules="ihi")
    ph = res.phases.iloc[0]
    assert (ph["n_useful"], ph["n_runs"], ph["runs_min"], ph["runs_max"]) == (
        n,
        lower - 1,
        lower,
        upper,
    )
    assert ph["runs_limits"] == "Perla, Provost & Murray 2011, Table 1 (as printed)"
    assert bool(res.data["rule_few_runs"].all())


def _phase_row(rules: str, y: list[float]) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="i", rules=rules)
    return res.phases.iloc[0]


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        # (runs_min, runs_max, shift_length, trend_length) for 20 useful points
        ("ihi", (6, 16, 6, 5)),  # Perla et al. Table 1, n = 20
        ("ihi_exact", (7, 15, 6, 5)),  # Swed-Eisenhart, n = 20
        # Anhøj: crossings < qbinom(0.05, 19, 0.5) = 6 (qicharts2 table: n = 20 -> 6), i.e. fewer
        # than 7 runs; a run longer than round(log2 20) + 3 = 7, i.e. 8 points make a shift
        ("anhoej", (7, np.nan, 8, np.nan)),
        ("hcdg", (np.nan, np.nan, 8, 6)),
        ("western_electric", (np.nan, np.nan, 8, np.nan)),
        ("nelson", (np.nan, np.nan, 9, 6)),
        ("mdc", (np.nan, np.nan, 7, 7)),
    ],
)
def test_phases_show_the_limits_each_rule_set_used(rules, expected):
    row = _phase_row(rules, runs_series(20, 10))
    got = tuple(float(row[c]) for c in ("runs_min", "runs_max", "shift_length", "trend_length"))
    np.testing.assert_array_equal(got, np.asarray(expected, dtype=float))
    assert row["n_runs"] == 10 and row["n_useful"] == 20


def test_beyond_60_useful_points_the_result_says_the_runs_rule_was_not_applied():
    y = [1.0] * 31 + [-1.0] * 31  # median 0: 62 useful points, 2 runs
    with pytest.warns(QIWarning, match="62 useful observations, more than the 60"):
        res = qi.chart(pd.DataFrame({"y": y}), y="y", chart="run", rules="ihi")
    assert not res.data["rule_few_runs"].any()
    (cav,) = res.caveats
    assert (cav.kind, cav.value, cav.limit) == ("runs_rule_out_of_range", 62.0, 60.0)
    assert any("too-few/too-many-runs rule was not applied" in str(w) for w in res.warnings)
    assert np.isnan(res.phases["runs_min"].iat[0])


def test_below_10_useful_points_the_caveat_is_recorded():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        res = qi.chart(pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6, 7, 8, 9]}), y="y")
    (cav,) = res.caveats
    assert (cav.kind, cav.value, cav.limit) == (
        "runs_rule_out_of_range",
        8.0,
        10.0,
    )  # 5 on the median


def test_rule_sets_without_a_runs_count_rule_have_no_caveat():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        res = qi.chart(pd.DataFrame({"y": [1.0, 2, 3, 4, 5]}), y="y", chart="i", rules="hcdg")
    assert res.caveats == ()
