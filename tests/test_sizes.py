"""Small modules and short functions (issue 13, "Done when": no module over 450 lines, no
function over 60 lines of code), everywhere in qi/. Code lines are the non-blank, non-comment lines of a function,
its docstring left out. A failure names each module or function over its limit, with its count.
"""

from __future__ import annotations

import ast
from pathlib import Path

QI = Path(__file__).resolve().parents[1] / "qi"
CHECKED = (".",)  # every module of the package
MAX_MODULE_LINES = 450
MAX_FUNCTION_CODE_LINES = 60


def _files() -> list[Path]:
    out: list[Path] = []
    for name in CHECKED:
        path = QI / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def code_lines(source: str, node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Non-blank, non-comment lines from ``def`` to the function's end, without its docstring."""
    lines = source.splitlines()
    first = node.body[0]
    doc: set[int] = set()
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        doc = set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    end = node.end_lineno or node.lineno
    return sum(
        1
        for i in range(node.lineno, end + 1)
        if i not in doc and lines[i - 1].strip() and not lines[i - 1].strip().startswith("#")
    )


def test_code_lines_counts_what_it_says() -> None:
    source = 'def f(x):\n    """Doc\n    more."""\n\n    # a comment\n    y = x\n    return y\n'
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    assert code_lines(source, node) == 3  # def, y = x, return y


def test_no_module_over_450_lines() -> None:
    long = {
        str(p.relative_to(QI)): n
        for p in _files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_over_60_lines_of_code() -> None:
    long = {}
    for path in _files():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if (n := code_lines(source, node)) > MAX_FUNCTION_CODE_LINES:
                    long[f"{path.relative_to(QI)}:{node.lineno} {node.name}"] = n
    assert long == {}
