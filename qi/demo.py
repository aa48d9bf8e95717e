"""``make demo`` / ``python -m qi.demo``: build every board report of the example portfolio.

Reads ``data/examples`` (run from the repository root), writes ``reports-out/`` and prints the
path of the portfolio page. Exits 3 if any report failed (the manifest and the error pages say
why).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The example portfolio and the output folder, relative to the repository root.
EXAMPLES = Path("data/examples")
OUT = Path("reports-out")


def main(argv: list[str] | None = None) -> int:
    """Build the example reports; return the process exit code."""
    from qi.errors import QIError
    from qi.reports.runner import build_reports

    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else EXAMPLES
    out = Path(args[1]) if len(args) > 1 else OUT
    if not source.is_dir():
        print(
            f"error: {source} not found; run `make demo` from the qi repository root",
            file=sys.stderr,
        )
        return 2
    jobs = max(1, min(2, os.cpu_count() or 1))
    try:
        manifest = build_reports(source, out, jobs=jobs)
    except QIError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    print(
        f"{len(manifest.built)} reports built, {len(manifest.skipped)} unchanged, "
        f"{len(manifest.failed)} failed; manifest: {manifest.path.resolve()}"
    )
    for entry in manifest.failed:
        print(f"failed: {entry['report']}: {entry['error']['message']}", file=sys.stderr)
    portfolio = manifest.entry("portfolio")
    if portfolio is not None:
        print(f"Portfolio page: {(out / portfolio['html']).resolve()}")
    return 3 if manifest.failed else 0


if __name__ == "__main__":
    sys.exit(main())
