"""A warm Jupyter kernel from THIS environment, reused across reports.

Two problems, one module:

* **Which kernel.** A report must run on the Python that runs ``qi report`` (same qi, same
  pandas), whether or not a kernel was ever registered: a fresh venv or a CI job has none. The
  :class:`SameEnvKernelSpecs` manager answers the name :data:`RUNNER_KERNEL` with a spec that
  launches ``sys.executable -m ipykernel_launcher``; the kernelspec named in a template's
  metadata is never looked up.
* **Start-up cost.** ``papermill`` starts a kernel per notebook and the kernel then imports
  pandas, matplotlib and qi again: seconds per report. :class:`WarmKernel` starts one kernel per
  worker and runs report after report on it through papermill (parameter injection, error
  markers and :class:`papermill.exceptions.PapermillExecutionError` unchanged), resetting the
  user namespace and closing figures between reports. A kernel that died is restarted.

A report may be built from a shared drive anyone can write to, so a kernel starts **in a
private temporary folder** (``qi-kernel-<pid>-*``, mode 0700) **with a safe import path**
(``python -P``: neither the caller's working folder nor the project folder is put on
``sys.path``, and IPython adds nothing when ``sys.flags.safe_path`` is set): a ``qi.py``,
``pandas.py`` or ``ipykernel_launcher.py`` next to the data is never imported (issue 11,
finding 1). The folder holds the kernel's IPC sockets and connection file and is removed when
the kernel stops; one left behind by a process that was killed is removed by the next run
(:func:`sweep_stale_folders`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines

from qi.constants import REPORT_CELL_TIMEOUT_S, REPORT_KERNEL_START_TIMEOUT_S

logger = logging.getLogger(__name__)

#: The kernel name the runner asks for; answered by :class:`SameEnvKernelSpecs` only.
RUNNER_KERNEL = "qi-runner"

#: The papermill engine name registered by this module.
ENGINE_NAME = "qi-warm"

#: Run between two reports on one kernel: forget the last report's variables and figures, keep
#: the imported modules (that is the speed-up).
_RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import sys as _qi_sys\n"
    "if 'matplotlib.pyplot' in _qi_sys.modules:\n"
    "    _qi_sys.modules['matplotlib.pyplot'].close('all')\n"
    "del _qi_sys\n"
)

#: Run once when a kernel starts: imports every report needs, so the first report is not
#: slower than the others. Importing qi changes no global state.
_WARM_CODE = "import qi, pandas, matplotlib\nimport qi.reports.blocks\n"


class SameEnvKernelSpecs(KernelSpecManager):
    """Kernel specs with :data:`RUNNER_KERNEL` bound to ``sys.executable``.

    Every other name is looked up as Jupyter normally does.
    """

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:  # noqa: D102
        if kernel_name == RUNNER_KERNEL:
            return runner_kernel_spec()
        return super().get_kernel_spec(kernel_name)


def runner_kernel_spec() -> KernelSpec:
    """The spec of a Python kernel run by this very interpreter (``sys.executable``)."""
    return KernelSpec(
        # -P: "don't prepend a potentially unsafe path to sys.path" (Python 3.11+)
        argv=[sys.executable, "-P", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name="Python (qi report runner)",
        language="python",
        resource_dir=str(Path(__file__).parent),
        metadata={"debugger": False},
    )


class _WarmClient(PapermillNotebookClient):
    """papermill's client, plus a silent snippet run before the first cell (the reset)."""

    def __init__(self, nb_man: Any, prelude: str = "", **kw: Any) -> None:
        super().__init__(nb_man, **kw)
        self.prelude = prelude

    def execute(self, **kwargs: Any) -> Any:  # noqa: D102 (papermill's, with the prelude)
        self.reset_execution_trackers()
        with self.setup_kernel(**kwargs):
            assert self.kc is not None
            if self.prelude:
                reply = self.wait_for_reply(
                    self.kc.execute(self.prelude, silent=True, store_history=False)
                )
                content = (reply or {}).get("content", {})
                if content.get("status") != "ok":
                    raise RuntimeError(
                        f"resetting the kernel failed: {content.get('ename')}: {content.get('evalue')}"
                    )
            self.papermill_execute_cells()
            info_msg = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info_msg["content"]["language_info"]
            self.set_widgets_metadata()
        return self.nb


class WarmKernelEngine(Engine):
    """A papermill engine that runs a notebook on a kernel manager passed in as ``km``.

    papermill's own ``nbclient`` engine creates and shuts down a kernel per notebook; this one
    leaves the kernel running for the next report (the caller owns it) and only closes the
    client's channels.
    """

    @classmethod
    def execute_managed_notebook(  # noqa: D102
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = REPORT_KERNEL_START_TIMEOUT_S,
        execution_timeout: int | None = None,
        km: AsyncKernelManager | None = None,
        prelude: str = "",
        **kwargs: Any,
    ) -> Any:
        client = _WarmClient(
            nb_man,
            prelude=prelude,
            km=km,
            timeout=execution_timeout or REPORT_CELL_TIMEOUT_S,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)


