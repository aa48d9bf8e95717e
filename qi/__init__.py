"""qi: improvement science in Python.

Run charts and Shewhart charts with named rule sets, PDSA cycle logs, project scores 1-10 and
papermill board reports. Importing qi is cheap and changes no global state (not even
matplotlib's): the public names below load their modules on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    # What type checkers (mypy, pyright) see: the names of _EXPORTS below, which loads them at
    # run time on first use. `X as X` marks an explicit re-export (PEP 484).
    # tests/test_public_api.py checks the two lists agree.
    from qi.charts.api import chart as chart
    from qi.charts.funnel import FunnelResult as FunnelResult
    from qi.charts.funnel import funnel as funnel
    from qi.charts.judge import Verdict as Verdict
    from qi.charts.judge import judge as judge
    from qi.charts.result import ChartOptions as ChartOptions
    from qi.charts.result import ChartResult as ChartResult
    from qi.charts.rules import get_rule_set as get_rule_set
    from qi.charts.rules import rule_sets as rule_sets
    from qi.errors import QIError as QIError
    from qi.errors import QIWarning as QIWarning
    from qi.errors import ReportError as ReportError
    from qi.errors import ValidationError as ValidationError
    from qi.present.html import summary_html as summary_html
    from qi.present.icons import summary_table as summary_table
    from qi.present.timeline import pdsa_timeline as pdsa_timeline
    from qi.project.store import Portfolio as Portfolio
    from qi.project.store import Project as Project
    from qi.project.store import load_portfolio as load_portfolio
    from qi.project.store import load_project as load_project
    from qi.reports.runner import build_reports as build_reports
    from qi.settings import options as options

_EXPORTS: dict[str, str] = {
    "chart": "qi.charts.api",
    "ChartResult": "qi.charts.result",
    "ChartOptions": "qi.charts.result",
    "judge": "qi.charts.judge",
    "Verdict": "qi.charts.judge",
    "rule_sets": "qi.charts.rules",
    "get_rule_set": "qi.charts.rules",
    "funnel": "qi.charts.funnel",
    "FunnelResult": "qi.charts.funnel",
    "Project": "qi.project.store",
    "Portfolio": "qi.project.store",
    "load_project": "qi.project.store",
    "load_portfolio": "qi.project.store",
    "summary_table": "qi.present.icons",
    "summary_html": "qi.present.html",
    "pdsa_timeline": "qi.present.timeline",
    "build_reports": "qi.reports.runner",
    "QIError": "qi.errors",
    "ValidationError": "qi.errors",
    "ReportError": "qi.errors",
    "QIWarning": "qi.errors",
    "options": "qi.settings",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qi' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
