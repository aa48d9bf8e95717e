"""The report sections read the fidelity report and the score check as data (issue 13: "blocks
split FidelityReport.text() back into lines"): with the text renderers broken, every section
that shows them is drawn the same, from the records' fields."""

from __future__ import annotations

import pandas as pd
import pytest

from qi.project.evidence import ScoreCheck
from qi.project.pdsa import FidelityReport
from qi.reports import blocks


def _refuse(self: object) -> str:
    raise AssertionError(f"a report section rendered {type(self).__name__} as text")


def test_fidelity_and_score_sections_never_use_the_text_renderers(
    real_project, monkeypatch: pytest.MonkeyPatch
) -> None:
    end = pd.Timestamp("2020-12-31")
    before = (blocks.fidelity_block(real_project, "rota"), blocks.score_block(real_project, end))
    for cls in (FidelityReport, ScoreCheck):
        monkeypatch.setattr(cls, "text", _refuse)
        monkeypatch.setattr(cls, "__str__", _refuse)
    after = (blocks.fidelity_block(real_project, "rota"), blocks.score_block(real_project, end))
    assert after == before
    report = real_project.fidelity(change_idea="rota")
    # the head counts the checks themselves: met of due, as FidelityReport's fields say
    assert f"{report.met} of {report.due} features met" in after[0]
    assert all(c.feature in after[0] for c in report.checks)
    check = real_project.evidence_check()
    assert f"{check.supported:g}" in after[1]
