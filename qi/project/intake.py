"""Bringing things into a project folder: a new project from the skeleton shipped with qi
(:func:`init_project`), and measure data merged from a CSV or Excel file (:func:`import_data`).
Both write atomically under the project lock; a failure leaves every file as it was.
"""

from __future__ import annotations

from pathlib import Path

from qi.errors import ValidationError
from qi.project import data as data_io
from qi.project.fsio import LOCK_NAME, atomic_write_text, project_lock
from qi.project.layout import CHARTER_FILE, DATA_FILE
from qi.project.load import load_project
from qi.project.skeleton import project_skeleton
from qi.project.validate import raise_problems
from qi.project.yamlio import dump, read_text


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar, quoted where YAML needs it (for a value put into a template)."""
    return dump({"v": text}).split(":", 1)[1].strip()


def import_data(
    path: str | Path, source: str | Path, *, sheet: str | None = None
) -> tuple[int, int]:
    """Merge a tidy CSV or ``.xlsx`` file into ``data/measures.csv``; return (added, replaced).

    ``sheet`` names the workbook's sheet (default: the first). Nothing is written unless every
    row of ``source`` is valid and the merged file passes the checks of ``qi validate``.
    """
    root = Path(path)
    project = load_project(root)
    measures = {m.id: m for m in project.measures}
    source = Path(source)
    excel = source.suffix.lower() in (".xlsx", ".xlsm")
    if sheet is not None and not excel:
        raise ValidationError(
            "--sheet applies to Excel workbooks only",
            field="--sheet",
            file=str(source),
            hint="leave out --sheet for a CSV file",
        )
    if excel:
        new, problems = data_io.read_excel_file(source, measures, sheet=sheet)
    elif source.suffix.lower() == ".csv":
        if not source.exists():
            raise ValidationError("file not found", file=str(source), hint="check the path")
        new, problems = data_io.read_csv_file(source, measures)
    else:
        raise ValidationError(
            f"cannot import '{source.suffix or source.name}' files",
            file=str(source),
            hint="import a .csv or .xlsx file with columns measure, period, value, denominator, note",
        )
    if problems:
        raise_problems(problems, file=str(source))
    file = root / DATA_FILE

    def merge(text: str) -> tuple[str, int, int]:
        return data_io.merge_into(
            text,
            new,
            measures,
            file=str(file),
            source=str(source),
            source_where="row" if excel else "line",
        )

    # The merge (seconds for a million rows) runs before the lock is taken, so other writers
    # wait only for the write (issue 11): under the lock the file is read again and, if someone
    # changed it meanwhile, merged again from what is there now.
    before = read_text(file) if file.exists() else ""
    merged, added, replaced = merge(before)
    with project_lock(root):
        now = read_text(file) if file.exists() else ""
        if now != before:
            merged, added, replaced = merge(now)
        atomic_write_text(file, merged)
    return added, replaced


def init_project(path: str | Path, *, title: str | None = None) -> Path:
    """Create a project folder from the skeleton shipped with qi (``qi/templates/skeleton/project``,
    :func:`qi.project.skeleton.project_skeleton`).

    The folder must not exist or be empty. The files are written to a temporary sibling folder
    and renamed into place, so a failure leaves nothing behind.
    """
    import os
    import shutil
    import tempfile
    from importlib import resources

    root = Path(path)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ValidationError(
            "the folder already exists and is not empty",
            file=str(root),
            hint="choose a new folder name, or run `qi validate` on the existing project",
        )
    from qi.project.ids import suggest_id

    project_id = suggest_id(root.resolve().name)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    try:
        with resources.as_file(project_skeleton()) as source:
            shutil.copytree(source, staging, dirs_exist_ok=True)
        charter = staging / CHARTER_FILE
        text = charter.read_text(encoding="utf-8")
        text = text.replace("__PROJECT_ID__", project_id).replace(
            "__PROJECT_TITLE__",
            yaml_scalar(title or root.resolve().name.replace("_", " ").capitalize()),
        )
        atomic_write_text(charter, text)
        # the lock file qi takes while writing is not part of the project's history
        atomic_write_text(staging / ".gitignore", f"{LOCK_NAME}\n")
        if root.exists():
            root.rmdir()
        os.rename(staging, root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return root
