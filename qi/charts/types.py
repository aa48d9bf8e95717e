"""The chart types: one :class:`ChartType` record per chart, looked up by name.

Everything qi knows about a chart type lives in its record: its limit function, whether it
needs, takes or refuses a denominator, what its data and its plotted points are, whether they
can be negative, its names in words and its source. Validation (:mod:`qi.charts.validate`),
the limits step (:mod:`qi.charts.limits`), the rules' defaults, words and number formats
(:mod:`qi.present.words`, :mod:`qi.present.numbers`) and project chart specs
(:mod:`qi.project.chartspec`) ask the record; none of them keeps its own list of chart names.
To add a chart type, see CONTRIBUTING.md ("How to add a chart type").

Two facts that used to share the name ``COUNT_CHARTS`` have their own names here:
:attr:`ChartType.counted` (the data are counts, so y may not be negative: p, np, pp, c, u, up,
g) and :attr:`ChartType.whole_numbers` (the plotted points are whole counts, written without
decimals: c, np, g).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from qi.errors import ValidationError, unknown_name

if TYPE_CHECKING:  # pragma: no cover - the limit functions load numpy; naming charts must not
    from qi.charts.limit_core import LimitInput, Limits

#: What the data of a chart are, which decides what validation checks and how a project
#: measure is passed: ``proportion`` (cases out of a denominator: binomial, numerator <= n),
#: ``rate`` (events per unit of opportunity: Poisson with a denominator), ``count`` (counts with
#: no denominator: events, or opportunities between events) or ``measurement`` (any value).
Family = Literal["proportion", "rate", "count", "measurement"]

#: What one plotted point is: a ``value`` (or mean of values), a ``moving_range``, a
#: ``subgroup_mean``, ``subgroup_sd`` or ``subgroup_range``, a 0-1 ``proportion``, a whole
#: ``count``, a ``rate`` per unit of opportunity, or a ``time_between`` events.
YKind = Literal[
    "value",
    "moving_range",
    "subgroup_mean",
    "subgroup_sd",
    "subgroup_range",
    "proportion",
    "count",
    "rate",
    "time_between",
]

#: Whether a chart ``needs`` a denominator column n, takes one as an ``option`` (y is then
#: sum(y) / sum(n)), or ``refuses`` one.
Denominator = Literal["needs", "option", "refuses"]


@dataclass(frozen=True)
class ChartType:
    """The facts of one chart type.

    Attributes
    ----------
    name:
        The name ``qi.chart(chart=...)`` takes (qicharts2's chart codes; r is Montgomery's).
    title:
        What the chart shows, in words (``"P chart (proportions)"``).
    centre_name:
        What its centre line is, in words, as the limit function computes it.
    limits:
        Where the limit function (:class:`LimitInput` -> :class:`Limits`) lives, as
        ``"module:function"``; :attr:`limit_function` imports it on first use, so that naming
        the chart types (``qi --help``, charter validation) does not load numpy.
    family, y_kind, denominator:
        See :data:`Family`, :data:`YKind`, :data:`Denominator`.
    source:
        Where the chart's arithmetic comes from.
    no_n_hint:
        For a chart that refuses n: why, and what to do instead.
    without_n:
        For a chart that needs n: the chart to suggest for plain values without one.
    aliases:
        Other names of the chart in books and tools; an alias passed as ``chart=`` is refused
        with a hint naming qi's chart.
    has_limits:
        False for the run chart (a centre line, no control limits).
    subgroups:
        The rows sharing an x are a subgroup and ``.data["n"]`` is the subgroup size.
    non_negative:
        The plotted statistic cannot be below zero, whatever the measure's unit (counts c, np,
        g; proportions and rates p, pp, u, up; times between events t; moving ranges mr;
        standard deviations s): a lower limit computed below zero is *shown* at zero, as
        qicharts2 does with ``y.neg = FALSE`` ("negative lcl, lcl.95, lcl.lab are set to 0";
        docs/method/charts.md), while ``.data`` keeps the computed value. The r chart is not
        marked: its lower limits are never below zero (D3 >= 0, lower lines clipped at 0).
    positive_y:
        Every y must be above zero (the t chart's power transform; qicharts2 ``qic.t``).
    runs_signal:
        The runs analysis may signal (qicharts2 sets ``runs.signal`` FALSE on MR charts).
    transformed:
        Limits are computed on a transformed scale and sigma stays on it (the t chart).
    sigma_from_range:
        The chart may estimate sigma from subgroup ranges (``sigma_from="range"``).
    """

    name: str
    title: str
    centre_name: str
    limits: str
    family: Family
    y_kind: YKind
    denominator: Denominator
    source: str
    no_n_hint: str = ""
    without_n: str = ""
    aliases: tuple[str, ...] = ()
    has_limits: bool = True
    subgroups: bool = False
    non_negative: bool = False
    positive_y: bool = False
    runs_signal: bool = True
    transformed: bool = False
    sigma_from_range: bool = False

    @property
    def limit_function(self) -> Callable[[LimitInput], Limits]:
        """The limit function named by :attr:`limits`."""
        module, _, name = self.limits.partition(":")
        function = getattr(importlib.import_module(module), name)
        return cast("Callable[[LimitInput], Limits]", function)

    @property
    def needs_n(self) -> bool:
        """A denominator column is required."""
        return self.denominator == "needs"

    @property
    def takes_n(self) -> bool:
        """A denominator column is allowed."""
        return self.denominator != "refuses"

    @property
    def counted(self) -> bool:
        """The data are counts (of cases, events or opportunities): y may not be negative."""
        return self.family != "measurement"

    @property
    def cases_of_n(self) -> bool:
        """Cases out of a denominator (binomial): a numerator may not exceed its n."""
        return self.family == "proportion"

    @property
    def whole_numbers(self) -> bool:
        """The plotted points are whole counts (written without decimals)."""
        return self.y_kind == "count"

    @property
    def shows_proportion(self) -> bool:
        """The plotted points are 0-1 proportions (written as percentages)."""
        return self.y_kind == "proportion"

    @property
    def default_rules(self) -> str:
        """The rule set used when ``rules=None`` (:func:`qi.charts.rules.default_rule_set`)."""
        from qi.charts.rules.registry import default_rule_set

        return default_rule_set(self.name)


_VAR = "qi.charts.limits_variables:"
_ATTR = "qi.charts.limits_attributes:"
_SUBGROUP_HINT = "an {} chart's subgroups are the rows that share an x; drop n"
_HCDG = "Provost & Murray, The Health Care Data Guide (2011)"

#: The registry, in the order the docs list the charts (qicharts2's order; pp/up are Laney
#: P'/U', ip the I' chart of qicharts2 0.8, r the range chart of Montgomery section 6.2).
_TYPES: tuple[ChartType, ...] = (
    ChartType(
        "run",
        "run chart",
        "median",
        _VAR + "run_limits",
        "measurement",
        "value",
        "option",
        "Perla, Provost & Murray 2011 (BMJ Qual Saf 20:46-51); qicharts2 qic.run",
        aliases=("run chart",),
        has_limits=False,
    ),
    ChartType(
        "i",
        "I chart (individual values)",
        "mean",
        _VAR + "i_limits",
        "measurement",
        "value",
        "option",
        f"{_HCDG}; qicharts2 qic.i (sigma = mean MR / 1.128); NHSRplotthedots (XmR)",
        aliases=("xmr", "x", "imr", "individuals"),
    ),
    ChartType(
        "mr",
        "MR chart (moving ranges)",
        "mean moving range",
        _VAR + "mr_limits",
        "measurement",
        "moving_range",
        "option",
        "qicharts2 qic.mr (ucl = 3.267 x mean MR, D4 for n = 2)",
        aliases=("moving range",),
        non_negative=True,
        runs_signal=False,
    ),
    ChartType(
        "xbar",
        "X-bar chart (subgroup means)",
        "grand mean",
        _VAR + "xbar_limits",
        "measurement",
        "subgroup_mean",
        "refuses",
        f"qicharts2 qic.xbar (s-bar / c4); R-bar / d2: Montgomery section 6.2, {_HCDG}, ch. 7",
        no_n_hint=_SUBGROUP_HINT.format("xbar"),
        aliases=("x-bar", "xbar-s", "xbar-r", "x̄"),
        subgroups=True,
        sigma_from_range=True,
    ),
    ChartType(
        "s",
        "S chart (subgroup standard deviations)",
        "average standard deviation",
        _VAR + "s_limits",
        "measurement",
        "subgroup_sd",
        "refuses",
        "qicharts2 qic.s (B3/B4 from the exact c4)",
        no_n_hint=_SUBGROUP_HINT.format("s"),
        aliases=("sd", "stdev"),
        subgroups=True,
        non_negative=True,
    ),
    ChartType(
        "p",
        "P chart (proportions)",
        "overall proportion",
        _ATTR + "p_limits",
        "proportion",
        "proportion",
        "needs",
        f"{_HCDG}; qicharts2 qic.p",
        without_n="i",
        aliases=("proportion",),
        non_negative=True,
    ),
    ChartType(
        "np",
        "NP chart (counts of cases)",
        "mean count",
        _ATTR + "np_limits",
        "proportion",
        "count",
        "needs",
        f"Montgomery section 7.2.1; {_HCDG}, ch. 6",
        without_n="i",
        non_negative=True,
    ),
    ChartType(
        "c",
        "C chart (counts)",
        "mean count",
        _ATTR + "c_limits",
        "count",
        "count",
        "refuses",
        f"{_HCDG}; qicharts2 qic.c",
        no_n_hint="for counts per denominator use chart='u' (rates) or chart='p' (proportions)",
        aliases=("count",),
        non_negative=True,
    ),
    ChartType(
        "u",
        "U chart (rates)",
        "overall rate",
        _ATTR + "u_limits",
        "rate",
        "rate",
        "needs",
        f"{_HCDG}; qicharts2 qic.u",
        without_n="c",
        aliases=("rate",),
        non_negative=True,
    ),
    ChartType(
        "g",
        "G chart (cases between events)",
        "median",
        _ATTR + "g_limits",
        "count",
        "count",
        "refuses",
        f"{_HCDG} (g chart, centre at the median); qicharts2 qic.g",
        no_n_hint="a g chart counts opportunities between events; drop n",
        aliases=("geometric",),
        non_negative=True,
    ),
    ChartType(
        "t",
        "T chart (time between events)",
        "centre line",
        _VAR + "t_limits",
        "measurement",
        "time_between",
        "refuses",
        "Nelson 1994 (y^(1/3.6)); qicharts2 qic.t",
        no_n_hint="a t chart charts times between events; drop n",
        aliases=("time between",),
        non_negative=True,
        positive_y=True,
        transformed=True,
    ),
    ChartType(
        "pp",
        "P′ chart (Laney proportions)",
        "overall proportion",
        _ATTR + "pp_limits",
        "proportion",
        "proportion",
        "needs",
        "Laney 2002 (Qual Eng 14:531-537); qicharts2 qic.pp",
        without_n="i",
        aliases=("p'", "p′", "p-prime", "laney p"),
        non_negative=True,
    ),
    ChartType(
        "up",
        "U′ chart (Laney rates)",
        "overall rate",
        _ATTR + "up_limits",
        "rate",
        "rate",
        "needs",
        "Laney 2002 (Qual Eng 14:531-537); qicharts2 qic.up",
        without_n="c",
        aliases=("u'", "u′", "u-prime", "laney u"),
        non_negative=True,
    ),
    ChartType(
        "ip",
        "I′ chart (individual rates or proportions, limits by denominator)",
        "weighted mean",
        _VAR + "ip_limits",
        "measurement",
        "value",
        "option",
        "qicharts2 0.8 qic.ip",
        aliases=("i'", "i′", "i-prime"),
    ),
    ChartType(
        "r",
        "R chart (subgroup ranges)",
        "average range",
        _VAR + "r_limits",
        "measurement",
        "subgroup_range",
        "refuses",
        "Montgomery section 6.2 and Appendix VI (D3, D4)",
        no_n_hint=_SUBGROUP_HINT.format("r"),
        aliases=("range",),
        subgroups=True,
    ),
)

#: Chart type name -> record.
CHART_TYPE_RECORDS: dict[str, ChartType] = {t.name: t for t in _TYPES}

#: The chart names, in the order the docs list them (``qi.charts.schema.CHART_TYPES``).
CHART_TYPES: tuple[str, ...] = tuple(CHART_TYPE_RECORDS)


def get_chart_type(name: object) -> ChartType:
    """The record of chart ``name``; an unknown name lists the valid ones (and an alias such as
    ``"xmr"`` or ``"p'"`` is answered with qi's name for it)."""
    if isinstance(name, str) and name in CHART_TYPE_RECORDS:
        return CHART_TYPE_RECORDS[name]
    error = unknown_name("chart", str(name), CHART_TYPES, field="chart")
    alias = str(name).strip().lower()
    for t in _TYPES:
        if alias in t.aliases:
            raise ValidationError(error.message, field="chart", hint=f"did you mean '{t.name}'?")
    raise error


def charts_where(test: Callable[[ChartType], bool]) -> frozenset[str]:
    """The names of the chart types whose record passes ``test``."""
    return frozenset(t.name for t in _TYPES if test(t))


#: Charts that need a denominator column n.
NEEDS_N: frozenset[str] = charts_where(lambda t: t.needs_n)
#: Charts that refuse a denominator, with the reason and the fix.
NO_N: dict[str, str] = {t.name: t.no_n_hint for t in _TYPES if not t.takes_n}
#: Charts of counts (of cases, events or opportunities): y may not be negative.
COUNTED_CHARTS: frozenset[str] = charts_where(lambda t: t.counted)
#: Charts of cases out of a denominator (binomial): numerator <= denominator.
CASES_OF_N_CHARTS: frozenset[str] = charts_where(lambda t: t.cases_of_n)
#: Charts of events per unit of opportunity (Poisson with a denominator).
RATE_CHARTS: frozenset[str] = charts_where(lambda t: t.family == "rate")
#: Charts whose points are 0-1 proportions (written as percentages).
PROPORTION_Y_CHARTS: frozenset[str] = charts_where(lambda t: t.shows_proportion)
#: Charts whose points are whole counts (written without decimals).
WHOLE_NUMBER_CHARTS: frozenset[str] = charts_where(lambda t: t.whole_numbers)
#: Charts whose plotted statistic cannot be negative, whatever the measure's unit.
NON_NEGATIVE_CHARTS: frozenset[str] = charts_where(lambda t: t.non_negative)
#: Charts whose n is the subgroup size (the rows sharing an x).
SUBGROUP_CHARTS: frozenset[str] = charts_where(lambda t: t.subgroups)
