"""Safe file reads and writes: atomic replace, exclusive create, and a cross-platform lock.

Every write qi makes goes through this module, on Linux, macOS and Windows alike (nothing
POSIX-only is imported when qi is imported; the lock picks its mechanism at run time):

* :func:`atomic_write_text` writes a temporary file in the same folder, flushes and fsyncs it,
  then ``os.replace``-s it over the target, so a reader sees the old file or the new one, never
  half of either, and a failure leaves the old file as it was. A file that exists keeps its
  permission bits, its line endings (CRLF stays CRLF) and its UTF-8 byte-order mark; a new
  file gets ``0666`` less the umask (0644 under umask 022, 0664 under a group umask 002).
* :func:`create_exclusive` publishes a new file only if no file of that name exists. The
  temporary file is fully written and synced first; ``os.link`` then gives it its final name,
  failing with ``FileExistsError`` if the name is taken (link(2) never overwrites). Where hard
  links are not supported (FAT, some network shares) Windows' ``os.rename`` is used, which also
  refuses an existing target; elsewhere an ``O_EXCL`` create.
* :func:`project_lock` holds an exclusive lock on ``<project>/.qi.lock`` around "read, decide,
  write" sequences: ``fcntl.flock`` where ``fcntl`` exists, ``msvcrt.locking`` on Windows, and
  otherwise a lock file created with ``O_EXCL`` and removed on release.
* :func:`check_readable` refuses, before a byte is read, what must never be parsed: a FIFO or a
  device (a FIFO blocks forever, ``/dev/zero`` never ends) and files above a size limit.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qi.constants import LOCK_TIMEOUT_SECONDS
from qi.errors import ConcurrencyError, ValidationError

LOCK_NAME = ".qi.lock"

#: The UTF-8 byte-order mark Excel and Notepad put at the start of "UTF-8" files.
_BOM = b"\xef\xbb\xbf"

#: How much of an existing file is read to learn its line endings.
_SNIFF_BYTES = 65536


def _fsync_dir(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (best effort; Windows has no directory fds)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _write_temp(folder: Path, data: bytes, prefix: str) -> Path:
    """A new file in ``folder`` holding ``data``, synced; created ``0666`` less the umask.

    ``tempfile.mkstemp`` would create it ``0600`` whatever the umask, and that mode would then
    be published with the file (issue 11: pages and manifest were always 0600).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = folder / f"{prefix}{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(name, flags, 0o666)
            break
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
    else:  # pragma: no cover
        raise FileExistsError(f"no free temporary name in {folder}")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return name


def file_style(path: Path) -> tuple[bool, str]:
    """``(has a UTF-8 BOM, line ending)`` of an existing text file (``"\\n"`` if none is found)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False, "\n"
    first = head.find(b"\n")
    crlf = first > 0 and head[first - 1 : first] == b"\r"
    return head.startswith(_BOM), "\r\n" if crlf else "\n"


def encode_like(text: str, *, bom: bool = False, newline: str = "\n") -> bytes:
    """``text`` (any line endings) as UTF-8 bytes with ``newline`` line endings and the BOM."""
    text = text.replace("\r\n", "\n")
    if newline != "\n":
        text = text.replace("\n", newline)
    return (_BOM if bom else b"") + text.encode("utf-8")


def _replace(source: Path, target: Path) -> None:
    """``os.replace``, retried briefly on Windows, where a reader (an editor, a virus scanner)
    holding the target open makes it fail with PermissionError for a moment."""
    for attempt in range(10):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 9:
                raise
            time.sleep(0.05 * (attempt + 1))


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (temp file in the same folder, fsync, replace).

    An existing file keeps its mode, its line endings and its byte-order mark, so rewriting a
    CRLF file made on Windows changes only the lines that changed. A symbolic link is kept and
    the file it names is replaced.
    """
    path = Path(path)
    if path.is_symlink():  # write the file the link names, and keep the link (callers have
        path = path.resolve()  # checked it stays inside the project: ids.is_inside)
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = path.exists()
    bom, newline = file_style(path) if exists else (False, "\n")
    tmp = _write_temp(
        path.parent, encode_like(text, bom=bom, newline=newline), prefix=f".{path.name}."
    )
    try:
        if exists:
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        _replace(tmp, path)
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
    tmp = _write_temp(path.parent, encode_like(text), prefix=f".{path.name}.")
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except (OSError, NotImplementedError, AttributeError):  # no hard links on this volume
            if os.name == "nt":
                os.rename(tmp, path)  # Windows: fails with FileExistsError, never overwrites
            else:
                _create_by_excl(path, tmp)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _fsync_dir(path.parent)


