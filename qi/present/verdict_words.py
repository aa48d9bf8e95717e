"""A verdict in a board's words: one headline per measure, at most three sentences under its
chart, and the technical account for the page's method note.

Everything here reads a :class:`qi.charts.judge.SeriesVerdict` (and the result it came from,
for units and dates); nothing is recomputed. Board text never names a rule, a sigma or an id:
those belong to :func:`method_note`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from qi.present.words import cap, chart_name, plural

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.judge import SeriesVerdict, Verdict
    from qi.charts.result import ChartResult
    from qi.charts.verdict_kinds import ChangeStatus, State, TargetState

#: Words of each state (:data:`qi.charts.verdict_kinds.State`) for tables and the portfolio
#: ("how is it going"); a test checks that every state has its words.
STATE_WORDS: dict[State, str] = {
    "improving": "improving",
    "worsening": "getting worse",
    "unstable": "unusual variation",
    "holding": "changed, holding",
    "no_change": "no real change",
    "too_early": "too early to tell",
    "too_few_points": "too few points",
}


class Words:
    """Writes values and periods of one result as a board reads them, through the one
    formatting module (:mod:`qi.present.numbers`): %, £, "per 10,000", periods by type."""

    def __init__(self, result: ChartResult) -> None:
        from qi.present.numbers import number_style, period_style

        self.result = result
        self.chart = result.options.chart
        self.style = number_style(result)
        self.period = period_style(result)
        self.kind = "number" if self.period == "number" else "date"

    def v(self, value: Any) -> str:
        """A computed value (a centre, a limit) at the chart's decimals."""
        return self.style.value(value)

    def exact(self, value: Any) -> str:
        """A value a person typed or counted (a target, a data point), written exactly; a
        proportion computed from counts at the chart's decimals ("44.9%", not "44.944%")."""
        if self.style.kind == "proportion":
            return self.style.value(value)
        return self.style.value(value, exact=True)

    def about(self, value: Any, other: Any = None) -> str:
        """A level as people say it ("about 85", "about 30%", "about £64,000"): two significant
        figures, more where needed to tell ``value`` from ``other`` (the level it is compared
        with), so "from about 30% to about 30%" is never written."""
        try:
            f = float(value)
        except (TypeError, ValueError):
            return self.v(value)
        if not math.isfinite(f) or f == 0:
            return self.v(f)
        scale = self.style.scale

        def say(x: float, digits: int) -> str:
            rounded = round(x * scale, -digits) / scale
            # "about 5", not "about 5.0": only the decimals the rounded value needs
            decimals = self.style.fewest_decimals(rounded, max(0, -digits))
            return self.style.number(rounded, decimals) + self.style.suffix

        for figures in (2, 3, 4):
            digits = int(math.floor(math.log10(abs(f * scale)))) - figures + 1
            text = say(f, digits)
            if other is None:
                return text
            o = float(other)
            if not math.isfinite(o) or o == 0 or say(o, digits) != text:
                return text
        return self.v(f)

    def levels(self, before: float, after: float) -> tuple[str, str]:
        """Both levels of a change, each as :meth:`about` writes it, told apart."""
        return self.about(before, after), self.about(after, before)

    def x(self, value: Any) -> str:
        from qi.present.numbers import format_period

        return format_period(value, self.result)

    def when(self, value: Any) -> str:
        """ "in Nov 2019", "in Jan–Mar 2020", "in 2020/21", "on 5 Mar 2021" or "at point 7"."""
        if self.kind != "date":
            return f"at point {self.x(value)}"
        return f"{'on' if self.period == 'day' else 'in'} {self.x(value)}"

    def since(self, value: Any) -> str:
        if self.kind != "date":
            return f"since point {self.x(value)}"
        return f"since {self.x(value)}"

    def diff(self, value: float) -> str:
        """An absolute difference in the measure's unit ("8", "3.2 percentage points")."""
        if self.style.kind == "proportion":
            return f"{abs(value) * 100:.1f} percentage points"
        return self.v(abs(value))


def _moved(before: float, after: float) -> str:
    if not (math.isfinite(before) and math.isfinite(after)) or before == after:
        return "changed"
    return "up" if after > before else "down"