class WarmKernel:
    """One kernel of this environment, started on first use and reused for every report.

    Examples
    --------
    >>> kernel = WarmKernel()                                   # doctest: +SKIP
    >>> kernel.run("templates/project.ipynb", "out.ipynb", {"project_path": "..."})  # doctest: +SKIP
    >>> kernel.shutdown()                                       # doctest: +SKIP
    """

    def __init__(self) -> None:
        self.km: AsyncKernelManager | None = None
        self.runs = 0
        self._sockets: tempfile.TemporaryDirectory[str] | None = None

    @property
    def folder(self) -> Path | None:
        """The kernel's private working folder (sockets, connection file), while it runs."""
        return Path(self._sockets.name) if self._sockets is not None else None

    def _ensure_started(self) -> AsyncKernelManager:
        if self.km is not None and run_sync(self.km.is_alive)():
            return self.km
        if self.km is not None:  # it died (a report crashed it): start afresh
            self.shutdown()
        sweep_stale_folders()
        # One private folder (0700) is the kernel's working folder and holds its IPC sockets
        # and connection file: nothing listens on TCP ports, nothing of the caller's folder
        # is importable, and removing the folder removes everything the kernel left.
        self._sockets = tempfile.TemporaryDirectory(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-")
        home = Path(self._sockets.name)
        km = AsyncKernelManager(
            kernel_name=RUNNER_KERNEL,
            kernel_spec_manager=SameEnvKernelSpecs(),
            transport="ipc",
            ip=str(home / "kernel"),
            connection_file=str(home / "connection.json"),
        )
        run_sync(km.start_kernel)(cwd=str(home))
        self.km = km
        self.runs = 0
        self._run_code(_WARM_CODE)
        return km

    def _run_code(self, code: str) -> None:
        """Run a snippet on the kernel (reset or warm-up); an error in it is raised."""
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client = NotebookClient(nb, km=self.km, timeout=REPORT_CELL_TIMEOUT_S)
        client.reset_execution_trackers()
        try:
            # setup_kernel, unlike execute(), installs no SIGINT/SIGTERM handlers: nbclient's
            # replace the caller's (Ctrl-C, a pool worker's stop) and reset them to the
            # defaults when removed.
            with client.setup_kernel():
                client.execute_cell(nb.cells[0], 0)
        finally:
            if client.kc is not None:
                client.kc.stop_channels()

    def run(self, template: str | Path, output: str | Path, parameters: dict[str, Any]) -> Any:
        """Execute ``template`` with ``parameters`` via papermill, writing ``output``.

        Parameters
        ----------
        template:
            The notebook to run (its ``parameters`` cell receives ``parameters``).
        output:
            Where papermill writes the executed notebook (also when a cell fails).
        parameters:
            Values injected by papermill's Python translator, as data.

        Returns
        -------
        nbformat.NotebookNode
            The executed notebook.

        Raises
        ------
        papermill.exceptions.PapermillExecutionError
            A cell raised; ``cell_index``, ``ename`` and ``evalue`` say where and what.
        """
        import papermill

        km = self._ensure_started()
        prelude = _RESET_CODE if self.runs else ""
        self.runs += 1
        return papermill.execute_notebook(
            str(template),
            str(output),
            parameters=parameters,
            engine_name=ENGINE_NAME,
            kernel_name=RUNNER_KERNEL,
            km=km,
            prelude=prelude,
            progress_bar=False,
            request_save_on_cell_execute=False,
            start_timeout=REPORT_KERNEL_START_TIMEOUT_S,
            execution_timeout=REPORT_CELL_TIMEOUT_S,
        )

    def kill(self) -> None:
        """Kill the kernel's process group at once and remove its folder, without asyncio (safe
        from a signal handler or a watchdog thread while a report runs)."""
        km, self.km = self.km, None
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                if os.name == "posix":  # the kernel leads its own session (jupyter_client)
                    os.killpg(process.pid, 9)
                else:
                    process.kill()
        if self._sockets is not None:
            shutil.rmtree(self._sockets.name, ignore_errors=True)
            self._sockets = None

    def shutdown(self, *, now: bool = False) -> None:
        """Stop the kernel (if any) and remove its folder; ``now`` kills it without waiting."""
        km, self.km = self.km, None
        try:
            if km is not None:
                try:
                    if run_sync(km.is_alive)():
                        run_sync(km.shutdown_kernel)(now=now)
                finally:
                    run_sync(km.cleanup_resources)()
        finally:
            if self._sockets is not None:
                shutil.rmtree(self._sockets.name, ignore_errors=True)
                self._sockets = None


#: Name prefix of the kernels' private folders in the temporary folder.
_FOLDER_PREFIX = "qi-kernel-"


def sweep_stale_folders(tmp: str | Path | None = None) -> list[Path]:
    """Remove kernel folders (``qi-kernel-<pid>-*``) whose process no longer runs.

    A process killed outright (``kill -9``, a power cut) cannot remove its own; the next run
    does. Only POSIX can ask whether a process exists without touching it (on Windows
    ``os.kill`` would terminate it), so elsewhere nothing is swept. Returns what was removed.
    """
    if os.name != "posix":
        return []
    removed = []
    for folder in Path(tmp or tempfile.gettempdir()).glob(f"{_FOLDER_PREFIX}*-*"):
        pid_text = folder.name[len(_FOLDER_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or not folder.is_dir() or folder.is_symlink():
            continue
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except OSError:  # alive but not ours (EPERM), or unreadable
            continue
    return removed
