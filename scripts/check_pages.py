"""Look at report pages as a board member would: screenshots, A4 print, page counts, sizes.

Run by hand (not in the tests) after ``make demo``::

    .venv/bin/python scripts/check_pages.py reports-out            # writes reports-out/_check/
    .venv/bin/python scripts/check_pages.py reports-out --out /tmp/check --only kinship

For every ``.html`` under the folder (the output folder itself skipped) it

- renders the first screen (1280 x 800) and the full page to PNG with headless Chromium;
- prints the page to an A4 PDF (``chromium --headless --print-to-pdf``, the page's own
  ``@page`` rules apply) and counts its pages with ``pdfinfo`` (poppler-utils);
- finds stranded headings in the print: a page whose last block of text is one of the page's
  headings (``pdftotext -bbox-layout``), i.e. a heading printed at the foot of a page away from
  its content (headings are ``h1``-``h6`` and paragraphs of bold text only, such as "Caveats");
- measures the smallest printed text (from the height of each word's box; the text inside
  chart pictures is not seen);
- reports the file size in KB and the URLs the page would fetch (none for a good page).

The PNGs and PDFs go to the output folder next to ``summary.md`` (a table to read) and
``summary.csv`` (the same, for a spreadsheet). Needs ``chromium`` and ``pdfinfo``/``pdftotext``
on PATH (Debian: ``apt-get install chromium poppler-utils``); Chrome or Edge (both Chromium)
are found by name too, or named with ``--browser``.

The full-page screenshot needs the page's height, which headless Chromium does not report on
the command line: the page is copied into a temporary folder with one script appended that
writes ``document.documentElement.scrollHeight`` into the title, and ``--dump-dom`` reads it.
The copy is only used for measuring; the screenshots and the PDF are taken from the original.
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qi.reports.export import external_references  # noqa: E402

#: The first screen a reader sees: a common laptop viewport (CSS pixels).
SCREEN = (1280, 800)
#: Tallest full-page screenshot taken (CSS pixels); longer pages are cut there and say so.
MAX_HEIGHT = 30000
#: Seconds one Chromium call may take before the page is reported as failed.
TIMEOUT_S = 90
#: Folder name of the default output, skipped when searching for pages.
CHECK_DIR = "_check"

_MEASURE = (
    "<script>document.title = 'qi-height:' + Math.ceil(Math.max("
    "document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0));"
    "</script>"
)
#: Headings: h1-h6, and a paragraph that is nothing but bold text (the narrative's section
#: heads, "Caveats"), which a reader takes for a heading too.
_HEADING = re.compile(
    r"<(h[1-6])\b[^>]*>(.*?)</\1>|<p\b[^>]*>\s*<(strong|b)>([^<]*)</\3>\s*</p>", re.I | re.S
)
_ANCHOR = re.compile(r"<a\b[^>]*class=\"anchor-link\"[^>]*>.*?</a>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_PAGE_NUMBER = re.compile(r"Page \d+ of \d+")


@dataclass
class PageCheck:
    """What was found for one page."""

    page: str
    kb: float
    height_px: int | None = None
    pdf_pages: int | None = None
    paper: str = ""
    stranded: list[str] = field(default_factory=list)
    smallest_pt: float | None = None
    external: list[str] = field(default_factory=list)
    screen_png: str = ""
    full_png: str = ""
    pdf: str = ""
    problems: list[str] = field(default_factory=list)


def find_browser(name: str | None) -> str:
    """The Chromium executable: ``name`` if given, else the first of the usual names on PATH."""
    usual = ["chromium", "chromium-browser", "google-chrome", "chrome", "msedge", "microsoft-edge"]
    for candidate in [name] if name else usual:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    sys.exit(
        f"error: no Chromium found ({name or 'chromium, chromium-browser, google-chrome'}); "
        "install it (Debian: apt-get install chromium) or pass --browser PATH"
    )


def _chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=5000",
        *args,
    ]
    # a session of its own, so a hung browser is ended with all its helper processes
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=os.name == "posix",
    )
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        out, err = proc.communicate()
        err = f"{err}\nChromium did not finish within {TIMEOUT_S} s"
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def page_height(browser: str, profile: Path, page: Path, width: int) -> int | None:
    """The laid-out height of ``page`` in CSS pixels at ``width``, or None if not measured."""
    with tempfile.TemporaryDirectory() as tmp:
        # the copy sits in the page's own folder layout only as far as the page needs: reports
        # are self-contained, so a copy anywhere lays out the same
        copy = Path(tmp) / "measure.html"
        copy.write_text(page.read_text(encoding="utf-8") + _MEASURE, encoding="utf-8")
        out = _chromium(
            browser, profile, f"--window-size={width},{SCREEN[1]}", "--dump-dom", copy.as_uri()
        )
    m = re.search(r"<title>qi-height:(\d+)</title>", out.stdout)
    return int(m.group(1)) if m else None


def screenshot(browser: str, profile: Path, page: Path, png: Path, width: int, height: int) -> str:
    """Render ``page`` at ``width`` x ``height`` to ``png``; an empty string or the error."""
    png.unlink(missing_ok=True)  # never report an earlier run's picture
    for _ in range(2):  # headless Chromium now and then hangs on a tall window: try again once
        out = _chromium(
            browser,
            profile,
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.as_uri(),
        )
        if png.exists():
            break
    return "" if png.exists() else f"screenshot failed: {_reason(out)}"


def print_pdf(browser: str, profile: Path, page: Path, pdf: Path) -> str:
    """Print ``page`` to ``pdf`` as the browser would (the page's @page rules); error or ''."""
    pdf.unlink(missing_ok=True)
    out = _chromium(
        browser, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    return "" if pdf.exists() else f"print failed: {_reason(out)}"


def _reason(out: subprocess.CompletedProcess[str]) -> str:
    """The last line of Chromium's error output that says something (it logs much noise)."""
    lines = [line.strip() for line in out.stderr.splitlines() if line.strip()]
    useful = [line for line in lines if "dbus" not in line.lower() and "bus address" not in line]
    return (useful or lines or [f"exit code {out.returncode}"])[-1][:200]


def pdf_info(pdf: Path) -> tuple[int | None, str]:
    """Number of pages and the paper size line of ``pdfinfo``."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    pages = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    size = re.search(r"^Page size:\s+(.+)$", out.stdout, re.M)
    return (int(pages.group(1)) if pages else None), (size.group(1).strip() if size else "")


def headings(page_html: str) -> list[str]:
    """The text of every heading of the page, whitespace collapsed."""
    return [
        " ".join(html.unescape(_TAG.sub("", _ANCHOR.sub("", m.group(2) or m.group(4)))).split())
        for m in _HEADING.finditer(page_html)
    ]


#: Height of a word's box in the PDF over the font size, for DejaVu Sans (ascent 0.928 +
#: descent 0.236 of the em, the font's own metrics), the font the pages print in on Linux;
#: ``pdftotext -bbox-layout`` boxes words by the font's ascent and descent.
EM_HEIGHT = 1.164


@dataclass
class Block:
    """A block of printed text (a paragraph, a heading, a table cell) as ``pdftotext`` sees it."""

    text: str
    smallest_pt: float


def pdf_blocks(pdf: Path) -> list[list[Block]]:
    """The text blocks of every printed page, in reading order (``pdftotext -bbox-layout``)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=False
    )
    return parse_blocks(out.stdout)


def parse_blocks(xhtml: str) -> list[list[Block]]:
    """Pages of :class:`Block` from the XHTML that ``pdftotext -bbox-layout`` writes."""
    import xml.etree.ElementTree as ET

    if not xhtml.strip():
        return []
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(xhtml)
    pages = []
    for page in root.iter(f"{{{ns['x']}}}page"):
        blocks = []
        for block in page.iter(f"{{{ns['x']}}}block"):
            words = list(block.iter(f"{{{ns['x']}}}word"))
            if not words:
                continue
            heights = [float(w.get("yMax", 0)) - float(w.get("yMin", 0)) for w in words]
            blocks.append(
                Block(
                    " ".join((w.text or "").strip() for w in words),
                    round(min(heights) / EM_HEIGHT, 1),
                )
            )
        pages.append(blocks)
    return pages


def stranded_in_blocks(pages: list[list[Block]], heads: list[str]) -> list[str]:
    """``p<n>: <heading>`` for each printed page whose last block of text is a heading, cut
    from what follows it. A heading wrapped with other words in one block (a paragraph that
    ends with a measure's name) is not a heading; the page number in the margin does not
    count; the last page is not counted: a heading there ends the document."""
    wanted = {" ".join(h.split()) for h in heads if h.strip()}
    found = []
    for number, blocks in enumerate(pages[:-1], start=1):
        texts = [b.text for b in blocks if not _PAGE_NUMBER.fullmatch(b.text)]
        if texts and texts[-1] in wanted:
            found.append(f"p{number}: {texts[-1]}")
    return found


def smallest_text(pages: list[list[Block]]) -> float | None:
    """The smallest printed text size in pt (charts are pictures: their text is not counted)."""
    sizes = [b.smallest_pt for blocks in pages for b in blocks]
    return min(sizes) if sizes else None


def check_page(
    browser: str, profile: Path, page: Path, root: Path, out: Path, full: bool = True
) -> PageCheck:
    """Every check of one page; files are named after the page's path under ``root``."""
    rel = page.relative_to(root)
    stem = "__".join(rel.with_suffix("").parts)
    text = page.read_text(encoding="utf-8")
    result = PageCheck(
        page=rel.as_posix(),
        kb=round(page.stat().st_size / 1024, 1),
        external=external_references(text),
    )
    screen = out / f"{stem}.screen.png"
    if err := screenshot(browser, profile, page, screen, *SCREEN):
        result.problems.append(err)
    else:
        result.screen_png = screen.name
    if full:
        height = page_height(browser, profile, page, SCREEN[0])
        result.height_px = height
        if height is None:
            result.problems.append("page height not measured")
        else:
            png = out / f"{stem}.full.png"
            if height > MAX_HEIGHT:
                result.problems.append(f"page is {height} px tall; screenshot cut at {MAX_HEIGHT}")
            if err := screenshot(browser, profile, page, png, SCREEN[0], min(height, MAX_HEIGHT)):
                result.problems.append(err)
            else:
                result.full_png = png.name
    pdf = out / f"{stem}.pdf"
    if err := print_pdf(browser, profile, page, pdf):
        result.problems.append(err)
    else:
        result.pdf = pdf.name
        result.pdf_pages, result.paper = pdf_info(pdf)
        blocks = pdf_blocks(pdf)
        result.stranded = stranded_in_blocks(blocks, headings(text))
        result.smallest_pt = smallest_text(blocks)
    return result


COLUMNS = (
    "page",
    "KB",
    "print pages",
    "paper",
    "stranded headings",
    "smallest text pt",
    "external refs",
    "height px",
    "first screen",
    "full page",
    "pdf",
    "problems",
)


def _row(c: PageCheck) -> list[str]:
    return [
        c.page,
        f"{c.kb:.1f}",
        "" if c.pdf_pages is None else str(c.pdf_pages),
        c.paper,
        "; ".join(c.stranded),
        "" if c.smallest_pt is None else f"{c.smallest_pt:.1f}",
        "; ".join(c.external),
        "" if c.height_px is None else str(c.height_px),
        c.screen_png,
        c.full_png,
        c.pdf,
        "; ".join(c.problems),
    ]


def write_summary(checks: list[PageCheck], out: Path) -> Path:
    """``summary.md`` and ``summary.csv`` in ``out``; returns the Markdown file's path."""
    rows = [_row(c) for c in checks]
    with (out / "summary.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    md = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    md += ["| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows]
    total_kb = sum(c.kb for c in checks)
    md.append("")
    md.append(
        f"{len(checks)} pages, {total_kb:,.0f} KB in all; "
        f"{sum(1 for c in checks if c.stranded)} with a stranded heading; "
        f"{sum(1 for c in checks if c.smallest_pt is not None and c.smallest_pt < 7.95)} "
        "with printed text under 8 pt; "
        f"{sum(1 for c in checks if c.external)} fetching from outside the page."
    )
    path = out / "summary.md"
    path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of report pages (e.g. reports-out)")
    parser.add_argument("--out", type=Path, help=f"where to write (default FOLDER/{CHECK_DIR})")
    parser.add_argument("--only", default="", help="check only pages whose path contains this")
    parser.add_argument("--no-full", action="store_true", help="skip the full-page screenshots")
    parser.add_argument("--browser", help="Chromium executable (default: chromium on PATH)")
    args = parser.parse_args(argv)
    root = args.folder.resolve()
    if not root.is_dir():
        print(
            f"error: {args.folder} is not a folder; run `make demo` first to build reports-out/",
            file=sys.stderr,
        )
        return 2
    for tool in ("pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            print(f"error: {tool} not found; install poppler-utils", file=sys.stderr)
            return 2
    browser = find_browser(args.browser)
    out = (args.out or root / CHECK_DIR).resolve()
    out.mkdir(parents=True, exist_ok=True)
    pages = sorted(
        p
        for p in root.rglob("*.html")
        if out not in p.parents and args.only in p.relative_to(root).as_posix()
    )
    if not pages:
        print(f"error: no .html page under {root}", file=sys.stderr)
        return 2
    checks = []
    with tempfile.TemporaryDirectory(prefix="qi-check-") as profile:
        for page in pages:
            c = check_page(browser, Path(profile), page, root, out, full=not args.no_full)
            checks.append(c)
            print(
                f"{c.page}: {c.kb:.1f} KB, {c.pdf_pages} print pages"
                + (f", stranded: {'; '.join(c.stranded)}" if c.stranded else "")
                + (f", problems: {'; '.join(c.problems)}" if c.problems else "")
            )
    summary = write_summary(checks, out)
    print(f"summary: {summary}")
    return 1 if any(c.problems for c in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
