"""Stopping and sharing a build (issue 11, findings 7, 8, 9 and 15).

* Ctrl-C on a ``-j 2`` build ends it within seconds, leaves a manifest of exactly the reports
  finished, and no worker, kernel or kernel folder behind;
* two builds into one output folder at once leave a manifest with both builds' reports;
* a folder that refuses writes ends the build with a message, and nothing half-written is
  published under a final name;
* ``--jobs`` is capped by cores and memory, with a warning.

The fake projects of ``conftest.py`` keep these fast: only the templates run.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

import qi.reports.jobs
import qi.reports.runner
from qi.errors import ReportError

HERE = Path(__file__).parent
posix_only = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")


def _template(path: Path, params: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def _templates(folder: Path, project_body: str = "print('ok')\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    common = 'as_of: str = ""  # period end\n'
    _template(folder / "project.ipynb", 'project_path: str = ""  # folder\n' + common, project_body)
    _template(
        folder / "change_idea.ipynb",
        'project_path: str = ""  # folder\nchange_idea_id: str = ""  # id\n' + common,
        "print('ok')\n",
    )
    _template(
        folder / "portfolio.ipynb", 'portfolio_path: str = ""  # folder\n' + common, "print('ok')\n"
    )
    return folder


def _portfolio(root: Path, names: tuple[str, ...] = ("alpha", "beta")) -> Path:
    root.mkdir(parents=True)
    (root / "portfolio.yaml").write_text("name: P\n")
    for name in names:
        (root / name).mkdir()
        (root / name / "charter.yaml").write_text(f"title: {name.title()}\nchange_ideas: []\n")
    return root


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _gone(pid: int) -> bool:
    """True if no process ``pid`` runs (a zombie waiting for a reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    except OSError:  # no /proc: ask the process table
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return state == "Z"


@posix_only
@pytest.mark.parametrize(("how", "jobs"), [("ctrl-c", 2), ("kill-9", 2), ("sigterm", 1)])
def test_ctrl_c_stops_a_two_job_build_at_once_and_leaves_nothing_running(
    tmp_path: Path, how: str, jobs: int
) -> None:
    """Ctrl-C (SIGINT to the whole process group), ``kill -9`` of qi alone, or SIGTERM to a
    serial build: no worker, kernel or kernel folder survives, and the manifest lists exactly
    what finished."""
    marks = tmp_path / "marks"
    marks.mkdir()
    sleeper = (
        "import os, time, json, pathlib\n"
        f"pathlib.Path({str(marks)!r}, str(os.getpid())).write_text(json.dumps("
        "{'kernel': os.getpid(), 'worker': os.getppid(), 'cwd': os.getcwd()}))\n"
        "time.sleep(300)\n"
    )
    templates = _templates(tmp_path / "t", project_body=sleeper)
    root = _portfolio(tmp_path / "p")
    out = tmp_path / "out"
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "import conftest, qi.reports.jobs\n"
        "qi.reports.jobs._load_project = conftest.fake_load_project\n"
        "from qi.reports.runner import build_reports\n"
        f"build_reports({str(root)!r}, {str(out)!r}, jobs={jobs}, templates={str(templates)!r}, progress=False)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the portfolio (quick) is done and both projects are running in their kernels
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            if len(list(marks.iterdir())) == jobs and (out / "manifest.json").exists():
                break
            time.sleep(0.2)
        assert proc.poll() is None, proc.communicate()
        seen = [json.loads(p.read_text()) for p in marks.iterdir()]
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        elif how == "kill-9":
            os.kill(proc.pid, signal.SIGKILL)  # qi alone; its workers must notice
        else:
            os.kill(proc.pid, signal.SIGTERM)  # a service manager stopping qi
        _, err = proc.communicate(timeout=10)  # a hang fails here (it used to take 197 s)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if how == "kill-9":  # nobody else stops the workers if the test failed
            for p in marks.iterdir():
                with contextlib.suppress(OSError):
                    os.kill(json.loads(p.read_text())["worker"], signal.SIGKILL)
    assert how == "kill-9" or "KeyboardInterrupt" in err, (
        err
    )  # (build_reports; `qi report` words it)
    pids = [s["kernel"] for s in seen] + [s["worker"] for s in seen]
    deadline = time.monotonic() + 5  # the kernels' own parent poll runs each second
    while time.monotonic() < deadline and not all(_gone(pid) for pid in pids):
        time.sleep(0.1)
    assert [pid for pid in pids if not _gone(pid)] == []
    assert [s["cwd"] for s in seen if Path(s["cwd"]).exists()] == [], err  # kernel folders removed
    doc = json.loads((out / "manifest.json").read_text())
    assert [e["report"] for e in doc["reports"]] == ["portfolio"]
    assert (out / "portfolio.html").stat().st_mode & 0o777 == 0o666 & ~_umask()  # not 0600
    assert all((out / e["html"]).is_file() for e in doc["reports"])
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [
        ".qi-report.lock",
        "manifest.json",
        "portfolio.html",
        "portfolio.ipynb",
    ]


def test_two_builds_into_one_folder_leave_a_complete_manifest(
    tmp_path: Path, monkeypatch, fake_projects
) -> None:
    from qi.reports.runner import build_reports

    templates = _templates(tmp_path / "t")
    root = _portfolio(tmp_path / "p")
    out = tmp_path / "out"
    errors: list[BaseException] = []

    def build(only: str) -> None:
        try:
            build_reports(root, out, only=only, templates=templates, progress=False)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=build, args=(kind,)) for kind in ("project", "portfolio")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert errors == []
    doc = json.loads((out / "manifest.json").read_text())
    assert sorted(e["report"] for e in doc["reports"]) == [
        "alpha/project",
        "beta/project",
        "portfolio",
    ]


