"""Rich display in Jupyter: a cycle as the worksheet, the score check, a fidelity report; user
text escaped; withdrawn notes kept out of the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qi.project.display import WORKSHEET, field_value
from qi.project.evidence import ScoreCheck
from qi.project.pdsa import FidelityCheck, FidelityReport
from qi.project.store import load_project


def test_cycle_html_is_the_worksheet_with_escaped_text(project_dir: Path) -> None:
    p = load_project(project_dir)
    p.update_cycle("triage-001", **{"study.learning": "<script>alert(1)</script>"})
    p.add_note("triage-001", "Typo & <b>bold</b>", "Bo", date=dt.date(2020, 2, 1))
    p.withdraw_note("triage-001", 1, reason="wrong", by="Ann")
    html = p.cycle("triage-001")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [html.index(f"<h4>{s}</h4>") for s, _ in WORKSHEET] == sorted(
        html.index(f"<h4>{s}</h4>") for s, _ in WORKSHEET
    )  # Plan, Do, Study, Act in order
    for _, fields in WORKSHEET:
        for _, label in fields:
            assert label in html
    assert "Typo &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "First note" not in html  # withdrawn: in the file, not on the page


def test_worksheet_names_only_real_fields(project_dir: Path) -> None:
    cycle = load_project(project_dir).cycle("triage-001")
    for _, fields in WORKSHEET:
        for dotted, _ in fields:
            section, name = dotted.split(".")
            assert name in type(getattr(cycle, section)).model_fields
    assert field_value(cycle, "plan.predictions") == ["It will work"]


def test_score_check_html_flags_a_score_above_the_evidence() -> None:
    check = ScoreCheck(current=6, supported=4, reasons=["a <b>reason</b>"], above_evidence=True)
    html = check._repr_html_()
    assert "<b>Recorded score:</b> 6" in html and "<b>the evidence supports:</b> 4" in html
    assert "above what the evidence supports" in html and "a &lt;b&gt;reason&lt;/b&gt;" in html
    calm = ScoreCheck(current=None, supported=1, reasons=[])._repr_html_()
    assert "not scored yet" in calm and "above what" not in calm


def test_fidelity_html_counts_met_and_due() -> None:
    report = FidelityReport(
        "triage-001",
        "cycle",
        [
            FidelityCheck("prediction", True, "stated"),
            FidelityCheck("iterative", False, "first"),
            FidelityCheck("study against prediction", None, "not yet"),
        ],
    )
    html = report._repr_html_()
    assert "<b>cycle triage-001:</b> 1 of 2 features met" in html
    assert "<td>not met</td>" in html and "<td>not yet due or cannot tell</td>" in html


def test_summary_html_is_public() -> None:
    import qi
    from qi.present.html import summary_html

    assert qi.summary_html is summary_html and "summary_html" in qi.__all__
