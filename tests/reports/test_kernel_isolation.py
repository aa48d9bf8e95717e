"""The report kernel cannot import code from the folder qi runs in (issue 11, finding 1).

A ``qi.py`` or ``pandas.py`` that writes a marker file is put in the caller's working folder;
a report run from there must neither import it nor leave the kernel's folder behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from qi.reports.kernel import WarmKernel, sweep_stale_folders

_TRAP = "import pathlib\npathlib.Path({marker!r}).write_text('executed')\n"


def _notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('out = ""  # where to write what the kernel saw')
    params.metadata["tags"] = ["parameters"]
    body = (
        "import os, sys, json, pandas, qi\n"
        "json.dump({'cwd': os.getcwd(), 'path': sys.path, 'qi': qi.__file__,"
        " 'pandas': pandas.__file__}, open(out, 'w'))\n"
    )
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_modules_in_the_working_folder_are_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    work = tmp_path / "shared-drive"
    work.mkdir()
    marker = tmp_path / "marker.txt"
    for name in ("qi.py", "pandas.py", "matplotlib.py", "ipykernel_launcher.py"):
        (work / name).write_text(_TRAP.format(marker=str(marker)))
    monkeypatch.chdir(work)
    template = _notebook(tmp_path / "t.ipynb")
    kernel = WarmKernel()
    try:
        kernel.run(template, tmp_path / "out.ipynb", {"out": str(tmp_path / "seen.json")})
        folder = kernel.folder
        assert folder is not None and folder.is_dir()
        if os.name == "posix":
            assert folder.stat().st_mode & 0o777 == 0o700
    finally:
        kernel.shutdown()
    assert not marker.exists(), "a module from the working folder was executed"
    seen = json.loads((tmp_path / "seen.json").read_text())
    assert Path(seen["cwd"]).resolve() == folder.resolve()
    assert "" not in seen["path"] and str(work) not in seen["path"]
    assert not seen["qi"].startswith(str(work)) and not seen["pandas"].startswith(str(work))
    assert not folder.exists()  # sockets and connection file went with it


@pytest.mark.skipif(os.name != "posix", reason="stale folders are swept on POSIX only")
def test_folders_of_dead_processes_are_swept(tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f"qi-kernel-{dead.stdout.strip()}-abc"
    live = tmp_path / f"qi-kernel-{os.getpid()}-def"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "connection.json").write_text("{}")
    assert sweep_stale_folders(tmp_path) == [stale]
    assert not stale.exists() and live.exists()
