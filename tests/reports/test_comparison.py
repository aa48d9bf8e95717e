"""Issue 12 item 5: a measure's comparison table becomes a funnel plot on the project page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qi
from qi.errors import QIError
from qi.reports.blocks import comparison_block, comparison_sentence
from qi.reports.readings import read_measure

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def test_permanence_rate_against_its_neighbours():
    project = qi.load_project(EXAMPLES / "permanence")
    reading = read_measure(project, "cic_rate", None)
    data = reading.funnel.data.set_index("unit")
    # pooled rate: the charter's table sums to 7,587 children in care out of 1,613,000
    # children, 47.04 per 10,000 (Spiegelhalter 2005: the target pooled from the units)
    assert data["target"].iloc[0] == pytest.approx(7587 / 1613000 * 10000)
    assert data.loc["Leicestershire", "value"] == pytest.approx(552 / 138000 * 10000)  # 40.0
    # the units vary more than Poisson allows, so the limits carry the additive
    # (DerSimonian-Laird) overdispersion the charter asks for: 40 is beyond the 95% limits only
    assert reading.funnel.tau2 > 0
    assert not bool(data.loc["Leicestershire", "outside"]) and bool(
        data.loc["Leicestershire", "outside_95"]
    )
    text = comparison_sentence(reading)
    assert text == (
        "In 2017/18, Leicestershire (40 per 10,000 children) is lower than the pooled rate "
        "of Leicestershire and its neighbours (47 per 10,000 children), near the edge of "
        "what chance would explain (beyond the 95% limits only); none of the 10 other "
        "units is outside the limits."
    )
    html = comparison_block(reading)
    assert "How we compare" in html and "data:image/svg+xml;base64," in html


def test_a_comparison_needs_two_units(tmp_path):
    root = tmp_path / "permanence"
    shutil.copytree(EXAMPLES / "permanence", root)
    charter = root / "charter.yaml"
    text = charter.read_text(encoding="utf-8")
    start = text.index("        - {unit: Neighbour A")
    end = text.index("        - {unit: Neighbour J", start)
    end = text.index("\n", end) + 1
    charter.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(QIError, match="comparison.units"):
        qi.load_project(root)
