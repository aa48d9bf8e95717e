"""Where things live in a project folder (DESIGN.md, "A project on disk")::

    kinship/
      charter.yaml                       the charter (hand-edited; comments are kept)
      data/measures.csv                  measure, period, value, denominator, note
      pdsa/<change-idea>/<cycle-id>.yaml one file per PDSA cycle
      scores.csv                         date, score, rationale, scored_by

A portfolio is a folder of project folders plus ``portfolio.yaml``. Paths are relative to the
project (or portfolio) folder, with forward slashes (pathlib joins them on Windows too).
"""

from __future__ import annotations

CHARTER_FILE = "charter.yaml"
DATA_FILE = "data/measures.csv"
SCORES_FILE = "scores.csv"
PDSA_DIR = "pdsa"
PORTFOLIO_FILE = "portfolio.yaml"
