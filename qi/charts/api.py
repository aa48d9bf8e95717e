"""``qi.chart()``: options -> validate -> prepare -> limits -> rules -> result.

Each step is a function in its own module with its own tests: :mod:`qi.charts.validate`,
:mod:`qi.charts.prepare`, :mod:`qi.charts.limits`, :mod:`qi.charts.rules` and
:mod:`qi.charts.assemble`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache, partial
from typing import Any

import numpy as np
import pandas as pd

from qi.charts import assemble
from qi.charts.kinds import Improvement, SigmaFrom
from qi.charts.limits import Limits, compute_limits, fixed_limits, has_limits, scaled
from qi.charts.prepare import Prepared, prepare
from qi.charts.result import ChartOptions, ChartResult, Deferred, FixedLimits
from qi.charts.rules.base import RuleInput, RuleSet
from qi.charts.schema import SIGNAL_TYPES
from qi.charts.validate import resolve_options, validate_data


def chart(
    data: pd.DataFrame | Mapping[str, Any],
    y: str,
    x: str | None = None,
    n: str | None = None,
    chart: str = "run",
    phases: str | list[Any] | None = None,
    baseline: int | Any | None = None,
    exclude: list[Any] | Any | None = None,
    rules: str | RuleSet | None = None,
    improvement: Improvement | None = None,
    target: float | None = None,
    by: str | None = None,
    screen_mr: bool = True,
    title: str | None = None,
    definition: str | None = None,
    unit: str | None = None,
    sigma_multiplier: float = 3.0,
    limits: Mapping[str, Any] | FixedLimits | None = None,
    multiply: float = 1.0,
    sigma_from: SigmaFrom = "sd",
    frequency: str | None = None,
) -> ChartResult:
    """Compute a run chart or a Shewhart control chart, with the signals of a rule set.

    Parameters
    ----------
    data:
        A tidy frame (or a mapping of column name to values), one row per observation;
        several rows with the same x (and series) are aggregated into one point.
    y:
        The column charted: values, counts (c, u, p, np, pp, up) or numerators.
    x:
        The column of x values: numbers, dates or ISO date strings (``YYYY-MM-DD``). Rows are
        sorted by x. Default: the row order (1, 2, ... within each series).
    n:
        Denominator column (required for p, np, pp, u, up; allowed for run, i and mr, which
        then chart ``sum(y) / sum(n)``).
    chart:
        One of ``qi.charts.schema.CHART_TYPES``: run, i, mr, xbar, s, p, np, c, u, g, t, pp, up,
        ip (the I' chart of qicharts2: individuals of rates or proportions with sigma scaled by
        each point's n), r (the range chart of subgroups, R-bar and D3/D4).
    phases:
        A column of phase labels, or a list of x values at which a new phase starts. Each phase
        gets its own centre, limits and runs analysis.
    baseline:
        An int k (the first k points of the first phase, missing values counted) or an x
        value (the first phase up to and including it; a float or a date string is always an
        x value): the centre and limits come from the baseline and extend over the rest of
        the first phase ("freeze"). Later phases use all their points.
    exclude:
        x values left out of every estimate, still shown and still tested against the limits.
    rules:
        A rule-set name (``qi.rule_sets()``) or a RuleSet. Default: ``ihi`` for run charts,
        ``hcdg`` otherwise.
    improvement:
        ``"up"`` (higher is better), ``"down"`` or None: turns signals into improvement,
        concern or neutral (``signal_type``).
    target:
        The aim's value, carried to plots and narrative.
    by:
        A column naming series; every series is charted in one vectorised call.
    screen_mr:
        Screen moving ranges once (Nelson 1982; qicharts2's default with the package
        attached). False: use every moving range.
    title, definition, unit:
        Words carried to the plot and the narrative.
    sigma_multiplier:
        k of the control limits, lcl/ucl = centre -/+ k sigma (default 3, Shewhart). The 2- and
        1-sigma lines stay; kept in ``ChartOptions`` so captions can say "2-sigma limits".
    limits:
        A centre and limits fixed from a stated source instead of computed:
        ``{"centre": c, "lcl": l, "ucl": u, "source": "where they come from"}`` in displayed
        units (``centre`` and ``source`` only for a run chart). One set for the whole chart:
        not with ``phases`` or ``baseline``. The rules and the runs analysis use them.
    multiply:
        Display scale (qicharts2's ``multiply``): y, centre, limits and sigma in the result are
        multiplied by it, after every calculation (100 shows proportions as percentages).
        ``target`` and ``limits`` are given in the multiplied units.
    sigma_from:
        xbar charts only: ``"sd"`` (s-bar / c4, qicharts2's default) or ``"range"`` (R-bar /
        d2: the Health Care Data Guide's, Montgomery's and qcc's x-bar-R chart).
    frequency:
        The period type of a date x (``qi.constants.PERIOD_TYPES``), carried to the plot and
        the narrative so periods read "Mar 2021", "Jan–Mar 2021" or "2020/21"; None reads it
        from the dates.

    Returns
    -------
    ChartResult
        ``.data`` (one row per point), ``.phases`` (one row per phase and series) and
        ``.signals`` (one row per signal episode); columns in :mod:`qi.charts.schema`.

    Raises
    ------
    qi.errors.ValidationError
        Bad input: the message names the argument or column, the rows and the fix.

    Examples
    --------
    >>> import pandas as pd, qi
    >>> df = pd.DataFrame({"week": range(1, 7), "falls": [3, 5, 2, 4, 6, 4]})
    >>> res = qi.chart(df, y="falls", x="week", chart="c", rules="hcdg")
    >>> float(res.phases["centre"].iat[0])
    4.0
    """
    opts, rule_set = resolve_options(
        y=y,
        x=x,
        n=n,
        chart=chart,
        phases=phases,
        baseline=baseline,
        exclude=exclude,
        rules=rules,
        improvement=improvement,
        target=target,
        by=by,
        screen_mr=screen_mr,
        title=title,
        definition=definition,
        unit=unit,
        sigma_multiplier=sigma_multiplier,
        limits=limits,
        multiply=multiply,
        sigma_from=sigma_from,
        frequency=frequency,
    )
    valid, opts = validate_data(data, opts)
    prep = prepare(valid, opts)
    lim = chart_limits(prep, opts, rule_set)
    applied = apply_rules(prep, lim, rule_set, opts)
    return build_result(prep, lim, applied, rule_set, opts)


def chart_limits(prep: Prepared, opts: ChartOptions, rule_set: RuleSet) -> Limits:
    """Step 3: the limits of the chart type at ``sigma_multiplier``, or the fixed ``limits``."""
    lim = compute_limits(
        opts.chart,
        prep,
        screen_mr=opts.screen_mr,
        convention=rule_set.limit_convention,
        sigma_multiplier=opts.sigma_multiplier,
        sigma_from=opts.sigma_from,
    )
    if opts.limits is not None:
        lim = fixed_limits(lim, opts.limits, opts.sigma_multiplier, opts.multiply)
    return lim


def rule_input(prep: Prepared, lim: Limits, opts: ChartOptions) -> RuleInput:
    """The arrays the rules read. Run charts get the limits of an I chart of the same phases
    as ``astro_lcl``/``astro_ucl`` (for the IHI astronomical-point rule)."""
    if has_limits(opts.chart):
        astro_lcl, astro_ucl = lim.lcl, lim.ucl
    else:
        astro = compute_limits("i", prep, screen_mr=opts.screen_mr)
        astro_lcl, astro_ucl = astro.lcl, astro.ucl
    return RuleInput(
        y=lim.y,
        centre=lim.centre,
        lcl=lim.lcl,
        ucl=lim.ucl,
        lcl_2s=lim.lcl_2s,
        ucl_2s=lim.ucl_2s,
        lcl_1s=lim.lcl_1s,
        ucl_1s=lim.ucl_1s,
        astro_lcl=astro_lcl,
        astro_ucl=astro_ucl,
        segment=prep.segment,
        included=prep.included,
    )


@lru_cache(maxsize=3)
def _type_table(improvement: Improvement | None) -> np.ndarray:
    """SIGNAL_TYPES codes of the six (signal, direction) combinations, by
    :func:`qi.charts.rules.signal_types` (index: signal * 3 + direction + 1)."""
    from qi.charts.rules import signal_types

    combos_signal = np.repeat([False, True], 3)
    combos_direction = np.tile(np.array([-1, 0, 1], dtype=np.int8), 2)
    table = signal_types(combos_signal, combos_direction, improvement)
    out = np.array([SIGNAL_TYPES.index(t) for t in table], dtype=np.int8)
    out.flags.writeable = False
    return out


def apply_rules(
    prep: Prepared, lim: Limits, rule_set: RuleSet, opts: ChartOptions
) -> assemble.Applied:
    """Step 4: apply the rule set to every segment at once; map directions to signal types.

    ``signal_rule`` and ``signal_type`` are returned as category codes (cheap for 10,000
    series): the rule code is the rules module's ``signal_code`` (1 + the precedence position
    of the labelling rule, 0 = no signal); the type code comes from
    :func:`qi.charts.rules.signal_types` evaluated once per (signal, direction) combination.
    """
    from qi.charts.rules import apply_rule_set

    app = apply_rule_set(rule_set, rule_input(prep, lim, opts), has_limits=has_limits(opts.chart))
    signal = np.asarray(app.signal, dtype=bool)
    direction = np.asarray(app.signal_direction, dtype=np.int8)
    rule_code = np.asarray(app.signal_code, dtype=np.int8)
    type_table = _type_table(opts.improvement)
    type_code = type_table[signal.astype(np.int64) * 3 + np.clip(direction, -1, 1) + 1]
    return assemble.Applied(
        flags=app.flags,
        episodes_of=partial(app.episodes, prep.segment),
        skipped=tuple(app.skipped),
        signal=signal,
        signal_rule=rule_code,
        signal_direction=direction,
        signal_type=type_code,
    )


def build_result(
    prep: Prepared, lim: Limits, applied: assemble.Applied, rule_set: RuleSet, opts: ChartOptions
) -> ChartResult:
    """Step 5: the runs analysis per phase (qicharts2 counting), warnings and caveats; the three
    frames are built lazily (a 60-point chart that is only judged skips most of the cost)."""
    from qi.charts.rules.runs import runs_analysis

    runs = runs_analysis(lim.y, lim.centre, prep.segment, prep.included)
    lim = scaled(lim, opts.multiply, opts.chart)
    pcols = assemble.phase_columns(
        prep, lim, runs, opts.chart, rule_set, fixed=opts.limits is not None
    )
    warns = assemble.trial_warnings(prep, pcols, opts.chart, opts)
    caveats = assemble.runs_range_caveats(prep, pcols, rule_set)
    caveat_words = assemble.caveat_words(caveats, opts)
    assemble.warn_caveats(caveat_words)
    # The frames are built on first read (ChartResult.data/.phases/.signals), from these arrays.
    return ChartResult(
        data=Deferred(partial(assemble.point_frame, prep, lim, applied, rule_set, opts.chart)),
        phases=Deferred(partial(assemble.phase_frame, prep, pcols)),
        signals=Deferred(partial(assemble.episode_frame, prep, applied, opts.improvement)),
        options=opts,
        rule_set=rule_set,
        rules_skipped=applied.skipped,
        warnings=warns + caveat_words,
        caveats=caveats,
        prepared=prep,
    )
