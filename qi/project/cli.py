"""CLI commands of qi.project: ``qi init``, ``qi validate``, ``qi pdsa new|note|list``,
``qi score set|check``, ``qi import-data``. A thin layer over :mod:`qi.project.store`.

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
            raise QIError(f"cannot read or write{where}: {err.strerror or err}",
                          hint="check the folder exists and you may write to it; nothing was changed") from None

    return wrapper


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"date {value!r} is not a date", field="--date",
                              hint="write the date as YYYY-MM-DD") from None


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
    from qi.project.store import is_portfolio, validate_portfolio, validate_project

    problems = validate_portfolio(path) if is_portfolio(path) else validate_project(path)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {path}:", err=True)
        for p in problems:
            click.echo(f"- {printable(p)}", err=True)
        raise SystemExit(1)
    click.echo(f"ok: {path} is valid")


@click.group("pdsa")
def pdsa_group() -> None:
    """PDSA cycles: create, annotate, list."""


@pdsa_group.command("new")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--change-idea", "change_idea", required=True, help="The change idea's id.")
@click.option("--from-file", "from_file", type=click.Path(path_type=Path), default=None,
              help="A YAML file with the cycle's fields.")
@click.option("--title", default=None, help="The cycle's title.")
@_os_errors
def pdsa_new(path: Path, change_idea: str, from_file: Path | None, title: str | None) -> None:
    """Create the next PDSA cycle of a change idea; print its id."""
    from qi.project.store import new_cycle

    click.echo(new_cycle(path, change_idea, from_file=from_file, title=title))


@pdsa_group.command("note")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("cycle")
@click.argument("text")
@click.option("--author", required=True, help="Who wrote the note.")
@click.option("--date", "date_", default=None, help="The note's date, YYYY-MM-DD (default today).")
@_os_errors
def pdsa_note(path: Path, cycle: str, text: str, author: str, date_: str | None) -> None:
    """Append a dated, attributed note to a cycle's log."""
    from qi.project.store import add_note

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
                row[key] = None if row[key] is None or row[key] != row[key] else row[key].date().isoformat()
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
    from qi.project.store import set_score

    entry = set_score(path, score, rationale=rationale, by=by, date=_date(date_))
    click.echo(f"score {entry.score:g} recorded for {entry.date.isoformat()}")


@score_group.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_os_errors
def score_check(path: Path, fmt: str) -> None:
    """The highest score the evidence supports, and why."""
    from qi.project.store import load_project

    check = load_project(path).evidence_check()
    if fmt == "json":
        click.echo(json.dumps({"current": check.current, "supported": check.supported,
                               "reasons": check.reasons}, indent=2))
        return
    click.echo(check.text())


@click.command("import-data")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@_os_errors
def import_data_cmd(path: Path, file: Path) -> None:
    """Merge a tidy CSV or Excel (.xlsx) file into the project's measure data."""
    from qi.project.store import import_data

    added, replaced = import_data(path, file)
    click.echo(f"imported {file}: {added} row(s) added, {replaced} replaced")


def register(group: click.Group) -> None:
    """Add this area's commands to the main `qi` group."""
    for command in (init_cmd, validate_cmd, pdsa_group, score_group, import_data_cmd):
        group.add_command(command)
