"""Quiet by default in Jupyter: a chart's caveats are in the result (and its description), so
`p.chart()` does not also print them as a QIWarning there; `qi.options.warnings` turns them on
(or off everywhere)."""

from __future__ import annotations

import sys
import types
import warnings
from pathlib import Path

import pytest

import qi
from qi.errors import QIWarning
from qi.settings import in_jupyter

# four points: fewer than MIN_POINTS_FOR_LIMITS, so the limits are trial (a caveat)
DATA = "measure,period,value,denominator,note\n" + "".join(
    f"visits,2020-{m:02d},{v},,\n" for m, v in zip(range(1, 5), [3, 5, 4, 6], strict=True)
)


class ZMQInteractiveShell:  # the class name ipykernel's shell has
    pass


class TerminalInteractiveShell:
    pass


def _fake_ipython(monkeypatch: pytest.MonkeyPatch, shell: object | None) -> None:
    module = types.ModuleType("IPython")
    module.get_ipython = lambda: shell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", module)


@pytest.fixture
def project(project_dir: Path) -> qi.Project:
    (project_dir / "data" / "measures.csv").write_text(DATA, encoding="utf-8")
    return qi.load_project(project_dir)


@pytest.fixture(autouse=True)
def _default_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qi.options, "warnings", None)


def _chart(project: qi.Project) -> tuple[qi.ChartResult, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = project.chart("visits", chart="i")
    return result, [w for w in caught if issubclass(w.category, QIWarning)]


def test_jupyter_is_told_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_ipython(monkeypatch, ZMQInteractiveShell())
    assert in_jupyter()
    _fake_ipython(monkeypatch, TerminalInteractiveShell())
    assert not in_jupyter()
    _fake_ipython(monkeypatch, None)
    assert not in_jupyter()


def test_in_jupyter_the_caveat_is_in_the_result_and_not_printed(project, monkeypatch) -> None:
    _fake_ipython(monkeypatch, ZMQInteractiveShell())
    result, issued = _chart(project)
    assert issued == []
    assert len(result.warnings) == 1 and "fewer than 12" in str(result.warnings[0])


def test_options_turn_the_warnings_on_in_jupyter(project, monkeypatch) -> None:
    _fake_ipython(monkeypatch, ZMQInteractiveShell())
    qi.options.warnings = True
    result, issued = _chart(project)
    assert [str(w.message) for w in issued] == [str(w) for w in result.warnings]


def test_scripts_still_warn_unless_turned_off(project, monkeypatch) -> None:
    _fake_ipython(monkeypatch, TerminalInteractiveShell())
    assert len(_chart(project)[1]) == 1
    qi.options.warnings = False
    result, issued = _chart(project)
    assert issued == [] and len(result.warnings) == 1


def test_importing_qi_sets_no_option() -> None:
    assert type(qi.options).__name__ == "Options" and qi.options.warnings is None
