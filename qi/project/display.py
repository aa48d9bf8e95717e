"""Moved (issue 13: the project layer returns data, :mod:`qi.present` renders it).

:data:`WORKSHEET` and :func:`field_value` now live in :mod:`qi.project.worksheet`, the HTML and
the cycle's text in :mod:`qi.present.projects`; their names here keep working.
"""

from __future__ import annotations

from typing import Any

from qi.project.worksheet import WORKSHEET, field_value

_MOVED_TO_PRESENT = (
    "cycle_html",
    "cycle_text",
    "fidelity_html",
    "portfolio_html",
    "project_html",
    "score_check_html",
)


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_PRESENT:  # imported on first use: qi.project never imports present eagerly
        from qi.present import projects

        return getattr(projects, name)
    raise AttributeError(f"module 'qi.project.display' has no attribute {name!r}")


__all__ = ["WORKSHEET", "field_value"]
