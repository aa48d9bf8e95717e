"""Where things live in a project folder (DESIGN.md, "A project on disk")::

    kinship/
      charter.yaml                       the charter (hand-edited; comments are kept)
      data/measures.csv                  measure, period, value, denominator, note
      pdsa/<change-idea>/<cycle-id>.yaml one file per PDSA cycle
      scores.csv                         date, score, rationale, scored_by

A portfolio is a folder of project folders plus ``portfolio.yaml``. Paths are relative to the
project (or portfolio) folder, with forward slashes (pathlib joins them on Windows too).

The tolerant discovery below (:func:`project_folders`) is what ``qi report`` and ``qi validate``
walk: it never raises on a broken ``portfolio.yaml`` or an unlisted folder, and leaves the
reasons to :func:`qi.project.portfolio.validate_portfolio`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHARTER_FILE = "charter.yaml"
DATA_FILE = "data/measures.csv"
SCORES_FILE = "scores.csv"
PDSA_DIR = "pdsa"
PORTFOLIO_FILE = "portfolio.yaml"


def is_project(path: str | Path) -> bool:
    """A project folder holds ``charter.yaml``."""
    return (Path(path) / CHARTER_FILE).is_file()


def is_portfolio(path: str | Path) -> bool:
    """A portfolio folder holds ``portfolio.yaml``."""
    return (Path(path) / PORTFOLIO_FILE).is_file()


def portfolio_config(portfolio: str | Path) -> dict[str, Any]:
    """``portfolio.yaml`` as plain data; ``{}`` when it cannot be read (``qi validate`` says why)."""
    from qi.errors import ValidationError
    from qi.project.yamlio import load_document

    try:  # qi's one safe YAML loader (no aliases, no duplicate keys, a size limit)
        config = load_document(Path(portfolio) / PORTFOLIO_FILE).plain
    except ValidationError:
        return {}
    return config if isinstance(config, dict) else {}


def project_folders(portfolio: str | Path) -> list[Path]:
    """The project folders of a portfolio.

    Those ``portfolio.yaml`` lists under ``projects`` (in that order; names that are not safe
    ids or hold no ``charter.yaml`` are left to ``qi validate``), else every sub-folder holding
    ``charter.yaml``, sorted by name.
    """
    from qi.project.ids import is_inside, is_safe_id

    root = Path(portfolio)
    listed = portfolio_config(root).get("projects")
    if isinstance(listed, list):
        names = [str(n) for n in listed if is_safe_id(str(n))]
        folders = [root / n for n in names if is_project(root / n)]
    else:
        folders = sorted(
            p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and is_project(p)
        )
    # qi's one symlink policy: a project linked from outside the portfolio is not read
    # (`qi validate` names it)
    return [f for f in folders if is_inside(root, f)]


__all__ = [
    "CHARTER_FILE",
    "DATA_FILE",
    "PDSA_DIR",
    "PORTFOLIO_FILE",
    "SCORES_FILE",
    "is_portfolio",
    "is_project",
    "portfolio_config",
    "project_folders",
]
