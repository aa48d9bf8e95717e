"""``build_reports``: every board report under a folder, regenerated in one call.

Pipeline: discover the reports (:mod:`qi.reports.jobs`) -> hash their inputs -> skip those
whose hash matches an ``ok`` entry of the previous manifest -> build the rest on an executor
(:mod:`qi.reports.executors`) -> write ``manifest.json`` after every report (atomic).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from tqdm import tqdm

from qi.constants import REPORT_KINDS
from qi.errors import ValidationError
from qi.reports.executors import run_dask, run_pool, run_serial
from qi.reports.jobs import ReportJob, discover
from qi.reports.manifest import Manifest

#: Rough relative cost of each kind of report (charts drawn), for scheduling only.
_KIND_WEIGHT = {"portfolio": 3, "project": 2, "change_idea": 1}


def _is_current(job: ReportJob, sha: str, old: Manifest, out: Path) -> bool:
    """True if the previous build of ``job`` is ok, from the same inputs, and still on disk."""
    entry = old.entry(job.report)
    if entry is None or entry["status"] != "ok" or entry["inputs_sha256"] != sha:
        return False
    files = [entry.get("html"), entry.get("notebook")]
    return all(f and (out / f).is_file() for f in files)


def build_reports(
    path: str | Path,
    out: str | Path,
    as_of: str | date | None = None,
    jobs: int = 1,
    dask: str | None = None,
    only: str | None = None,
    force: bool = False,
    *,
    templates: str | Path | None = None,
    progress: bool = True,
) -> Manifest:
    """Build the change idea, project and portfolio reports found under ``path``.

    Parameters
    ----------
    path:
        A portfolio folder (``portfolio.yaml`` plus project folders) or one project folder.
    out:
        Output folder: ``<project>/change_ideas/<id>.{ipynb,html}``,
        ``<project>/project.{ipynb,html}``, ``portfolio.{ipynb,html}`` and ``manifest.json``.
    as_of:
        Period end (``YYYY-MM-DD``) the reports describe; ``None`` uses all the data.
    jobs:
        Local worker processes (1: build in this process).
    dask:
        Address of a Dask scheduler; when given, reports run on that cluster and ``jobs`` is
        ignored.
    only:
        Build only one kind: ``change_idea``, ``project`` or ``portfolio``.
    force:
        Rebuild reports whose inputs have not changed (also needed after editing qi itself
        without a new version number: the hash covers qi's version, not its code).
    templates:
        Folder of ``<kind>.ipynb`` templates; defaults to those shipped with qi.
    progress:
        Show a tqdm progress bar.

    Returns
    -------
    Manifest
        Every report of ``out`` (also those of earlier runs not rebuilt now);
        ``manifest.failed`` lists the failures, ``built`` and ``skipped`` this run's work.

    Raises
    ------
    ValidationError
        Bad ``path``, ``as_of``, ``jobs`` or ``only`` (a failing report does not raise).

    Examples
    --------
    >>> manifest = build_reports("data/examples/portfolio", "reports-out", jobs=2)  # doctest: +SKIP
    >>> [e["report"] for e in manifest.failed]                                      # doctest: +SKIP
    []
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValidationError(
            f"jobs must be a whole number of at least 1, got {jobs!r}",
            field="jobs",
            hint=f"use 1 to build in this process, or up to {os.cpu_count()} (this machine's cores)",
        )
    if only is not None and only not in REPORT_KINDS:
        from qi.errors import unknown_name

        raise unknown_name("report kind", only, REPORT_KINDS, field="only")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValidationError(f"{out} exists and is not a folder", field="out",
                              hint="choose a folder for the reports")
    plan = discover(path, as_of=as_of, only=only, templates=templates, exclude=out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.load(out)
    work: list[tuple[ReportJob, str]] = []
    for job in plan:
        sha = job.inputs_sha256()
        if not force and _is_current(job, sha, manifest, out):
            manifest.skipped.append(job.report)
        else:
            work.append((job, sha))
    # Longest first (portfolio, projects, then change ideas) so no worker is left with a big
    # report at the end while the others idle.
    work.sort(key=lambda item: -_KIND_WEIGHT[item[0].kind])
    if dask:
        results = run_dask(work, out.resolve(), dask)
    elif jobs > 1 and len(work) > 1:
        results = run_pool(work, out.resolve(), min(jobs, len(work)))
    else:
        results = run_serial(work, out.resolve())
    with tqdm(total=len(work), desc="qi report", unit="report", disable=not progress) as bar:
        for entry in results:
            manifest.put(entry)
            manifest.built.append(entry["report"])
            manifest.write()
            bar.set_postfix_str(f"{entry['report']} {entry['status']}", refresh=False)
            bar.update(1)
    manifest.write()
    return manifest
