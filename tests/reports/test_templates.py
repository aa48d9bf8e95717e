"""The shipped templates executed on a tiny real portfolio: charts, words, tables, no code."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from qi.reports.export import external_references
from qi.reports.jobs import templates_dir

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
CODE_MARKERS = ("blocks.show", "qi.load_project", "import qi", "project_path")


def _body(page: str) -> str:
    return page.split("<body", 1)[1]


def test_every_template_has_one_commented_parameters_cell():
    for kind in ("change_idea", "project", "portfolio"):
        nb = nbformat.read(templates_dir() / f"{kind}.ipynb", as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, kind
        lines = [line for line in tagged[0].source.splitlines() if not line.startswith("#")]
        assert lines
        for line in lines:
            assert re.match(r"^\w+: (str|int) = .+  # .+", line), line


def test_every_report_of_the_portfolio_is_built(real_build):
    status = {e["report"]: e["status"] for e in real_build.manifest.entries}
    assert status == {
        "north/change_ideas/rota": "ok",
        "north/project": "ok",
        "south/change_ideas/rota": "ok",
        "south/project": "ok",
        "west/project": "failed",
        "portfolio": "ok",
    }


@pytest.mark.parametrize(
    ("page", "images", "words"),
    [
        (
            "north/change_ideas/rota.html",
            2,
            [
                "What it is",
                "Measures it should move",
                "Quarter to December 2020",
                "Up from about 28% to about 68% since Apr 2020",
                "Method",
                "P chart (proportions); signals by the Health Care Data Guide rules",
                "PDSA log",
                "Rota test 2",
                "Ramp of tests",
                "6 of 6 features met",
                "What comes next",
                "Roll out to the whole team",
            ],
        ),
        (
            "north/project.html",
            3,
            [
                "Increase the share of visits on time",
                "Children stay safely at home",
                "Ann Example (social worker)",
                "The recorded score 9 is above the 2 the evidence supports",
                "The evidence in the project's files supports a score of 2 (Getting started)",
                "Outcome measures",
                "Balancing measures",
                "Complaints",
                "Change ideas",
                "Risks",
                "Induction pack",
                # issue 8: the period, the summary first, the technical account in the method note
                "Quarter to December 2020",
                "Summary",
                "Needs attention",
                "Up from about 5 to about 9.5 since Jul 2020: a real deterioration",
                "Method",
                "I chart (individual values); signals by the Health Care Data Guide rules",
            ],
        ),
        (
            "portfolio.html",
            0,
            [
                "Tiny real portfolio",
                "Tiny project north",
                "Score trend",
                "Needs attention",
                "Quarter to December 2020",
                "Recorded score 9 is above the 2 the evidence supports",
                "Across 2 projects and 4 measures: 2 improving, 2 needing attention and 0 with no real change yet.",
                "Complaints: Up from about 5 to about 9.5",
                "Failed validation",
            ],
        ),
    ],
)
def test_pages_hold_charts_words_and_tables_but_no_code(real_build, page, images, words):
    html = (real_build.out / page).read_text()
    body = _body(html)
    charts = re.findall(r'<img [^>]*class="qi-chart"[^>]*src="data:image/svg\+xml;base64,', body)
    assert len(charts) == images
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    for w in words:
        assert w in text, w
    assert '<table class="qi' in body
    for marker in CODE_MARKERS:
        assert marker not in body, marker
    assert external_references(html) == []
    assert "@page { size: A4" in html


def test_pages_link_to_each_other_within_the_output_folder(real_build):
    body = _body((real_build.out / "portfolio.html").read_text())
    # variation + assurance icon for each project's outcome measure, as images (they survive
    # an untrusted notebook), and the printed legend of what they mean
    assert body.count('class="qi-icon') >= 4 and "<svg" not in body
    assert 'class="qi-legend"' in body
    assert 'href="north/project.html"' in body
    assert (real_build.out / "north/project.html").is_file()
    project = _body((real_build.out / "north/project.html").read_text())
    assert 'href="change_ideas/rota.html"' in project
    assert (real_build.out / "north/change_ideas/rota.html").is_file()


def test_user_text_is_escaped_in_every_page(real_build):
    for entry in real_build.manifest.entries:
        html = (real_build.out / entry["html"]).read_text()
        assert SCRIPT not in html, entry["report"]
        assert "<b>bold?</b>" not in _body(html), entry["report"]
    idea = (real_build.out / "north/change_ideas/rota.html").read_text()
    assert ESCAPED in idea  # the PDSA note and the description
    project = (real_build.out / "north/project.html").read_text()
    assert "Director " + ESCAPED in project  # the sponsor field


def test_invalid_project_page_names_the_problem(real_build):
    entry = real_build.manifest.entry("west/project")
    assert "unknown measure type 'balancin'" in entry["error"]["problems"][0]
    page = (real_build.out / "west/project.html").read_text()
    assert "did you mean &#x27;balancing&#x27;?" in page


def test_manifest_hashes_the_project_files(real_build):
    doc = json.loads((real_build.out / "manifest.json").read_text())
    entry = next(e for e in doc["reports"] if e["report"] == "north/project")
    assert entry["inputs"] == [
        "north/charter.yaml",
        "north/data/measures.csv",
        "north/pdsa/rota/rota-001.yaml",
        "north/pdsa/rota/rota-002.yaml",
        "north/scores.csv",
    ]


def test_parameters_are_data_not_code(real_build, tmp_path):
    """A folder name full of quotes reaches the template intact (papermill's translator)."""
    import shutil

    from qi.reports.runner import build_reports

    odd = tmp_path / "it's \"odd\"; print('pwned')"
    shutil.copytree(real_build.root / "south", odd)
    manifest = build_reports(odd, tmp_path / "out", only="project", progress=False)
    entry = manifest.entry("south/project")
    assert entry["status"] == "ok", entry["error"]
    assert entry["parameters"]["project_path"] == str(odd)
    nb = nbformat.read(tmp_path / "out/south/project.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters["project_path"] == str(odd)
    assert all("pwned" not in o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_project_page_reads_top_down_period_summary_results_then_charter_and_method(real_build):
    """Issue 8: the page follows seed 003's shape: the period, a summary of verdicts, the
    measures, the change ideas and score, the charter's detail, and the method note last."""
    body = _body((real_build.out / "north/project.html").read_text())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    order = [
        "Quarter to December 2020",
        "Summary",
        "Outcome measures",
        "Balancing measures",
        "Change ideas",
        "Project score",
        "Aim:",
        "Why:",
        "Risk Action",
        "Stage Score Actions",
        "Method",
    ]
    positions = [text.index(w) for w in order]
    assert positions == sorted(positions), dict(zip(order, positions, strict=True))
    assert "all data" not in text.lower()  # every page, footer too, names its period
    assert "sigma" not in text.lower()
