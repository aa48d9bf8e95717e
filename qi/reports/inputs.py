"""The files a report reads and their hashes: what decides whether a page is stale.

A page lists only what it reads (:func:`input_files`, :func:`idea_inputs`), so an edit rebuilds
only the pages it appears on; a page that does not show PDSA notes hashes each cycle file
without its ``notes`` (:func:`cycle_sha256_without_notes`), so one new note rebuilds only the
change idea page it is on. Used by :meth:`qi.reports.jobs.ReportJob.inputs_sha256`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from qi.project.layout import PDSA_DIR

#: Files of a project or portfolio folder that never feed a report: hidden files (locks,
#: editor swap files, checkpoints) and caches.
_IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def is_cycle_file(rel: Path) -> bool:
    """``<project>/pdsa/<change-idea>/<cycle>.yaml``, relative to a job's root."""
    parts = rel.parts
    return len(parts) == 4 and parts[1] == PDSA_DIR and rel.suffix in (".yaml", ".yml")


def cycle_sha256_without_notes(path: Path) -> str:
    """sha256 of a PDSA cycle's fields except ``notes`` (as sorted JSON); a file that is not a
    YAML mapping is hashed whole. Parsed once per distinct content (the project page and the
    portfolio page read the same cycles); the cache is keyed by the bytes' own hash, never by
    modification times, which network shares keep only to the second or two."""
    raw = path.read_bytes()
    return _fields_sha256(hashlib.sha256(raw).hexdigest(), raw)


_FIELDS_SHA256: dict[str, str] = {}


def _fields_sha256(raw_sha256: str, raw: bytes) -> str:
    import yaml

    if raw_sha256 in _FIELDS_SHA256:
        return _FIELDS_SHA256[raw_sha256]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: 10x faster
    try:
        fields = yaml.load(raw, Loader=loader)  # noqa: S506 - a safe loader
    except (UnicodeDecodeError, yaml.YAMLError):
        fields = None
    if isinstance(fields, dict):
        fields.pop("notes", None)
        digest = hashlib.sha256(
            json.dumps(fields, sort_keys=True, default=str).encode()
        ).hexdigest()
    else:
        digest = raw_sha256
    if len(_FIELDS_SHA256) > 4096:
        _FIELDS_SHA256.clear()
    _FIELDS_SHA256[raw_sha256] = digest
    return digest


def idea_inputs(folder: Path, inputs: tuple[str, ...], idea_id: str) -> tuple[str, ...]:
    """A change idea page's inputs: the project's files without the other ideas' cycles."""

    def other_idea(name: str) -> bool:
        parts = Path(name).relative_to(folder).parts
        return len(parts) > 2 and parts[0] == PDSA_DIR and parts[1] != idea_id

    return tuple(name for name in inputs if not other_idea(name))


def input_files(folder: Path, exclude: Path | None = None) -> tuple[str, ...]:
    """Every file under ``folder`` except hidden ones, caches, and anything under ``exclude``
    (the output folder, when it lies inside the project: its pages are not inputs)."""
    files = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).parts
        if any(p.startswith(".") or p in _IGNORED_PARTS for p in rel):
            continue
        if exclude is not None and path.resolve().is_relative_to(exclude):
            continue
        if path.is_file():
            files.append(str(path))
    return tuple(sorted(files))


__all__ = [
    "cycle_sha256_without_notes",
    "file_sha256",
    "idea_inputs",
    "input_files",
    "is_cycle_file",
]
