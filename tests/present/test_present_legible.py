"""Legible charts (issue 8): nothing overprinted, nothing cut at the figure's edge, numbers and
periods written by unit and period type, lower limits of non-negative measures at zero.

Overlap is checked on the rendered figure: the window extents of the texts after drawing.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

import numpy as np
import pandas as pd
import pytest

import qi
from qi.present.marks import number_cycles, pdsa_key, pdsa_marks, pdsa_rows
from qi.present.plot import plot_chart, spread
from qi.present.timeline import pdsa_timeline

MONTHS = pd.date_range("2019-01-01", periods=30, freq="MS")


def _renderer(fig):
    """Draw ``fig`` with the Agg canvas (as savefig to PNG does) and return its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _extents(fig, prefixes):
    renderer = _renderer(fig)
    out = []
    for a in fig.axes:
        for t in a.texts:
            gid = str(t.get_gid() or "")
            if t.get_visible() and t.get_text().strip() and gid.startswith(prefixes):
                out.append((gid, t.get_window_extent(renderer)))
    return out


def _assert_apart_and_inside(fig, boxes):
    for (g1, b1), (g2, b2) in itertools.combinations(boxes, 2):
        assert not b1.overlaps(b2), f"{g1} overlaps {g2}"
    w, h = fig.bbox.width, fig.bbox.height
    for g, b in boxes:
        assert b.x0 >= 0 and b.y0 >= 0 and b.x1 <= w and b.y1 <= h, (
            f"{g} is cut at the figure's edge"
        )


def _crowded():
    """Centre, limits, target and two benchmarks within a few units of each other."""
    rng = np.random.default_rng(3)
    y = 50 + rng.normal(0, 0.4, len(MONTHS))
    df = pd.DataFrame({"m": MONTHS, "v": y})
    return qi.chart(
        df,
        y="v",
        x="m",
        chart="i",
        target=50.3,
        improvement="up",
        unit="days",
        title="A long measure title " * 6,
        definition="What is counted, in words, " * 8,
    )


def test_right_labels_never_overlap_nor_leave_the_figure():
    r = _crowded()
    fig = plot_chart(
        r, benchmarks={"England": 50.1, "Neighbours": 49.9, "Region": 50.2}, icons=True
    )
    boxes = _extents(fig, ("label:", "benchmark-label"))
    assert {g for g, _ in boxes} >= {
        "label:ucl",
        "label:centre",
        "label:lcl",
        "label:target",
        "benchmark-label",
    }
    assert len(boxes) == 7
    _assert_apart_and_inside(fig, boxes)


def test_right_labels_apart_in_small_multiples_and_a_given_axes():
    from matplotlib.figure import Figure

    r = _crowded()
    ax = Figure(figsize=(5, 3.2), layout="constrained").subplots()
    fig = plot_chart(r, ax=ax, benchmarks={"England": 50.1})
    _assert_apart_and_inside(fig, _extents(fig, ("label:", "benchmark-label")))
    rng = np.random.default_rng(5)
    df = pd.DataFrame(
        {
            "m": np.tile(MONTHS, 3),
            "area": np.repeat(["North", "South", "East"], len(MONTHS)),
            "v": 50 + rng.normal(0, 0.4, 3 * len(MONTHS)),
        }
    )
    panels = plot_chart(
        qi.chart(df, y="v", x="m", by="area", chart="i", target=50.2), benchmarks={"England": 50.1}
    )
    boxes = _extents(panels, ("label:", "benchmark-label"))
    assert len(boxes) == 3 * 5
    for k in range(3):  # each panel's own labels are apart (panels do not share labels)
        _assert_apart_and_inside(panels, boxes[5 * k : 5 * k + 5])


