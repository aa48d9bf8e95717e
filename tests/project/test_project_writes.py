"""Writes: comments survive, failures change nothing, ids are checked, cycles are numbered."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from qi.errors import ValidationError
from qi.project import fsio
from qi.project.store import (
    add_note,
    import_data,
    init_project,
    load_project,
    new_cycle,
    set_score,
    validate_project,
)


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != fsio.LOCK_NAME
    }


def test_note_keeps_comments_order_and_appends(project_dir: Path) -> None:
    file = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    before = file.read_text()
    add_note(
        project_dir,
        "triage-001",
        "Second note: 'quotes' & <tags>",
        author="Bo",
        date=dt.date(2020, 2, 1),
    )
    after = file.read_text()
    assert "# Cycle comment: keep me." in after
    assert "# keep this inline comment too" in after
    assert (
        "  - date: 2020-02-01\n    author: Bo\n" in after
    )  # a plain YAML date, not a quoted string
    assert (
        after.index("change_idea")
        < after.index("cycle_number")
        < after.index("title")
        < after.index("notes")
    )
    cycle = load_project(project_dir).cycle("triage-001")
    assert [(n.author, n.text) for n in cycle.notes] == [
        ("Ann", "First note"),
        ("Bo", "Second note: 'quotes' & <tags>"),
    ]
    assert cycle.notes[1].date == dt.date(2020, 2, 1)
    # everything before the appended note is byte-identical
    assert after[: len(before.rstrip())] == before.rstrip()


def test_score_set_keeps_comment_and_appends(project_dir: Path) -> None:
    set_score(
        project_dir, 4, rationale="First cycle, with a comma", by="Ann", date=dt.date(2020, 3, 31)
    )
    text = (project_dir / "scores.csv").read_text()
    assert text.splitlines() == [
        "# Score history comment: keep me.",
        "date,score,rationale,scored_by",
        "2020-01-31,2,Charter done,Ann",
        '2020-03-31,4,"First cycle, with a comma",Ann',
    ]
    scores = load_project(project_dir).scores
    assert scores["score"].tolist() == [2.0, 4.0]
    assert list(scores.columns) == ["date", "score", "rationale", "scored_by"]


def test_charter_comments_survive_every_write(project_dir: Path) -> None:
    charter = (project_dir / "charter.yaml").read_bytes()
    add_note(project_dir, "triage-001", "n", author="A")
    set_score(project_dir, 3, rationale="r")
    new_cycle(project_dir, "triage")
    assert (project_dir / "charter.yaml").read_bytes() == charter


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (lambda p: set_score(p, 11, rationale="r"), "score 11 is not on the scale 'ihi_1_10'"),
        (lambda p: set_score(p, 2.5, rationale="r"), "use one of: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
        (lambda p: set_score(p, 3, rationale="  "), "a score needs a rationale"),
        (lambda p: add_note(p, "triage-009", "t", author="A"), "no PDSA cycle 'triage-009'"),
        (
            lambda p: add_note(p, "../triage-001", "t", author="A"),
            "'../triage-001' is not a valid id",
        ),
        (lambda p: add_note(p, "triage-001", " ", author="A"), "the note is empty"),
        (lambda p: add_note(p, "triage-001", "t", author=" "), "the note has no author"),
        (lambda p: new_cycle(p, "nope"), "unknown change idea 'nope'"),
        (lambda p: new_cycle(p, "../../etc"), "'../../etc' is not a valid id"),
        (lambda p: new_cycle(p, ".hidden"), "'.hidden' is not a valid id"),
    ],
)
def test_failed_writes_leave_every_file_as_it_was(project_dir: Path, action, expected: str) -> None:
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError) as err:
        action(project_dir)
    assert expected in str(err.value)
    assert _snapshot(project_dir) == before
    assert not list(project_dir.rglob("*.tmp"))


def test_note_on_an_invalid_cycle_file_changes_nothing(project_dir: Path) -> None:
    file = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    file.write_text(file.read_text().replace("status: planned", "status: finished"))
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError, match="unknown cycle status 'finished'"):
        add_note(project_dir, "triage-001", "t", author="A")
    assert _snapshot(project_dir) == before


def test_atomic_write_failure_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(fsio.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        fsio.atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_create_exclusive_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    fsio.create_exclusive(target, "first")
    with pytest.raises(FileExistsError):
        fsio.create_exclusive(target, "second")
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    from qi.errors import ConcurrencyError

    with (
        fsio.project_lock(tmp_path),
        pytest.raises(ConcurrencyError, match="another qi command is writing"),
    ):
        with fsio.project_lock(tmp_path, timeout=0.05):
            pass


def test_new_cycles_are_numbered_and_linked(project_dir: Path) -> None:
    assert (
        new_cycle(project_dir, "triage", title="Second: 'quoted' # not a comment") == "triage-002"
    )
    assert new_cycle(project_dir, "triage") == "triage-003"
    project = load_project(project_dir)
    second, third = project.cycle("triage-002"), project.cycle("triage-003")
    assert second.title == "Second: 'quoted' # not a comment"
    assert second.previous == "triage-001" and third.previous == "triage-002"
    assert second.plan.predictions_written == dt.date.today()
    text = (project_dir / "pdsa" / "triage" / "triage-002.yaml").read_text()
    assert "# planned | doing | studying | complete" in text


def test_new_cycle_from_file(project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "cycle.yaml"
    source.write_text(
        "# my plan\ntitle: From file\nchange_idea: ignored\ncycle_number: 99\n"
        "plan:\n  predictions: [More visits]\nmeasures: [visits]\n"
    )
    cid = new_cycle(project_dir, "triage", from_file=source)
    assert cid == "triage-002"
    text = (project_dir / "pdsa" / "triage" / "triage-002.yaml").read_text()
    assert text.startswith("# my plan\n")
    cycle = load_project(project_dir).cycle(cid)
    assert (cycle.change_idea, cycle.cycle_number, cycle.previous) == ("triage", 2, "triage-001")


def test_new_cycle_from_bad_file_names_the_field(project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "cycle.yaml"
    source.write_text("title: x\nmeasures: [visitz]\nplan:\n  predictons: [x]\n")
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError) as err:
        new_cycle(project_dir, "triage", from_file=source)
    assert "unknown field 'predictons'" in str(err.value)
    assert _snapshot(project_dir) == before
    source.write_text("title: x\nmeasures: [visitz]\n")
    with pytest.raises(ValidationError, match="unknown measure 'visitz'"):
        new_cycle(project_dir, "triage", from_file=source)
    assert _snapshot(project_dir) == before


def test_cycle_files_are_checked_against_the_charter(project_dir: Path) -> None:
    folder = project_dir / "pdsa" / "triage"
    (folder / "triage-002.yaml").write_text(
        "change_idea: other\ncycle_number: 3\ntitle: t\nprevious: triage-007\nmeasures: [nothing]\n"
    )
    messages = [str(p) for p in validate_project(project_dir)]
    assert any("change_idea is 'other' but the file is in pdsa/triage/" in m for m in messages)
    assert any(
        "file name 'triage-002.yaml' does not match the cycle id 'other-003'" in m for m in messages
    )
    assert any(
        "cycle for change idea 'other', which the charter does not define" in m for m in messages
    )
    assert any("cycle links measure 'nothing'" in m for m in messages)
    assert any("previous cycle 'triage-007' does not exist" in m for m in messages)


def test_import_merges_and_keeps_header_comments(project_dir: Path, tmp_path: Path) -> None:
    data = project_dir / "data" / "measures.csv"
    data.write_text("# keep this comment\n" + data.read_text())
    source = tmp_path / "new.csv"
    source.write_text(
        "measure,period,value,denominator,note\nvisits,2020-02,6,,fixed\nvisits,2020-03,7,,\n"
    )
    assert import_data(project_dir, source) == (1, 1)
    text = data.read_text()
    assert text.startswith("# keep this comment\n")
    assert load_project(project_dir).measure_data("visits")["value"].tolist() == [3.0, 6.0, 7.0]


def test_import_with_a_bad_row_changes_nothing(project_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "new.csv"
    source.write_text("measure,period,value\nvisits,2020-03,7\nvisits,2020-04,seven\n")
    before = _snapshot(project_dir)
    with pytest.raises(ValidationError, match=r"new.csv:3, 'value': value 'seven' is not a number"):
        import_data(project_dir, source)
    assert _snapshot(project_dir) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [("x.json", "cannot import '.json' files"), ("missing.csv", "file not found")],
)
def test_import_refuses_unknown_or_missing_files(
    project_dir: Path, tmp_path: Path, name: str, expected: str
) -> None:
    source = tmp_path / name
    if name.endswith(".json"):
        source.write_text("{}")
    with pytest.raises(ValidationError, match=expected):
        import_data(project_dir, source)


def test_init_creates_a_valid_project_and_refuses_a_used_folder(tmp_path: Path) -> None:
    root = init_project(tmp_path / "My Project", title="Fewer falls: 'a' # b")
    assert validate_project(root) == []
    project = load_project(root)
    assert (project.id, project.title) == ("my_project", "Fewer falls: 'a' # b")
    assert "# Improvement project charter." in (root / "charter.yaml").read_text()
    assert (root / ".gitignore").read_text() == ".qi.lock\n"
    with pytest.raises(ValidationError, match="the folder already exists and is not empty"):
        init_project(root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["My Project"]
