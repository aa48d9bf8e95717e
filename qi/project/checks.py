"""Cross-reference checks of a project folder that no single file's schema can make: ids used
once in the charter, links between measures, change ideas and phases that exist, rule sets and
periods that parse, and no file reached through a link that leaves the project.

Used by loading (:mod:`qi.project.load`) and by the charter writes (:mod:`qi.project.commands`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qi.errors import ValidationError
from qi.project.ids import check_inside
from qi.project.messages import did_you_mean
from qi.project.model import Charter, Measure, PDSACycle
from qi.project.periods import parse_period
from qi.project.yamlio import line_of


def charter_problems(charter: Charter, tree: Any, file: str) -> list[ValidationError]:
    """Cross-references inside the charter: unique ids, linked measures and change ideas exist,
    each measure's rule set is known and its periods parse."""
    problems = _duplicate_ids(charter, tree, file) + _idea_links(charter, tree, file)
    idea_ids = [c.id for c in charter.change_ideas]
    for i, m in enumerate(charter.measures):
        problems += _phase_links(m, i, idea_ids, tree, file)
        problems += _rule_set_problems(m, i, tree, file)
        problems += _period_problems(m, i, tree, file)
    return problems


def _duplicate_ids(charter: Charter, tree: Any, file: str) -> list[ValidationError]:
    """A problem for each measure or change idea id used a second time."""
    problems: list[ValidationError] = []
    id_lists: tuple[tuple[str, list[str]], ...] = (
        ("measures", [m.id for m in charter.measures]),
        ("change_ideas", [c.id for c in charter.change_ideas]),
    )
    for key, ids in id_lists:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                problems.append(
                    ValidationError(
                        f"id '{item_id}' is used twice",
                        field=f"{key}[{i}].id",
                        file=file,
                        line=line_of(tree, [key, i, "id"]),
                        hint="give every measure and change idea its own id",
                    )
                )
            seen.add(item_id)
    return problems


def _idea_links(charter: Charter, tree: Any, file: str) -> list[ValidationError]:
    """A problem for each measure a change idea links that the charter does not define."""
    measure_ids = [m.id for m in charter.measures]
    return [
        ValidationError(
            f"change idea '{idea.id}' links measure '{mid}', which the charter does not define",
            field=f"change_ideas[{i}].measures[{j}]",
            file=file,
            line=line_of(tree, ["change_ideas", i, "measures", j]),
            hint=did_you_mean(mid, measure_ids) + f"measures: {', '.join(measure_ids)}",
        )
        for i, idea in enumerate(charter.change_ideas)
        for j, mid in enumerate(idea.measures)
        if mid not in measure_ids
    ]


def _phase_links(
    m: Measure, i: int, idea_ids: list[str], tree: Any, file: str
) -> list[ValidationError]:
    """A problem for each phase of measure ``i`` naming a change idea the charter lacks."""
    return [
        ValidationError(
            f"phase '{phase.label}' names change idea '{phase.change_idea}', which the charter does not define",
            field=f"measures[{i}].phases[{j}].change_idea",
            file=file,
            line=line_of(tree, ["measures", i, "phases", j, "change_idea"]),
            hint=f"change ideas: {', '.join(idea_ids)}",
        )
        for j, phase in enumerate(m.phases)
        if phase.change_idea and phase.change_idea not in idea_ids
    ]


def _rule_set_problems(m: Measure, i: int, tree: Any, file: str) -> list[ValidationError]:
    """A problem when measure ``i`` names a rule set that is not registered."""
    if m.rules is None:
        return []
    from qi.charts.rules import rule_sets

    names = list(rule_sets())
    if m.rules in names:
        return []
    return [
        ValidationError(
            f"unknown rule set '{m.rules}'",
            field=f"measures[{i}].rules",
            file=file,
            line=line_of(tree, ["measures", i, "rules"]),
            hint=did_you_mean(m.rules, names) + f"rule sets: {', '.join(names)}",
        )
    ]


def _period_problems(m: Measure, i: int, tree: Any, file: str) -> list[ValidationError]:
    """A problem for each period of measure ``i`` (baseline, phase starts, benchmarks, target
    date, trajectory) that does not parse at the measure's frequency."""
    periods: list[tuple[list[str | int], str | None]] = [(["baseline"], m.baseline)]
    periods += [(["phases", j, "start"], ph.start) for j, ph in enumerate(m.phases)]
    periods += [(["benchmarks", j, "period"], b.period) for j, b in enumerate(m.benchmarks)]
    if m.target is not None:
        periods.append((["target", "date"], m.target.date))
        periods += [
            (["target", "trajectory", j, "period"], t.period)
            for j, t in enumerate(m.target.trajectory)
        ]
    problems: list[ValidationError] = []
    for loc, value in periods:
        if value is None:
            continue
        where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in loc)
        try:
            parse_period(value, m.frequency, field=f"measures[{i}]{where}", file=file)
        except ValidationError as err:
            err.line = line_of(tree, ["measures", i, *loc])  # the tree is parsed only now
            problems.append(err)
    return problems


def links_leaving(root: Path, paths: list[Path]) -> list[ValidationError]:
    """A problem for each of ``paths`` that is a link leading out of the project (qi's one
    symlink policy, :func:`qi.project.ids.is_inside`); links inside it are followed."""
    problems = []
    for path in paths:
        if path.is_symlink() or path.exists():
            try:
                check_inside(root, path)
            except ValidationError as err:
                problems.append(err)
    return problems


def cycle_problems(
    cycle: PDSACycle, tree: Any, path: Path, charter: Charter | None
) -> list[ValidationError]:
    """Cross-references of one PDSA cycle file (``pdsa/<change idea>/<cycle id>.yaml``): its
    folder and file name match the cycle, and the change idea and measures it names exist in
    the charter (not checked when the charter itself could not be read)."""
    problems: list[ValidationError] = []
    file = str(path)
    folder = path.parent.name
    if cycle.change_idea != folder:
        problems.append(
            ValidationError(
                f"change_idea is '{cycle.change_idea}' but the file is in pdsa/{folder}/",
                field="change_idea",
                file=file,
                line=line_of(tree, ["change_idea"]),
                hint="move the file or correct change_idea",
            )
        )
    if path.stem != cycle.id:
        problems.append(
            ValidationError(
                f"file name '{path.name}' does not match the cycle id '{cycle.id}'",
                field="cycle_number",
                file=file,
                line=line_of(tree, ["cycle_number"]),
                hint=f"rename it to {cycle.id}.yaml",
            )
        )
    if charter is None:
        return problems
    idea_ids = [c.id for c in charter.change_ideas]
    if cycle.change_idea not in idea_ids:
        problems.append(
            ValidationError(
                f"cycle for change idea '{cycle.change_idea}', which the charter does not define",
                field="change_idea",
                file=file,
                line=line_of(tree, ["change_idea"]),
                hint=did_you_mean(cycle.change_idea, idea_ids)
                + f"change ideas: {', '.join(idea_ids)}",
            )
        )
    measure_ids = [m.id for m in charter.measures]
    for j, mid in enumerate(cycle.measures):
        if mid not in measure_ids:
            problems.append(
                ValidationError(
                    f"cycle links measure '{mid}', which the charter does not define",
                    field=f"measures[{j}]",
                    file=file,
                    line=line_of(tree, ["measures", j]),
                    hint=f"measures: {', '.join(measure_ids)}",
                )
            )
    return problems
