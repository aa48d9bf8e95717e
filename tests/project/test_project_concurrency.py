"""Twenty `qi pdsa new` processes started at once on one change idea make twenty cycles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qi.project.store import load_project

N_PROCESSES = 20


def test_twenty_concurrent_pdsa_new_make_twenty_distinct_cycles(project_dir: Path) -> None:
    command = [sys.executable, "-m", "qi.cli", "pdsa", "new", str(project_dir), "--change-idea", "triage"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(N_PROCESSES)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * N_PROCESSES, [err for _, err in results]
    printed = sorted(out.strip() for out, _ in results)
    expected = [f"triage-{n:03d}" for n in range(2, N_PROCESSES + 2)]  # triage-001 already existed
    assert printed == expected
    files = sorted(p.stem for p in (project_dir / "pdsa" / "triage").glob("*.yaml"))
    assert files == ["triage-001", *expected]
    assert not list(project_dir.rglob("*.tmp"))
    cycles = load_project(project_dir).cycles
    assert len({c.id for c in cycles}) == N_PROCESSES + 1
    # each new cycle links the one before it: the ramp is unbroken
    previous = {c.id: c.previous for c in cycles}
    assert all(previous[f"triage-{n:03d}"] == f"triage-{n - 1:03d}" for n in range(2, N_PROCESSES + 2))
