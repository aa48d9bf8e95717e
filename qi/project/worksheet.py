"""The IHI PDSA worksheet as data: its sections, and the cycle field and label of each line,
in the worksheet's order. The cycle form of :mod:`qi.lab`, ``qi pdsa show`` and the cycle's HTML
(:mod:`qi.present.projects`) are all built from :data:`WORKSHEET`.
"""

from __future__ import annotations

from typing import Any

#: The PDSA worksheet, section by section: (dotted field, label). The order and wording follow
#: the IHI "PDSA Worksheet for Testing Change" (objective, questions and predictions, plan
#: who/what/where/when, what happened and observations, comparison with the predictions,
#: learning, decision and next cycle); the cycle form of :mod:`qi.lab` is built from it.
WORKSHEET: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Plan",
        (
            ("plan.objective", "Objective of this cycle"),
            ("plan.questions", "Questions"),
            ("plan.predictions", "Predictions"),
            ("plan.predictions_written", "Predictions written on"),
            ("plan.who", "Who"),
            ("plan.what", "What"),
            ("plan.where", "Where"),
            ("plan.when", "When"),
            ("plan.data_to_collect", "Data to collect"),
        ),
    ),
    (
        "Do",
        (
            ("do.what_happened", "What happened"),
            ("do.observations", "Observations"),
            ("do.problems", "Problems"),
            ("do.carried_out_as_planned", "Carried out as planned"),
        ),
    ),
    (
        "Study",
        (
            ("study.results", "Results compared with the predictions"),
            ("study.predictions_met", "Predictions met"),
            ("study.learning", "What we learned"),
        ),
    ),
    (
        "Act",
        (
            ("act.decision", "Decision (adopt, adapt, abandon)"),
            ("act.next_step", "Next cycle"),
        ),
    ),
)


def field_value(model: Any, dotted: str) -> Any:
    """The value at a dotted field path of a model (None where a part is missing)."""
    value = model
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


__all__ = ["WORKSHEET", "field_value"]
