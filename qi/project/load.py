"""Reading a project folder: every file read and validated, every problem reported at once
(:func:`validate_project`), or a :class:`~qi.project.project.Project` (:func:`load_project`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from qi.errors import ValidationError
from qi.project import data as data_io
from qi.project import scores as scores_io
from qi.project.checks import charter_problems, cycle_problems, links_leaving
from qi.project.ids import check_inside, is_safe_id
from qi.project.layout import CHARTER_FILE, DATA_FILE, PDSA_DIR, PORTFOLIO_FILE, SCORES_FILE
from qi.project.model import Charter, Measure, PDSACycle, ScoreEntry
from qi.project.project import Project
from qi.project.scales import load_scale
from qi.project.validate import build, raise_problems
from qi.project.yamlio import load_document


def _read_cycles(
    root: Path, charter: Charter | None
) -> tuple[list[PDSACycle], list[ValidationError]]:
    """Every PDSA cycle file under ``pdsa/`` that reads and validates, and every problem found
    (files, folder names, links leaving the project, cross-references, missing previous cycles)."""
    cycles: list[PDSACycle] = []
    problems: list[ValidationError] = []
    pdsa = root / PDSA_DIR
    if not pdsa.is_dir():
        return cycles, problems
    invalid: set[str] = set()  # cycles whose files exist but have problems (reported already)
    for folder in sorted(p for p in pdsa.iterdir() if not p.name.startswith(".")):
        skipped = _skip_entry(root, folder)
        if skipped is not None:
            problems += skipped
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.suffix not in (".yaml", ".yml"):
                continue
            if outside := links_leaving(root, [path]):
                problems += outside
                continue
            cycle, found = _read_cycle(path, charter)
            problems += found
            if cycle is None:
                invalid.add(path.stem)
            else:
                cycles.append(cycle)
    return cycles, problems + _missing_previous(root, cycles, invalid)


def _skip_entry(root: Path, entry: Path) -> list[ValidationError] | None:
    """None for a change idea folder under ``pdsa/`` to read; else why ``entry`` is skipped:
    a cycle file outside a folder, a folder name that is not an id, a link leaving the
    project, or nothing to say (any other file)."""
    if not entry.is_dir():
        if entry.suffix not in (".yaml", ".yml"):
            return []
        return [
            ValidationError(
                "unexpected file in pdsa/ (cycles live in pdsa/<change-idea>/)",
                file=str(entry),
                hint="move it into its change idea's folder",
            )
        ]
    if not is_safe_id(entry.name):
        return [
            ValidationError(
                f"folder name '{entry.name}' is not a valid change idea id",
                file=str(entry),
                hint="rename the folder to the change idea's id",
            )
        ]
    return links_leaving(root, [entry]) or None


def _read_cycle(
    path: Path, charter: Charter | None
) -> tuple[PDSACycle | None, list[ValidationError]]:
    """One cycle file, validated and cross-checked against the charter; None when the file
    cannot be read or does not validate (a cycle with only cross-reference problems is kept)."""
    try:
        tree = load_document(path)
    except ValidationError as err:
        return None, [err]
    cycle, problems = build(PDSACycle, tree, file=str(path))
    if cycle is None:
        return None, problems
    return cycle, problems + cycle_problems(cycle, tree, path, charter)


def _missing_previous(
    root: Path, cycles: list[PDSACycle], invalid: set[str]
) -> list[ValidationError]:
    """A problem for each cycle whose ``previous`` cycle has no file (one whose file exists but
    has problems is reported already)."""
    ids = {c.id for c in cycles}
    return [
        ValidationError(
            f"previous cycle '{c.previous}' does not exist",
            field="previous",
            file=str(root / PDSA_DIR / c.change_idea / f"{c.id}.yaml"),
            hint=f"cycles: {', '.join(sorted(ids))}",
        )
        for c in cycles
        if c.previous and c.previous not in ids and c.previous not in invalid
    ]


def _usable_measures(charter: Charter | None, tree: Any) -> tuple[dict[str, Measure], set[str]]:
    """Measures to check the data against: the charter's, or when the charter has problems,
    each measure entry that is valid on its own (ids of invalid entries are skipped)."""
    if charter is not None:
        return {m.id: m for m in charter.measures}, set()
    usable: dict[str, Measure] = {}
    unusable: set[str] = set()
    try:
        plain = tree.plain if tree is not None else None
    except ValidationError:
        plain = None
    entries = plain.get("measures") if isinstance(plain, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        measure, found = build(Measure, entry, file="")
        if measure is not None:
            usable[measure.id] = measure
        elif isinstance(entry.get("id"), str):
            unusable.add(str(entry["id"]))
    return usable, unusable


def read_project(path: Path) -> tuple[Project | None, list[ValidationError]]:
    """The project in ``path`` and no problems, or None and every problem found."""
    root = Path(path)
    if not root.is_dir():
        return None, [
            ValidationError(
                "project folder not found",
                file=str(root),
                hint="give the folder that holds charter.yaml, or run `qi init PATH`",
            )
        ]
    problems = links_leaving(root, [root / CHARTER_FILE, root / DATA_FILE, root / SCORES_FILE])
    if problems:
        return None, problems
    charter_file = root / CHARTER_FILE
    charter: Charter | None = None
    tree: Any = None
    try:
        tree = load_document(charter_file)
        charter, found = build(Charter, tree, file=str(charter_file))
        problems.extend(found)
        if charter is not None:
            problems.extend(charter_problems(charter, tree, str(charter_file)))
    except ValidationError as err:
        problems.append(err)
    scale = None
    if charter is not None:
        try:
            if charter.score_scale.endswith((".yaml", ".yml")):  # the project's or its portfolio's
                shared = root.parent if (root.parent / PORTFOLIO_FILE).is_file() else root
                check_inside(shared, root / charter.score_scale, what="score scale file")
            scale = load_scale(charter.score_scale, base=root)
        except ValidationError as err:
            err.field = err.field or "score_scale"
            problems.append(err)
    measures, unusable = _usable_measures(charter, tree)
    data = pd.DataFrame(columns=list(data_io.PARSED_COLUMNS))
    try:
        data, found = data_io.read_csv_file(root / DATA_FILE, measures, skip=unusable)
        if charter is not None or measures or unusable:
            problems.extend(found)
    except ValidationError as err:
        problems.append(err)
    cycles, found = _read_cycles(root, charter)
    problems.extend(found)
    entries: list[ScoreEntry] = []
    try:
        entries, found = scores_io.read_scores_file(root / SCORES_FILE, scale)
        problems.extend(found)
    except ValidationError as err:
        problems.append(err)
    if charter is None or scale is None or problems:
        return None, problems
    return Project(root, charter, data, cycles, entries, scale), []


def validate_project(path: str | Path) -> list[ValidationError]:
    """Every problem in a project folder (empty when it is valid)."""
    return read_project(Path(path))[1]


def load_project(path: str | Path) -> Project:
    """Load and validate a project folder.

    Raises
    ------
    qi.errors.ValidationError
        One problem, or a :class:`~qi.errors.ProblemList` of all of them, each naming the file
        and line or field.
    """
    project, problems = read_project(Path(path))
    if problems:
        raise_problems(problems, file=str(path))
    assert project is not None
    return project
