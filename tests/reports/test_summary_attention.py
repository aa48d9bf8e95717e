"""The summary's "needs attention" note beside a measure is inline text, not a boxed panel.

The example permanence project's connected-carers measure is a real improvement that is still
behind the trajectory its charter sets (the chart shows the points under the trajectory line),
so its line carries "(behind its trajectory)".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qi
from qi.reports import readings
from qi.reports.blocks.project import summary_block

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
pytestmark = pytest.mark.filterwarnings("ignore::qi.errors.QIWarning")


def test_the_attention_note_is_inline_text_in_the_measures_line():
    project = qi.load_project(EXAMPLES / "permanence")
    period = readings.report_period(project, None)
    html = summary_block(project, readings.read_measures(project, period.end), period)
    (item,) = [li for li in re.findall(r"<li>(.*?)</li>", html) if "behind its trajectory" in li]
    assert '<span class="qi-attention">(behind its trajectory)</span>' in item
    # qi-risk is a boxed panel (padding, border): inside a line of text it overlaps the line
    assert "qi-risk" not in item


def test_a_change_with_no_direction_set_is_not_listed_as_no_real_change():
    # The example's rate of children in care per 10,000 rises from about 36 to 44 over five
    # years, every point outside its limits (the chart's own words: "unusual variation"); its
    # charter sets no direction of improvement, so it is neither better nor worse, but it is
    # not "no real change" either
    project = qi.load_project(EXAMPLES / "permanence")
    period = readings.report_period(project, None)
    measures = readings.read_measures(project, period.end)
    rate = next(r for r in measures.values() if r.measure.name.startswith("Rate of children"))
    assert rate.verdict.state == "unstable" and rate.group == "changing"
    html = summary_block(project, measures, period)
    changing = html.index("<h3>Changing, neither better nor worse</h3>")
    steady = html.index("<h3>No real change yet</h3>")
    assert changing < html.index("Rate of children in care per 10,000") < steady


def test_the_portfolio_sentence_counts_measures_that_change_without_a_direction():
    from qi.reports.blocks.portfolio import portfolio_summary_block

    counts = {"better": 2, "attention": 1, "changing": 1, "steady": 3, "no_data": 0}
    assert (
        "Across 2 projects and 7 measures: 2 improving, 1 needing attention, 1 changing but "
        "neither better nor worse and 3 with no real change yet."
        in portfolio_summary_block(counts, 2)
    )
