"""Board reports of the example portfolio: one papermill + nbconvert command per report vs
``qi report --jobs 2``. Run by hand from the repository root after ``make venv``:

    .venv/bin/python benchmarks/bench_reports.py [--jobs 2] [--only project]

Baseline: for every report that ``qi report`` would build, in sequence, the two commands a
person would type: ``papermill TEMPLATE OUT.ipynb -k qi -r NAME VALUE ...`` and
``jupyter nbconvert --to html --no-input OUT.ipynb`` (each starts Python, and papermill starts a
fresh kernel that imports pandas, matplotlib and qi again). Contender: ``qi report PATH
--jobs 2 --force`` (warm kernels reused across reports, in two worker processes). Both write
to fresh temporary folders; the script prints both wall-clock times and the ratio (target 3x).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qi.reports.jobs import discover

BIN = Path(sys.executable).parent
EXAMPLES = Path("data/examples")


def _check_kernel() -> None:
    found = subprocess.run(
        [str(BIN / "jupyter"), "kernelspec", "list"], capture_output=True, text=True, check=True
    ).stdout
    if not any(line.split() and line.split()[0] == "qi" for line in found.splitlines()):
        sys.exit("the baseline needs the 'qi' kernel: run `make venv` first")


def baseline(source: Path, out: Path, only: str | None) -> tuple[float, int]:
    """Sequential papermill + nbconvert commands, one pair per report; (seconds, reports)."""
    jobs = discover(source, only=only)
    t0 = time.perf_counter()
    for job in jobs:
        if job.problems:
            continue
        target = out / f"{job.report.replace('/', '__')}.ipynb"
        args = [str(BIN / "papermill"), job.template, str(target), "-k", "qi", "--no-progress-bar"]
        for name, value in job.parameters.items():
            args += ["-r", name, str(value)]
        subprocess.run(args, check=True, capture_output=True)
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - t0, len(jobs)


def contender(source: Path, out: Path, jobs: int, only: str | None) -> float:
    """One ``qi report --jobs N --force`` command; seconds."""
    args = [
        str(BIN / "qi"),
        "report",
        str(source),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--force",
        "-q",
    ]
    if only:
        args += ["--only", only]
    t0 = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", choices=("change_idea", "project", "portfolio"), default=None)
    args = parser.parse_args()
    _check_kernel()
    with tempfile.TemporaryDirectory(prefix="qi-bench-") as tmp:
        work = Path(tmp)
        source = shutil.copytree(EXAMPLES, work / "examples")
        (work / "base").mkdir()
        qi_time = contender(source, work / "qi", args.jobs, args.only)
        base_time, n = baseline(source, work / "base", args.only)
    print(f"reports: {n} (example portfolio{', only ' + args.only if args.only else ''})")
    print(
        f"papermill + nbconvert per report, sequential: {base_time:7.1f} s "
        f"({base_time / n:.2f} s/report)"
    )
    print(
        f"qi report --jobs {args.jobs}:                    {qi_time:7.1f} s "
        f"({qi_time / n:.2f} s/report)"
    )
    print(f"speed-up: {base_time / qi_time:.1f}x (target >= 3x)")


if __name__ == "__main__":
    main()
