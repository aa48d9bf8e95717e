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
from qi.constants import MIN_USEFUL_FOR_RUNS
from qi.present.frames import frozen_baselines, has_limits
from qi.present.prose import Narrative, Section, Sentence, User
from qi.present.verdict_words import Words, headline, target_sentence
from qi.present.words import (
    centre_name,
    chart_name,
    join_words,
    limits_name,
    plural,
)

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.kinds import Improvement, RuleKind, SignalType
    from qi.charts.result import ChartResult


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
    fmt = _Formatter(result)
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
    caveats = _caveats(result, fmt)
    if caveats:
        cav = Section(heading=["Caveats"])
        cav.ul(caveats)
        sections.append(cav)
    return Narrative(title, sections)


def _series_section(
    result: ChartResult,
    fmt: _Formatter,
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


def _overview(result: ChartResult, fmt: _Formatter, title: Sentence, names: list[Any]) -> Narrative:
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


class _Formatter(Words):
    """Formats values and x of one result consistently: the board's :class:`Words`, plus the
    limits' name and the point and span phrases of the full account."""

    def __init__(self, result: ChartResult) -> None:
        super().__init__(result)
        self.numbers = self.style  # the NumberStyle (qi.present.numbers)
        self.limits = limits_name(result.rule_set.name)

    def at(self, value: Any) -> str:
        """``"in Mar 2024"``, ``"on 3 Mar 2024"`` or ``"at point 7"``."""
        return self.when(value)

    def point(self, value: Any) -> str:
        """``"March 2024"`` or ``"point 7"``."""
        return self.x(value) if self.kind == "date" else f"point {self.x(value)}"

    def span(self, first: Any, last: Any) -> str:
        a, b = self.x(first), self.x(last)
        if a == b:
            return self.at(first)
        return f"from {a} to {b}" if self.kind == "date" else f"from point {a} to point {b}"


def _what(result: ChartResult, fmt: _Formatter, data: pd.DataFrame) -> Sentence:
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
    result: ChartResult, fmt: _Formatter, series: Any, frame: pd.DataFrame
) -> list[Sentence]:
    chart = result.options.chart
    cname = centre_name(chart)
    phases = result.phases[result.phases["series"] == series]
    out: list[Sentence] = []
    multi = len(phases) > 1
    for ph, g in frame.groupby("phase", sort=False):
        prefix: Sentence = (
            ["Phase ", User(str(ph)), f" ({fmt.span(g['x'].iloc[0], g['x'].iloc[-1])}): "]
            if multi
            else []
        )
        centre = pd.to_numeric(g["centre"], errors="coerce")
        c_words = (
            f"the {cname} is {fmt.v(centre.iloc[0])}"
            if centre.nunique(dropna=True) <= 1
            else f"the {cname} varies from {fmt.v(centre.min())} to {fmt.v(centre.max())}"
        )
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
            out.append([*prefix, _cap(c_words) if not prefix else c_words, tail])
            continue
        lcl, ucl = g["lcl"].astype(float), g["ucl"].astype(float)
        if lcl.nunique(dropna=True) <= 1 and ucl.nunique(dropna=True) <= 1:
            lim = (
                f"the {fmt.limits} are {fmt.v(lcl.dropna().iloc[0]) if lcl.notna().any() else 'none'}"
                f" (lower) and {fmt.v(ucl.dropna().iloc[0]) if ucl.notna().any() else 'none'} (upper)"
            )
        else:
            lim = (
                f"the {fmt.limits} vary with the size of each subgroup: the lower limit from "
                f"{fmt.v(lcl.min())} to {fmt.v(lcl.max())}, the upper from {fmt.v(ucl.min())} to "
                f"{fmt.v(ucl.max())}"
            )
        first = c_words if prefix else _cap(c_words)
        meaning = (
            ""
            if explained
            else (
                " Points inside the limits are the variation this process "
                "produces by itself (common cause)."
            )
        )
        out.append([*prefix, f"{first} and {lim}.{meaning}"])
    for ph, nb, last in frozen_baselines(frame):
        words = (
            f"the centre line and limits come from the baseline ({plural(nb, 'point')} up "
            f"to {fmt.x(last)}) and are extended over the later points, which are judged "
            "against them."
        )
        out.append(["In phase ", User(str(ph)), ", " + words] if multi else [_cap(words)])
    return out


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


#: Letters whose spoken name starts with a vowel sound ("an MR chart", "a P chart").
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")


def _article(name: str) -> str:
    """``"An"`` or ``"A"`` before a chart name, by sound: abbreviations by their first
    letter's name (an I chart, an X-bar chart, a U chart), words by their first letter."""
    first = name[:1]
    abbreviation = first.isupper() and (len(name) == 1 or not name[1].islower())
    if abbreviation:
        return "An" if first in _VOWEL_SOUND_LETTERS else "A"
    return "An" if first.lower() in "aeiou" else "A"


