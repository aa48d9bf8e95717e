"""Plain English a board can read, from a ChartResult's frames alone.

:func:`narrative` builds the account as data (sections of sentences, user text kept apart from
qi's own words); :func:`describe` renders it as plain text or Markdown, and
:func:`qi.present.html.narrative_html` as HTML. The account only repeats what the frames say:
with no signal episode it says "no signal: the variation is consistent with common cause" and
never reads a trend into noise.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from qi.charts.assurance import icon_states
from qi.charts.judge import SeriesVerdict, judge
from qi.charts.schema import CONCERN, IMPROVEMENT, NEUTRAL
from qi.charts.types import get_chart_type
from qi.present.caveats import caveats
from qi.present.frames import frozen_baselines, has_limits
from qi.present.narrate_words import (
    Formatter,
    direction_words,
    meaning,
    rule_words,
)
from qi.present.narrate_words import article as _article
from qi.present.prose import Narrative, Section, Sentence, User
from qi.present.verdict_words import headline, target_sentence
from qi.present.words import cap, centre_name, chart_name, join_words, plural

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.kinds import SignalType
    from qi.charts.result import ChartResult

# The formatter, the article of a chart name and a rule's words are in qi.present.narrate_words;
# the caveats in qi.present.caveats.


# --- the account --------------------------------------------------------------------------
#: Beyond this many series, the account is an overview (counts of icon states), not one
#: section per series.
MAX_SERIES_NARRATED = 24


def describe(result: ChartResult, markdown: bool = False, series: Any = None) -> str:
    """Plain-English account of a chart.

    Parameters
    ----------
    result:
        A :class:`qi.charts.result.ChartResult`.
    markdown:
        Markdown (for notebooks) instead of plain text.
    series:
        Describe only these series of a ``by=`` result (one name or a list). A result with more
        than ``MAX_SERIES_NARRATED`` series is otherwise described as an overview.

    Returns
    -------
    str
        What is charted over what period; the centre and limits in words; each signal episode
        with its dates, rule and meaning (improvement, concern or neutral); the latest point;
        whether the current process will meet the target (MDC assurance); and the caveats
        (trial limits, too few points for the runs rules, recalculated phases, skipped rules,
        excluded points, the engine's warnings).
    """
    n = narrative(result, series=series)
    return n.markdown() if markdown else n.text()


def narrative(result: ChartResult, series: Any = None) -> Narrative:
    """The account of :func:`describe` as data (:class:`Narrative`)."""
    if series is not None:
        from qi.present.select import select_series

        result = select_series(result, series)
    opts = result.options
    data = result.data
    title: Sentence = [User(opts.title or opts.y)]
    fmt = Formatter(result)
    if data.empty or not np.isfinite(pd.to_numeric(data["y"], errors="coerce")).any():
        what = "no points" if data.empty else "only missing values"
        empty = Section()
        empty.p(
            [
                f"Nothing to describe yet: the {chart_name(opts.chart)} has {what}. "
                "Add data before reading anything into this measure."
            ]
        )
        return Narrative(title, [empty])
    sections: list[Section] = []
    series_names = list(dict.fromkeys(data["series"]))
    if len(series_names) > MAX_SERIES_NARRATED:
        return _overview(result, fmt, title, series_names)
    intro = Section()
    intro.p(_what(result, fmt, data))
    if int(np.isfinite(pd.to_numeric(data["y"], errors="coerce")).sum()) == 1:
        intro.p(["Only one point so far: no pattern, change or stability can be judged from it."])
    if opts.definition:
        intro.p(["Definition: ", User(opts.definition)])
    if len(series_names) > 1:
        names: list[str] = []
        for i, s in enumerate(series_names):
            names += ([", "] if i else []) + [User(s)]
        intro.p([f"{len(series_names)} series, each with its own limits: ", *names, "."])
    sections.append(intro)
    states = icon_states(result).set_index("series")
    verdict = judge(result)
    for s in series_names:
        heading: Sentence = [User(s)] if len(series_names) > 1 else []
        sections.append(_series_section(result, fmt, s, heading, states.loc[s], verdict[str(s)]))
    items = caveats(result, fmt)
    if items:
        cav = Section(heading=["Caveats"])
        cav.ul(items)
        sections.append(cav)
    return Narrative(title, sections)


def _series_section(
    result: ChartResult,
    fmt: Formatter,
    s: Any,
    heading: Sentence,
    state: pd.Series,
    sv: SeriesVerdict,
) -> Section:
    """One series: the verdict, its limits, signals, latest point and target (``state``: its
    icon states; ``sv``: its verdict)."""
    frame = result.data[result.data["series"] == s]
    sec = Section(heading=heading)
    if not np.isfinite(pd.to_numeric(frame["y"], errors="coerce")).any():
        sec.p(["No values in this series yet: nothing to judge."])
        return sec
    # the verdict first (qi.judge): the same words as the board pages, so the account
    # of a chart never says "no change" where a phase is a real change
    sec.p(["In short: ", headline(sv, result)])
    for par in _limits(result, fmt, s, frame):
        sec.p(par)
    sig_par, sig_items = _signals(result, fmt, s)
    sec.p(sig_par)
    sec.ul(sig_items)
    sec.p(_latest(fmt, frame, state))
    target = (
        target_sentence(sv, result)
        if sv.target is not None and sv.target.status == "process_changed"
        else _target(result, fmt, frame, state)
    )
    if target:
        sec.p(target if isinstance(target, list) else [target])
    return sec


def _overview(result: ChartResult, fmt: Formatter, title: Sentence, names: list[Any]) -> Narrative:
    """Many series: what is charted, then how many series are in each icon state."""
    from qi.present.icons import ASSURANCE_WORDS, VARIATION_WORDS

    sec = Section()
    sec.p(_what(result, fmt, result.data))
    sec.p(
        [
            f"{len(names)} series, each with its own limits; too many to describe one by one. "
            "At the latest point of each series:"
        ]
    )
    states = icon_states(result)
    counts = states["variation"].value_counts()
    sec.ul(
        [
            [f"{plural(int(counts[v]), 'series', 'series')}: {VARIATION_WORDS[v]}"]
            for v in VARIATION_WORDS
            if v in counts.index
        ]
    )
    assurance = states["assurance"].dropna().value_counts()
    if len(assurance):
        sec.p(["Against the target:"])
        sec.ul(
            [
                [f"{plural(int(assurance[a]), 'series', 'series')}: {ASSURANCE_WORDS[a]}"]
                for a in ASSURANCE_WORDS
                if a in assurance.index
            ]
        )
    sec.p(["Describe chosen series with describe(result, series=[...])."])
    return Narrative(title, [sec])


def _what(result: ChartResult, fmt: Formatter, data: pd.DataFrame) -> Sentence:
    k = int(data.groupby("series").size().max())
    n_missing = int(data["y"].isna().sum())
    missing = f" ({plural(n_missing, 'missing value')})" if n_missing else ""
    name = chart_name(result.options.chart)
    return [
        f"{_article(name)} {name} of ",
        User(result.options.title or result.options.y),
        f", {plural(k, 'point')}{missing} {fmt.span(data['x'].min(), data['x'].max())}.",
    ]


def _limits(
    result: ChartResult, fmt: Formatter, series: Any, frame: pd.DataFrame
) -> list[Sentence]:
    """The centre and limits of each phase in words, then the frozen baselines."""
    chart = result.options.chart
    cname = centre_name(chart)
    multi = int((result.phases["series"] == series).sum()) > 1
    out: list[Sentence] = []
    for ph, g in frame.groupby("phase", sort=False):
        prefix: Sentence = (
            ["Phase ", User(str(ph)), f" ({fmt.span(g['x'].iloc[0], g['x'].iloc[-1])}): "]
            if multi
            else []
        )
        c_words = _centre_words(g, fmt, cname)
        first = c_words if prefix else cap(c_words)
        explained = bool(out)  # the meaning of the lines is said once, with the first phase
        if not has_limits(g):
            tail = (
                "."
                if explained
                else "; a run chart has no control limits: its rules look for non-random patterns "
                f"around the {cname}."
                if not get_chart_type(chart).has_limits
                else "; there are no control limits."
            )
            out.append([*prefix, first, tail])
            continue
        meaning = (
            ""
            if explained
            else (
                " Points inside the limits are the variation this process "
                "produces by itself (common cause)."
            )
        )
        out.append([*prefix, f"{first} and {_limit_words(g, fmt)}.{meaning}"])
    for ph, nb, last in frozen_baselines(frame):
        words = (
            f"the centre line and limits come from the baseline ({plural(nb, 'point')} up "
            f"to {fmt.x(last)}) and are extended over the later points, which are judged "
            "against them."
        )
        out.append(["In phase ", User(str(ph)), ", " + words] if multi else [cap(words)])
    return out


def _centre_words(g: pd.DataFrame, fmt: Formatter, cname: str) -> str:
    """``"the mean is 12.5"``, or the range of a centre that varies within the phase."""
    centre = pd.to_numeric(g["centre"], errors="coerce")
    if centre.nunique(dropna=True) <= 1:
        return f"the {cname} is {fmt.v(centre.iloc[0])}"
    return f"the {cname} varies from {fmt.v(centre.min())} to {fmt.v(centre.max())}"


def _limit_words(g: pd.DataFrame, fmt: Formatter) -> str:
    """The limits of one phase: both values, or their ranges when they vary with subgroup
    size."""
    lcl, ucl = g["lcl"].astype(float), g["ucl"].astype(float)
    if lcl.nunique(dropna=True) <= 1 and ucl.nunique(dropna=True) <= 1:
        lo = fmt.v(lcl.dropna().iloc[0]) if lcl.notna().any() else "none"
        hi = fmt.v(ucl.dropna().iloc[0]) if ucl.notna().any() else "none"
        return f"the {fmt.limits} are {lo} (lower) and {hi} (upper)"
    return (
        f"the {fmt.limits} vary with the size of each subgroup: the lower limit from "
        f"{fmt.v(lcl.min())} to {fmt.v(lcl.max())}, the upper from {fmt.v(ucl.min())} to "
        f"{fmt.v(ucl.max())}"
    )


def _signals(result: ChartResult, fmt: Formatter, series: Any) -> tuple[Sentence, list[Sentence]]:
    rs = result.rule_set
    eps = result.signals[result.signals["series"] == series]
    if eps.empty:
        if result.phases["series"].astype(str).eq(str(series)).sum() > 1:
            return [
                "No signal within any phase against its own limits (no rule of the "
                f"{rs.title} is met); whether a phase changed the process is judged against "
                "the previous phase's limits, above."
            ], []
        return [
            "No signal: the variation is consistent with common cause (no rule of the "
            f"{rs.title} is met), so this chart shows no change in the process."
        ], []
    items: list[Sentence] = []
    for _, e in eps.sort_values("first_x", kind="stable").iterrows():
        label, kind = rule_words(result, str(e["rule"]))
        direction = int(e["direction"]) if pd.notna(e["direction"]) else 0
        d = direction_words(kind, direction, centre_name(result.options.chart))
        pts = int(e["n_points"])
        signal_type = cast("SignalType", str(e["signal_type"]))  # one of SIGNAL_TYPES
        items.append(
            [
                f"{cap(fmt.span(e['first_x'], e['last_x']))}: {label} "
                f"({plural(pts, 'point')}{', ' + d if d else ''}), "
                f"{meaning(signal_type, result.options.improvement)}."
            ]
        )
    kinds = eps["signal_type"].astype(str)
    summary = []
    for t, w in ((IMPROVEMENT, "improvement"), (CONCERN, "concern"), (NEUTRAL, "neutral")):
        c = int((kinds == t).sum())
        if c:
            summary.append(plural(c, w))
    return [f"{plural(len(eps), 'signal')} by the {rs.title} ({join_words(summary)}):"], items


def _latest(fmt: Formatter, frame: pd.DataFrame, state: pd.Series) -> Sentence:
    last = frame.iloc[-1]
    where = fmt.point(last["x"])
    if not math.isfinite(float(last["y"])):
        return [f"The latest point ({where}) is missing."]
    words = {
        "common_cause": "common cause",
        "improvement_high": "part of a special-cause improvement",
        "improvement_low": "part of a special-cause improvement",
        "concern_high": "part of a special-cause concern",
        "concern_low": "part of a special-cause concern",
        "neutral_high": "part of a special-cause signal (high)",
        "neutral_low": "part of a special-cause signal (low)",
    }[str(state["variation"])]
    return [f"The latest point ({where}, {fmt.numbers.point(last['y'])}) is {words}."]


def _target(
    result: ChartResult, fmt: Formatter, frame: pd.DataFrame, state: pd.Series
) -> Sentence | None:
    opts = result.options
    if opts.target is None:
        return None
    t = fmt.numbers.value(opts.target, exact=True)  # a number a person typed
    if opts.improvement is None:
        return [
            f"The target is {t}; no improvement direction was set, so whether the process "
            "meets it is not judged."
        ]
    if not has_limits(frame):
        last = frame["y"].dropna()
        side = ""
        if len(last):
            v = float(last.iloc[-1])
            met = v >= opts.target if opts.improvement == "up" else v <= opts.target
            side = f" The latest value {'meets' if met else 'does not meet'} it."
        return [
            f"The target is {t}. Without control limits the chart cannot say whether the "
            f"process will meet it reliably.{side}"
        ]
    a = state["assurance"]
    lo, hi = float(state["lcl"]), float(state["ucl"])
    if math.isfinite(lo) and math.isfinite(hi):
        limits = f"{fmt.v(lo)} to {fmt.v(hi)}"
    else:
        limits = f"lower limit {fmt.v(lo)}" if math.isfinite(lo) else f"upper limit {fmt.v(hi)}"
    if a == "pass":
        tail = (
            f"lies outside the current limits ({limits}) on the good side, so the process "
            "will consistently meet it (assurance: target met)."
        )
    elif a == "fail":
        tail = (
            f"lies outside the current limits ({limits}) on the wrong side, so the process "
            "will consistently miss it unless the process itself changes (assurance: target "
            "not met)."
        )
    else:
        tail = (
            f"lies within the current limits ({limits}), so the process will sometimes meet "
            "it and sometimes miss it (assurance: hit and miss)."
        )
    return [f"The target of {t} {tail}"]
