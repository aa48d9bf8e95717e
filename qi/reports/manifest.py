"""``manifest.json``: one entry per report, what went into it and how it went.

Entry keys (:data:`ENTRY_KEYS`): ``report`` (key and output stem), ``kind``, ``title``, ``ids``,
``parameters``, ``template``, ``inputs`` (the files this page reads, relative; see
:data:`qi.reports.jobs.NOTE_PAGES`), ``inputs_sha256``,
``qi_version``, ``started`` (UTC), ``duration_s``, ``status`` (``ok`` or ``failed``),
``error`` (``None`` or ``{"cell", "execution_count", "message", "problems"}``: ``cell`` is
the 0-based index of the failing cell in the template, ``problems`` the validation problems), ``notebook`` and ``html``
(paths relative to the output folder; ``notebook`` is ``None`` when nothing was executed).
The file is written atomically (temporary file in the same folder, fsync, ``os.replace``).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import qi
from qi.constants import MANIFEST_NAME, MANIFEST_SCHEMA_VERSION
from qi.errors import QIWarning
from qi.project.fsio import atomic_write_text  # the one atomic write (mode from the umask)

#: The keys of every manifest entry, in the order they are written.
ENTRY_KEYS: tuple[str, ...] = (
    "report",
    "kind",
    "title",
    "ids",
    "parameters",
    "template",
    "inputs",
    "inputs_sha256",
    "qi_version",
    "started",
    "duration_s",
    "status",
    "error",
    "notebook",
    "html",
)

#: The two statuses a report can have.
STATUSES: tuple[str, ...] = ("ok", "failed")


@dataclass
class Manifest:
    """The reports of one output folder.

    Attributes
    ----------
    out:
        The output folder.
    entries:
        One dict per report (keys :data:`ENTRY_KEYS`), sorted by ``report``.
    built:
        Reports executed by the run that returned this manifest.
    skipped:
        Reports left as they were because their inputs had not changed.
    """

    out: Path
    entries: list[dict[str, Any]] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        """Where the manifest lives: ``<out>/manifest.json``."""
        return self.out / MANIFEST_NAME

    @property
    def failed(self) -> list[dict[str, Any]]:
        """The entries whose status is ``failed``."""
        return [e for e in self.entries if e["status"] == "failed"]

    @property
    def ok(self) -> bool:
        """True when every report was built."""
        return not self.failed

    def entry(self, report: str) -> dict[str, Any] | None:
        """The entry of one report, or None."""
        for e in self.entries:
            if e["report"] == report:
                return e
        return None

    def put(self, entry: dict[str, Any]) -> None:
        """Add or replace the entry of ``entry['report']``."""
        self.entries = [e for e in self.entries if e["report"] != entry["report"]]
        self.entries.append({k: entry.get(k) for k in ENTRY_KEYS})
        self.entries.sort(key=lambda e: e["report"])

    def to_json(self) -> str:
        """The manifest document."""
        doc = {
            "schema": MANIFEST_SCHEMA_VERSION,
            "qi_version": qi.__version__,
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "reports": self.entries,
        }
        return json.dumps(doc, indent=2, default=str) + "\n"

    def write(self) -> Path:
        """Write ``manifest.json`` atomically; return its path."""
        atomic_write_text(self.path, self.to_json())
        return self.path

    @classmethod
    def load(cls, out: str | Path) -> Manifest:
        """The manifest of ``out``; empty if there is none.

        A manifest that cannot be read (hand-edited, another schema) is ignored with a
        :class:`qi.errors.QIWarning`: every report is then rebuilt.
        """
        out = Path(out)
        path = out / MANIFEST_NAME
        if not path.is_file():
            return cls(out)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("schema") != MANIFEST_SCHEMA_VERSION:
                raise ValueError(f"schema {doc.get('schema')!r}")
            entries = [{k: e.get(k) for k in ENTRY_KEYS} for e in doc["reports"]]
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            warnings.warn(
                f"{path}: cannot read the previous manifest ({err}); every report is rebuilt",
                QIWarning,
                stacklevel=2,
            )
            return cls(out)
        return cls(out, sorted(entries, key=lambda e: e["report"]))
