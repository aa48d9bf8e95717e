"""The ``qi chart`` command (registered on the main group by :mod:`qi.cli`).

It lives outside :mod:`qi.charts`, which computes and never reads files or imports click
(DESIGN.md: "charts/ computation only"). A thin layer: it reads the CSV (or loads a project and charts one of its measures), turns the
options into :func:`qi.chart` arguments and prints the result; ``--png`` also saves the
picture. In error messages, rows are the CSV's line numbers (the header is line 1; '#' comment
lines, which qi writes at the top of ``data/measures.csv``, are skipped but keep their numbers).
"""

from __future__ import annotations

import io
import json
import os
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qi.charts.schema import CHART_TYPES
from qi.errors import QIError, QIWarning, ValidationError

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported inside the functions that read or print data, never at the top: `qi --help`
# imports every command's module and must stay under 0.3 s (issue 13).
FORMATS = ("table", "csv", "json")


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return parts or None


def read_csv(path: str) -> pd.DataFrame:
    """Read a CSV; the index becomes the line number of each row (header = line 1).

    Lines starting with '#' are comments and are skipped (a '#' later in a line is data).
    """
    import pandas as pd

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = handle.read().splitlines()
        data_lines = [
            i + 1
            for i, line in enumerate(lines)
            if line.strip() and not line.lstrip().startswith("#")
        ]
        frame = pd.read_csv(io.StringIO("\n".join(lines[i - 1] for i in data_lines)))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValidationError(
            f"cannot read the file as CSV: {str(exc).strip().splitlines()[0]}",
            file=path,
            hint="save it as comma-separated text (UTF-8) with one header row",
        ) from None
    rows = data_lines[1:]
    frame.index = pd.Index(rows) if len(rows) == len(frame) else pd.RangeIndex(2, len(frame) + 2)
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
        out["baseline"] = (
            int(baseline) if re.fullmatch(r"\d+", baseline.strip()) else baseline.strip()
        )
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
            "warnings": [str(w) for w in result.warnings],
            "rules_skipped": list(result.rules_skipped),
        },
        indent=2,
    )


_CSV_ONLY = ("y", "x", "n", "phases", "baseline", "exclude", "by")


@click.command("chart")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--measure",
    default=None,
    help="With a project folder: the measure to chart, as the charter defines it.",
)
@click.option(
    "--y",
    "y",
    default=None,
    help="Column charted (values, counts or numerators); required for a CSV.",
)
@click.option("--x", "x", default=None, help="Column of x values: numbers or dates (YYYY-MM-DD).")
@click.option("--n", "n", default=None, help="Denominator column (p, np, pp, u, up charts).")
@click.option(
    "--chart",
    "chart_type",
    default=None,
    help=f"One of: {', '.join(CHART_TYPES)} (default: run for a CSV, the charter's choice for a measure).",
)
@click.option(
    "--rules", default=None, help="Rule set (ihi, anhoej, hcdg, western_electric, nelson, mdc)."
)
@click.option(
    "--phases",
    default=None,
    help="A column of phase labels, or x values starting new phases: x1,x2.",
)
@click.option(
    "--baseline",
    default=None,
    help="Number of baseline points, or the x value ending the baseline.",
)
@click.option("--exclude", default=None, help="x values to leave out of the estimates: x1,x2.")
@click.option(
    "--improvement",
    type=click.Choice(["up", "down"]),
    default=None,
    help="Which direction is better.",
)
@click.option("--by", default=None, help="Column naming series (one chart per series).")
@click.option("--target", type=float, default=None, help="The aim's value.")
@click.option("--no-screen-mr", is_flag=True, help="Use every moving range (no Nelson screening).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also save the chart as a PNG picture here.",
)
def chart_command(
    file: Path,
    measure: str | None,
    y: str | None,
    x: str | None,
    n: str | None,
    chart_type: str | None,
    rules: str | None,
    phases: str | None,
    baseline: str | None,
    exclude: str | None,
    improvement: str | None,
    by: str | None,
    target: float | None,
    no_screen_mr: bool,
    fmt: str,
    png: Path | None,
) -> None:
    """Chart FILE (a CSV) and print one row per point (json: also phases and signals).

    FILE may instead be a project folder, with --measure ID: the measure is charted as the
    charter defines it (chart type, phases, baseline, target), e.g.
    `qi chart my-project --measure visits --png visits.png`.
    """
    csv_options: dict[str, Any] = {
        "y": y,
        "x": x,
        "n": n,
        "phases": phases,
        "baseline": baseline,
        "exclude": exclude,
        "by": by,
    }
    overrides: dict[str, Any] = {
        "rules": rules,
        "improvement": improvement,
        "target": target,
        "no_screen_mr": no_screen_mr,
    }
    if file.is_dir():
        measure_id = _check_project_options(file, measure, csv_options)
        result, figure_args = _project_chart(file, measure_id, chart_type=chart_type, **overrides)
    else:
        column = _check_csv_options(file, measure, y)
        options = {**csv_options, "y": column}
        result = _csv_chart(file, chart_type=chart_type or "run", **options, **overrides)
        figure_args = {}
    _show(result, fmt=fmt, png=png, figure_args=figure_args)