def test_pdsa_markers_on_the_same_days_never_overprint():
    rng = np.random.default_rng(3)
    phase = (
        ["Before the changes"] * 14
        + ["A one-month pilot of everything"]
        + ["After the new model"] * 15
    )
    df = pd.DataFrame({"m": MONTHS, "v": 50 + rng.normal(0, 0.4, len(MONTHS)), "ph": phase})
    r = qi.chart(df, y="v", x="m", chart="i", phases="ph", target=50.3, unit="days")
    starts = ["2020-03-01", "2020-03-02", "2020-03-03", "2020-03-20", "2020-04-01", "2019-01-01"]
    pdsa = pd.DataFrame(
        {
            "start": starts,
            "end": ["2020-05-01", None, None, "2020-03-25", None, None],
            "title": [f"Cycle {i}" for i in range(6)],
            "cycle_id": [f"c{i}" for i in range(6)],
            "decision": ["adopt", "adapt", "abandon", None, "adopt", "adapt"],
            "change_idea": ["a", "a", "b", "b", "c", "c"],
        }
    )
    with pd.option_context("mode.chained_assignment", None):
        fig = plot_chart(r, pdsa=pdsa, icons=True)
    boxes = _extents(fig, ("pdsa-label", "phase-label", "label:", "benchmark-label"))
    assert len([g for g, _ in boxes if g == "phase-label"]) == 3
    assert sorted(
        fig.axes[0].texts[i].get_text()
        for i, t in enumerate(fig.axes[0].texts)
        if str(t.get_gid()).startswith("pdsa-label")
    ) == ["1", "2", "3", "4", "5", "6"]
    _assert_apart_and_inside(fig, boxes)


@pytest.mark.parametrize(
    "heading",
    [
        "A long measure title " * 6,
        # one line of 72 characters: fits the figure's width, not the room left of the legend
        "Number of pre-placement kinship assessments where child was not placed",
    ],
)
def test_titles_wrap_and_never_run_into_the_legend_or_icons(heading):
    r = _crowded()
    r = dataclasses.replace(r, options=dataclasses.replace(r.options, title=heading))
    pdsa = pd.DataFrame({"start": ["2020-03-01", "2020-03-02"], "title": ["a", "b"]})
    fig = plot_chart(r, pdsa=pdsa, icons=True)
    renderer = _renderer(fig)
    title = fig._suptitle.get_window_extent(renderer)
    legend = fig.legends[0].get_window_extent(renderer)
    definition = fig.axes[0].title.get_window_extent(renderer)
    icons = [c.get_window_extent(renderer) for c in fig.axes[0].child_axes]
    markers = [b for _, b in _extents(fig, ("pdsa-label",))]
    assert "\n" in fig._suptitle.get_text()  # wrapped
    shown = " ".join(fig._suptitle.get_text().split())
    # all of it, or (at most two lines) as much as fits, cut with an ellipsis
    assert shown == " ".join(heading.split()) or (
        shown.endswith("…") and heading.startswith(shown[:-1])
    )
    assert fig._suptitle.get_text().count("\n") <= 1
    assert not title.overlaps(legend)
    assert icons and markers
    for box in [title, *icons, *markers]:
        assert not definition.overlaps(box)
    for a, b in itertools.combinations([title, legend, *icons, *markers], 2):
        assert not a.overlaps(b)
    for box in [title, legend, definition, *icons]:
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


def test_baseline_is_named_in_the_legend_not_printed_over_points():
    df = pd.DataFrame(
        {"m": MONTHS, "v": np.r_[np.full(15, 5.0), np.full(15, 6.0)] + np.tile([0, 1, -1], 10)}
    )
    fig = plot_chart(qi.chart(df, y="v", x="m", chart="i", baseline=12))
    assert [p for p in fig.axes[0].patches if p.get_gid() == "baseline"]
    assert not [t for t in fig.axes[0].texts if "aseline" in t.get_text()]
    assert "Baseline (limits from these points)" in [
        t.get_text() for t in fig.legends[0].get_texts()
    ]


# --- numbers on the axes ---------------------------------------------------------------------
def _ticks(fig, axis="y"):
    fig.draw_without_rendering()
    ax = fig.axes[0]
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels if t.get_text()]


