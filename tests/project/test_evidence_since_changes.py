"""Issue 8: the evidence check counts only improvement since the changes began."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from qi import load_project
from qi.project.evidence import _Evidence, changes_began

_spec = importlib.util.spec_from_file_location(
    "project_conftest", Path(__file__).with_name("conftest.py")
)
_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conf)

# 24 monthly points: a stable first year (mean 10, limits 2.5-17.5), then a step up to about
# 20 from 2018-01 that lasts. Special cause starts in 2018-01 and reaches the latest point.
STABLE = [12, 13, 8, 7, 13, 12, 7, 8, 12, 13, 8, 7]
VALUES = STABLE + [v + 10 for v in STABLE]
MONTHS = [f"{2017 + i // 12}-{i % 12 + 1:02d}" for i in range(24)]
CYCLE = """\
change_idea: triage
cycle_number: 1
title: First test
status: complete
start: {start}
plan:
  predictions: [It will work]
"""


def _project(tmp_path: Path, start: str) -> Path:
    data = "measure,period,value,denominator,note\n" + "".join(
        f"visits,{m},{v},,\n" for m, v in zip(MONTHS, VALUES, strict=True)
    )
    root = _conf.write_project(tmp_path / "demo", data=data)
    (root / "pdsa" / "triage").mkdir(parents=True)
    (root / "pdsa" / "triage" / "triage-001.yaml").write_text(
        CYCLE.format(start=start), encoding="utf-8"
    )
    return root


def test_a_step_that_began_before_the_first_cycle_is_not_evidence_of_the_changes(tmp_path):
    project = load_project(_project(tmp_path, "2018-10-01"))
    assert str(changes_began(project, "visits").date()) == "2018-10-01"
    assert _Evidence(project).improving(("process",)) == []


def test_the_same_step_after_the_first_cycle_is_evidence(tmp_path):
    project = load_project(_project(tmp_path, "2017-06-01"))
    assert _Evidence(project).improving(("process",)) == ["Visits"]


def test_an_improvement_that_did_not_last_is_not_evidence(tmp_path):
    # the same first year, a three-month jump in 2018, then back to the old level
    global VALUES
    saved = VALUES
    VALUES = STABLE + [12, 13, 25, 26, 27, 12, 7, 8, 12, 13, 8, 7]
    try:
        project = load_project(_project(tmp_path, "2017-06-01"))
    finally:
        VALUES = saved
    assert _Evidence(project).improving(("process",)) == []
