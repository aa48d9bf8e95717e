"""MDC variation and assurance icons: every state, computed as NHSRplotthedots 0.2.2 does
(docs/method/icons.md; NHSRplotthedots ptd_get_icons()), from unrounded values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qi.charts.schema import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEUTRAL
from qi.errors import ValidationError
from qi.present.icons import (
    ASSURANCE_STATES,
    SUMMARY_COLUMNS,
    VARIATION_STATES,
    assurance_state,
    draw_icon,
    icon_states,
    icon_svg,
    summary_table,
    variation_state,
)


# --- variation: the table of §8 -----------------------------------------------------------
@pytest.mark.parametrize(
    ("signal_type", "direction", "improvement", "expected"),
    [
        (COMMON_CAUSE, 0, "up", "common_cause"),
        (COMMON_CAUSE, 0, "down", "common_cause"),
        (COMMON_CAUSE, 0, None, "common_cause"),
        (IMPROVEMENT, 1, "up", "improvement_high"),
        (IMPROVEMENT, -1, "down", "improvement_low"),
        (CONCERN, -1, "up", "concern_low"),
        (CONCERN, 1, "down", "concern_high"),
        (NEUTRAL, 1, None, "neutral_high"),
        (NEUTRAL, -1, None, "neutral_low"),
    ],
)
def test_variation_state_table(signal_type, direction, improvement, expected):
    assert variation_state(signal_type, direction, improvement, 5.0, 4.0) == expected


def test_neutral_without_direction_uses_the_side_of_the_centre():
    assert variation_state(NEUTRAL, 0, None, 3.0, 4.0) == "neutral_low"
    assert variation_state(NEUTRAL, 0, None, 5.0, 4.0) == "neutral_high"


def test_every_variation_state_is_reachable():
    cases = [
        (COMMON_CAUSE, 0, "up"),
        (IMPROVEMENT, 1, "up"),
        (IMPROVEMENT, -1, "down"),
        (CONCERN, 1, "down"),
        (CONCERN, -1, "up"),
        (NEUTRAL, 1, None),
        (NEUTRAL, -1, None),
    ]
    assert {variation_state(t, d, i, 1.0, 0.0) for t, d, i in cases} == set(VARIATION_STATES)


# --- assurance: §5 ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "improvement", "expected"),
    [
        (20.0, "up", "fail"),  # target above the upper limit: never reached
        (2.0, "up", "pass"),  # target below the lower limit: always met
        (10.0, "up", "hit_and_miss"),
        (15.0, "up", "hit_and_miss"),  # exactly on the limit: strict comparison
        (3.0, "up", "hit_and_miss"),
        (20.0, "down", "pass"),
        (2.0, "down", "fail"),
        (10.0, "down", "hit_and_miss"),
    ],
)
def test_assurance_state(target, improvement, expected):
    assert assurance_state(target, 3.0, 15.0, improvement) == expected


def test_no_assurance_without_target_direction_or_limits():
    assert assurance_state(None, 3.0, 15.0, "up") is None
    assert assurance_state(10.0, 3.0, 15.0, None) is None
    assert assurance_state(10.0, math.nan, math.nan, "up") is None
    assert set(ASSURANCE_STATES) == {"pass", "fail", "hit_and_miss"}


def test_assurance_uses_unrounded_limits(build):
    """The publicview.health case: a limit shown as 15.0 is 14.96; a target of 14.97 is above
    it, so the process fails the target although the rounded figures look equal."""
    r = build(
        [10, 11, 9, 10],
        centre=10.0,
        lcl=[5.04] * 4,
        ucl=[14.96] * 4,
        sigma=1.6533,
        improvement="up",
        target=14.97,
    )
    assert icon_states(r)["assurance"].tolist() == ["fail"]


# --- from a result ------------------------------------------------------------------------
def test_variation_comes_from_the_latest_point_only(build):
    """An earlier point outside the limits does not colour the icon (NHSRplotthedots
    `outside_single_mid` gives common_cause)."""
    r = build([5, 6, 12, 5, 6], centre=6.0, sigma=1.0, flags={"outside": [2]}, improvement="up")
    s = icon_states(r).iloc[0]
    assert s["variation"] == "common_cause"
    assert s["latest_value"] == 6.0


def test_latest_special_cause(build):
    r = build([5, 6, 5, 6, 12], centre=6.0, sigma=1.0, flags={"outside": [4]}, improvement="down")
    assert icon_states(r)["variation"].tolist() == ["concern_high"]


def test_missing_latest_value_is_common_cause(build):
    r = build([5, 6, 12, np.nan], centre=6.0, sigma=1.0, flags={"outside": [2]}, improvement="up")
    assert icon_states(r)["variation"].tolist() == ["common_cause"]


def test_assurance_uses_the_latest_phase(build):
    """Target 8 is above phase 1's upper limit (7.5) but inside phase 2's (4.5-10.5)."""
    r = build(
        [5, 6, 5, 8, 7, 8],
        centre=[6.0] * 3 + [7.5] * 3,
        sigma=[0.5] * 3 + [1.0] * 3,
        phase=["a"] * 3 + ["b"] * 3,
        improvement="up",
        target=8.0,
    )
    assert icon_states(r)["assurance"].tolist() == ["hit_and_miss"]
    early = build([5, 6, 5], centre=6.0, sigma=0.5, improvement="up", target=8.0)
    assert icon_states(early)["assurance"].tolist() == ["fail"]


def test_run_chart_has_no_assurance(build):
    r = build([5, 6, 5, 8], chart="run", centre=5.5, rules="ihi", improvement="up", target=6.0)
    assert icon_states(r)["assurance"].tolist() == [None]


def test_one_row_per_series(build):
    r = build(
        [5, 6, 12, 1, 2, 3],
        centre=[6.0] * 3 + [2.0] * 3,
        sigma=1.0,
        series=["North"] * 3 + ["South"] * 3,
        flags={"outside": [2]},
        improvement="up",
    )
    s = icon_states(r)
    assert s["series"].tolist() == ["North", "South"]
    assert s["variation"].tolist() == ["improvement_high", "common_cause"]


# --- summary table ------------------------------------------------------------------------
def test_summary_table_from_a_dict_and_a_list(build):
    a = build([5, 6, 7], centre=6.0, sigma=1.0, improvement="up", target=2.0, title="Visits")
    b = build([0.4, 0.5], chart="p", centre=0.45, sigma=0.05, title="Visits")
    t = summary_table({"Home visits": a, "Reviews": b})
    assert list(t.columns) == list(SUMMARY_COLUMNS)
    assert t["measure"].tolist() == ["Home visits", "Reviews"]
    assert t["assurance"].tolist() == ["pass", None]  # target 2 < lower limit 6 - 3 = 3
    assert t["latest_value"].tolist() == [7.0, 0.5]
    assert t["chart"].tolist() == ["i", "p"]
    named = summary_table([a, b])
    assert named["measure"].tolist() == ["Visits", "Visits (2)"]


def test_summary_table_rejects_other_objects():
    with pytest.raises(ValidationError) as e:
        summary_table({"x": pd.DataFrame()})
    assert str(e.value) == (
        "'results': item x is a DataFrame, not a ChartResult\n"
        "  fix: pass the results of qi.chart(...), as a dict {name: result} or a list"
    )
    assert summary_table([]).columns.tolist() == list(SUMMARY_COLUMNS)


# --- drawings -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "colour", "letter"),
    [
        ("improvement_high", "#00b0f0", "H"),
        ("improvement_low", "#00b0f0", "L"),
        ("concern_high", "#e46c0a", "H"),
        ("concern_low", "#e46c0a", "L"),
        ("pass", "#00b0f0", "P"),
        ("fail", "#e46c0a", "F"),
        ("hit_and_miss", "#a6a6a6", "?"),
    ],
)
def test_svg_letters_and_colours(state, colour, letter):
    svg = icon_svg(state)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert f'stroke="{colour}"' in svg
    assert f">{letter}</text>" in svg


def test_svg_neutral_and_common_cause():
    up, down = icon_svg("neutral_high"), icon_svg("neutral_low")
    assert "<polygon" in up and 'stroke="#490092"' in up and up != down
    common = icon_svg("common_cause")
    assert common.count('fill="#a6a6a6"') == 5 and "<text" not in common


def test_svg_title_is_escaped():
    svg = icon_svg("pass", title='<script>alert("x")</script>')
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg


def test_unknown_state():
    with pytest.raises(
        ValidationError, match="unknown icon state 'passed'; choose one of: common_cause"
    ):
        icon_svg("passed")


@pytest.mark.parametrize("state", [*VARIATION_STATES, *ASSURANCE_STATES])
def test_draw_icon_in_matplotlib(state):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    ax = draw_icon(fig.add_axes((0, 0, 1, 1)), state)
    fig.canvas.draw()
    assert ax.get_gid() == f"icon:{state}"
    assert len(ax.patches) >= 1


@pytest.mark.parametrize("state", [*VARIATION_STATES, *ASSURANCE_STATES])
def test_svg_is_well_formed_xml(state):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(icon_svg(state, title="a & <b>"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "a & <b>"


def test_no_assurance_when_the_latest_point_has_no_limits(build):
    """NHSRplotthedots says "inconsistent" here; qi makes no claim (see the module notes)."""
    r = build(
        [5, 6, 7],
        centre=6.0,
        lcl=[3.0, 3.0, np.nan],
        ucl=[9.0, 9.0, np.nan],
        sigma=1.0,
        improvement="up",
        target=2.0,
    )
    assert icon_states(r)["assurance"].tolist() == [None]
