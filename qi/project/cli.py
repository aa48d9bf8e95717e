"""CLI commands of qi.project: ``qi init``, ``qi validate``,
``qi pdsa new|note|list|show|set|withdraw-note``, ``qi score set|correct|check``,
``qi measure list|add``, ``qi change-idea list|add``, ``qi import-data``. A thin layer over
:mod:`qi.project.store` (reading) and :mod:`qi.project.commands` (writing).

Errors are :class:`qi.errors.QIError` and end the command with the error's exit code (2 for
bad input, 4 when the project is locked); ``qi validate`` exits 1 when it finds problems.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qi.errors import QIError, ValidationError
from qi.terminal import printable


def _os_errors(func: Callable[..., None]) -> Callable[..., None]:
    """Turn a file-system error (permission denied, disk full) into a clean QIError."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except OSError as err:
            where = f" '{err.filename}'" if err.filename else ""
            raise QIError(
                f"cannot read or write{where}: {err.strerror or err}",
                hint="check the folder exists and you may write to it; nothing was changed",
            ) from None

    return wrapper


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"date {value!r} is not a date", field="--date", hint="write the date as YYYY-MM-DD"
        ) from None


@click.command("init")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", default=None, help="The project's title (default: from the folder name).")
@_os_errors
def init_cmd(path: Path, title: str | None) -> None:
    """Create a project folder at PATH from qi's skeleton."""
    from qi.project.store import init_project

    root = init_project(path, title=title)
    click.echo(f"created {root}: edit charter.yaml, then run `qi validate {root}`")


