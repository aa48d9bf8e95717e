"""``qi.options`` (defined here, in ``qi.settings``): run-time switches, explicit and typed.
Importing qi sets none of them.

``qi.options.warnings`` decides whether a chart's caveats (trial limits from fewer than
``MIN_POINTS_FOR_LIMITS`` points) are also issued as :class:`qi.errors.QIWarning`. They are
always in ``ChartResult.warnings`` and in its description, which Jupyter shows with the
result; there a printed warning, with the source line Python adds, only repeats them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


def in_jupyter() -> bool:
    """True inside a Jupyter kernel (an IPython ``ZMQInteractiveShell``: JupyterLab, Notebook,
    VS Code notebooks, papermill); False in scripts, the terminal and plain IPython."""
    ipython = sys.modules.get("IPython")  # only looked up, never imported: no cost, no side effect
    shell = (
        ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    )
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


@dataclass
class Options:
    """Run-time switches of qi.

    Attributes
    ----------
    warnings:
        ``None`` (the default): issue caveats as ``QIWarning`` in scripts and the terminal,
        not in Jupyter, where the result shows them. ``True``: always. ``False``: never.
    """

    warnings: bool | None = None

    def issue_warnings(self) -> bool:
        """Whether a caveat that the result also carries is issued as a ``QIWarning`` now."""
        return (not in_jupyter()) if self.warnings is None else bool(self.warnings)


#: The options of this process (``qi.options``).
options = Options()
