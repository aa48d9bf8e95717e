"""Writes and locks that work on every platform (issue 10 item 1; issue 11 findings 6 and 11).

* the project code paths run with ``fcntl`` unavailable (as on Windows), in this process and in
  a fresh interpreter where importing ``fcntl`` fails;
* the Windows lock (``msvcrt.locking``) is called as Windows needs it;
* CRLF and BOM files are read, and rewritten with their line endings and BOM kept;
* new files respect the umask (0644 under 022, 0664 under 002), the lock file too.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from qi.errors import ConcurrencyError, ValidationError
from qi.project import fsio
from qi.project.store import add_note, import_data, load_project, new_cycle, set_score

posix_only = pytest.mark.skipif(os.name != "posix", reason="umask and modes are POSIX")


@pytest.fixture
def no_fcntl(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import fcntl`` and ``import msvcrt`` fail, as on a platform that has neither."""
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", None)


# --- without fcntl ---------------------------------------------------------------------------
def test_importing_qi_needs_no_posix_only_module(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['fcntl'] = None; sys.modules['msvcrt'] = None\n"
        "import qi, qi.project.store, qi.reports.runner\n"
        "from qi.project import fsio\n"
        "print(fsio.lock_mechanism())\n"
        f"print(qi.load_project({str(Path(__file__).parents[2] / 'data/examples/kinship')!r}).id)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["lockfile", "kinship"]


def test_every_write_works_without_fcntl(no_fcntl: None, project_dir: Path, tmp_path: Path) -> None:
    assert fsio.lock_mechanism() == "lockfile"
    assert new_cycle(project_dir, "triage") == "triage-002"
    add_note(project_dir, "triage-001", "No fcntl here", author="Win", date=dt.date(2020, 2, 1))
    set_score(project_dir, 3, rationale="r", date=dt.date(2020, 3, 1))
    source = tmp_path / "in.csv"
    source.write_text("measure,period,value\nvisits,2020-05,7\n", encoding="utf-8")
    assert import_data(project_dir, source) == (1, 0)
    project = load_project(project_dir)
    assert [c.id for c in project.cycles] == ["triage-001", "triage-002"]
    assert project.cycle("triage-001").notes[-1].text == "No fcntl here"
    assert project.scores["score"].tolist() == [2.0, 3.0]
    assert not (project_dir / ".qi.lock.held").exists()  # released


def test_lockfile_fallback_excludes_and_names_the_file(no_fcntl: None, tmp_path: Path) -> None:
    with fsio.project_lock(tmp_path), pytest.raises(ConcurrencyError) as err:
        with fsio.project_lock(tmp_path, timeout=0.05):
            pass
    assert f"delete {tmp_path / '.qi.lock.held'}" in str(err.value)
    with fsio.project_lock(tmp_path, timeout=0.05):  # free again
        pass


def test_windows_lock_calls_msvcrt_locking(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A stand-in ``msvcrt`` records the calls; a second locker is refused while the first holds."""
    calls: list[tuple[str, int, int]] = []
    held: set[str] = set()

    def locking(fd: int, mode: int, nbytes: int) -> None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        calls.append(("lock" if mode == 2 else "unlock", position, nbytes))
        if mode == 2:
            if "byte0" in held:
                raise PermissionError(13, "Permission denied")  # what msvcrt raises when locked
            held.add("byte0")
        else:
            held.discard("byte0")

    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    assert fsio.lock_mechanism() == "msvcrt"
    with fsio.project_lock(tmp_path), pytest.raises(ConcurrencyError, match="another qi command"):
        with fsio.project_lock(tmp_path, timeout=0.05):
            pass
    assert calls[0] == ("lock", 0, 1) and calls[-1] == ("unlock", 0, 1)
    assert not held


def test_create_exclusive_without_hard_links(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On a volume without hard links (FAT, some shares) a new file is still never overwritten."""

    def no_link(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(fsio.os, "link", no_link)
    target = tmp_path / "a.yaml"
    fsio.create_exclusive(target, "first\n")
    with pytest.raises(FileExistsError):
        fsio.create_exclusive(target, "second\n")
    assert target.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


# --- line endings and BOM ---------------------------------------------------------------------
def _to_crlf(path: Path, bom: bool = False) -> bytes:
    data = (b"\xef\xbb\xbf" if bom else b"") + path.read_bytes().replace(b"\r\n", b"\n").replace(
        b"\n", b"\r\n"
    )
    path.write_bytes(data)
    return data


def test_crlf_cycle_keeps_crlf_and_every_old_line(project_dir: Path) -> None:
    file = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    before = _to_crlf(file)
    add_note(project_dir, "triage-001", "From Windows", author="Bo", date=dt.date(2020, 2, 1))
    after = file.read_bytes()
    assert after.startswith(before.rstrip(b"\r\n"))  # untouched lines byte-identical
    assert b"\n" not in after.replace(b"\r\n", b"")  # no bare LF anywhere
    assert after.endswith(b"    text: From Windows\r\n")


def test_bom_crlf_data_file_is_read_and_rewritten_alike(project_dir: Path, tmp_path: Path) -> None:
    file = project_dir / "data" / "measures.csv"
    before = _to_crlf(file, bom=True)
    rows = len(load_project(project_dir).data)
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"\xef\xbb\xbfmeasure,period,value\r\nvisits,2020-05,7\r\n"
    )  # Excel's "CSV UTF-8"
    assert import_data(project_dir, source) == (1, 0)
    after = file.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and before.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert len(load_project(project_dir).data) == rows + 1


def test_crlf_scores_keep_crlf(project_dir: Path) -> None:
    file = project_dir / "scores.csv"
    before = _to_crlf(file)
    set_score(project_dir, 4, rationale="r", by="Ann", date=dt.date(2020, 3, 31))
    assert file.read_bytes() == before + b"2020-03-31,4,r,Ann\r\n"


def test_note_does_not_rewrap_long_lines_or_reindent(project_dir: Path) -> None:
    file = project_dir / "pdsa" / "triage" / "triage-001.yaml"
    long = "word " * 40
    text = file.read_text().replace("title: First test", f"title: {long.strip()}")
    text = text.replace(
        "plan:\n  predictions: [It will work]", "plan:\n    predictions: [It will work]"
    )
    file.write_text(text)
    add_note(project_dir, "triage-001", "n", author="A", date=dt.date(2020, 2, 1))
    after = file.read_text()
    assert after.startswith(text.rstrip("\n"))


# --- permissions -------------------------------------------------------------------------------
def _with_umask(mask: int, action) -> None:  # noqa: ANN001
    old = os.umask(mask)
    try:
        action()
    finally:
        os.umask(old)


@posix_only
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_respect_the_umask(tmp_path: Path, mask: int, expected: int) -> None:
    _with_umask(
        mask,
        lambda: (
            fsio.atomic_write_text(tmp_path / "page.html", "x"),
            fsio.create_exclusive(tmp_path / "c.yaml", "y"),
            fsio.project_lock(tmp_path).__enter__(),
        ),
    )
    for name in ("page.html", "c.yaml", fsio.LOCK_NAME):
        assert (tmp_path / name).stat().st_mode & 0o777 == expected, name


@posix_only
def test_rewrite_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o660)
    fsio.atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o660 and target.read_text() == "new"


@posix_only
def test_group_project_under_umask_002(project_dir: Path) -> None:
    """A second member of the group can open the lock file and read the new cycle."""
    cid = ""

    def write() -> None:
        nonlocal cid
        (project_dir / fsio.LOCK_NAME).unlink(missing_ok=True)
        cid = new_cycle(project_dir, "triage")

    _with_umask(0o002, write)
    assert (project_dir / fsio.LOCK_NAME).stat().st_mode & 0o777 == 0o664
    assert (project_dir / "pdsa" / "triage" / f"{cid}.yaml").stat().st_mode & 0o777 == 0o664


# --- special files and sizes ------------------------------------------------------------------
@posix_only
def test_a_fifo_or_device_is_refused_not_read(project_dir: Path) -> None:
    from qi.project.store import validate_project

    data = project_dir / "data" / "measures.csv"
    data.unlink()
    os.mkfifo(data)  # reading it would block forever
    problems = validate_project(project_dir)
    assert [p.message for p in problems] == ["is a FIFO (named pipe), not a regular file"]
    from qi.project.yamlio import read_text

    with pytest.raises(ValidationError, match="is a device or special file, not a regular file"):
        read_text(Path("/dev/zero"))  # reading it would never end


def test_size_limits_are_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qi.errors import ValidationError
    from qi.project import yamlio

    big = tmp_path / "big.csv"
    big.write_text("x" * 2000)
    with pytest.raises(
        ValidationError, match="is 2,000 bytes, above the 1,000-byte limit for a file"
    ):
        yamlio.read_text(big, limit=1000)
    monkeypatch.setattr(yamlio, "YAML_MAX_BYTES", 100)
    charter = tmp_path / "c.yaml"
    charter.write_text("a: " + "b" * 200 + "\n")
    with pytest.raises(ValidationError, match="is 204 bytes, above the 100-byte limit"):
        yamlio.load_document(charter)