@pytest.mark.parametrize("where", ["notebook", "page"])
def test_a_full_disk_is_a_message_and_publishes_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_projects, where: str
) -> None:
    from click.testing import CliRunner

    import qi.reports.worker as worker
    from qi.cli import main
    from qi.reports.kernel import WarmKernel

    def full(path: Path, *args: object, truncated: bool = False) -> None:
        if truncated:  # papermill writes the notebook in place: a full disk leaves half of it
            Path(path).write_text('{"cells": [')
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    if where == "notebook":
        monkeypatch.setattr(
            WarmKernel, "run", lambda self, template, output, params: full(output, truncated=True)
        )
    else:
        monkeypatch.setattr(worker, "atomic_write_text", full)
    templates = _templates(tmp_path / "t")
    root = _portfolio(tmp_path / "p", names=("alpha",))
    out = tmp_path / "out"
    monkeypatch.setattr(qi.reports.runner, "discover", _discover_with(templates))
    result = CliRunner().invoke(
        main, ["report", str(root), "--out", str(out), "-q", "--only", "project"]
    )
    assert result.exit_code == ReportError.exit_code, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert "nothing incomplete was published" in result.output
    published = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    # the notebook is published only when complete; the page was never written
    assert published == (
        [".qi-report.lock"] if where == "notebook" else [".qi-report.lock", "alpha/project.ipynb"]
    )


def _discover_with(templates: Path):  # noqa: ANN202
    real = qi.reports.jobs.discover

    def discover(*args: object, **kwargs: object):  # noqa: ANN202
        kwargs["templates"] = templates
        return real(*args, **kwargs)

    return discover


def test_jobs_are_capped_by_cores_and_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    import qi.reports.runner as runner
    from qi.errors import QIWarning

    monkeypatch.setattr(runner.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(runner, "available_memory", lambda: 1_000_000_000)  # 1 GB: 3 jobs of 300 MB
    with pytest.warns(
        QIWarning, match=r"--jobs 6 lowered to 3: this machine has 1.0 GB of available memory"
    ):
        assert runner.bounded_jobs(6) == 3
    monkeypatch.setattr(runner, "available_memory", lambda: None)
    with pytest.warns(QIWarning, match=r"--jobs 20 lowered to 8: this machine has 8 core\(s\)"):
        assert runner.bounded_jobs(20) == 8
    assert runner.bounded_jobs(2) == 2
