"""Fixtures of the widget tests: the small project of tests/project, written afresh."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

from qi.project.fsio import LOCK_NAME

pytest.importorskip("ipywidgets")

_spec = importlib.util.spec_from_file_location(
    "_project_conftest", Path(__file__).parents[1] / "project" / "conftest.py"
)
_project = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("_project_conftest", _project)
_spec.loader.exec_module(_project)

DATA = "measure,period,value,denominator,note\n" + "".join(
    f"visits,2020-{m:02d},{v},,\n"
    for m, v in enumerate([3, 5, 4, 6, 5, 7, 6, 8, 7, 6, 8, 7], start=1)
)


def snapshot(root: Path) -> dict[str, str]:
    """Every file's hash (the lock file aside): equal before and after = nothing written."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_NAME
    }


@pytest.fixture
def project(tmp_path: Path):
    """The demo project (tests/project/conftest.py) with twelve months of visits (enough for limits), loaded."""
    from qi.project.store import load_project

    root = _project.write_project(
        tmp_path / "demo",
        data=DATA,
        scores="date,score,rationale,scored_by\n2020-01-31,2,Charter done,Ann\n",
    )
    (root / "pdsa" / "triage").mkdir(parents=True)
    (root / "pdsa" / "triage" / "triage-001.yaml").write_text(_project.CYCLE, encoding="utf-8")
    return load_project(root)