@click.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
@_os_errors
def validate_cmd(path: Path) -> None:
    """Check a project (or a portfolio) folder; list every problem with file, line or field."""
    from qi.project.layout import CHARTER_FILE, is_portfolio, project_folders
    from qi.project.store import validate_portfolio, validate_project
    from qi.project.validate import placeholder_warnings

    problems = validate_portfolio(path) if is_portfolio(path) else validate_project(path)
    folders = project_folders(path) if is_portfolio(path) else [path]
    warned = [w for folder in folders for w in placeholder_warnings(folder / CHARTER_FILE)]
    for w in warned:
        click.echo(f"warning: {w}", err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {path}:", err=True)
        for p in problems:
            click.echo(f"- {printable(p)}", err=True)
        raise SystemExit(1)
    click.echo(f"ok: {path} is valid" + (f" ({len(warned)} warning(s) above)" if warned else ""))


@click.group("pdsa")
def pdsa_group() -> None:
    """PDSA cycles: create, annotate, list."""


@pdsa_group.command("new")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--change-idea", "change_idea", required=True, help="The change idea's id.")
@click.option(
    "--from-file",
    "from_file",
    type=click.Path(path_type=Path),
    default=None,
    help="A YAML file with the cycle's fields.",
)
@click.option("--title", default=None, help="The cycle's title.")
@click.argument("assignments", nargs=-1)
@_os_errors
def pdsa_new(
    path: Path,
    change_idea: str,
    from_file: Path | None,
    title: str | None,
    assignments: tuple[str, ...],
) -> None:
    """Create the next PDSA cycle of a change idea, with optional FIELD=VALUE pairs
    (as `qi pdsa set`); print its id."""
    from qi.project.commands import new_cycle

    click.echo(
        new_cycle(
            path, change_idea, from_file=from_file, title=title, fields=_assignments(assignments)
        )
    )


@pdsa_group.command("note")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("cycle")
@click.argument("text")
@click.option("--author", required=True, help="Who wrote the note.")
@click.option("--date", "date_", default=None, help="The note's date, YYYY-MM-DD (default today).")
@_os_errors
def pdsa_note(path: Path, cycle: str, text: str, author: str, date_: str | None) -> None:
    """Append a dated, attributed note to a cycle's log."""
    from qi.project.commands import add_note

    add_note(path, cycle, text, author=author, date=_date(date_))
    click.echo(f"note added to {cycle}")


@pdsa_group.command("list")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--change-idea", "change_idea", default=None, help="Only this change idea's cycles.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@_os_errors
def pdsa_list(path: Path, change_idea: str | None, fmt: str) -> None:
    """List PDSA cycles."""
    from qi.project.store import load_project

    frame = load_project(path).pdsa_frame(change_idea)
    if fmt == "json":
        records = []
        for row in frame.to_dict(orient="records"):
            for key in ("start", "end"):
                row[key] = (
                    None
                    if row[key] is None or row[key] != row[key]
                    else row[key].date().isoformat()
                )
            records.append(row)
        click.echo(json.dumps(records, indent=2))
        return
    if frame.empty:
        click.echo("no PDSA cycles yet")
        return
    shown = frame.drop(columns=["measures"]).copy()
    for key in ("start", "end"):
        shown[key] = shown[key].dt.strftime("%Y-%m-%d").fillna("")
    click.echo(printable(shown.fillna("").to_string(index=False)))


@pdsa_group.command("show")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("cycle")
@_os_errors
def pdsa_show(path: Path, cycle: str) -> None:
    """Show a cycle as the PDSA worksheet, with its numbered notes."""
    from qi.present.projects import cycle_text
    from qi.project.store import load_project

    click.echo(cycle_text(load_project(path).cycle(cycle)))


def _assignments(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``field=value`` pairs; a value in [...] is a YAML list (``plan.questions="[a, b]"``),
    an empty value empties the field; the cycle model checks and converts the rest."""
    fields: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                f"{pair!r} is not FIELD=VALUE",
                field="FIELD=VALUE",
                hint='write e.g. study.observations="Two families replied"',
            )
        if value.strip().startswith("["):
            from qi.project.yamlio import load_text, to_plain

            fields[name.strip()] = to_plain(load_text(value, file=name.strip()))
        else:
            fields[name.strip()] = value if value != "" else None
    return fields


@pdsa_group.command("set")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("cycle")
@click.argument("assignments", nargs=-1, required=True)
@_os_errors
def pdsa_set(path: Path, cycle: str, assignments: tuple[str, ...]) -> None:
    """Set fields of a cycle: qi pdsa set PATH CYCLE study.observations="..." act.decision=adopt"""
    from qi.project.commands import update_cycle

    fields = _assignments(assignments)
    update_cycle(path, cycle, fields)
    click.echo(f"{cycle}: set {', '.join(fields)}")


@pdsa_group.command("withdraw-note")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("cycle")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why the note is withdrawn.")
@click.option("--by", "by", required=True, help="Who withdraws it.")
@_os_errors
def pdsa_withdraw_note(path: Path, cycle: str, number: int, reason: str, by: str) -> None:
    """Withdraw note NUMBER of a cycle (see `qi pdsa show`); it stays in the file, marked."""
    from qi.project.commands import withdraw_note

    withdraw_note(path, cycle, number, reason=reason, by=by)
    click.echo(f"note {number} of {cycle} withdrawn")


@click.group("score")
def score_group() -> None:
    """Project scores: record one, or check what the evidence supports."""


@score_group.command("set")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("score", type=float)
@click.option("--rationale", required=True, help="Why this score (the evidence).")
@click.option("--by", "by", default=None, help="Who scored.")
@click.option("--date", "date_", default=None, help="The score's date, YYYY-MM-DD (default today).")
@_os_errors
def score_set(path: Path, score: float, rationale: str, by: str | None, date_: str | None) -> None:
    """Record a project score with its rationale."""
    from qi.project.commands import set_score

    entry = set_score(path, score, rationale=rationale, by=by, date=_date(date_))
    click.echo(f"score {entry.score:g} recorded for {entry.date.isoformat()}")


@score_group.command("correct")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("date_")
@click.argument("score", type=float)
@click.option("--rationale", required=True, help="The rationale of the corrected score.")
@click.option("--reason", required=True, help="What was wrong with the entry.")
@click.option("--by", "by", default=None, help="Who corrects it.")
@_os_errors
def score_correct(
    path: Path, date_: str, score: float, rationale: str, reason: str, by: str | None
) -> None:
    """Correct the score recorded on DATE (YYYY-MM-DD); the old entry stays in the history."""
    from qi.project.commands import correct_score

    entry_date = _date(date_)
    assert entry_date is not None
    entry = correct_score(path, entry_date, score, rationale=rationale, reason=reason, by=by)
    click.echo(f"score of {entry.date.isoformat()} corrected to {entry.score:g}")


@score_group.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_os_errors
def score_check(path: Path, fmt: str) -> None:
    """The highest score the evidence supports, and why."""
    from qi.project.store import load_project

    check = load_project(path).evidence_check()
    if fmt == "json":
        click.echo(
            json.dumps(
                {"current": check.current, "supported": check.supported, "reasons": check.reasons},
                indent=2,
            )
        )
        return
    click.echo(check.text())


@click.command("import-data")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--sheet", default=None, help="The Excel sheet to read (default: the first).")
@_os_errors
def import_data_cmd(path: Path, file: Path, sheet: str | None) -> None:
    """Merge a tidy CSV or Excel (.xlsx) file into the project's measure data.

    Nothing is written unless every row is valid and the merged data pass `qi validate`.
    """
    from qi.project.store import import_data

    added, replaced = import_data(path, file, sheet=sheet)
    click.echo(
        f"imported {file}{f'[{sheet}]' if sheet else ''}: {added} row(s) added, {replaced} replaced"
    )


def _list_command(
    group: click.Group,
    doc: str,
    head: tuple[str, ...],
    empty: str,
    rows_of: Callable[[Any], list[tuple[str, ...]]],
) -> None:
    """Add a ``list PATH`` command to ``group``: a table of what ``rows_of(project)`` gives."""

    @group.command("list", help=doc)
    @click.argument("path", type=click.Path(path_type=Path))
    @_os_errors
    def list_cmd(path: Path) -> None:
        from qi.project.store import load_project

        _echo_table(head, rows_of(load_project(path)), empty)


@click.group("measure")
def measure_group() -> None:
    """The charter's measures: list, add."""


_list_command(
    measure_group,
    "List the measures: id, type, unit, improvement, points of data, name.",
    ("id", "type", "unit", "improvement", "points", "name"),
    "no measures yet",
    lambda p: [
        (m.id, m.type, m.unit, m.improvement or "-", str(len(p.measure_data(m.id))), m.name)
        for m in p.measures
    ],
)


@measure_group.command("add")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("measure_id")
@click.option("--name", required=True, help="The measure's name.")
@click.option("--type", "type_", required=True, help="outcome, process or balancing.")
@click.option("--unit", default=None, help="count, percentage, rate, days, ...")
@click.option("--improvement", type=click.Choice(["up", "down"]), default=None)
@click.option("--definition", default=None, help="The operational definition.")
@_os_errors
def measure_add(
    path: Path,
    measure_id: str,
    name: str,
    type_: str,
    unit: str | None,
    improvement: str | None,
    definition: str | None,
) -> None:
    """Add a measure to the charter (comments kept)."""
    from qi.project.commands import add_measure

    add_measure(
        path,
        id=measure_id,
        name=name,
        type=type_,
        unit=unit,
        improvement=improvement,
        definition=definition,
    )
    click.echo(f"measure {measure_id} added")


@click.group("change-idea")
def change_idea_group() -> None:
    """The charter's change ideas: list, add."""


_list_command(
    change_idea_group,
    "List the change ideas: id, status, cycles, measures, title.",
    ("id", "status", "cycles", "measures", "title"),
    "no change ideas yet",
    lambda p: [
        (
            c.id,
            c.status,
            str(sum(1 for cy in p.cycles if cy.change_idea == c.id)),
            ",".join(c.measures) or "-",
            c.title,
        )
        for c in p.change_ideas
    ],
)


@change_idea_group.command("add")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("idea_id")
@click.option("--title", required=True, help="The change idea's title.")
@click.option("--measure", "measures", multiple=True, help="A measure it should move (repeatable).")
@click.option("--owner", default=None, help="Who owns it.")
@_os_errors
def change_idea_add(
    path: Path, idea_id: str, title: str, measures: tuple[str, ...], owner: str | None
) -> None:
    """Add a change idea to the charter (comments kept)."""
    from qi.project.commands import add_change_idea

    add_change_idea(path, id=idea_id, title=title, measures=list(measures), owner=owner)
    click.echo(f"change idea {idea_id} added")


def _echo_table(head: tuple[str, ...], rows: list[tuple[str, ...]], empty: str) -> None:
    if not rows:
        click.echo(empty)
        return
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def register(group: click.Group) -> None:
    """Add this area's commands to the main `qi` group."""
    for command in (
        init_cmd,
        validate_cmd,
        pdsa_group,
        score_group,
        measure_group,
        change_idea_group,
        import_data_cmd,
    ):
        group.add_command(command)
