"""Safe file writes: atomic replace, exclusive create, and a project lock.

Every write qi makes goes through this module:

* :func:`atomic_write_text` writes a temporary file in the same folder, flushes and fsyncs it,
  then ``os.replace``-s it over the target, so a reader sees the old file or the new one, never
  half of either, and a failure leaves the old file as it was.
* :func:`create_exclusive` publishes a new file only if no file of that name exists. The
  temporary file is created with ``O_EXCL`` (``tempfile.mkstemp``) and fully written and synced
  first; ``os.link`` then gives it its final name, failing with ``FileExistsError`` if the name
  is taken (POSIX link(2) is atomic and never overwrites). A new cycle file is therefore never
  visible half-written and two writers can never claim one name.
* :func:`project_lock` holds an exclusive ``fcntl.flock`` on ``<project>/.qi.lock`` around
  "read, decide, write" sequences (allocate the next cycle number, append a note or a score).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from qi.constants import LOCK_TIMEOUT_SECONDS
from qi.errors import ConcurrencyError

LOCK_NAME = ".qi.lock"


def _fsync_dir(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (best effort where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _write_temp(folder: Path, text: str, prefix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (temp file in the same folder, fsync, replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path.parent, text, prefix=f".{path.name}.")
    try:
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def create_exclusive(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; raise ``FileExistsError`` if it already exists.

    The content is complete and synced before the name appears (see the module docstring).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path.parent, text, prefix=f".{path.name}.")
    try:
        os.chmod(tmp, 0o644)
        os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def project_lock(root: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on the project folder ``root`` for the duration of the block.

    Raises
    ------
    ConcurrencyError
        If the lock is not free within ``timeout`` seconds.
    """
    lock_path = Path(root) / LOCK_NAME
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConcurrencyError(
                        f"could not lock '{lock_path}' within {timeout:g} s: another qi command "
                        "is writing to this project",
                        hint="wait for it to finish and run the command again",
                    ) from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