def headline(
    verdict: SeriesVerdict,
    result: ChartResult,
    phase_names: dict[str, str] | None = None,
    short: bool = False,
) -> str:
    """One sentence: what changed, when, from what to what, and whether it holds.

    ``short``: the summary's form, where a measure without change needs no explanation.

    ``phase_names`` maps a phase label to the words for what began then ("the Kinship Care Team
    started"); without it the label itself is used.
    """
    w = Words(result)
    v = verdict
    names = phase_names or {}
    if result.extras.get("cumulative"):
        return (
            f"A running total: {w.exact(v.latest_value)} {w.when(v.latest_x)}. It rises by construction, "
            "so it is read against its target, not for signals of change."
        )
    if v.state in ("holding", "improving", "worsening", "unstable"):
        return _change_headline(v, w, names)
    if v.state in ("too_early", "too_few_points"):
        return _waiting_headline(v, w, names)
    return _no_change_headline(v, w, names, short)


def _change_headline(v: SeriesVerdict, w: Words, names: dict[str, str]) -> str:
    """A real change: holding at a new level, still under way, or unusual variation without a
    direction."""
    if v.state == "holding":
        cause = names.get(v.since_phase or "", f"“{v.since_phase}”")
        good = v.signal_type == "special_cause_improvement"
        verdict_words = (
            "a real improvement, holding at the new level"
            if good
            else "a real deterioration that has not recovered"
            if v.signal_type == "special_cause_concern"
            else "a real change, holding"
        )
        a, b = w.levels(v.level_before, v.level_now)
        return (
            f"{_moved(v.level_before, v.level_now).capitalize()} from about {a} to about {b} "
            f"{w.since(v.since_x)} ({cause}): {verdict_words}."
        )
    if v.state in ("improving", "worsening"):
        good = v.state == "improving"
        a, b = w.levels(v.level_before, v.level_now)
        return (
            f"{_moved(v.level_before, v.level_now).capitalize()} from about {a} to about {b} "
            f"{w.since(v.since_x)}: "
            + (
                "a real improvement, still under way."
                if good
                else "a real deterioration that needs attention."
            )
        )
    a, b = w.levels(v.level_before, v.level_now)  # unstable: no direction is set
    return (
        f"Unusual variation {w.since(v.since_x)} ({_moved(v.level_before, v.level_now)} from about "
        f"{a} to about {b}); no direction of improvement "
        "is set, so it is neither good nor bad."
    )


def _waiting_headline(v: SeriesVerdict, w: Words, names: dict[str, str]) -> str:
    """Not judged yet: too early after a change, or too few points."""
    if v.state == "too_early":
        cause = names.get(v.since_phase or "", f"“{v.since_phase}”")
        return (
            f"Too early to tell whether the change {w.since(v.since_x)} ({cause}) has moved the measure: "
            f"{plural(v.points_needed, 'more point')} needed."
        )
    return (
        f"Too few points to judge yet ({v.n_useful} so far; {v.points_needed} more needed); "
        f"the latest value is {w.exact(v.latest_value)}."
    )


def _no_change_headline(v: SeriesVerdict, w: Words, names: dict[str, str], short: bool) -> str:
    """No real change: since the latest tested phase, or throughout."""
    if short and v.state == "no_change":
        return f"No real change (around {w.about(v.centre)})."
    tested = [c for c in v.changes if c.status == "no_change"]
    if tested:
        c = tested[-1]
        cause = names.get(c.phase, f"“{c.phase}”")
        return (
            f"No real change: since {w.x(c.start_x)} ({cause}) the values stay within "
            f"the range seen before, around {w.about(c.before)}."
        )
    return f"No real change: the values vary around {w.about(v.centre)}, as the process has done throughout."


