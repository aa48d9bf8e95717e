"""How long ``qi --help`` takes, and what it imports (run by hand).

    .venv/bin/python benchmarks/bench_cli_help.py

Issue 13: ``qi --help`` should answer in under 0.3 s, so the command line imports nothing heavy
(pandas, numpy, matplotlib, papermill, pydantic) until a command runs. Each run is a fresh
interpreter, so no ratio against a baseline in the same process is possible; the script prints
the wall time of 5 runs of ``python -m qi --help`` beside 5 runs of ``python -c pass`` (the
interpreter's own start-up on this machine), then the ``-X importtime`` figures: the cumulative
import time of ``qi.cli`` and which heavy packages were imported at all. The machine is shared,
so compare the figures of one run, not absolute figures between runs.
"""

from __future__ import annotations

import subprocess
import sys
import time

RUNS = 5
HEAVY = ("pandas", "numpy", "matplotlib", "papermill", "pydantic", "nbconvert", "nbformat", "yaml")


def wall_times(args: list[str]) -> list[float]:
    """Wall-clock seconds of ``RUNS`` fresh runs of ``python *args``."""
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def import_profile() -> tuple[float, list[str]]:
    """(cumulative import time of qi.cli in seconds, heavy top-level packages imported) under
    ``python -X importtime -m qi --help``; the profile is written to stderr, one line a module:
    ``import time: self [us] | cumulative | imported package``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qi", "--help"],
        check=True,
        capture_output=True,
        text=True,
    )
    cumulative: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1])
    heavy = [name for name in HEAVY if name in cumulative]
    return cumulative.get("qi.cli", 0) / 1e6, heavy


def main() -> None:
    help_times = wall_times(["-m", "qi", "--help"])
    bare_times = wall_times(["-c", "pass"])
    qi_cli, heavy = import_profile()
    print(
        f"python -m qi --help, {RUNS} runs: best {min(help_times):.3f} s, "
        f"worst {max(help_times):.3f} s (target < 0.3 s)"
    )
    print(
        f"python -c pass,      {RUNS} runs: best {min(bare_times):.3f} s, worst {max(bare_times):.3f} s"
    )
    print(
        f"-X importtime: qi.cli cumulative {qi_cli:.3f} s; heavy packages imported: "
        f"{', '.join(heavy) or 'none'}"
    )


if __name__ == "__main__":
    main()