_TYPE_WORDS: dict[str, str] = {
    IMPROVEMENT: "an improvement",
    CONCERN: "a concern",
    NEUTRAL: "special cause (no improvement direction was set, so neither good nor bad)",
}
#: A neutral signal on a chart with a direction: the pattern itself has none (e.g. 15 points
#: hugging the centre line, a sign of stratification).
_NEUTRAL_WITH_DIRECTION = (
    "special cause without a direction, so neither an improvement nor a concern"
)


def _meaning(signal_type: SignalType, improvement: Improvement | None) -> str:
    if signal_type == NEUTRAL and improvement is not None:
        return _NEUTRAL_WITH_DIRECTION
    return _TYPE_WORDS.get(signal_type, "special cause")


def _rule(result: ChartResult, name: str) -> tuple[str, RuleKind]:
    """The label and kind of a rule of the result's set (a rule it does not hold: its name, and
    kind ``"other"``)."""
    try:
        rule = result.rule_set.rule(name)
    except KeyError:
        return name, "other"
    return rule.label, rule.kind


def _direction_words(kind: RuleKind, direction: int, cname: str) -> str:
    """A trend's direction is a slope (rising, falling); any other's a side of the centre."""
    if direction == 0:
        return ""
    if kind == "trend":
        return "rising" if direction > 0 else "falling"
    return f"above the {cname}" if direction > 0 else f"below the {cname}"


def _signals(result: ChartResult, fmt: _Formatter, series: Any) -> tuple[Sentence, list[Sentence]]:
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
        label, kind = _rule(result, str(e["rule"]))
        direction = int(e["direction"]) if pd.notna(e["direction"]) else 0
        d = _direction_words(kind, direction, centre_name(result.options.chart))
        pts = int(e["n_points"])
        signal_type = cast("SignalType", str(e["signal_type"]))  # one of SIGNAL_TYPES
        items.append(
            [
                f"{_cap(fmt.span(e['first_x'], e['last_x']))}: {label} "
                f"({plural(pts, 'point')}{', ' + d if d else ''}), "
                f"{_meaning(signal_type, result.options.improvement)}."
            ]
        )
    kinds = eps["signal_type"].astype(str)
    summary = []
    for t, w in ((IMPROVEMENT, "improvement"), (CONCERN, "concern"), (NEUTRAL, "neutral")):
        c = int((kinds == t).sum())
        if c:
            summary.append(plural(c, w))
    return [f"{plural(len(eps), 'signal')} by the {rs.title} ({join_words(summary)}):"], items


def _latest(fmt: _Formatter, frame: pd.DataFrame, state: pd.Series) -> Sentence:
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
    result: ChartResult, fmt: _Formatter, frame: pd.DataFrame, state: pd.Series
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


def _caveats(result: ChartResult, fmt: _Formatter) -> list[Sentence]:
    out: list[Sentence] = []
    ph = result.phases
    data = result.data
    multi_series = data["series"].nunique() > 1

    def where(row: pd.Series) -> Sentence:
        parts: Sentence = []
        if multi_series:
            parts += [" (", User(str(row["series"])), ")"]
        if len(ph[ph["series"] == row["series"]]) > 1:
            parts += [" in phase ", User(str(row["phase"]))]
        return parts

    for _, row in ph[ph["trial"].astype(bool)].iterrows():
        nb = row["n_baseline"] if pd.notna(row["n_baseline"]) else row["n_obs"]
        out.append(
            [
                "Trial limits",
                *where(row),
                f": the limits rest on only {plural(int(nb), 'point')}, and will become more "
                "reliable as data are added.",
            ]
        )
    for _, row in ph.iterrows():
        nu = row["n_useful"]
        if pd.notna(nu) and int(nu) < MIN_USEFUL_FOR_RUNS:
            out.append(
                [
                    "Too few points for the runs rules",
                    *where(row),
                    f": {plural(int(nu), 'useful point')} (fewer than {MIN_USEFUL_FOR_RUNS}), "
                    "so shifts and runs cannot be judged reliably yet.",
                ]
            )
    if ph.groupby("series").size().max() > 1:
        out.append(
            [
                "The limits were recalculated at the start of each phase. A new phase is only "
                "justified when the change in the process is real, understood and expected to "
                "last; compare phases with that in mind."
            ]
        )
    if result.rules_skipped:
        labels = [_rule(result, name)[0] for name in result.rules_skipped]
        out.append([f"Not applied to this chart (they need control limits): {join_words(labels)}."])
    excl = data[~data["included"].astype(bool)]
    if len(excl):
        xs = [fmt.x(v) for v in excl["x"].tolist()[:10]]
        more = f" and {len(excl) - 10} more" if len(excl) > 10 else ""
        out.append(
            [
                f"{plural(len(excl), 'point')} left out of the calculations (still shown, "
                f"hollow): {', '.join(xs)}{more}."
            ]
        )
    any_trial = bool(ph["trial"].astype(bool).any()) if len(ph) else False
    for w in result.warnings:
        # the engine's trial-limit warnings repeat the phases' `trial` flag, already said above
        if any_trial and w.kind == "trial_limits":
            continue
        out.append([User(_cap(str(w)))])
    return out
