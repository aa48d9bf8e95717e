"""``python -m qi``: the same command line as ``qi`` (for when the venv's scripts folder is not
on PATH, e.g. ``py -m qi`` on Windows)."""

from __future__ import annotations

from qi.cli import main

if __name__ == "__main__":  # pragma: no cover - run as a module
    main(prog_name="qi")
