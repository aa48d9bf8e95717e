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
_BODY = """
import html, json
from pathlib import Path
import yaml
import matplotlib
from matplotlib.figure import Figure
from IPython.display import HTML, display
assert "leak" not in globals(), "the namespace of the previous report leaked"
leak = 1
charter = yaml.safe_load((Path(project_path) / "charter.yaml").read_text())
if charter.get("kill_worker"):  # only ever built with jobs=2: the parent is a pool worker
    import os, signal
    os.kill(os.getppid(), signal.SIGKILL)
if charter.get("die"):
    import os
    os._exit(1)  # the kernel dies mid-report
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
"""


def _template(path: Path, params: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Test report"),
        cell,
        nbformat.v4.new_code_cell(body),
    ]
    # A kernel nobody registered: the runner must not look it up.
    nb.metadata["kernelspec"] = {
        "name": "not-registered-anywhere",
        "display_name": "x",
        "language": "python",
    }
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def test_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    common = 'as_of: str = ""  # period end YYYY-MM-DD; "" for all data\n'
    _template(
        folder / "change_idea.ipynb",
        'project_path: str = ""  # project folder\nchange_idea_id: str = ""  # id\n' + common,
        _BODY + '\ndisplay(HTML("<p>idea " + html.escape(change_idea_id) + "</p>"))\n',
    )
    _template(
        folder / "project.ipynb", 'project_path: str = ""  # project folder\n' + common, _BODY
    )
    _template(
        folder / "portfolio.ipynb",
        'portfolio_path: str = ""  # folder\n' + common,
        "from IPython.display import HTML, display\nimport sys\n"
        'display(HTML("<p>portfolio of " + str(len(list(__import__("pathlib").Path(portfolio_path).iterdir()))) + "</p>"))\n'
        'print("executable=" + sys.executable)\n',
    )
    return folder


def fake_load_project(path: str | Path) -> SimpleNamespace:
    """Stands in for qi.load_project in runner tests: reads charter.yaml only."""
    path = Path(path)
    charter = yaml.safe_load((path / "charter.yaml").read_text())
    if charter.get("invalid"):
        raise ProblemList(
            [ValidationError(p, field="charter") for p in charter["invalid"]],
            file=str(path / "charter.yaml"),
        )
    ideas = [SimpleNamespace(id=i, title=f"Idea {i}") for i in charter.get("change_ideas", [])]
    return SimpleNamespace(
        id=path.name, charter=SimpleNamespace(title=charter["title"]), change_ideas=ideas, path=path
    )


def make_tiny_portfolio(root: Path) -> Path:
    """alpha (two change ideas, a <script> note), beta (a template cell fails), gamma (invalid),
    delta (its kernel dies)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "portfolio.yaml").write_text("name: Tiny\n")
    charters = {
        "alpha": {"title": "Alpha & co", "note": SCRIPT, "change_ideas": ["fgc", "kin-1"]},
        "beta": {"title": "Beta", "boom": "measure <b>x</b> has no data", "change_ideas": []},
        "gamma": {"title": "Gamma", "invalid": ["aim is missing <i>", "lead is missing"]},
        "delta": {"title": "Delta", "die": True, "change_ideas": []},
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
    return SimpleNamespace(
        root=root, out=out, manifest=manifest, doc=json.loads((out / "manifest.json").read_text())
    )


# --- a tiny REAL project (qi.load_project reads it) for the shipped templates -----------------

_CHARTER = """\
id: {pid}
title: "Tiny project {pid} <b>bold?</b>"
sponsor: "Director <script>alert(1)</script>"
lead: Lead Person
adviser: Adviser Person
team:
  - {{name: Ann Example, role: social worker}}
aim:
  statement: "Increase the share of visits on time from 25% to 60% by December 2020"
  by_when: 2020-12-31
stretch_outcome: Children stay safely at home
why: Visits late in 2019.
measures:
  - id: visits
    name: Visits on time
    type: outcome
    definition: Visits made within 10 days, out of visits due
    unit: percentage
    improvement: up
    baseline: 2019-12
    phases:
      - {{start: 2020-04, label: New rota, change_idea: rota}}
    target: {{value: 60, date: 2020-12}}
    benchmarks:
      - {{label: England, value: 45}}
  - id: complaints
    name: Complaints
    type: balancing
    unit: count
    improvement: down
