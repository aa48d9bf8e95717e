"""The caveats of the account of a chart (:mod:`qi.present.narrate`): trial limits, too few
points for the runs rules, recalculated phases, rules not applied, points left out, and the
engine's warnings, read from the result's frames and ``warnings`` records."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qi.constants import MIN_USEFUL_FOR_RUNS
from qi.present.narrate_words import Formatter, rule_words
from qi.present.prose import Sentence, User
from qi.present.words import cap, join_words, plural

if TYPE_CHECKING:  # pragma: no cover
    from qi.charts.result import ChartResult


def caveats(result: ChartResult, fmt: Formatter) -> list[Sentence]:
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
        labels = [rule_words(result, name)[0] for name in result.rules_skipped]
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
        out.append([User(cap(str(w)))])
    return out
