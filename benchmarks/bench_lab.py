"""What working in Jupyter costs (run by hand, not in the tests).

    .venv/bin/python benchmarks/bench_lab.py

Times (best of 15; the machine is shared, so take the best), each as a ratio against a baseline measured in the same process:
- showing a chart: ``QIFigure._repr_png_`` (what the notebook displays) against
  ``savefig(format="png")`` of the same figure (what a user saving it pays anyway);
- a write from a notebook: ``Project.update_cycle`` (write, then reload the project so the
  object sees it) against ``qi.project.commands.update_cycle`` alone (the CLI's write), on a
  copy of the example kinship project.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402  (benchmarks/timing.py)

import qi  # noqa: E402
from qi.project import commands  # noqa: E402


def main() -> None:
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kinship"
        shutil.copytree(ROOT / "data" / "examples" / "kinship", root)
        project = qi.load_project(root)
        fig = project.chart("kinship_carers").plot()
        fig._repr_png_()  # warm the renderer

        def save() -> None:
            fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")

        shown = best_of(fig._repr_png_, 15)
        saved = best_of(save, 15)
        print(
            f"display  _repr_png_ {shown * 1e3:7.1f} ms   savefig png {saved * 1e3:7.1f} ms   "
            f"ratio {shown / saved:.2f}"
        )
        cid = project.cycles[0].id
        counter = iter(range(10**6))
        bare = best_of(
            lambda: commands.update_cycle(root, cid, {"do.problems": f"run {next(counter)}"}), 15
        )
        full = best_of(
            lambda: project.update_cycle(cid, **{"do.problems": f"run {next(counter)}"}), 15
        )
        print(
            f"write    command    {bare * 1e3:7.1f} ms   with reload {full * 1e3:7.1f} ms   "
            f"ratio {full / bare:.2f}"
        )


if __name__ == "__main__":
    main()
