"""A project folder on disk, loaded as a :class:`Project`; a folder of projects as a
:class:`Portfolio`. This module gathers the public names of the modules that do the work, so
``from qi.project.store import load_project`` keeps working:

- :mod:`qi.project.layout`: where each file lives in a project folder;
- :mod:`qi.project.load`: reading and validating a folder (:func:`load_project`,
  :func:`validate_project`), with the cross-reference checks of :mod:`qi.project.checks`;
- :mod:`qi.project.project`: the :class:`Project` object;
- :mod:`qi.project.portfolio`: :class:`Portfolio`, :func:`load_portfolio`;
- :mod:`qi.project.intake`: :func:`init_project` and :func:`import_data`.

Files are the source of truth. Loading reads and validates everything and reports every problem
at once (:func:`validate_project`). Writes live in :mod:`qi.project.commands` (and as
:class:`Project` methods, which reload the project after writing): they take the project lock,
re-read what they change, and replace files atomically, so a failed command leaves every file
as it was.
"""

from __future__ import annotations

from typing import Any

from qi.errors import QIError
from qi.project.intake import import_data, init_project
from qi.project.layout import (
    CHARTER_FILE,
    DATA_FILE,
    PDSA_DIR,
    PORTFOLIO_FILE,
    SCORES_FILE,
    is_portfolio,
)
from qi.project.load import load_project, validate_project
from qi.project.portfolio import Portfolio, load_portfolio, validate_portfolio
from qi.project.project import Project

# The writes to cycles, notes, scores and the charter live in qi.project.commands (one module for
# the CLI, the Project methods and the widgets); their old names here still work.
_MOVED_TO_COMMANDS = ("CYCLE_TEMPLATE", "add_note", "new_cycle", "set_score")


def __getattr__(name: str) -> Any:
    if name in _MOVED_TO_COMMANDS:
        from qi.project import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'qi.project.store' has no attribute {name!r}")


__all__ = [
    "CHARTER_FILE",
    "DATA_FILE",
    "PDSA_DIR",
    "PORTFOLIO_FILE",
    "SCORES_FILE",
    "Portfolio",
    "Project",
    "QIError",
    "import_data",
    "init_project",
    "is_portfolio",
    "load_portfolio",
    "load_project",
    "validate_portfolio",
    "validate_project",
]
