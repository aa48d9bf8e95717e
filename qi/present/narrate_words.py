"""The words the account of a chart (:mod:`qi.present.narrate`) is built from: the formatter of
values and periods, the article before a chart name, and a rule's label, kind, direction and
meaning. Read from the result's options and rule set; nothing is recomputed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qi.charts.schema import CONCERN, IMPROVEMENT, NEUTRAL
from qi.present.verdict_words import Words
from qi.present.words import limits_name

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.kinds import Improvement, RuleKind, SignalType
    from qi.charts.result import ChartResult


class Formatter(Words):
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


#: Letters whose spoken name starts with a vowel sound ("an MR chart", "a P chart").
VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")


def article(name: str) -> str:
    """``"An"`` or ``"A"`` before a chart name, by sound: abbreviations by their first
    letter's name (an I chart, an X-bar chart, a U chart), words by their first letter."""
    first = name[:1]
    abbreviation = first.isupper() and (len(name) == 1 or not name[1].islower())
    if abbreviation:
        return "An" if first in VOWEL_SOUND_LETTERS else "A"
    return "An" if first.lower() in "aeiou" else "A"


TYPE_WORDS: dict[str, str] = {
    IMPROVEMENT: "an improvement",
    CONCERN: "a concern",
    NEUTRAL: "special cause (no improvement direction was set, so neither good nor bad)",
}
#: A neutral signal on a chart with a direction: the pattern itself has none (e.g. 15 points
#: hugging the centre line, a sign of stratification).
NEUTRAL_WITH_DIRECTION = (
    "special cause without a direction, so neither an improvement nor a concern"
)


def meaning(signal_type: SignalType, improvement: Improvement | None) -> str:
    if signal_type == NEUTRAL and improvement is not None:
        return NEUTRAL_WITH_DIRECTION
    return TYPE_WORDS.get(signal_type, "special cause")


def rule_words(result: ChartResult, name: str) -> tuple[str, RuleKind]:
    """The label and kind of a rule of the result's set (a rule it does not hold: its name, and
    kind ``"other"``)."""
    try:
        rule = result.rule_set.rule(name)
    except KeyError:
        return name, "other"
    return rule.label, rule.kind


def direction_words(kind: RuleKind, direction: int, cname: str) -> str:
    """A trend's direction is a slope (rising, falling); any other's a side of the centre."""
    if direction == 0:
        return ""
    if kind == "trend":
        return "rising" if direction > 0 else "falling"
    return f"above the {cname}" if direction > 0 else f"below the {cname}"
