"""qi: improvement science in Python.

Run charts and Shewhart charts with named rule sets, PDSA cycle logs, project scores 1-10 and
papermill board reports. Importing qi is cheap and changes no global state (not even
matplotlib's): the public names below load their modules on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

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
