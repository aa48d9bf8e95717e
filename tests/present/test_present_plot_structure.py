"""Structural tests of plot_chart: what is drawn equals what the frame holds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from qi import constants as K
from qi.errors import ValidationError
from qi.present.plot import plot_chart


def _lines(fig, prefix):
    return [ln for a in fig.axes for ln in a.lines if str(ln.get_gid() or "").startswith(prefix)]


def _texts(fig):
    return (
        [t for a in fig.axes for t in a.texts]
        + [fig._suptitle]
        + ([fig._supxlabel] if fig._supxlabel else [])
    )


@pytest.fixture
def two_phase(build, monthly):
    """24 months, two phases with their own centre and sigma, varying limits in phase 2."""
    y = [5, 6, 7, 5, 6, 5, 7, 6, 5, 6, 4, 6, 9, 10, 11, 12, 11, 10, 12, 13, 11, 12, 16, 11]
    ucl2 = [15.1, 15.3, 14.9, 15.0, 15.2, 15.1, 15.0, 14.8, 15.1, 15.2, 15.1, 15.0]
    lcl2 = [7.9, 7.7, 8.1, 8.0, 7.8, 7.9, 8.0, 8.2, 7.9, 7.8, 7.9, 8.0]
    return build(
        y,
        x=monthly(24),
        centre=[6.0] * 12 + [11.5] * 12,
        sigma=[1.0] * 12 + [1.2] * 12,
        lcl=[3.0] * 12 + lcl2,
        ucl=[9.0] * 12 + ucl2,
        phase=["Before"] * 12 + ["After"] * 12,
        flags={"outside": [22]},
        improvement="up",
        included=[True] * 5 + [False] + [True] * 18,
        target=10.0,
    )


def test_centre_and_limits_equal_the_frame_per_phase(two_phase):
    fig = plot_chart(two_phase)
    d = two_phase.data
    for phase in ("Before", "After"):
        rows = d[d["phase"] == phase]
        for col in ("centre", "lcl", "ucl"):
            (line,) = _lines(fig, f"{col}:{phase}")
            np.testing.assert_array_equal(line.get_ydata(), rows[col].to_numpy())
            np.testing.assert_array_equal(
                line.get_xdata(), rows["x"].to_numpy(dtype="datetime64[ns]")
            )


def test_limits_step_where_they_vary_and_are_flat_otherwise(two_phase):
    fig = plot_chart(two_phase)
    assert _lines(fig, "ucl:After")[0].get_drawstyle() == "steps-mid"
    assert _lines(fig, "ucl:Before")[0].get_drawstyle() == "default"


def test_data_line_is_the_y_column(two_phase):
    fig = plot_chart(two_phase)
    (line,) = _lines(fig, "data")
    np.testing.assert_array_equal(line.get_ydata(), two_phase.data["y"].to_numpy())


def test_special_cause_points_take_the_mdc_colours(two_phase):
    fig = plot_chart(two_phase)
    (imp,) = _lines(fig, "points:special_cause_improvement")
    assert to_hex(imp.get_color()) == K.MDC_COLOUR_IMPROVEMENT == "#00b0f0"
    np.testing.assert_array_equal(imp.get_ydata(), [16.0])
    (common,) = _lines(fig, "points:common_cause")
    assert to_hex(common.get_color()) == K.MDC_COLOUR_COMMON == "#a6a6a6"
    assert len(common.get_ydata()) == 22  # 24 points - 1 special cause - 1 excluded


def test_concern_and_neutral_colours(build):
    down = build(
        [1, 2, 9, 2, 1, 2], centre=2.0, sigma=1.0, flags={"outside": [2]}, improvement="down"
    )
    (p,) = _lines(plot_chart(down), "points:special_cause_concern")
    assert to_hex(p.get_color()) == "#e46c0a"
    neutral = build([1, 2, 9, 2, 1, 2], centre=2.0, sigma=1.0, flags={"outside": [2]})
    (p,) = _lines(plot_chart(neutral), "points:special_cause_neutral")
    assert to_hex(p.get_color()) == "#490092"


def test_excluded_points_are_hollow(two_phase):
    fig = plot_chart(two_phase)
    (ex,) = _lines(fig, "points:excluded")
    assert ex.get_markerfacecolor() == "white"
    np.testing.assert_array_equal(ex.get_ydata(), [5.0])


def test_phase_boundary_and_labels(two_phase):
    fig = plot_chart(two_phase)
    assert len(_lines(fig, "phase-boundary")) == 1
    labels = [t.get_text().strip() for t in fig.axes[0].texts if t.get_gid() == "phase-label"]
    assert labels == ["Before", "After"]


def test_target_line_and_label(two_phase):
    fig = plot_chart(two_phase)
    (t,) = _lines(fig, "target")
    assert list(t.get_ydata()) == [10.0, 10.0]
    assert to_hex(t.get_color()) == K.MDC_COLOUR_TARGET
    assert any(x.get_text() == "Target 10" for x in fig.axes[0].texts)


def test_zones_draw_the_sigma_lines_only_when_asked(two_phase):
    assert not _lines(plot_chart(two_phase), "ucl_2s")
    fig = plot_chart(two_phase, zones=True)
    d = two_phase.data[two_phase.data["phase"] == "Before"]
    (u2,) = _lines(fig, "ucl_2s:Before")
    np.testing.assert_array_equal(u2.get_ydata(), d["ucl_2s"].to_numpy())  # 6 + 2 * 1 = 8
    assert set(u2.get_ydata()) == {8.0}
    (l1,) = _lines(fig, "lcl_1s:Before")
    assert set(l1.get_ydata()) == {5.0}


def test_baseline_is_shaded_only_when_limits_are_frozen(build):
    frozen = build(
        [5, 6, 7, 5, 6, 9, 9, 9], centre=6.0, sigma=1.0, baseline=[True] * 5 + [False] * 3
    )
    fig = plot_chart(frozen)
    assert [p for p in fig.axes[0].patches if p.get_gid() == "baseline"]
    assert "baseline: 5 points to 5, extended" in fig._supxlabel.get_text()
    # a baseline frozen in the first phase shades that phase only
    two = build(
        [5, 6, 7, 5, 9, 9, 9, 8],
        centre=[6.0] * 5 + [8.5] * 3,
        sigma=1.0,
        baseline=[True] * 3 + [False] * 2 + [True] * 3,
        phase=["a"] * 5 + ["b"] * 3,
    )
    (span,) = [p for p in plot_chart(two).axes[0].patches if p.get_gid() == "baseline"]
    assert span.get_x() == 1 and span.get_width() == 2  # points 1 to 3
    whole = build([5, 6, 7, 5, 6], centre=6.0, sigma=1.0)
    assert not [p for p in plot_chart(whole).axes[0].patches if p.get_gid() == "baseline"]


def test_run_chart_draws_a_median_and_no_limits(build):
    r = build([3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8, 10], chart="run", centre=6.5, rules="ihi")
    fig = plot_chart(r)
    assert _lines(fig, "centre:1")
    assert not _lines(fig, "ucl") and not _lines(fig, "lcl")
    handles = fig.legends[0].get_texts()
    assert "Median" in [h.get_text() for h in handles]


def test_p_chart_axis_shows_percentages(build):
    r = build([0.5, 0.52, 0.49, 0.51], chart="p", centre=0.5, sigma=0.02)
    fig = plot_chart(r)
    fmt = fig.axes[0].yaxis.get_major_formatter()
    assert fmt(0.5, 0).startswith("50")
    assert fmt(0.5, 0).endswith("%")
    labels = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    assert labels["label:centre"] == "50.0%"
    assert labels["label:ucl"] == "56.0%"


def test_caption_names_chart_rules_baseline_and_phases(two_phase):
    cap = plot_chart(two_phase)._supxlabel.get_text()
    assert cap.startswith("I chart (individual values)")
    assert "Health Care Data Guide rules" in cap
    assert "limits from all points" in cap
    assert "2 phases" in cap
    assert "higher is better" in cap
    assert plot_chart(two_phase, caption=False)._supxlabel is None


def test_pdsa_cycles_are_marked_on_their_dates(two_phase):
    pdsa = pd.DataFrame(
        {
            "start": ["2023-10-01", "2024-01-15"],
            "end": ["2023-11-15", None],
            "title": ["Phone call within a week", "Key worker visits"],
            "decision": ["adapt", "ADOPT"],
            "cycle_id": ["A1", "A2"],
        }
    )
    fig = plot_chart(two_phase, pdsa=pdsa)
    (l1,) = _lines(fig, "pdsa:A1")
    assert pd.Timestamp(l1.get_xdata()[0]) == pd.Timestamp("2023-10-01")
    assert to_hex(l1.get_color()) == K.PDSA_COLOUR_ADAPT
    (l2,) = _lines(fig, "pdsa:A2")
    assert to_hex(l2.get_color()) == K.PDSA_COLOUR_ADOPT
    assert len(_lines(fig, "pdsa-span")) == 1  # only A1 has an end
    # issue 8: numbered markers above the plot, the titles in a key below the chart
    labels = [t.get_text() for t in fig.axes[0].texts if str(t.get_gid()).startswith("pdsa-label")]
    assert labels == ["1", "2"]
    below = fig._supxlabel.get_text().replace("\n", " ")
    assert below.startswith(
        "PDSA cycles: 1 Phone call within a week (Oct 2023, adapt); "
        "2 Key worker visits (Jan 2024, adopt)."
    )
    # a page numbers its cycles once across its charts: cycle_number (per change idea) is not used
    paged = plot_chart(
        two_phase, pdsa=pdsa.assign(cycle_number=[1, 1]), pdsa_numbers={"A2": 7, "A1": 8}
    )
    labels = [
        t.get_text() for t in paged.axes[0].texts if str(t.get_gid()).startswith("pdsa-label")
    ]
    assert labels == ["8", "7"]
    assert "7 Key worker visits" in paged._supxlabel.get_text()


def test_long_pdsa_titles_are_shortened_in_the_key(two_phase):
    pdsa = pd.DataFrame({"start": ["2023-10-01"], "title": ["x" * 200]})
    below = plot_chart(two_phase, pdsa=pdsa)._supxlabel.get_text()
    assert "x" * 59 + "…" in below.replace("\n", "") and "x" * 61 not in below.replace("\n", "")


def test_benchmarks_and_trajectory(two_phase, monthly):
    traj = pd.Series([6.0, 8.0, 10.0], index=monthly(3, "2024-01-01"))
    fig = plot_chart(two_phase, benchmarks={"England": 8.5, "Neighbours": 9.0}, trajectory=traj)
    assert [list(ln.get_ydata()) for ln in _lines(fig, "benchmark:")] == [[8.5, 8.5], [9.0, 9.0]]
    texts = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "benchmark-label"]
    assert texts == ["England 8.5", "Neighbours 9"]
    (tr,) = _lines(fig, "trajectory")
    np.testing.assert_array_equal(tr.get_ydata(), [6.0, 8.0, 10.0])
    df = pd.DataFrame({"label": ["England"], "value": [8.5]})
    assert len(_lines(plot_chart(two_phase, benchmarks=df), "benchmark:")) == 1


def test_small_multiples_one_panel_per_series(build):
    y = [5, 6, 7, 5, 6, 9, 2, 3, 2, 4, 3, 2]
    r = build(
        y,
        x=[1, 2, 3, 4, 5, 6] * 2,
        centre=[6.0] * 6 + [3.0] * 6,
        sigma=1.0,
        series=["North"] * 6 + ["South $x$"] * 6,
    )
    fig = plot_chart(r)
    visible = [a for a in fig.axes if a.get_visible()]
    assert len(visible) == 2
    assert [a.get_title(loc="left") for a in visible] == ["North", "South $x$"]
    for a, s in zip(visible, ["North", "South $x$"], strict=True):
        (c,) = [ln for ln in a.lines if ln.get_gid() == "centre:1"]
        np.testing.assert_array_equal(c.get_ydata(), r.data.loc[r.data["series"] == s, "centre"])


def test_draws_into_a_given_axes(two_phase):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    assert plot_chart(two_phase, ax=ax) is fig
    assert ax.get_title(loc="left") == "value"


def test_user_text_is_never_mathtext(build):
    r = build([1, 2, 3], centre=2.0, sigma=1.0, title="Cost in $ and $x^2$", phase=["$a$"] * 3)
    fig = plot_chart(r)
    fig.canvas.draw()  # would fail or render maths if parsed
    assert fig._suptitle.get_text() == "Cost in $ and $x^2$"
    assert fig._suptitle.get_parse_math() is False
    assert all(not t.get_parse_math() for t in fig.axes[0].texts if t.get_gid() == "phase-label")


def test_long_titles_wrap(build):
    r = build([1, 2, 3], centre=2.0, sigma=1.0, title="word " * 60)
    text = plot_chart(r)._suptitle.get_text()
    assert text.count("\n") == 1 and text.endswith("…")


@pytest.mark.parametrize(
    ("y", "message"),
    [
        ([], "No data to chart yet."),
        ([np.nan, np.nan, np.nan], "All values are missing: nothing to chart."),
        ([4.0], "Only one point: more points are needed before its variation can be judged."),
    ],
)
def test_empty_charts_say_why(build, y, message):
    r = build(y, centre=np.nan, chart="run", rules="ihi")
    fig = plot_chart(r)
    fig.canvas.draw()
    assert [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "message"] == [message]


def test_icons_drawn_when_asked(two_phase):
    fig = plot_chart(two_phase, icons=True)
    gids = {a.get_gid() for a in fig.axes[0].child_axes}
    # the latest point (11) is common cause; target 10 lies inside the last limits 8.0-15.0
    assert gids == {"icon:common_cause", "icon:hit_and_miss"}


# --- bad input ----------------------------------------------------------------------------
def test_pdsa_missing_columns(two_phase):
    with pytest.raises(ValidationError) as e:
        plot_chart(two_phase, pdsa=pd.DataFrame({"when": ["2024-01-01"]}))
    assert str(e.value) == (
        "'pdsa': missing column(s) start, title; found: when\n"
        "  fix: give each cycle a 'start' date and a 'title'"
    )


def test_pdsa_bad_dates_name_the_rows(two_phase):
    bad = pd.DataFrame({"start": ["2024-01-01", "soon", "2024-02-30"], "title": ["a", "b", "c"]})
    with pytest.raises(ValidationError) as e:
        plot_chart(two_phase, pdsa=bad)
    assert "column 'start' has values that are not dates: 'soon', '2024-02-30'" in str(e.value)
    assert e.value.rows == [1, 2]


def test_planned_pdsa_cycles_without_start_are_not_drawn(two_phase):
    pdsa = pd.DataFrame(
        {"start": ["2024-01-01", None], "title": ["ran", "planned"], "cycle_id": ["A1", "A2"]}
    )
    fig = plot_chart(two_phase, pdsa=pdsa)
    assert _lines(fig, "pdsa:A1") and not _lines(fig, "pdsa:A2")


def test_pdsa_not_a_frame(two_phase):
    with pytest.raises(ValidationError, match="expected a DataFrame of PDSA cycles, found list"):
        plot_chart(two_phase, pdsa=[1, 2])


def test_bad_benchmarks(two_phase):
    with pytest.raises(
        ValidationError, match="benchmark 'England' has value 'high', which is not a number"
    ):
        plot_chart(two_phase, benchmarks={"England": "high"})
    with pytest.raises(ValidationError, match="needs 'label' and 'value' columns; found: name"):
        plot_chart(two_phase, benchmarks=pd.DataFrame({"name": ["a"]}))
    with pytest.raises(ValidationError, match="expected a dict, a list of"):
        plot_chart(two_phase, benchmarks=3)


def test_bad_trajectory(two_phase):
    with pytest.raises(ValidationError, match="expected a Series indexed by x"):
        plot_chart(two_phase, trajectory=[1, 2])
    bad = pd.Series([1.0, None], index=pd.to_datetime(["2024-01-01", "2024-02-01"]))
    with pytest.raises(ValidationError) as e:
        plot_chart(two_phase, trajectory=bad)
    assert e.value.rows == [1]


def test_ax_with_several_series(build):
    from matplotlib.figure import Figure

    r = build([1, 2, 3, 4], centre=2.0, sigma=1.0, series=["a", "a", "b", "b"])
    with pytest.raises(ValidationError, match="'ax': a by= result with 2 series cannot be drawn"):
        plot_chart(r, ax=Figure().subplots())


def test_target_and_benchmarks_far_from_the_data_stay_in_view(build):
    r = build([5, 6, 7, 6], centre=6.0, sigma=1.0, target=30.0, improvement="up")
    fig = plot_chart(r, benchmarks={"England": -10.0})
    lo, hi = fig.axes[0].get_ylim()
    assert lo < -10.0 and hi > 30.0


def test_pdsa_markers_take_no_room_from_the_data(build):
    # issue 8: the y range fits data, limits and targets and nothing else (the PDSA markers sit
    # above the plot, no headroom is added)
    y = [5, 6, 7, 5, 6, 9, 2, 3, 2, 4, 3, 2]
    r = build(
        y,
        x=[1, 2, 3, 4, 5, 6] * 2,
        centre=[6.0] * 6 + [3.0] * 6,
        sigma=1.0,
        series=["North"] * 6 + ["South"] * 6,
    )
    plain = plot_chart(r).axes[0].get_ylim()
    with_pdsa = plot_chart(r, pdsa=pd.DataFrame({"start": [3], "title": ["t"]})).axes[0].get_ylim()
    assert with_pdsa == plain
    # the data and limits span 0 (lcl 6 - 3) ... 9 (the highest point, ucl 9): 6% margins
    assert plain == pytest.approx((0 - 0.54, 9 + 0.54))


def test_too_many_series_for_small_multiples(build):
    k = 25
    r = build(
        list(range(2 * k)),
        x=[1, 2] * k,
        centre=1.0,
        sigma=1.0,
        series=[f"s{i}" for i in range(k) for _ in range(2)],
    )
    assert len([a for a in plot_chart(r, series=["s3", "s7"]).axes if a.get_visible()]) == 2
    with pytest.raises(ValidationError) as e:
        plot_chart(r)
    assert str(e.value) == (
        "'result': a by= result with 25 series is too many to draw as small multiples (at most 24)\n"
        "  fix: pass series=[...] to draw some of them, or use qi.summary_table(...) for an overview"
    )


def test_series_selection(build):
    r = build(
        [5, 6, 7, 1, 2, 3],
        centre=[6.0] * 3 + [2.0] * 3,
        sigma=1.0,
        series=["North"] * 3 + ["South"] * 3,
    )
    fig = plot_chart(r, series="South")
    (c,) = _lines(fig, "centre:")
    assert list(c.get_ydata()) == [2.0, 2.0, 2.0]
    with pytest.raises(
        ValidationError, match="unknown series 'Sooth'; choose one of: North, South"
    ):
        plot_chart(r, series="Sooth")


def test_percent_axis_has_no_proportion_label(build):
    r = build([0.5, 0.52], chart="p", centre=0.5, sigma=0.02, unit="proportion")
    assert plot_chart(r).axes[0].get_ylabel() == ""
    r = build([5.0, 6.0], centre=5.5, sigma=1.0, unit="days")
    assert plot_chart(r).axes[0].get_ylabel() == "days"
