"""HTML export of a board page: qi's own page template vs nbconvert's ``lab`` template.

Run by hand from the repository root after ``make demo`` (it reads the executed notebooks of
``reports-out/``)::

    .venv/bin/python benchmarks/bench_pages.py [reports-out/kinship/project.ipynb]

Baseline: nbconvert's ``HTMLExporter(template_name="lab")`` with inputs and prompts hidden and
images embedded (what ``qi`` used before issue 8). Contender: :func:`qi.reports.export.
notebook_to_html`. Both in this process, on the same executed notebook, best of 5; prints the
time and the page size of each, and the ratios.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from qi.reports.export import notebook_to_html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best_of  # noqa: E402

DEFAULT = Path("reports-out/kinship/project.ipynb")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        sys.exit(f"{path} not found: run `make demo` first (it builds reports-out/)")
    nb = nbformat.read(path, as_version=4)
    lab = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    lab_page = lab.from_notebook_node(nb)[0]
    qi_page = notebook_to_html(nb, footer="benchmark")
    t_lab = best_of(lambda: lab.from_notebook_node(nb), repeat=5)
    t_qi = best_of(lambda: notebook_to_html(nb, footer="benchmark"), repeat=5)
    kb_lab, kb_qi = len(lab_page.encode()) / 1024, len(qi_page.encode()) / 1024
    print(f"{path}")
    print(f"lab template : {t_lab * 1000:7.1f} ms  {kb_lab:8.1f} KB")
    print(f"qi template  : {t_qi * 1000:7.1f} ms  {kb_qi:8.1f} KB")
    print(f"ratio        : {t_lab / t_qi:7.2f}x faster, {kb_lab - kb_qi:,.1f} KB smaller")


if __name__ == "__main__":
    main()
