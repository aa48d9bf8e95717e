"""The public API of `qi` is the same for type checkers and at run time: `qi/__init__.py` loads
its names lazily (``_EXPORTS``, so `import qi` stays cheap) and declares the same names, from the
same modules, under ``if TYPE_CHECKING:`` so mypy and pyright see `qi.chart` as the function it
is, not ``Any`` (issue 13)."""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

import qi

INIT = Path(qi.__file__)


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1
    return {
        alias.asname or alias.name: stmt.module or ""
        for stmt in blocks[0].body
        if isinstance(stmt, ast.ImportFrom)
        for alias in stmt.names
    }


def test_type_checkers_see_every_lazy_name_from_its_module() -> None:
    assert _type_checking_imports() == qi._EXPORTS


def test_every_declared_name_loads_at_run_time() -> None:
    for name, module in qi._EXPORTS.items():
        assert getattr(qi, name) is getattr(import_module(module), name), name