def _check_project_options(file: Path, measure: str | None, csv_options: dict[str, Any]) -> str:
    """The measure to chart from a project folder; the CSV's column options are refused."""
    wrong = [f"--{k}" for k in _CSV_ONLY if csv_options[k] is not None]
    if measure is None or wrong:
        raise ValidationError(
            f"{', '.join(wrong)} cannot be used with a project folder"
            if wrong
            else "a project folder needs --measure",
            field=wrong[0] if wrong else "--measure",
            file=str(file),
            hint="chart a project's measure with `qi chart PROJECT --measure ID` (the charter gives its "
            "columns, phases and baseline); --chart, --rules, --improvement and --target override it",
        )
    return measure


def _check_csv_options(file: Path, measure: str | None, y: str | None) -> str:
    """The column to chart from a CSV file; --measure is refused and --y required."""
    if measure is not None:
        raise ValidationError(
            "--measure needs a project folder, not a file",
            field="--measure",
            file=str(file),
            hint="give the folder that holds charter.yaml, e.g. `qi chart my-project --measure ID`",
        )
    if y is None:
        raise ValidationError(
            "--y is required for a CSV file",
            field="--y",
            file=str(file),
            hint="name the column to chart, e.g. --y value",
        )
    return y


def _show(result: Any, *, fmt: str, png: Path | None, figure_args: dict[str, Any]) -> None:
    """Print the chart's warnings (stderr) and its points in ``fmt``; save the picture to ``png``."""
    for text in result.warnings:
        click.echo(f"warning: {text}", err=True)
    if png is not None:
        save_png(result, png, **figure_args)
    if fmt == "csv":
        click.echo(result.data.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(_json(result))
    else:
        import pandas as pd

        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 200
        ):
            click.echo(result.data.to_string(index=False))
    if png is not None:
        click.echo(f"saved {png}", err=True)


def _csv_chart(
    file: Path,
    *,
    y: str,
    x: str | None,
    n: str | None,
    chart_type: str,
    rules: str | None,
    phases: str | None,
    baseline: str | None,
    exclude: str | None,
    improvement: str | None,
    by: str | None,
    target: float | None,
    no_screen_mr: bool,
) -> Any:
    from qi.charts.api import chart

    frame = read_csv(str(file))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore", QIWarning
            )  # printed by the command from result.warnings
            return chart(
                frame,
                y=y,
                x=x,
                n=n,
                chart=chart_type,
                rules=rules,
                improvement=improvement,  # type: ignore[arg-type]
                by=by,
                target=target,
                screen_mr=not no_screen_mr,
                **chart_arguments(frame, phases=phases, baseline=baseline, exclude=exclude),
            )
    except ValidationError as err:
        if err.file is None:
            err.file = str(file)
        raise


def _project_chart(
    folder: Path,
    measure: str,
    *,
    chart_type: str | None,
    rules: str | None,
    improvement: str | None,
    target: float | None,
    no_screen_mr: bool,
) -> tuple[Any, dict[str, Any]]:
    """A project measure's chart (:meth:`qi.Project.chart`) and what its picture marks besides:
    the PDSA cycles linked to the measure and the charter's benchmarks."""
    from qi.project.store import load_project

    project = load_project(folder)
    overrides: dict[str, Any] = {
        "chart": chart_type,
        "rules": rules,
        "improvement": improvement,
        "target": target,
    }
    overrides = {k: v for k, v in overrides.items() if v is not None}
    if no_screen_mr:
        overrides["screen_mr"] = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)  # printed by the command from result.warnings
        result = project.chart(measure, **overrides)
    context = project.chart_context(measure)
    benchmarks = [(b["label"], b["value"]) for b in context.get("benchmarks", [])]
    return result, {
        "pdsa": context["pdsa"] if len(context["pdsa"]) else None,
        "benchmarks": benchmarks or None,
        "title": project.measure(measure).name,
    }


def save_png(result: Any, path: Path, **plot_args: Any) -> None:
    """Draw ``result`` and save it as a PNG at ``path``, atomically (a temporary file in the same
    folder, then ``os.replace``), so an interrupted save never leaves half a picture."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ValidationError(
            "the folder for the picture does not exist",
            field="--png",
            file=str(path),
            hint="create the folder first, or save the picture elsewhere",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QIWarning)
        fig = result.plot(**plot_args)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fig.savefig(tmp, format="png", dpi=100)
        os.replace(tmp, path)
    except OSError as err:  # permission denied, disk full, the picture open in another program
        raise QIError(
            f"cannot write '{path}': {err.strerror or err}",
            hint="check you may write to that folder and the file is not open elsewhere",
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def register(group: click.Group) -> None:
    """Add this area's commands to the main `qi` group."""
    group.add_command(chart_command)
