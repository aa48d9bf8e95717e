"""The skeletons qi writes new files from (qi/templates/skeleton/): a new PDSA cycle is written
from ``cycle.yaml`` byte for byte as the inline template of 0.1.0 wrote it, `qi init` copies
``project/`` alone, and the wheel ships every skeleton file."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from qi.project import skeleton
from qi.project.commands import new_cycle
from qi.project.intake import init_project

from .conftest import write_project

REPO = Path(__file__).resolve().parents[2]

# What `new_cycle(root, "triage")` wrote for the second cycle of the conftest project before the
# template moved to a file (qi 0.1.0, CYCLE_TEMPLATE in qi/project/commands.py): the title made
# from the change idea's, `previous` the first cycle, the predictions dated today.
SECOND_CYCLE = """\
# PDSA cycle triage-002: one file per cycle. Fill in Plan before the test (predictions first),
# Do while testing, Study after it, then Act. Notes are added with `qi pdsa note`.
change_idea: triage
cycle_number: 2
title: 'Triage: cycle 2'
purpose: test a change   # collect information | develop a change | test a change | implement a change
status: planned          # planned | doing | studying | complete
previous: triage-001
scale:
  description:
  n:                     # units tested (e.g. 1 family)
  of:                    # out of how many (the whole)
  unit:
start:
end:
measures: []             # measure ids this cycle is marked on
plan:
  objective:
  questions: []
  predictions: []
  predictions_written: {today}
  who:
  what:
  where:
  when:
  data_to_collect:
do:
  what_happened:
  observations:
  problems:
  carried_out_as_planned:
study:
  results:
  predictions_met:       # yes | no | partly
  learning:
act:
  decision:              # adopt | adapt | abandon
  next_step:
notes: []
"""


def test_a_new_cycle_is_written_byte_for_byte_as_before(tmp_path: Path) -> None:
    root = write_project(tmp_path / "demo")
    first = new_cycle(root, "triage", title="Phone: first # call")
    assert new_cycle(root, "triage") == "triage-002"
    written = (root / "pdsa" / "triage" / "triage-002.yaml").read_bytes()
    assert written == SECOND_CYCLE.format(today=dt.date.today().isoformat()).encode("utf-8")
    # a title YAML would misread (': ' and ' #') is quoted, as before
    text = (root / "pdsa" / "triage" / f"{first}.yaml").read_text(encoding="utf-8")
    assert "\ntitle: 'Phone: first # call'\n" in text


def test_the_template_read_from_a_crlf_checkout_gives_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git on Windows may check the skeleton out with CRLF line endings
    lf = skeleton.cycle_template()
    crlf = tmp_path / "cycle.yaml"
    crlf.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.setattr(skeleton, "skeleton_file", lambda *parts: crlf)
    assert "\r" not in skeleton.cycle_template() and skeleton.cycle_template() == lf


def test_init_copies_the_project_skeleton_and_not_the_cycle_template(tmp_path: Path) -> None:
    root = init_project(tmp_path / "falls")
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        ".gitignore",
        "charter.yaml",
        "data/measures.csv",
        "pdsa/README.md",
        "scores.csv",
    ]


def test_every_skeleton_file_is_package_data() -> None:
    # setuptools puts in the wheel the files the [tool.setuptools.package-data] globs match
    # (recursive globs, relative to the package folder)
    globs = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["qi"]
    package = REPO / "qi"
    files = [
        p.relative_to(package).as_posix()
        for p in (package / "templates" / "skeleton").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert (
        "templates/skeleton/cycle.yaml" in files
        and "templates/skeleton/project/charter.yaml" in files
    )
    shipped = {
        p.relative_to(package).as_posix() for g in globs for p in package.glob(g) if p.is_file()
    }
    assert sorted(set(files) - shipped) == []
    assert skeleton.skeleton_file(
        skeleton.CYCLE_SKELETON
    ).is_file()  # found through importlib.resources
