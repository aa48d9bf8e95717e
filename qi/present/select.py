"""Pick some series of a ``by=`` result, for drawing or describing them alone."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qi.errors import unknown_name

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult


def series_names(result: ChartResult) -> list[Any]:
    """The series of a result, in the frame's order."""
    return list(dict.fromkeys(result.data["series"]))


def select_series(result: ChartResult, series: Any | Sequence[Any]) -> ChartResult:
    """A result holding only the named series (rows of ``data``, ``phases`` and ``signals``, and
    the warnings placed on those series; options and rule set unchanged). Nothing is recomputed: every series of a ``by=`` result
    has its own limits and rules already.

    Parameters
    ----------
    result:
        A result, usually of ``qi.chart(..., by=...)``.
    series:
        One series name or a list of them.

    Raises
    ------
    ValidationError
        For a name that is not a series of the result (lists the valid ones).
    """
    wanted = (
        [series] if isinstance(series, str) or not isinstance(series, Sequence) else list(series)
    )
    names = series_names(result)
    as_text = {str(n): n for n in names}
    for w in wanted:
        if w not in names and str(w) not in as_text:
            raise unknown_name("series", str(w), [str(n) for n in names], field="series")
    keep = {str(w) for w in wanted}

    def rows(frame: Any) -> Any:
        return frame[frame["series"].astype(str).isin(keep)].reset_index(drop=True)

    # A warning placed on a series goes with it; one placed on none (a plain chart, or the
    # "and k more" line of a long list) stays.
    warnings = tuple(w for w in result.warnings if w.series is None or str(w.series) in keep)
    return dataclasses.replace(
        result,
        data=rows(result.data),
        phases=rows(result.phases),
        signals=rows(result.signals),
        warnings=warnings,
    )
