"""Where reports run: in this process, on a local process pool, or on a Dask cluster.

Each executor takes ``(job, inputs_sha256)`` pairs and yields manifest entries as reports
finish (in completion order), so the runner can update its progress bar and manifest. Every
worker keeps one warm kernel for all the reports it builds and stops it at the end.

Stopping (issue 11, finding 7): Ctrl-C reaches every process of the terminal's process group,
so pool workers ignore SIGINT and leave the decision to the parent. When the parent stops
iterating for any reason (Ctrl-C, SIGTERM, an error, the caller closing the generator) it
cancels the queued reports and sends each worker SIGTERM; a worker then kills its kernel,
removes its half-written notebook and exits, within :data:`~qi.constants.REPORT_STOP_GRACE_S`
or it is killed (and the parent removes what it left). A worker whose parent dies
(``kill -9``) notices through the parent's process sentinel and does the same, so no worker
or kernel outlives the build.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from qi.constants import REPORT_STOP_GRACE_S
from qi.errors import QIError, ValidationError
from qi.reports.jobs import ReportJob
from qi.reports.kernel import sweep_stale_folders
from qi.reports.worker import (
    abort,
    lost_job_entry,
    remove_partial_notebooks,
    run_job,
    shutdown_kernels,
)

Work = Sequence[tuple[ReportJob, str]]

#: How long to wait for a Dask scheduler before giving up (distributed's ``Client`` timeout).
DASK_CONNECT_TIMEOUT = "10s"


def run_serial(work: Work, out: Path) -> Iterator[dict[str, Any]]:
    """Build the reports one after another in this process, on one kernel."""
    try:
        for job, sha in work:
            yield run_job(job, out, sha)
    except BaseException:
        abort()  # interrupted mid-report: kill the kernel rather than wait for it
        raise
    finally:
        shutdown_kernels()


def _stop_worker(signum: int = 0, frame: object = None) -> None:
    """Kill this worker's kernel, remove its half-written notebook, exit (never returns)."""
    abort()
    os._exit(128 + (signum or signal.SIGTERM))


def _watch_parent() -> None:
    """Stop this worker as soon as its parent process is gone (``kill -9`` of ``qi``)."""
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:  # pragma: no cover - not a spawned worker
        return
    wait([parent.sentinel])
    _stop_worker()


def _init_pool_worker() -> None:
    """Set up a pool worker: stop its kernel on every way out.

    Pool workers leave through multiprocessing's exit path, which runs ``Finalize`` callbacks
    (plain ``atexit`` handlers are not run there); SIGTERM (the parent stopping the build)
    and the parent's death kill the kernel at once; SIGINT is the parent's to handle.
    """
    from multiprocessing.util import Finalize

    Finalize(None, shutdown_kernels, exitpriority=10)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    threading.Thread(target=_watch_parent, name="qi-parent-watch", daemon=True).start()


def _stop_pool(pool: ProcessPoolExecutor, out: Path) -> None:
    """Cancel the queued reports and stop every worker now (SIGTERM, then kill), then remove
    whatever a worker killed outright left (its kernel folder, its half-written notebook)."""
    # The executor has no public way to stop running work before Python 3.14
    # (``terminate_workers``); its process table is ``_processes``.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + REPORT_STOP_GRACE_S
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():  # a worker stuck in C code
            process.kill()
            process.join(1.0)
    sweep_stale_folders()
    remove_partial_notebooks(out, [p.pid for p in processes if p.pid is not None])


def run_pool(work: Work, out: Path, jobs: int) -> Iterator[dict[str, Any]]:
    """Build the reports on ``jobs`` local worker processes (``spawn``: no forked state)."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_pool_worker)
    futures: dict[Any, tuple[ReportJob, str]] = {}
    given: set[Any] = set()
    try:
        futures = {pool.submit(run_job, job, out, sha): (job, sha) for job, sha in work}
        for future in as_completed(futures):
            given.add(future)
            try:
                entry = future.result()
            except OSError:  # the output folder refused a write: stop the build
                raise
            except Exception as err:  # the worker process died (BrokenProcessPool)
                job, sha = futures[future]
                entry = lost_job_entry(job, out, sha, err)
            yield entry
    except GeneratorExit:  # the caller stopped reading (it was interrupted itself)
        _stop_pool(pool, out)
        raise
    except BaseException:  # Ctrl-C or SIGTERM while waiting, or a write error
        _stop_pool(pool, out)
        # reports that finished while the build was stopping are on disk: hand them over so
        # that the manifest lists every page written, then stop
        for future in futures:
            if (
                future not in given
                and future.done()
                and not future.cancelled()
                and future.exception() is None
            ):
                yield future.result()
        raise
    pool.shutdown(wait=True)


def run_dask(work: Work, out: Path, address: str) -> Iterator[dict[str, Any]]:
    """Build the reports on the Dask cluster at ``address`` (e.g. ``tcp://10.0.0.5:8786``).

    The workers must see the same files as this machine (the project folders and ``out``) and
    have qi installed. Each worker thread keeps one kernel; they are stopped at the end.
    """
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - the test extra installs distributed
        raise QIError(
            "--dask needs the 'distributed' package, which is not installed",
            hint="pip install 'qi[dask]'",
        ) from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise ValidationError(
            f"cannot reach a Dask scheduler at {address!r} ({err})",
            field="dask",
            hint="give the scheduler address shown by `dask scheduler`, e.g. tcp://host:8786",
        ) from None
    try:
        futures = {
            client.submit(run_job, job, out, sha, pure=False, key=f"qi-report-{i}-{job.report}"): (
                job,
                sha,
            )
            for i, (job, sha) in enumerate(work)
        }
        for future in dask_completed(list(futures)):
            try:
                yield future.result()
            except Exception as err:  # a worker died or the task was lost
                job, sha = futures[future]
                yield lost_job_entry(job, out, sha, err)
    finally:
        try:
            client.run(shutdown_kernels)
        finally:
            client.close()
