"""ChartResult: the numbers of a chart. Plots, narrative and icons only read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from qi.charts.kinds import CaveatKind, Improvement, SigmaFrom, WarningKind, XKind
from qi.charts.rules.base import RuleSet

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from qi.charts.prepare import Prepared


@dataclass(frozen=True)
class FixedLimits:
    """A centre line and control limits fixed by the user, with the source they come from
    (e.g. a published baseline). In the chart's displayed units (after ``multiply``).

    ``lcl``/``ucl`` are None for a run chart (a centre line only). The limits are taken to lie
    ``sigma_multiplier`` sigma from the centre on each side; the 2- and 1-sigma lines are drawn
    at 2/k and 1/k of each side's distance.
    """

    centre: float
    lcl: float | None
    ucl: float | None
    source: str


@dataclass(frozen=True)
class ChartOptions:
    """What the caller asked for, resolved (defaults filled in), kept with the result."""

    chart: str
    y: str
    x: str | None = None
    n: str | None = None
    rules: str = "ihi"
    improvement: Improvement | None = None
    target: float | None = None
    baseline: Any = None
    exclude: tuple[Any, ...] = ()
    phases: Any = None
    by: str | None = None
    screen_mr: bool = True
    #: "number" or "date": how x is shown and narrated.
    x_kind: XKind = "number"
    #: Optional words from a charter, shown by plots and narrative.
    title: str | None = None
    definition: str | None = None
    unit: str | None = None
    #: The period type of a date x (``qi.constants.PERIOD_TYPES``: monthly, quarterly,
    #: financial_year...), or None to read it from the dates: how periods are written.
    frequency: str | None = None
    #: k of the control limits: lcl/ucl at centre -/+ k sigma (Shewhart's 3 by default).
    sigma_multiplier: float = 3.0
    #: Centre and limits fixed from a stated source instead of computed (None: computed).
    limits: FixedLimits | None = None
    #: Display scale: y, centre, limits and sigma are multiplied by it (100: proportions as %).
    multiply: float = 1.0
    #: How an xbar chart estimates sigma: "sd" (s-bar/c4, qicharts2) or "range" (R-bar/d2).
    sigma_from: SigmaFrom = "sd"


@dataclass(frozen=True)
class Caveat:
    """A typed caveat of a chart (data, not words; STYLE 16), one per series and phase.

    ``kind``: ``"runs_rule_out_of_range"`` (the phase has ``value`` useful observations, outside
    the range the runs-count table covers; ``limit`` is the end of the range it falls beyond,
    ``source`` names the table).
    """

    kind: CaveatKind
    series: str
    phase: str
    value: float
    limit: float
    source: str = ""


@dataclass(frozen=True)
class ChartWarning:
    """A warning of a chart as a record (STYLE 16): what it is about (``kind``, one of
    :data:`qi.charts.kinds.WarningKind`), where, and the words.

    ``series`` is the ``by=`` series the warning is about (None on a chart of one series, or
    for a line about several); ``phase`` the phase label (None for a line about several).
    ``message`` is the words after the place; ``str(w)`` gives the whole line, e.g.
    ``"series A, phase 2: the centre line comes from 3 points, ..."``. A ChartWarning equals
    only another ChartWarning, never its text: compare ``str(w)`` with text.
    """

    kind: WarningKind
    message: str
    series: str | None = None
    phase: str | None = None

    def __str__(self) -> str:
        where = [
            f"{name} {value}"
            for name, value in (("series", self.series), ("phase", self.phase))
            if value is not None
        ]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class Deferred:
    """A frame not built yet: ``ChartResult`` builds it from the engine's arrays on first read
    (a single chart that is only judged or plotted never pays for the frames it does not read)."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[], pd.DataFrame]) -> None:
        self.build = build


class _Frame:
    """A dataclass field holding a DataFrame or a :class:`Deferred`, built on first read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, objtype: type | None = None) -> pd.DataFrame:
        if obj is None:  # no class-level default: the dataclass field is required
            raise AttributeError(self.slot[1:])
        value = obj.__dict__[self.slot]
        if isinstance(value, Deferred):
            value = value.build()
            obj.__dict__[self.slot] = value
        frame: pd.DataFrame = value
        return frame

    def __set__(self, obj: Any, value: pd.DataFrame | Deferred) -> None:
        obj.__dict__[self.slot] = value


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
        Caveats as :class:`ChartWarning` records (trial limits, runs table out of range);
        ``str(w)`` words each. Also issued as ``QIWarning``.
    caveats:
        The measurements behind the runs-range caveats (:class:`Caveat`: the phase's useful
        observations, the end of the table's range, its source), at both ends of the range;
        ``warnings`` words only those above it.
    """

    # Typed as the descriptor: a type checker reads a DataFrame (``_Frame.__get__``) and lets
    # ``__init__`` take a DataFrame or a Deferred (``_Frame.__set__``). The three are required
    # at run time (``__get__`` on the class raises AttributeError, so dataclass sees no default);
    # mypy takes the descriptor for a default, hence the ignores on the two fields after them.
    data: _Frame = _Frame()
    phases: _Frame = _Frame()
    signals: _Frame = _Frame()
    options: ChartOptions  # type: ignore[misc]
    rule_set: RuleSet  # type: ignore[misc]
    rules_skipped: tuple[str, ...] = ()
    warnings: tuple[ChartWarning, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    #: The engine's points (:class:`qi.charts.prepare.Prepared`), kept so :func:`qi.judge` can
    #: extend a phase's limits over the next one without the caller's data.
    prepared: Prepared | None = field(default=None, repr=False, compare=False)

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

        # a by= series' own warnings, worded as on a chart of that series alone (no "series")
        words = tuple(replace(w, series=None) for w in self.warnings if w.series == name)
        if self.options.by is None:
            words = self.warnings
        return replace(
            self,
            data=pick(self.data),
            phases=pick(self.phases),
            signals=pick(self.signals),
            warnings=words,
            caveats=tuple(c for c in self.caveats if c.series == name),
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

    def judge(self, **kwargs: Any) -> Any:
        """The verdict on the chart (see :func:`qi.charts.judge.judge`)."""
        from qi.charts.judge import judge

        return judge(self, **kwargs)

    def _repr_markdown_(self) -> str:
        return self.describe(markdown=True)

    def _repr_html_(self) -> str:
        from qi.present.html import result_html

        return result_html(self)
