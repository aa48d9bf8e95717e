"""The layers keep to their jobs (DESIGN.md, "Layout"): qi/charts computes and never imports
click or reads a file; qi/project returns data and writes no HTML (qi/present renders it).
Read from the source with :mod:`ast`, so a new module that breaks the rule fails here."""

from __future__ import annotations

import ast
from pathlib import Path

QI = Path(__file__).resolve().parents[1] / "qi"

#: Modules the computation package must not import: the command line and file readers.
NOT_IN_CHARTS = ("click", "qi.chart_cli", "qi.cli")
#: Calls that read a file.
FILE_READERS = ("read_csv", "read_excel", "open")
#: Markup that means a module renders HTML.
HTML_TAGS = ("<div", "<table", "<tr", "<td", "<p>", "<ul", "<li")


def _modules(folder: str) -> list[Path]:
    return sorted((QI / folder).rglob("*.py"))


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _called(tree: ast.AST) -> list[str]:
    return [
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    ]


def test_the_chart_computation_imports_no_command_line_and_reads_no_file() -> None:
    found = []
    for path in _modules("charts"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.name}: import {m}"
            for m in _imports(tree)
            if m.split(".")[0] == "click" or m in NOT_IN_CHARTS
        ]
        found += [f"{path.name}: {c}()" for c in _called(tree) if c in FILE_READERS]
    assert found == []


def test_the_project_layer_writes_no_html() -> None:
    found = []
    for path in _modules("project"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
        found += [f"{path.name}: {tag}" for text in texts for tag in HTML_TAGS if tag in text]
    assert found == []


def test_the_probes_see_what_they_look_for() -> None:
    # the checks above can fail: the modules that do these jobs are seen doing them
    cli = ast.parse((QI / "chart_cli.py").read_text(encoding="utf-8"))
    assert "click" in _imports(cli) and "read_csv" in _called(cli)
    html = ast.parse((QI / "present" / "projects.py").read_text(encoding="utf-8"))
    assert any(
        isinstance(n, ast.Constant) and isinstance(n.value, str) and "<table" in n.value
        for n in ast.walk(html)
    )


def test_the_moved_names_still_answer_where_they_were() -> None:
    # qi.project.display and qi.project.store keep the names that moved (issue 13)
    from qi.present import projects
    from qi.project import display, store, worksheet
    from qi.project.skeleton import cycle_template

    assert display.cycle_html is projects.cycle_html and display.cycle_text is projects.cycle_text
    assert display.WORKSHEET is worksheet.WORKSHEET
    assert store.CYCLE_TEMPLATE == cycle_template() and "{cid}" in store.CYCLE_TEMPLATE