def test_count_axis_has_whole_ticks_and_starts_at_zero():
    # I chart of a count around 2 (lcl computed -1.14: tests/present/test_present_numbers.py)
    df = pd.DataFrame({"week": range(1, 13), "falls": [2, 1, 3, 2, 2, 1, 4, 2, 2, 3, 1, 1]})
    r = qi.chart(df, y="falls", x="week", chart="i", unit="count")
    fig = plot_chart(r)
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0.0
    (lcl,) = [ln for ln in ax.lines if ln.get_gid() == "lcl:1"]
    assert set(lcl.get_ydata()) == {0.0}  # drawn at zero, the frame keeps -1.14
    assert float(r.data["lcl"].iloc[0]) < 0
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["label:lcl"] == "0"
    ticks = _ticks(fig)
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks


def test_money_axis_in_pounds_with_separators():
    df = pd.DataFrame(
        {
            "m": MONTHS[:12],
            "v": [
                98000,
                105000,
                101000,
                99500,
                104000,
                102500,
                100000,
                103000,
                97000,
                106000,
                101500,
                99000,
            ],
        }
    )
    fig = plot_chart(qi.chart(df, y="v", x="m", chart="i", unit="cost"))
    ticks = _ticks(fig)
    assert ticks and all(re.fullmatch(r"£\d{1,3}(,\d{3})+", t) for t in ticks), ticks


def test_percentage_axis_and_target_in_per_cent():
    # a percentage measure with denominators: charted as a p chart of proportions, target 70
    p = qi.load_project("data/examples/kinship")
    r = p.chart("lac_placed_with_kin")
    fig = plot_chart(r)
    ticks = _ticks(fig)
    assert ticks and all(t.endswith("%") for t in ticks)
    assert max(float(t.rstrip("%")) for t in ticks) <= 100
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "proportion" not in texts.lower()
    if r.options.target is not None:
        assert f"Target {r.options.target * 100:g}%" in texts


@pytest.mark.parametrize(
    ("freq", "n", "pattern"),
    [
        ("MS", 30, r"[A-Z][a-z]{2} \d{4}"),  # Mar 2021
        ("QS", 12, r"[A-Z][a-z]{2}–[A-Z][a-z]{2} \d{4}"),  # Jan–Mar 2021
        ("12MS", 5, r"\d{4}/\d{2}"),  # 2020/21
        ("7D", 20, r"\d{1,2} [A-Z][a-z]{2} \d{4}"),  # 5 Mar 2021
    ],
)
def test_every_date_tick_has_its_year(freq, n, pattern):
    start = "2016-04-01" if freq == "12MS" else ("2016-01-01" if freq == "QS" else "2019-01-07")
    df = pd.DataFrame(
        {"x": pd.date_range(start, periods=n, freq=freq), "v": np.arange(n) % 5 + 10.0}
    )
    fig = plot_chart(qi.chart(df, y="v", x="x", chart="run"))
    ticks = _ticks(fig, "x")
    assert len(ticks) >= 2 and all(re.fullmatch(pattern, t) for t in ticks), ticks
    # and they do not touch one another
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_timeline_ticks_have_years_and_names_not_ids():
    frame = pd.DataFrame(
        {
            "cycle_id": ["a-001", "a-002", "b-001"],
            "change_idea": ["a", "a", "b"],
            "start": ["2019-08-01", "2019-09-10", "2019-10-01"],
            "end": ["2019-09-01", "2019-10-01", None],
        }
    )
    fig = pdsa_timeline(frame, names={"a": "Assessment process"})
    assert all(re.search(r"\d{4}", t) for t in _ticks(fig, "x"))
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Assessment process", "b"]
    # the page's numbers, the same as on its charts
    numbered = pdsa_timeline(frame, numbers=number_cycles(frame))
    labels = {t.get_gid(): t.get_text() for t in numbered.axes[0].texts}
    assert [labels[f"cycle-label:{c}"] for c in ("a-001", "a-002", "b-001")] == ["1", "2", "3"]


