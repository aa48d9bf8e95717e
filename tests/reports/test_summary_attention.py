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