change_ideas:
  - id: rota
    title: "A visit rota <i>shared</i>"
    description: "Plan visits a month ahead. <script>alert(1)</script>"
    measures: [visits]
    status: testing
    owner: Ann Example
risks:
  - {{risk: "Staff turnover <u>high</u>", action: Induction pack}}
plan:
  - {{stage: Getting started, score_from: 1, score_to: 3}}
  - {{stage: Designing and testing changes, score_from: 4, score_to: 7}}
  - {{stage: Implementing and sustaining changes that demonstrate improvement, score_from: 7, score_to: 10}}
  - {{stage: Spreading changes, score_from: 9, score_to: 10}}
score_scale: ihi_1_10
"""

_CYCLE = """\
change_idea: rota
cycle_number: {n}
title: "Rota test {n}"
status: complete
previous: {previous}
scale: {{n: {scale}, of: 12, unit: social workers}}
start: {start}
end: {end}
measures: [visits]
plan:
  objective: Test the rota
  predictions: ["More visits on time"]
  predictions_written: {start}
study:
  results: More visits on time
  predictions_met: yes
  learning: It works
act:
  decision: {decision}
  next_step: "{next_step}"
notes:
  - {{date: {end}, author: Adviser Person, text: "{note}"}}
"""


def make_real_project(folder: Path, pid: str, *, note: str = SCRIPT) -> Path:
    """A valid two-measure project: an improvement after a change and a balancing concern."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "pdsa" / "rota").mkdir(parents=True, exist_ok=True)
    (folder / "charter.yaml").write_text(_CHARTER.format(pid=pid))
    rows = ["measure,period,value,denominator,note"]
    months = [f"{y}-{m:02d}" for y in (2019, 2020) for m in range(1, 13)]
    for i, month in enumerate(months):
        on_time = (10 + (i % 3)) if i < 15 else (26 + (i % 3))
        rows.append(f"visits,{month},{on_time},40,")
        rows.append(f"complaints,{month},{3 + (i % 2) if i < 18 else 9 + (i % 2)},,")
    (folder / "data" / "measures.csv").write_text("\n".join(rows) + "\n")
    cycles = [
        dict(
            n=1,
            previous="null",
            scale=1,
            start="2020-02-03",
            end="2020-02-28",
            decision="adapt",
            next_step="Try with three workers",
            note=note,
        ),
        dict(
            n=2,
            previous="rota-001",
            scale=3,
            start="2020-03-02",
            end="2020-03-27",
            decision="adopt",
            next_step="Roll out to the whole team <b>now</b>",
            note="Went well",
        ),
    ]
    for c in cycles:
        (folder / "pdsa" / "rota" / f"rota-{c['n']:03d}.yaml").write_text(_CYCLE.format(**c))
    (folder / "scores.csv").write_text(
        "date,score,rationale,scored_by\n"
        "2019-12-01,2,Charter agreed,Lead Person\n"
        "2020-03-01,4,Testing the rota,Lead Person\n"
        '2020-12-01,9,"Spreading <script>x</script>",Lead Person\n'
    )
    return folder


def make_real_portfolio(root: Path) -> Path:
    """Two valid projects and one that fails validation."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "portfolio.yaml").write_text("name: Tiny real portfolio\n")
    make_real_project(root / "north", "north")
    make_real_project(root / "south", "south", note="Plain note")
    broken = make_real_project(root / "west", "west")
    (broken / "charter.yaml").write_text(
        (broken / "charter.yaml").read_text().replace("type: balancing", "type: balancin")
    )
    return root


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory):
    """The tiny real portfolio built once with the shipped templates (in this process)."""
    from qi.reports.runner import build_reports

    root = make_real_portfolio(tmp_path_factory.mktemp("real") / "portfolio")
    out = tmp_path_factory.mktemp("real-out")
    manifest = build_reports(root, out, progress=False)
    return SimpleNamespace(root=root, out=out, manifest=manifest)


@pytest.fixture()
def real_project(tmp_path: Path):
    """One valid project, loaded (for in-process tests of the report sections)."""
    return qi.load_project(make_real_project(tmp_path / "north", "north"))
