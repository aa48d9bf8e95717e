"""Build one report: execute its template, write the notebook and the page, return its entry.

This is the function every executor runs (in this process, in a process-pool worker or on a
Dask worker). It never raises for a report that fails: the failure is the entry's ``error``
and the page becomes an error page, so one broken project does not stop the others.

Each worker thread keeps one :class:`qi.reports.kernel.WarmKernel`; :func:`shutdown_kernels`
stops them all (the executors call it when they are done), and :func:`abort` kills them at
once and removes half-written notebooks (a pool worker told to stop, or whose parent died).

Nothing is published under its final name unless complete: the notebook is executed into a
temporary name and renamed; a report whose files cannot be written (read-only folder, full
disk) raises the ``OSError`` so that the build stops with a clear message.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import qi
from qi.reports.export import error_page, notebook_to_html
from qi.reports.jobs import ReportJob
from qi.reports.kernel import WarmKernel
from qi.reports.manifest import atomic_write_text

_local = threading.local()
_all_kernels: list[WarmKernel] = []
_lock = threading.Lock()
_in_flight: set[Path] = set()  # temporary notebooks being written


def _kernel() -> WarmKernel:
    kernel = getattr(_local, "kernel", None)
    if kernel is None:
        kernel = WarmKernel()
        _local.kernel = kernel
        with _lock:
            _all_kernels.append(kernel)
    return kernel


def shutdown_kernels() -> int:
    """Stop every kernel this process started; return how many there were."""
    with _lock:
        kernels = list(_all_kernels)
        _all_kernels.clear()
    for kernel in kernels:
        kernel.shutdown()
    _local.__dict__.pop("kernel", None)
    return len(kernels)


def abort() -> None:
    """Kill this process's kernels now and remove its half-written notebooks (never raises)."""
    with _lock:
        kernels = list(_all_kernels)
        _all_kernels.clear()
        pending = list(_in_flight)
    for kernel in kernels:
        try:
            kernel.kill()
        except Exception:  # noqa: BLE001 - stopping; nothing else to do
            pass
    for tmp in pending:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _partial_name(stem: Path, pid: int, thread: int) -> Path:
    """Where a report's notebook is executed before it is complete (hidden, per process)."""
    return stem.with_name(f".{stem.name}.{pid}.{thread}.tmp.ipynb")


def remove_partial_notebooks(out: Path, pids: list[int]) -> list[Path]:
    """Remove the half-written notebooks that the worker processes ``pids`` left in ``out``."""
    removed = []
    for pid in pids:
        for path in Path(out).rglob(f".*.{pid}.*.tmp.ipynb"):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _is_write_error(err: BaseException) -> bool:
    """An OSError about a file (read-only folder, full disk): the build must stop, not record."""
    return isinstance(err, OSError) and getattr(err, "filename", None) is not None


def _relative_inputs(job: ReportJob) -> list[str]:
    root = Path(job.root)
    return [Path(p).relative_to(root).as_posix() for p in job.inputs]


def template_cell_index(executed: Path, index: int) -> int:
    """The index, in the template, of cell ``index`` of the executed notebook.

    papermill inserts its ``injected-parameters`` cell after the ``parameters`` cell; the
    author of a template counts cells without it.
    """
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return index
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    injected = [
        i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])
    ]
    return index - 1 if injected and injected[0] < index else index


def _footer(job: ReportJob, started: datetime, entry: dict[str, Any]) -> str:
    as_of = job.parameters.get("as_of") or "the latest data"
    return (
        f"Built by qi {qi.__version__} on {started:%Y-%m-%d %H:%M} UTC from {Path(job.template).name} "
        f"(period end: {as_of}; inputs {entry['inputs_sha256'][:12]}). Regenerate with: qi report."
    )


def _entry_head(job: ReportJob, inputs_sha256: str, started: datetime) -> dict[str, Any]:
    """The manifest fields every entry has, whatever became of the report."""
    return {
        "report": job.report,
        "kind": job.kind,
        "title": job.title,
        "ids": dict(job.ids),
        "parameters": dict(job.parameters),
        "template": Path(job.template).name,
        "inputs": _relative_inputs(job),
        "inputs_sha256": inputs_sha256,
        "qi_version": qi.__version__,
        "started": started.isoformat(timespec="seconds"),
    }


