"""PDSA timeline: structure and bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from qi import constants as K
from qi.errors import ValidationError
from qi.present.timeline import PDSA_FRAME_COLUMNS, pdsa_timeline


@pytest.fixture
def cycles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cycle_id": ["a1", "a2", "b1"],
            "change_idea": ["Phone calls", "Phone calls", "Visits $x$"],
            "cycle_number": [1, 2, 1],
            "title": ["t1", "t2", "t3"],
            "start": ["2024-01-01", "2024-02-01", "2024-01-15"],
            "end": ["2024-01-20", None, "2024-03-01"],
            "scale": ["1 carer", "5 carers", None],
            "status": ["done", "running", "done"],
            "decision": ["Adapt", None, "abandon"],
            "previous": [None, "a1", None],
            "measures": [[], [], []],
        }
    )


def test_rows_per_change_idea_bars_and_colours(cycles):
    fig = pdsa_timeline(cycles)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Phone calls", "Visits $x$"]
    bars = {p.get_gid(): p for p in ax.patches if str(p.get_gid()).startswith("cycle:")}
    assert set(bars) == {"cycle:a1", "cycle:b1"}  # a2 has no end: a diamond
    assert to_hex(bars["cycle:a1"].get_facecolor()) == K.PDSA_COLOUR_ADAPT
    assert to_hex(bars["cycle:b1"].get_facecolor()) == K.PDSA_COLOUR_ABANDON
    (diamond,) = [ln for ln in ax.lines if ln.get_gid() == "cycle:a2"]
    assert to_hex(diamond.get_color()) == K.PDSA_COLOUR_UNDECIDED
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["cycle-label:a1"] == "#1 · 1 carer"


def test_ramp_arrows_follow_previous(cycles):
    fig = pdsa_timeline(cycles)
    arrows = [t.get_gid() for t in fig.axes[0].texts if str(t.get_gid()).startswith("ramp:")]
    assert arrows == ["ramp:a1->a2"]


def test_user_text_is_not_mathtext(cycles):
    fig = pdsa_timeline(cycles, title="$x$ <b>")
    fig.canvas.draw()
    assert fig._suptitle.get_text() == "$x$ <b>"
    assert not any(t.get_parse_math() for t in fig.axes[0].get_yticklabels())


def test_empty_frame_says_so():
    fig = pdsa_timeline(pd.DataFrame(columns=list(PDSA_FRAME_COLUMNS)))
    assert [t.get_text() for t in fig.axes[0].texts] == ["No PDSA cycles with a start date yet."]


def test_planned_cycles_without_start_are_left_out_and_counted(cycles):
    fig = pdsa_timeline(cycles.assign(start=[None, "2024-02-01", "2024-01-15"]))
    gids = {p.get_gid() for p in fig.axes[0].patches} | {ln.get_gid() for ln in fig.axes[0].lines}
    assert "cycle:a1" not in gids and "cycle:b1" in gids
    assert fig._supxlabel.get_text() == "1 planned cycle without a start date not shown."


def test_missing_columns():
    with pytest.raises(ValidationError) as e:
        pdsa_timeline(pd.DataFrame({"cycle_id": ["a"]}))
    assert str(e.value) == (
        "'pdsa_frame': missing column(s) change_idea, start; found: cycle_id\n"
        "  fix: the frame needs at least cycle_id, change_idea, start"
    )


def test_bad_dates_and_order(cycles):
    bad = cycles.assign(start=["2024-01-01", "next week", "2024-01-15"])
    with pytest.raises(
        ValidationError, match="column 'start' has values that are not dates: 'next week'"
    ) as e:
        pdsa_timeline(bad)
    assert e.value.rows == [1]
    backwards = cycles.assign(end=["2023-12-01", None, "2024-03-01"])
    with pytest.raises(ValidationError, match="some cycles end before they start") as e:
        pdsa_timeline(backwards)
    assert e.value.rows == ["a1"]


def test_not_a_frame():
    with pytest.raises(ValidationError, match="expected a DataFrame of PDSA cycles, found dict"):
        pdsa_timeline({"cycle_id": []})


def test_labels_are_cut_to_the_room_before_the_next_cycle():
    frame = pd.DataFrame(
        {
            "cycle_id": ["a", "b", "c"],
            "change_idea": ["idea"] * 3,
            "cycle_number": [1, 2, 3],
            "start": ["2024-01-01", "2024-01-03", "2024-06-01"],
            "end": [None, None, "2024-06-30"],
            "scale": ["a very long description of the scale of the test"] * 3,
        }
    )
    labels = {t.get_gid(): t.get_text() for t in pdsa_timeline(frame).axes[0].texts}
    assert len(labels["cycle-label:a"]) <= 6 and labels["cycle-label:a"].endswith("…")
    assert len(labels["cycle-label:c"]) > len(labels["cycle-label:a"])
