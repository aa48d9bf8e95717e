"""Presentation of real ``qi.chart`` results: the words and lines follow the engine's frames."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import qi
from qi.present.narrate import describe
from qi.present.plot import plot_chart

STABLE = [5, 6, 7, 5, 6, 5, 7, 6, 5, 6, 4, 6, 5, 7, 6, 5, 6, 5, 7, 6]
SHIFT = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 8, 8, 9, 8, 9, 8, 9, 8, 9, 8]


def _chart(y, rules, **kw):
    frame = pd.DataFrame({"y": y, "month": pd.date_range("2023-01-01", periods=len(y), freq="MS")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIWarning)
        return qi.chart(
            frame, y="y", x="month", chart="run" if rules == "ihi" else "i", rules=rules, **kw
        )


@pytest.mark.parametrize("rules", ["ihi", "anhoej", "hcdg", "western_electric", "nelson", "mdc"])
def test_stable_series_has_no_signal_in_words(rules):
    r = _chart(STABLE, rules, improvement="up")
    assert r.signals.empty
    text = describe(r)
    assert "No signal: the variation is consistent with common cause" in text
    assert "improvement" not in text and "concern" not in text


@pytest.mark.parametrize("rules", ["ihi", "anhoej", "hcdg", "western_electric", "nelson", "mdc"])
def test_one_bullet_per_signal_episode_with_its_rule_label(rules):
    r = _chart(SHIFT, rules, improvement="up")
    bullets = [ln for ln in describe(r).splitlines() if ln.startswith("- ")]
    assert len(bullets) == len(r.signals) > 0
    for _, ep in r.signals.iterrows():
        label = r.rule_set.rule(str(ep["rule"])).label
        assert any(label in b for b in bullets), label
    # the shift below the centre is a concern, the shift above an improvement (higher is better)
    shifts = [b for b in bullets if r.rule_set.rule("shift").label in b]
    assert shifts[0].endswith("a concern.") and shifts[-1].endswith("an improvement.")


def test_trial_limits_from_the_engine():
    r = _chart([5, 6, 7, 5, 6, 8], "hcdg")
    assert bool(r.phases["trial"].iloc[0])
    text = describe(r)
    assert "- Trial limits: the limits rest on only 6 points" in text
    assert "- Too few points for the runs rules: 6 useful points (fewer than 10)" in text
    assert r.warnings and text.count("Trial limits") == 1 and "treat them as trial" not in text


def test_drawn_limits_equal_a_real_p_chart():
    n = np.array([40, 52, 45, 38, 60, 55, 42, 47, 58, 50, 44, 49], dtype=float)
    frame = pd.DataFrame({"x": range(1, 13), "yes": np.round(n * 0.6), "n": n})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIWarning)
        r = qi.chart(frame, y="yes", n="n", x="x", chart="p")
    fig = plot_chart(r)
    lines = {ln.get_gid(): ln for ln in fig.axes[0].lines}
    for col in ("centre", "lcl", "ucl"):
        np.testing.assert_array_equal(lines[f"{col}:1"].get_ydata(), r.data[col].to_numpy())
    assert lines["ucl:1"].get_drawstyle() == "steps-mid"  # denominators vary
    np.testing.assert_array_equal(lines["data"].get_ydata(), r.data["y"].to_numpy())


def test_summary_table_of_real_results():
    a = _chart(SHIFT, "mdc", improvement="up", target=4.0, title="Visits")
    b = _chart(STABLE, "hcdg", improvement="down", target=20.0, title="Waits")
    t = qi.summary_table([a, b])
    assert t["measure"].tolist() == ["Visits", "Waits"]
    # Visits: the last point (8) is part of the run above the mean; target 4 lies below the
    # lower limit, so (higher is better) the target is always met.
    assert t.loc[0, "variation"] == "improvement_high"
    assert t.loc[0, "target"] < t.loc[0, "lcl"] and t.loc[0, "assurance"] == "pass"
    # Waits: common cause; target 20 above the upper limit with lower is better: always met.
    assert t.loc[1, "variation"] == "common_cause"
    assert t.loc[1, "target"] > t.loc[1, "ucl"] and t.loc[1, "assurance"] == "pass"


def _any_chart(chart: str, rules: str):
    rng = np.random.default_rng(7)
    k = 30
    frame = pd.DataFrame(
        {
            "month": np.repeat(
                pd.date_range("2022-01-01", periods=k, freq="MS"),
                3 if chart in ("xbar", "s") else 1,
            ),
        }
    )
    m = len(frame)
    frame["n"] = rng.integers(40, 60, m).astype(float)
    frame["y"] = (
        np.round(frame["n"] * rng.uniform(0.3, 0.6, m))
        if chart in ("p", "np", "pp")
        else rng.poisson(6, m).astype(float) + (1.0 if chart == "t" else 0.0)
    )
    kw = {"n": "n"} if chart in ("p", "np", "pp", "u", "up") else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", qi.QIWarning)
        return qi.chart(
            frame,
            y="y",
            x="month",
            chart=chart,
            rules=rules,
            improvement="up",
            target=float(frame["y"].mean()),
            **kw,
        )


@pytest.mark.parametrize(
    "chart", ["run", "i", "mr", "xbar", "s", "p", "np", "c", "u", "g", "t", "pp", "up"]
)
@pytest.mark.parametrize("rules", ["ihi", "anhoej", "hcdg", "western_electric", "nelson", "mdc"])
def test_every_chart_and_rule_set_is_described_consistently(chart, rules):
    r = _any_chart(chart, rules)
    text = describe(r)
    bullets = [ln for ln in text.split("\n\nCaveats")[0].splitlines() if ln.startswith("- ")]
    assert len(bullets) == len(r.signals)
    assert ("No signal: the variation is consistent with common cause" in text) == r.signals.empty


@pytest.mark.parametrize(
    "chart", ["run", "i", "mr", "xbar", "s", "p", "np", "c", "u", "g", "t", "pp", "up"]
)
def test_every_chart_type_draws_its_frame(chart):
    r = _any_chart(chart, "mdc")
    fig = plot_chart(r, icons=True)
    lines = {ln.get_gid(): ln for ln in fig.axes[0].lines}
    np.testing.assert_array_equal(lines["centre:1"].get_ydata(), r.data["centre"].to_numpy())
    if chart != "run":
        np.testing.assert_array_equal(lines["ucl:1"].get_ydata(), r.data["ucl"].to_numpy())