def lost_job_entry(
    job: ReportJob, out: str | Path, inputs_sha256: str, err: BaseException
) -> dict[str, Any]:
    """The entry (and error page) of a report whose worker never returned one.

    A worker process that died, or a Dask task that was lost, fails its report like any other
    failure: recorded, an error page in place of the report, the other reports go on.
    """
    out = Path(out)
    html_path = out / f"{job.report}.html"
    message = f"the worker building this report stopped: {type(err).__name__}: {err}"
    atomic_write_text(html_path, error_page(job.title, message))
    return {
        **_entry_head(job, inputs_sha256, datetime.now(UTC)),
        "duration_s": 0.0,
        "status": "failed",
        "error": {"cell": None, "execution_count": None, "message": message, "problems": []},
        "notebook": None,
        "html": html_path.relative_to(out).as_posix(),
    }


def run_job(job: ReportJob, out: str | Path, inputs_sha256: str | None = None) -> dict[str, Any]:
    """Build ``job`` into the folder ``out`` and return its manifest entry.

    Parameters
    ----------
    job:
        The report to build.
    out:
        The output folder; the notebook goes to ``<out>/<job.report>.ipynb`` and the page to
        ``<out>/<job.report>.html``.
    inputs_sha256:
        The inputs' hash if the caller already computed it.

    Returns
    -------
    dict
        The manifest entry (keys :data:`qi.reports.manifest.ENTRY_KEYS`).
    """
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    out = Path(out)
    stem = out / job.report
    stem.parent.mkdir(parents=True, exist_ok=True)
    nb_path = stem.with_name(stem.name + ".ipynb")
    html_path = stem.with_name(stem.name + ".html")
    entry: dict[str, Any] = {
        **_entry_head(job, inputs_sha256 or job.inputs_sha256(), started),
        "status": "ok",
        "error": None,
        "notebook": nb_path.relative_to(out).as_posix(),
        "html": html_path.relative_to(out).as_posix(),
    }
    if job.problems:
        nb_path.unlink(missing_ok=True)  # no half-built notebook next to the error page
        entry["notebook"] = None
        message = "The project failed validation; fix these problems:"
        entry.update(
            status="failed",
            error={
                "cell": None,
                "execution_count": None,
                "message": message,
                "problems": list(job.problems),
            },
        )
        page = error_page(job.title, message, problems=list(job.problems))
    else:
        tmp = _partial_name(stem, os.getpid(), threading.get_ident())
        with _lock:
            _in_flight.add(tmp)
        try:
            nb = _kernel().run(job.template, tmp, job.parameters)
            page = notebook_to_html(nb, title=job.title, footer=_footer(job, started, entry))
        except BaseException as err:
            if isinstance(err, Exception) and not _is_write_error(err):
                page = _failed(job, entry, err, tmp, nb_path)
            else:  # interrupted, or the file system refused: publish nothing of it
                _discard(tmp)
                raise
        if tmp.exists():  # complete (papermill writes it last), also when a cell failed
            os.replace(tmp, nb_path)
            with _lock:
                _in_flight.discard(tmp)
        else:
            _discard(tmp)
            nb_path.unlink(missing_ok=True)
            entry["notebook"] = None
    atomic_write_text(html_path, page)
    entry["duration_s"] = round(time.perf_counter() - t0, 3)
    return entry


def _discard(tmp: Path) -> None:
    with _lock:
        _in_flight.discard(tmp)
    tmp.unlink(missing_ok=True)


def _failed(
    job: ReportJob, entry: dict[str, Any], err: BaseException, tmp: Path, nb_path: Path
) -> str:
    """Record a failed report in ``entry``; return its error page."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        message = f"{err.ename}: {err.evalue}"
        cell = template_cell_index(tmp, err.cell_index)
        entry.update(
            status="failed",
            error={
                "cell": cell,
                "execution_count": err.exec_count,
                "message": message,
                "problems": [],
            },
        )
        return error_page(job.title, message, cell=cell, notebook=nb_path.name)
    # a dead kernel, a timeout, an unreadable template
    message = f"{type(err).__name__}: {err}"
    entry.update(
        status="failed",
        error={"cell": None, "execution_count": None, "message": message, "problems": []},
    )
    return error_page(job.title, message, notebook=nb_path.name if tmp.exists() else None)
