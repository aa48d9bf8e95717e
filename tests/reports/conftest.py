"""Fixtures of the report tests: tiny templates and a tiny portfolio built in a temp folder.

Executing reports is slow (a kernel, papermill, nbconvert), so the builds every test reads are
session-scoped and each test only reads them.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml

import qi
import qi.reports.jobs
from qi.errors import ProblemList, ValidationError

SCRIPT = "<script>alert(1)</script>"

# A template cell that reads the charter and shows it as escaped HTML with a chart, and fails on
# purpose when the charter says so (the failure-isolation case).
_BODY = '''
import html, json
from pathlib import Path
import yaml
import matplotlib
from matplotlib.figure import Figure
from IPython.display import HTML, display
assert "leak" not in globals(), "the namespace of the previous report leaked"
leak = 1
charter = yaml.safe_load((Path(project_path) / "charter.yaml").read_text())
if charter.get("boom"):
    raise RuntimeError("boom: " + charter["boom"])
display(HTML("<h1>" + html.escape(charter["title"]) + "</h1><p>Narrative: "
             + html.escape(charter.get("note", "")) + "</p>"))
fig = Figure(figsize=(3, 2))
fig.add_subplot().plot([1, 2, 3])
import io
from IPython.display import Image
buffer = io.BytesIO()
fig.savefig(buffer, format="png")
display(Image(data=buffer.getvalue(), format="png"))
'''


def _template(path: Path, params: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Test report"), cell, nbformat.v4.new_code_cell(body)]
    # A kernel nobody registered: the runner must not look it up.
    nb.metadata["kernelspec"] = {"name": "not-registered-anywhere", "display_name": "x", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def test_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    common = 'as_of: str = ""  # period end YYYY-MM-DD; "" for all data\n'
    _template(folder / "change_idea.ipynb",
              'project_path: str = ""  # project folder\nchange_idea_id: str = ""  # id\n' + common,
              _BODY + '\ndisplay(HTML("<p>idea " + html.escape(change_idea_id) + "</p>"))\n')
    _template(folder / "project.ipynb", 'project_path: str = ""  # project folder\n' + common, _BODY)
    _template(folder / "portfolio.ipynb", 'portfolio_path: str = ""  # folder\n' + common,
              'from IPython.display import HTML, display\nimport sys\n'
              'display(HTML("<p>portfolio of " + str(len(list(__import__("pathlib").Path(portfolio_path).iterdir()))) + "</p>"))\n'
              'print("executable=" + sys.executable)\n')
    return folder


def fake_load_project(path: str | Path) -> SimpleNamespace:
    """Stands in for qi.load_project in runner tests: reads charter.yaml only."""
    path = Path(path)
    charter = yaml.safe_load((path / "charter.yaml").read_text())
    if charter.get("invalid"):
        raise ProblemList([ValidationError(p, field="charter") for p in charter["invalid"]],
                          file=str(path / "charter.yaml"))
    ideas = [SimpleNamespace(id=i, title=f"Idea {i}") for i in charter.get("change_ideas", [])]
    return SimpleNamespace(id=path.name, charter=SimpleNamespace(title=charter["title"]),
                           change_ideas=ideas, path=path)


def make_tiny_portfolio(root: Path) -> Path:
    """alpha (two change ideas, a <script> note), beta (a template cell fails), gamma (invalid)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "portfolio.yaml").write_text("name: Tiny\n")
    charters = {
        "alpha": {"title": "Alpha & co", "note": SCRIPT, "change_ideas": ["fgc", "kin-1"]},
        "beta": {"title": "Beta", "boom": "measure <b>x</b> has no data", "change_ideas": []},
        "gamma": {"title": "Gamma", "invalid": ["aim is missing <i>", "lead is missing"]},
    }
    for name, charter in charters.items():
        (root / name).mkdir(exist_ok=True)
        (root / name / "charter.yaml").write_text(yaml.safe_dump(charter))
    return root


@pytest.fixture()
def fake_projects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qi.reports.jobs, "_load_project", fake_load_project)


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory, test_templates: Path):
    """The tiny portfolio built once, serially, with the test templates."""
    from qi.reports.runner import build_reports

    root = make_tiny_portfolio(tmp_path_factory.mktemp("tiny") / "portfolio")
    out = tmp_path_factory.mktemp("tiny-out")
    mp = pytest.MonkeyPatch()
    mp.setattr(qi.reports.jobs, "_load_project", fake_load_project)
    try:
        manifest = build_reports(root, out, templates=test_templates, progress=False)
    finally:
        mp.undo()
    return SimpleNamespace(root=root, out=out, manifest=manifest,
                           doc=json.loads((out / "manifest.json").read_text()))
