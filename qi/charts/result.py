"""ChartResult: the numbers of a chart. Plots, narrative and icons only read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from qi.charts.rules.base import RuleSet

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class ChartOptions:
    """What the caller asked for, resolved (defaults filled in), kept with the result."""

    chart: str
    y: str
    x: str | None = None
    n: str | None = None
    rules: str = "ihi"
    improvement: Literal["up", "down"] | None = None
    target: float | None = None
    baseline: Any = None
    exclude: tuple[Any, ...] = ()
    phases: Any = None
    by: str | None = None
    screen_mr: bool = True
    #: "number" or "date": how x is shown and narrated.
    x_kind: Literal["number", "date"] = "number"
    #: Optional words from a charter, shown by plots and narrative.
    title: str | None = None
    definition: str | None = None
    unit: str | None = None
    #: The period type of a date x (``qi.constants.PERIOD_TYPES``: monthly, quarterly,
    #: financial_year...), or None to read it from the dates: how periods are written.
    frequency: str | None = None


@dataclass
class ChartResult:
    """The result of :func:`qi.chart`.

    Attributes
    ----------
    data:
        One row per point: ``qi.charts.schema.POINT_COLUMNS``, one ``rule_<name>`` column per
        rule, then ``SIGNAL_COLUMNS``.
    phases:
        One row per phase and series: ``PHASE_COLUMNS``.
    signals:
        One row per signal episode: ``EPISODE_COLUMNS``.
    options:
        The resolved options.
    rule_set:
        The rule set applied.
    rules_skipped:
        Names of rules not applicable to this chart (e.g. zone rules on a run chart).
    warnings:
        Caveats in words (trial limits, too few points), also issued as ``QIWarning``.
    """

    data: pd.DataFrame
    phases: pd.DataFrame
    signals: pd.DataFrame
    options: ChartOptions
    rule_set: RuleSet
    rules_skipped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        o = self.options
        return (
            f"<ChartResult {o.chart} chart of {o.y!r}, rules {self.rule_set.name!r}: "
            f"{len(self.series_names)} series, {len(self.data)} points, {len(self.phases)} "
            f"phases, {len(self.signals)} signal episodes, {len(self.warnings)} warnings>"
        )

    @property
    def series_names(self) -> tuple[str, ...]:
        """The series of the chart, in order (one name, the y column's, without ``by``)."""
        return tuple(str(s) for s in dict.fromkeys(self.phases["series"]))

    def for_series(self, name: str) -> ChartResult:
        """The part of the result for one series (a ``by=`` chart), with the same options.

        Raises a ValidationError listing the series when ``name`` is not one of them.
        """
        from dataclasses import replace

        from qi.errors import unknown_name

        names = self.series_names
        if name not in names:
            raise unknown_name("series", str(name), names, field="series")

        def pick(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["series"] == name].reset_index(drop=True)

        prefix = f"series {name}, "
        words = tuple(w[len(prefix):] for w in self.warnings if w.startswith(prefix))
        if self.options.by is None:
            words = self.warnings
        return replace(
            self,
            data=pick(self.data),
            phases=pick(self.phases),
            signals=pick(self.signals),
            warnings=words,
            extras=dict(self.extras),
        )

    # --- presentation: delegated to qi.present, which never recomputes --------------------
    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Figure:
        """Draw the chart with matplotlib (see :func:`qi.present.plot.plot_chart`)."""
        from qi.present.plot import plot_chart

        return plot_chart(self, ax=ax, **kwargs)

    def describe(self, **kwargs: Any) -> str:
        """Plain-English account of the chart (see :func:`qi.present.narrate.describe`)."""
        from qi.present.narrate import describe

        return describe(self, **kwargs)

    def _repr_markdown_(self) -> str:
        return self.describe(markdown=True)

    def _repr_html_(self) -> str:
        from qi.present.html import result_html

        return result_html(self)
