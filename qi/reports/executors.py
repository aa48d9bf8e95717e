"""Where reports run: in this process, on a local process pool, or on a Dask cluster.

Each executor takes ``(job, inputs_sha256)`` pairs and yields manifest entries as reports
finish (in completion order), so the runner can update its progress bar and manifest. Every
worker keeps one warm kernel for all the reports it builds and stops it at the end.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from qi.errors import QIError, ValidationError
from qi.reports.jobs import ReportJob
from qi.reports.worker import lost_job_entry, run_job, shutdown_kernels

Work = Sequence[tuple[ReportJob, str]]

#: How long to wait for a Dask scheduler before giving up (distributed's ``Client`` timeout).
DASK_CONNECT_TIMEOUT = "10s"


def run_serial(work: Work, out: Path) -> Iterator[dict[str, Any]]:
    """Build the reports one after another in this process, on one kernel."""
    try:
        for job, sha in work:
            yield run_job(job, out, sha)
    finally:
        shutdown_kernels()


def _init_pool_worker() -> None:
    """Stop the worker's kernel when the pool shuts the worker down.

    Pool workers leave through multiprocessing's exit path, which runs ``Finalize`` callbacks
    (plain ``atexit`` handlers are not run there).
    """
    from multiprocessing.util import Finalize

    Finalize(None, shutdown_kernels, exitpriority=10)


def run_pool(work: Work, out: Path, jobs: int) -> Iterator[dict[str, Any]]:
    """Build the reports on ``jobs`` local worker processes (``spawn``: no forked state)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_pool_worker
    ) as pool:
        futures = {pool.submit(run_job, job, out, sha): (job, sha) for job, sha in work}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as err:  # the worker process died (BrokenProcessPool)
                job, sha = futures[future]
                yield lost_job_entry(job, out, sha, err)


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
