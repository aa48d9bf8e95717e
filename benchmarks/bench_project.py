"""How long loading and checking projects takes (run by hand, not in the tests).

    .venv/bin/python benchmarks/bench_project.py [N_PROJECTS]

Copies the example kinship project N times (default 50) into a temporary portfolio, then times
(best of 3): loading and validating the whole portfolio, the evidence check of one project
(charts every outcome and process measure), and one `qi pdsa new` + `qi pdsa note` round trip.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402  (benchmarks/timing.py)

import qi  # noqa: E402
from qi.project.store import add_note, new_cycle  # noqa: E402


def main(n_projects: int = 50) -> None:
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = []
        for i in range(n_projects):
            name = f"kinship{i:03d}"
            shutil.copytree(ROOT / "data" / "examples" / "kinship", folder / name)
            charter = folder / name / "charter.yaml"
            charter.write_text(charter.read_text().replace("id: kinship", f"id: {name}", 1))
            names.append(name)
        (folder / "portfolio.yaml").write_text(
            "name: Benchmark\nprojects: [" + ", ".join(names) + "]\n"
        )
        qi.load_portfolio(folder)  # warm imports
        load = best_of(lambda: qi.load_portfolio(folder))
        project = qi.load_project(folder / names[0])
        check = best_of(project.evidence_check)
        target = folder / names[1]
        write = best_of(
            lambda: add_note(target, new_cycle(target, "carer_engagement"), "bench", author="b")
        )
        rows = sum(len(p.data) for p in qi.load_portfolio(folder))
        print(
            f"load_portfolio: {n_projects} projects, {rows} data rows: {load:.3f} s "
            f"({1000 * load / n_projects:.1f} ms per project)"
        )
        print(f"evidence_check of one project (9 measures charted): {check:.3f} s")
        print(f"pdsa new + note (load, lock, atomic writes): {write:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
