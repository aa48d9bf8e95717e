"""Step 1 of :func:`qi.chart`, continued: check ``limits=``, a centre and limits fixed from a
stated source (a published standard, an earlier baseline) instead of computed from the data.

One set for the whole chart, with a non-empty ``source``; a run chart takes a centre only
(:attr:`qi.charts.types.ChartType.has_limits`). Called by :func:`qi.charts.validate.resolve_options`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qi.charts.columns import is_finite_real
from qi.charts.result import FixedLimits
from qi.charts.types import ChartType
from qi.errors import ValidationError

_LIMIT_KEYS = ("centre", "lcl", "ucl", "source")
_EXAMPLE = "limits={'centre': 0.82, 'lcl': 0.70, 'ucl': 0.94, 'source': 'audit 2023, table 2'}"


def check_fixed_limits(
    limits: Any, ctype: ChartType, phases: Any, baseline: Any
) -> FixedLimits | None:
    """``limits=`` as a FixedLimits: a mapping (or FixedLimits) with centre, lcl, ucl (not for
    run charts) and a non-empty source; one set for the whole chart (no phases, no baseline).

    The checks run in this order, so the first problem is the one reported: the shape (a
    mapping with known keys), the source, the values (:func:`_values`), then one set for the
    whole chart.
    """
    if limits is None:
        return None
    limits = _as_mapping(limits)
    source = _source(limits)
    centre, lcl, ucl = _values(limits, ctype)
    if phases is not None or baseline is not None:
        raise ValidationError(
            "limits fixes one centre and one set of limits for the whole chart; it cannot be "
            "combined with phases or baseline",
            field="limits",
            hint="leave out phases/baseline, or leave out limits to compute them per phase",
        )
    return FixedLimits(centre=centre, lcl=lcl, ucl=ucl, source=source)


def _as_mapping(limits: Any) -> Mapping[Any, Any]:
    """A FixedLimits as a mapping; any other mapping as given, once its keys are known ones."""
    if isinstance(limits, FixedLimits):
        limits = {
            "centre": limits.centre,
            "lcl": limits.lcl,
            "ucl": limits.ucl,
            "source": limits.source,
        }
    if not isinstance(limits, Mapping):
        raise ValidationError(
            f"limits must be a mapping of centre, lcl, ucl and source, found {type(limits).__name__}",
            field="limits",
            hint=_EXAMPLE,
        )
    unknown = [str(key) for key in limits if key not in _LIMIT_KEYS]
    if unknown:
        raise ValidationError(
            f"limits has unknown keys: {', '.join(unknown)}",
            field="limits",
            hint=f"use the keys {', '.join(_LIMIT_KEYS)}, e.g. {_EXAMPLE}",
        )
    return limits


def _source(limits: Mapping[Any, Any]) -> str:
    """The non-empty ``source``, stripped."""
    source = limits.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValidationError(
            "limits needs a 'source': where the fixed centre and limits come from",
            field="limits",
            hint="say where they were published or computed, e.g. 'source': 'baseline Apr 2022-Mar 2023'",
        )
    return source.strip()


def _values(
    limits: Mapping[Any, Any], ctype: ChartType
) -> tuple[float, float | None, float | None]:
    """(centre, lcl, ucl) as floats, lcl <= centre <= ucl; a run chart takes a centre only
    (lcl and ucl None)."""
    wanted = ("centre", "lcl", "ucl") if ctype.has_limits else ("centre",)
    if not ctype.has_limits and (limits.get("lcl") is not None or limits.get("ucl") is not None):
        raise ValidationError(
            "a run chart has a centre line only; limits gives lcl/ucl",
            field="limits",
            hint="give only 'centre' and 'source' for a run chart, or use a control chart",
        )
    vals: dict[str, float | None] = {"lcl": None, "ucl": None}
    for key in wanted:
        v = limits.get(key)
        if not is_finite_real(v):
            raise ValidationError(
                f"limits['{key}'] must be a finite number, found {v!r}",
                field="limits",
                hint=_EXAMPLE,
            )
        vals[key] = float(v)
    centre = float(limits["centre"])
    lcl, ucl = vals["lcl"], vals["ucl"]
    if lcl is not None and ucl is not None and not lcl <= centre <= ucl:
        raise ValidationError(
            f"limits must satisfy lcl <= centre <= ucl, found lcl {lcl}, centre {centre}, ucl {ucl}",
            field="limits",
            hint="check the order of the three values",
        )
    return centre, lcl, ucl