def target_sentence(verdict: SeriesVerdict, result: ChartResult) -> str | None:
    """The target (and trajectory) in one sentence, or None without a target."""
    w = Words(result)
    v = verdict
    t = v.target
    if t is None:
        return None
    tw = w.exact(t.target)
    latest = f"the latest value, {w.exact(t.latest)} {w.when(v.latest_x)},"
    meets = {True: "meets it", False: "does not meet it yet", None: "is shown against it"}[
        t.latest_meets
    ]
    sentences: dict[TargetState, str] = {
        "pass": f"As the process runs now it will consistently meet the target of {tw}.",
        "fail": f"As the process runs now it will not reach the target of {tw}: a further change is needed.",
        "hit_and_miss": f"As the process runs now it will meet the target of {tw} in some periods and miss it in others.",
        "process_changed": f"The target is {tw}; {latest} {meets}"
        + (
            "."
            if v.trajectory is not None
            else "; the process is still changing, so it is too soon "
            "to say whether it will meet the target consistently."
        ),
        "no_limits": f"The target is {tw}; {latest} {meets}.",
        "not_judged": f"The target is {tw}.",
    }
    base = sentences[t.status]
    tr = v.trajectory
    if tr is not None:
        period = w.when(tr.x)
        if tr.status == "on":
            base += f" {cap(period)} it is on the trajectory ({w.exact(tr.value)} against {w.v(tr.expected)})."
        else:
            run = (
                f", as it has been for {tr.run_same_side} periods in a row"
                if tr.run_same_side > 2
                else ""
            )
            where = "ahead of" if tr.status == "ahead" else "behind"
            base += (
                f" {cap(period)} it is {w.diff(tr.gap)} {where} the trajectory "
                f"({w.exact(tr.value)} against {w.v(tr.expected)}){run}."
            )
    return base


def history_sentence(verdict: SeriesVerdict, result: ChartResult) -> str | None:
    """Earlier special cause, in one sentence, when the state does not already tell it."""
    w = Words(result)
    since = [
        e
        for e in verdict.episodes_since
        if not (verdict.since_x is not None and e.first_x == verdict.since_x)
    ]
    if verdict.state in ("improving", "worsening", "unstable") and since:
        since = since[1:]
    if not since:
        return None
    kinds = {"special_cause_improvement": "improvement", "special_cause_concern": "concern"}
    e = since[0]
    what = kinds.get(e.signal_type, "unusual variation")
    more = f" ({plural(len(since), 'episode')} since the changes began)" if len(since) > 1 else ""
    if e.first_x == e.last_x:
        when = w.when(e.first_x)
    elif w.kind == "date":
        when = f"from {w.x(e.first_x)} to {w.x(e.last_x)}"
    else:
        when = f"from point {w.x(e.first_x)} to point {w.x(e.last_x)}"
    return f"Earlier, {_article(what)} {what} {when}{more} did not last."


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def what_it_shows(
    verdict: SeriesVerdict, result: ChartResult, phase_names: dict[str, str] | None = None
) -> list[str]:
    """At most three sentences for under the chart: headline, target, earlier episodes."""
    out = [headline(verdict, result, phase_names)]
    for s in (target_sentence(verdict, result), history_sentence(verdict, result)):
        if s:
            out.append(s)
    return out[:3]


def method_note(result: ChartResult, verdict: Verdict) -> list[str]:
    """The technical account of one chart, for the method note at the end of a page."""
    rs = result.rule_set
    opts = result.options
    notes = [f"{chart_name(opts.chart)}; signals by the {rs.title}."]
    w = Words(result)
    if opts.limits is not None:
        notes.append(
            f"Centre line and limits fixed from {opts.limits.source}, not estimated from these data."
        )
    elif opts.sigma_multiplier != 3:
        notes.append(f"Limits at {opts.sigma_multiplier:g} sigma (3 is the Shewhart default).")
    for sv in verdict.series:
        for c in sv.changes:
            outcome: dict[ChangeStatus, str] = {
                "improvement": "special cause (improvement)",
                "concern": "special cause (concern)",
                "neutral": "special cause",
                "no_change": "no special cause",
                "too_early": f"no special cause yet, {c.n_points} points",
            }
            status = outcome[c.status]
            from qi.present.numbers import format_range

            limits = (
                ""
                if not math.isfinite(c.extended_ucl)
                else f" (limits {format_range(c.extended_lcl, c.extended_ucl, result)})"
            )
            notes.append(
                f"Phase “{c.phase}”: {status} against the previous phase's centre "
                f"{w.v(c.before)}{limits}."
            )
    return notes