def _create_by_excl(path: Path, tmp: Path) -> None:
    """Fallback for volumes without hard links: claim the name with ``O_EXCL``, then fill it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(tmp.read_bytes())
        handle.flush()
        os.fsync(handle.fileno())


# --- the lock --------------------------------------------------------------------------------
def _module(name: str) -> Any:
    """``fcntl`` or ``msvcrt`` if this platform has it (None if not); imported only when a
    lock is taken, so importing qi never needs a platform-only module."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def lock_mechanism() -> str:
    """How :func:`project_lock` locks on this platform: ``fcntl``, ``msvcrt`` or ``lockfile``."""
    for name in ("fcntl", "msvcrt"):
        if _module(name) is not None:
            return name
    return "lockfile"


def _try_lock(fd: int, mechanism: str) -> bool:
    """One non-blocking attempt at the lock on ``fd``; False if someone else holds it."""
    if mechanism == "fcntl":
        fcntl = _module("fcntl")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    msvcrt = _module("msvcrt")
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # byte 0; may lie beyond the end of the file
    except OSError:
        return False
    return True


def _unlock(fd: int, mechanism: str) -> None:
    if mechanism == "fcntl":
        fcntl = _module("fcntl")
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        msvcrt = _module("msvcrt")
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _timeout(lock_path: Path, timeout: float, extra: str = "") -> ConcurrencyError:
    return ConcurrencyError(
        f"could not lock '{lock_path}' within {timeout:g} s: another qi command is writing "
        "to this project",
        hint="wait for it to finish and run the command again" + extra,
    )


@contextlib.contextmanager
def project_lock(
    root: Path, timeout: float = LOCK_TIMEOUT_SECONDS, *, name: str = LOCK_NAME
) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``root`` for the duration of the block.

    The lock file is created ``0666`` less the umask, so under a group umask (002) every member
    of the group can take it. Locks of this kind exclude threads of one process as well as
    processes (flock and msvcrt locks belong to the open file, which each call opens anew).

    Raises
    ------
    ConcurrencyError
        If the lock is not free within ``timeout`` seconds.
    """
    lock_path = Path(root) / name
    mechanism = lock_mechanism()
    deadline = time.monotonic() + timeout
    if mechanism == "lockfile":
        with _lockfile(lock_path.with_name(name + ".held"), deadline, timeout):
            yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        while not _try_lock(fd, mechanism):
            if time.monotonic() >= deadline:
                raise _timeout(lock_path, timeout)
            time.sleep(0.01)
        try:
            yield
        finally:
            _unlock(fd, mechanism)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _lockfile(held: Path, deadline: float, timeout: float) -> Iterator[None]:
    """The last resort where neither ``fcntl`` nor ``msvcrt`` exists: a file made with
    ``O_EXCL`` exists while the lock is held (a crash leaves it behind; the message says so)."""
    while True:
        try:
            fd = os.open(held, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            if time.monotonic() >= deadline:
                raise _timeout(
                    held, timeout, f"; if no qi command is running, delete {held}"
                ) from None
            time.sleep(0.01)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(held)


# --- reading ---------------------------------------------------------------------------------
def check_readable(path: Path, *, limit: int, what: str = "file") -> os.stat_result:
    """Refuse a special file (FIFO, device, socket) or one larger than ``limit`` bytes.

    Checked with ``stat`` before the file is opened, so a FIFO never blocks and ``/dev/zero``
    is never read. Returns the ``stat`` result. A missing file raises ``FileNotFoundError``.
    """
    path = Path(path)
    info = path.stat()
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):  # a folder: open() says so
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or special file"
        raise ValidationError(
            f"is {kind}, not a regular {what}", file=str(path), hint=f"give a regular {what}"
        )
    if info.st_size > limit:
        raise ValidationError(
            f"is {info.st_size:,} bytes, above the {limit:,}-byte limit for a {what}",
            file=str(path),
            hint="split the file, or check that it is the file you meant",
        )
    return info


__all__ = [
    "LOCK_NAME",
    "atomic_write_text",
    "check_readable",
    "create_exclusive",
    "encode_like",
    "file_style",
    "lock_mechanism",
    "project_lock",
]
