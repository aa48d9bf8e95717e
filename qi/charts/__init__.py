"""Computation of run and control charts; never draws (see :mod:`qi.present`).

``qi.chart()`` (:mod:`qi.charts.api`) runs a pipeline of named steps, one module each:

- :mod:`qi.charts.validate`: check the options and the data, every message tested;
- :mod:`qi.charts.prepare`: sort, aggregate duplicate x, phases, baseline, exclusions;
- :mod:`qi.charts.limits`: centre, sigma and 3/2/1-sigma lines per chart type (a registry);
- :mod:`qi.charts.rules`: the rule sets (a registry) and the runs analysis;
- :mod:`qi.charts.assemble`: the frames of :class:`qi.charts.result.ChartResult`.

``qi.funnel()`` (:mod:`qi.charts.funnel`) compares units on one indicator (exact binomial and
Poisson limits from :mod:`qi.charts.distributions`, overdispersion as FunnelPlotR; input checks
in :mod:`qi.charts.funnel_input`, limits in :mod:`qi.charts.funnel_limits`, the result in
:mod:`qi.charts.funnel_result`).

``qi.judge()`` (:mod:`qi.charts.judge`) gives the verdict on a result: the phase-change test
(:mod:`qi.charts.phase_change`), episodes (:mod:`qi.charts.episodes`), target and trajectory
(:mod:`qi.charts.target_status`), records (:mod:`qi.charts.verdict_records`) and the states as
``Literal`` types (:mod:`qi.charts.verdict_kinds`); the MDC icon states are in
:mod:`qi.charts.assurance`.

Columns are declared once in :mod:`qi.charts.schema`; per-segment statistics are in
:mod:`qi.charts.segments`. Every series and phase is a segment of one long array, so a
``by=`` chart of 10,000 series is one vectorised pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qi.charts.result import ChartWarning as ChartWarning

__all__ = ["ChartWarning"]


def __getattr__(name: str) -> Any:
    # ChartWarning loads qi.charts.result (and pandas) on first use, not when a submodule is
    # imported: `qi --help` imports qi.charts.schema and must stay light (tests/test_cli_imports).
    if name == "ChartWarning":
        from qi.charts.result import ChartWarning

        return ChartWarning
    raise AttributeError(f"module 'qi.charts' has no attribute {name!r}")
