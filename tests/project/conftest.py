"""Fixtures for the project tests: a small project folder written from text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "data" / "examples"

CHARTER = """\
# Demo charter: this comment must survive every write qi makes.
id: demo
title: Demo project
lead: A Lead
team:
  - name: A Lead
aim:
  statement: Improve visits   # inline comment
measures:
  - id: visits
    name: Visits
    type: process
    unit: count
    improvement: up
  - id: share
    name: Share seen
    type: outcome
    unit: percentage
    improvement: up
    target: {value: 50, date: 2020-12}
change_ideas:
  - id: triage
    title: Triage
    measures: [visits]
"""

CYCLE = """\
# Cycle comment: keep me.
change_idea: triage
cycle_number: 1
title: First test   # keep this inline comment too
status: planned
plan:
  predictions: [It will work]
notes:
  - date: 2020-01-05
    author: Ann
    text: First note
"""


def write_project(
    root: Path, charter: str = CHARTER, data: str | None = None, scores: str | None = None
) -> Path:
    """Write a project folder under ``root``; return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "charter.yaml").write_text(charter, encoding="utf-8")
    if data is not None:
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / "measures.csv").write_text(data, encoding="utf-8")
    if scores is not None:
        (root / "scores.csv").write_text(scores, encoding="utf-8")
    return root


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A valid small project with one PDSA cycle and a score history."""
    root = write_project(
        tmp_path / "demo",
        data="measure,period,value,denominator,note\nvisits,2020-01,3,,\nvisits,2020-02,5,,\nshare,2020-01,10,40,\n",
        scores="# Score history comment: keep me.\ndate,score,rationale,scored_by\n2020-01-31,2,Charter done,Ann\n",
    )
    (root / "pdsa" / "triage").mkdir(parents=True)
    (root / "pdsa" / "triage" / "triage-001.yaml").write_text(CYCLE, encoding="utf-8")
    return root


@pytest.fixture
def kinship_copy(tmp_path: Path) -> Path:
    """A writable copy of the example kinship project."""
    target = tmp_path / "kinship"
    shutil.copytree(EXAMPLES / "kinship", target)
    return target
