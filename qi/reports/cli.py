"""CLI commands of qi.reports (registered on the main group by qi.cli): ``qi report``."""

from __future__ import annotations

from pathlib import Path

import click

from qi.constants import REPORT_KINDS


@click.command("report")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("reports-out"),
    show_default=True,
    help="Folder for the notebooks, pages and manifest.json.",
)
@click.option(
    "--as-of", "as_of", default=None, help="Period end the reports describe (YYYY-MM-DD)."
)
@click.option(
    "--jobs", "-j", default=1, show_default=True, type=int, help="Local worker processes."
)
@click.option("--dask", "dask", default=None, metavar="ADDRESS", help="Run on this Dask scheduler.")
@click.option("--only", type=click.Choice(REPORT_KINDS), default=None, help="Build one kind only.")
@click.option("--force", is_flag=True, help="Rebuild reports whose inputs have not changed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def report_command(
    path: Path,
    out: Path,
    as_of: str | None,
    jobs: int,
    dask: str | None,
    only: str | None,
    force: bool,
    quiet: bool,
) -> None:
    """Build the board reports of every change idea, project and the portfolio under PATH.

    PATH is a portfolio folder (portfolio.yaml and one folder per project) or a project folder.
    Each report is an executed notebook and a self-contained HTML page; manifest.json records
    inputs' hashes, status and errors. Unchanged reports are skipped unless --force. Exits 3
    naming the reports that failed (their pages say why).
    """
    from qi.errors import ReportError
    from qi.reports.runner import build_reports

    try:
        manifest = build_reports(
            path, out, as_of=as_of, jobs=jobs, dask=dask, only=only, force=force, progress=not quiet
        )
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the workers are already stopped
        raise ReportError(
            f"interrupted; the reports finished so far are listed in {out / 'manifest.json'}",
            hint="run qi report again to build the rest (finished reports are skipped)",
        ) from None
    failed = [e for e in manifest.failed if e["report"] in set(manifest.built)]
    click.echo(
        f"{len(manifest.built) - len(failed)} built, {len(manifest.skipped)} unchanged, "
        f"{len(failed)} failed; manifest: {manifest.path}"
    )
    portfolio = manifest.entry("portfolio")
    if portfolio is not None:
        click.echo(f"portfolio page: {(out / portfolio['html']).resolve()}")
    if failed:
        lines = [
            f"{e['report']}: {e['error']['message'] if e['error'] else 'failed'}"
            + (
                f" (cell {e['error']['cell']})"
                if e["error"] and e["error"]["cell"] is not None
                else ""
            )
            + f" -> {out / e['html']}"
            for e in failed
        ]
        raise ReportError(
            f"{len(lines)} report(s) failed:\n  " + "\n  ".join(lines),
            hint="open each page for the details, fix, and run qi report again",
        )


def register(group: click.Group) -> None:
    """Add this area's commands to the main `qi` group."""
    group.add_command(report_command)
