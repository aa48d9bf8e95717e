"""Incremental reports: each page's input hash covers only what the page reads, so one new PDSA
note rebuilds only the change idea page it appears on (issue 10, item 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qi.project.store import add_note
from qi.reports.jobs import NOTE_PAGES, discover, portfolio_title

from .conftest import make_real_project

NOTE = "Unmistakable note text 7f3a"

_PACK = """\
  - id: pack
    title: Induction pack
    measures: [complaints]
    status: testing
"""

_PACK_CYCLE = """\
change_idea: pack
cycle_number: 1
title: Pack test 1
status: planned
"""


def _portfolio(root: Path, *, two_ideas: bool = False) -> Path:
    root.mkdir(parents=True)
    (root / "portfolio.yaml").write_text("name: One-project portfolio\n", encoding="utf-8")
    project = make_real_project(root / "north", "north")
    if two_ideas:
        charter = project / "charter.yaml"
        charter.write_text(
            charter.read_text().replace("risks:\n", _PACK + "risks:\n"), encoding="utf-8"
        )
        (project / "pdsa" / "pack").mkdir()
        (project / "pdsa" / "pack" / "pack-001.yaml").write_text(_PACK_CYCLE, encoding="utf-8")
    return root


def _hashes(root: Path) -> dict[str, str]:
    return {job.report: job.inputs_sha256() for job in discover(root)}


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after[k])


def test_a_note_changes_only_its_change_ideas_page(tmp_path: Path) -> None:
    root = _portfolio(tmp_path / "p", two_ideas=True)
    before = _hashes(root)
    assert sorted(before) == [
        "north/change_ideas/pack",
        "north/change_ideas/rota",
        "north/project",
        "portfolio",
    ]
    add_note(root / "north", "rota-001", NOTE, author="Ann", date=dt.date(2020, 3, 1))
    assert _changed(before, _hashes(root)) == ["north/change_ideas/rota"]


def test_a_cycles_fields_change_its_idea_the_project_and_the_portfolio(tmp_path: Path) -> None:
    root = _portfolio(tmp_path / "p", two_ideas=True)
    before = _hashes(root)
    cycle = root / "north" / "pdsa" / "rota" / "rota-002.yaml"
    cycle.write_text(
        cycle.read_text().replace("decision: adopt", "decision: adapt"), encoding="utf-8"
    )
    assert _changed(before, _hashes(root)) == [
        "north/change_ideas/rota",
        "north/project",
        "portfolio",
    ]


def test_measure_data_change_every_page(tmp_path: Path) -> None:
    root = _portfolio(tmp_path / "p", two_ideas=True)
    before = _hashes(root)
    data = root / "north" / "data" / "measures.csv"
    data.write_text(data.read_text() + "complaints,2021-01,4,,\n", encoding="utf-8")
    assert _changed(before, _hashes(root)) == sorted(before)


def test_a_note_that_breaks_the_project_reaches_the_error_page_and_the_portfolio(
    tmp_path: Path,
) -> None:
    root = _portfolio(tmp_path / "p")
    before = _hashes(root)
    cycle = root / "north" / "pdsa" / "rota" / "rota-001.yaml"
    cycle.write_text(
        cycle.read_text() + "  - {date: 2020-03-01, text: no author}\n", encoding="utf-8"
    )
    after = _hashes(root)
    assert sorted(after) == ["north/project", "portfolio"]  # the project's error page
    assert _changed(before, after) == ["north/project", "portfolio"]
    [portfolio] = [j for j in discover(root) if j.kind == "portfolio"]
    assert portfolio.shows and portfolio.shows[0].startswith("north: ")


def test_the_portfolio_title_says_portfolio_once(tmp_path: Path) -> None:
    named = _portfolio(tmp_path / "portfolio")
    assert portfolio_title(named) == "One-project portfolio"
    (named / "portfolio.yaml").write_text("description: no name yet\n", encoding="utf-8")
    assert portfolio_title(named) == "Portfolio"
    other = tmp_path / "children"
    other.mkdir()
    assert portfolio_title(other) == "Portfolio children"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory):
    """A one-project portfolio built with the shipped templates, then a note added and rebuilt."""
    from qi.reports.runner import build_reports

    root = _portfolio(tmp_path_factory.mktemp("inc") / "portfolio")
    out = tmp_path_factory.mktemp("inc-out")
    first = build_reports(root, out, progress=False)
    add_note(root / "north", "rota-002", NOTE, author="Ann", date=dt.date(2020, 3, 30))
    second = build_reports(root, out, progress=False)
    return first, second, out


def test_one_new_note_rebuilds_one_page(rebuilt) -> None:
    first, second, _ = rebuilt
    assert first.ok and sorted(first.built) == [
        "north/change_ideas/rota",
        "north/project",
        "portfolio",
    ]
    assert second.built == ["north/change_ideas/rota"]
    assert sorted(second.skipped) == ["north/project", "portfolio"]


def test_the_note_is_on_the_pages_that_show_notes_only(rebuilt) -> None:
    # guards NOTE_PAGES: if a page starts showing notes, it must enter NOTE_PAGES
    _, second, out = rebuilt
    for entry in second.entries:
        page = (out / entry["html"]).read_text(encoding="utf-8")
        assert (NOTE in page) == (entry["kind"] in NOTE_PAGES), entry["report"]


def test_the_portfolio_page_of_one_project_says_1_project(rebuilt) -> None:
    _, _, out = rebuilt
    page = (out / "portfolio.html").read_text(encoding="utf-8")
    assert ">1 project</p>" in page and "1 projects" not in page
    assert "<title>One-project portfolio</title>" in page
