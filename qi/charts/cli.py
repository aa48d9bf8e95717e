"""CLI commands of qi.charts (registered on the main group by qi.cli): ``qi chart``.

A thin layer: it reads the CSV, turns the options into :func:`qi.chart` arguments and prints
the result. In error messages, rows are the CSV's line numbers (the header is line 1).
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import click
import pandas as pd

from qi.charts.schema import CHART_TYPES
from qi.errors import QIWarning, ValidationError

FORMATS = ("table", "csv", "json")


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return parts or None


def read_csv(path: str) -> pd.DataFrame:
    """Read a CSV; the index becomes the line number of each row (header = line 1)."""
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValidationError(
            f"cannot read the file as CSV: {str(exc).strip().splitlines()[0]}",
            file=path,
            hint="save it as comma-separated text (UTF-8) with one header row",
        ) from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def chart_arguments(
    frame: pd.DataFrame, *, phases: str | None, baseline: str | None, exclude: str | None
) -> dict[str, Any]:
    """Map the CLI's text options to qi.chart() arguments.

    ``--phases``: a column name, or comma-separated x values. ``--baseline``: a whole number
    is a count of points, anything else an x value. ``--exclude``: comma-separated x values.
    """
    out: dict[str, Any] = {}
    if phases is not None:
        out["phases"] = phases if phases in frame.columns else _split(phases)
    if baseline is not None:
        out["baseline"] = int(baseline) if re.fullmatch(r"\d+", baseline.strip()) else baseline.strip()
    if exclude is not None:
        out["exclude"] = _split(exclude)
    return out


def _json(result: Any) -> str:
    def records(frame: pd.DataFrame) -> Any:
        return json.loads(frame.to_json(orient="records", date_format="iso"))

    return json.dumps(
        {
            "data": records(result.data),
            "phases": records(result.phases),
            "signals": records(result.signals),
            "warnings": list(result.warnings),
            "rules_skipped": list(result.rules_skipped),
        },
        indent=2,
    )


@click.command("chart")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--y", "y", required=True, help="Column charted (values, counts or numerators).")
@click.option("--x", "x", default=None, help="Column of x values: numbers or dates (YYYY-MM-DD).")
@click.option("--n", "n", default=None, help="Denominator column (p, np, pp, u, up charts).")
@click.option("--chart", "chart_type", default="run", show_default=True, help=f"One of: {', '.join(CHART_TYPES)}.")
@click.option("--rules", default=None, help="Rule set (ihi, anhoej, hcdg, western_electric, nelson, mdc).")
@click.option("--phases", default=None, help="A column of phase labels, or x values starting new phases: x1,x2.")
@click.option("--baseline", default=None, help="Number of baseline points, or the x value ending the baseline.")
@click.option("--exclude", default=None, help="x values to leave out of the estimates: x1,x2.")
@click.option("--improvement", type=click.Choice(["up", "down"]), default=None, help="Which direction is better.")
@click.option("--by", default=None, help="Column naming series (one chart per series).")
@click.option("--target", type=float, default=None, help="The aim's value.")
@click.option("--no-screen-mr", is_flag=True, help="Use every moving range (no Nelson screening).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def chart_command(
    file: str, y: str, x: str | None, n: str | None, chart_type: str, rules: str | None,
    phases: str | None, baseline: str | None, exclude: str | None, improvement: str | None,
    by: str | None, target: float | None, no_screen_mr: bool, fmt: str,
) -> None:
    """Chart FILE (a CSV) and print one row per point (json: also phases and signals)."""
    from qi.charts.api import chart

    frame = read_csv(file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", QIWarning)  # printed below from result.warnings
            result = chart(
                frame, y=y, x=x, n=n, chart=chart_type, rules=rules, improvement=improvement,  # type: ignore[arg-type]
                by=by, target=target, screen_mr=not no_screen_mr,
                **chart_arguments(frame, phases=phases, baseline=baseline, exclude=exclude),
            )
    except ValidationError as err:
        if err.file is None:
            err.file = file
        raise
    for text in result.warnings:
        click.echo(f"warning: {text}", err=True)
    if fmt == "csv":
        click.echo(result.data.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(_json(result))
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200):
            click.echo(result.data.to_string(index=False))


def register(group: click.Group) -> None:
    """Add this area's commands to the main `qi` group."""
    group.add_command(chart_command)
