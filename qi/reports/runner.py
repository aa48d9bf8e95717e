"""``build_reports``: every board report under a folder, regenerated in one call.

Pipeline: discover the reports (:mod:`qi.reports.jobs`) -> hash their inputs -> skip those
whose hash matches an ``ok`` entry of the previous manifest -> build the rest on an executor
(:mod:`qi.reports.executors`) -> write ``manifest.json`` after every report (atomic).

One build at a time per output folder: the build holds ``<out>/.qi-report.lock`` (the project
lock of :mod:`qi.project.fsio`) from reading the old manifest to writing the last entry, so a
second ``qi report`` into the same folder waits for the first and then adds to its manifest
(two at once lost manifest entries: issue 11, finding 8). SIGTERM stops a build as Ctrl-C
does; either way the manifest lists exactly the reports finished, and the workers and their
kernels are stopped. A folder that refuses writes (read-only, full disk) ends the build with
a message naming it, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from tqdm import tqdm

from qi.constants import REPORT_JOB_MEMORY_BYTES, REPORT_KINDS, REPORT_OUT_LOCK_TIMEOUT_S
from qi.errors import ConcurrencyError, QIError, ReportError, ValidationError
from qi.project.fsio import project_lock
from qi.reports.executors import run_dask, run_pool, run_serial
from qi.reports.jobs import ReportJob, discover
from qi.reports.manifest import Manifest

#: The lock file of an output folder (one build at a time).
OUT_LOCK_NAME = ".qi-report.lock"

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
    jobs = bounded_jobs(jobs)
    if only is not None and only not in REPORT_KINDS:
        from qi.errors import unknown_name

        raise unknown_name("report kind", only, REPORT_KINDS, field="only")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValidationError(
            f"{out} exists and is not a folder", field="out", hint="choose a folder for the reports"
        )
    plan = discover(path, as_of=as_of, only=only, templates=templates, exclude=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with _out_lock(out), _sigterm_as_interrupt():
            return _build(plan, out, jobs=jobs, dask=dask, force=force, progress=progress)
    except OSError as err:
        raise _write_error(err, out) from None


def _build(
    plan: list[ReportJob], out: Path, *, jobs: int, dask: str | None, force: bool, progress: bool
) -> Manifest:
    """Skip what is current, build the rest, record each report as it finishes."""
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
        try:
            for entry in results:
                manifest.put(entry)
                manifest.built.append(entry["report"])
                manifest.write()
                bar.set_postfix_str(f"{entry['report']} {entry['status']}", refresh=False)
                bar.update(1)
        finally:
            results.close()  # stops the workers now if the loop ended early
    manifest.write()
    return manifest


def bounded_jobs(jobs: int) -> int:
    """``jobs`` capped by this machine's cores and available memory, with a QIWarning saying so.

    Each job is a process and a kernel of about :data:`~qi.constants.REPORT_JOB_MEMORY_BYTES`
    (issue 11, finding 15); memory is read where the platform tells it (``sysconf`` on Linux
    and macOS), else only cores bound the jobs.
    """
    import warnings

    from qi.errors import QIWarning

    cores = os.cpu_count() or 1
    limit, why = cores, f"{cores} core(s)"
    memory = available_memory()
    if memory is not None:
        by_memory = max(1, memory // REPORT_JOB_MEMORY_BYTES)
        if by_memory < limit:
            limit, why = by_memory, f"{memory / 1e9:.1f} GB of available memory"
    if jobs > limit:
        warnings.warn(
            f"--jobs {jobs} lowered to {limit}: this machine has {why} "
            f"(each job needs about {REPORT_JOB_MEMORY_BYTES / 1e6:.0f} MB)",
            QIWarning,
            stacklevel=3,
        )
        return limit
    return jobs


def available_memory() -> int | None:
    """Bytes of memory available now (Linux ``MemAvailable``, else free pages), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


@contextlib.contextmanager
def _out_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's build lock; say so when another build holds it."""
    lock = project_lock(out, timeout=0, name=OUT_LOCK_NAME)
    try:
        lock.__enter__()
    except ConcurrencyError:
        print(
            f"qi report: another build is writing to {out}; waiting for it to finish",
            file=sys.stderr,
        )
        lock = project_lock(out, timeout=REPORT_OUT_LOCK_TIMEOUT_S, name=OUT_LOCK_NAME)
        try:
            lock.__enter__()
        except ConcurrencyError:
            raise ConcurrencyError(
                f"another qi report has been building into {out} for over "
                f"{REPORT_OUT_LOCK_TIMEOUT_S:g} s",
                hint="wait for it to finish, or choose another --out",
            ) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while building, so every cleanup runs (main thread
    only: Python lets only it set signal handlers)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_error(err: OSError, out: Path) -> QIError:
    where = err.filename or out
    return ReportError(
        f"cannot write to '{where}': {err.strerror or err}; the reports already finished are "
        f"listed in {out / 'manifest.json'}, nothing incomplete was published",
        hint="choose an output folder you can write to (--out), or free disk space, and run "
        "qi report again",
    )