# --- PDSA numbers and key ------------------------------------------------------------------------
def test_a_page_numbers_its_cycles_once_in_start_order():
    one = pd.DataFrame({"cycle_id": ["x-001", "y-001"], "start": ["2020-02-01", "2020-01-01"]})
    two = pd.DataFrame({"cycle_id": ["y-001", "z-001"], "start": ["2020-01-01", "2020-03-01"]})
    assert number_cycles(one, two) == {"y-001": 1, "x-001": 2, "z-001": 3}


def test_pdsa_key_lists_the_drawn_cycles_in_number_order():
    frame = pd.DataFrame(
        {
            "start": ["2020-02-01", "2020-01-01", None],
            "title": ["B", "A", "planned"],
            "cycle_id": ["b", "a", "p"],
            "decision": ["adopt", None, None],
        }
    )
    key = pdsa_key(pdsa_marks(frame, "date"), {"b": 4})
    assert key[["number", "cycle_id", "title", "decision"]].values.tolist() == [
        [4, "b", "B", "adopt"],
        [5, "a", "A", "undecided"],
    ]


def test_pdsa_rows_separate_markers_closer_than_their_size():
    # markers 11 pt wide with 3 pt between: at 0, 5, 30 pt the first two need two rows; a bar
    # from 30 to 80 pt keeps the row until 80
    assert pdsa_rows([0, 5, 30, 60, 100], [0, 5, 80, 60, 100]) == [0, 1, 0, 1, 0]


def test_spread_moves_labels_apart_within_bounds():
    moved = spread([50, 51, 52, 10], gap=10, low=0, high=100)
    assert moved == [50, 60, 70, 10]  # pushed up from the lowest of the three; the lone one stays
    top = spread([99, 100, 100], gap=10, low=0, high=100)
    assert max(top) == 100 and min(top) == 80


def test_pdsa_key_on_a_numeric_x_names_the_x_values():
    d = pd.DataFrame({"k": range(1, 21), "v": np.tile([9.0, 10.0, 11.0, 10.0], 5)})
    r = qi.chart(d, y="v", x="k", chart="i")
    fig = plot_chart(r, pdsa=pd.DataFrame({"start": [5, 12], "title": ["x", "y"]}))
    assert fig._supxlabel.get_text().startswith(
        "PDSA cycles: 1 x (5, no decision yet); 2 y (12, no decision yet)."
    )


def test_a_chart_prints_at_the_a4_text_width_with_no_text_under_8_pt():
    # page.css prints A4 with 14 mm side margins: (210 - 28) / 25.4 = 7.17 in of text width. A
    # chart drawn that wide prints at 100%, so its sizes in points are the printed sizes; the
    # phase names are bold at 7.5 pt, the PDSA numbers white on a coloured disc (6.5 pt)
    df = pd.DataFrame(
        {"m": MONTHS, "v": np.r_[np.full(15, 50.0), np.full(15, 56.0)] + np.tile([0, 1, -1], 10)}
    )
    df["ph"] = ["Before"] * 15 + ["After"] * 15
    fig = plot_chart(qi.chart(df, y="v", x="m", chart="i", phases="ph", target=57))
    assert fig.get_size_inches()[0] == pytest.approx(182 / 25.4)
    _renderer(fig)
    ax = fig.axes[0]
    texts = [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels(), *fig.texts]
    legend = ax.get_legend() or fig.legends[0]
    texts += list(legend.get_texts())
    sizes = {
        t.get_text(): t.get_fontsize()
        for t in texts
        if t.get_text().strip() and not str(t.get_gid()).startswith("phase-label")
    }
    assert sizes and min(sizes.values()) >= 8.0, sizes
    phase = [t.get_fontsize() for t in ax.texts if str(t.get_gid()).startswith("phase-label")]
    assert phase == [7.5, 7.5]
