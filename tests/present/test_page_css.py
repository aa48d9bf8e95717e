"""The report page style sheet (qi/present/page.css): self-contained, A4 print with no stranded
headings, and no print text under 8 pt."""

from __future__ import annotations

import re

import pytest

from qi.present.html import page_css
from qi.reports.export import PAGE_CSS, external_references


def _strip_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def _block(css: str, head: str) -> str:
    """The text inside the ``{...}`` that follows ``head`` (braces matched)."""
    start = css.index(head)
    i = css.index("{", start) + 1
    depth = 1
    for j in range(i, len(css)):
        depth += {"{": 1, "}": -1}.get(css[j], 0)
        if depth == 0:
            return css[i:j]
    raise AssertionError(f"unclosed block {head}")


def _rules(block: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) of every plain rule of a block without nested blocks."""
    out = []
    for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
        decls = {}
        for d in body.split(";"):
            if ":" in d:
                k, v = d.split(":", 1)
                decls[k.strip()] = v.strip()
        out.append(([s.strip() for s in sel.split(",")], decls))
    return out


CSS = _strip_comments(page_css())
PRINT = _block(CSS, "@media print")
SCREEN = _block(CSS, "@media screen")


PAGE = _block(CSS, "@page")


def _outside_media(css: str) -> str:
    for head in ("@media print", "@media screen", "@page"):
        css = css.replace(_block(css, head), "")
    return css


def test_the_page_uses_this_style_sheet_and_it_is_small():
    assert PAGE_CSS == page_css()
    assert len(page_css().encode()) < 12_000  # the lab template carried ~263 KB of CSS


def test_nothing_is_fetched():
    assert external_references(f"<style>{page_css()}</style>") == []
    assert "url(" not in CSS and "@import" not in CSS and "@font-face" not in CSS


def test_a4_pages_numbered_in_the_margin():
    assert re.search(r"@page\s*\{\s*size:\s*A4;", CSS)
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in PAGE


def test_every_print_font_size_is_8pt_or_more():
    sizes = re.findall(r"font-size:\s*([^;}\s]+)", PRINT + PAGE)
    assert len(sizes) >= 8
    for size in sizes:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)pt", size)
        assert m, f"print font size {size} is not in pt"
        assert float(m.group(1)) >= 8, size
    # small text, captions, tables and the footer each get an explicit print size
    sized = {s for sels, decls in _rules(PRINT) if "font-size" in decls for s in sels}
    for selector in ("small", "caption", ".qi-footer", "table.qi", "table.qi small", ".qi-method"):
        assert selector in sized, selector


def test_screen_sizes_do_not_leak_into_print():
    """Relative screen sizes (rem, em) live only in @media screen."""
    assert "font-size" not in _outside_media(CSS)
    assert "font-size" in SCREEN


@pytest.mark.parametrize("heading", ["h1", "h2", "h3", "h4", ".qi-narrative .qi-title"])
def test_headings_are_kept_with_what_follows_them_in_print(heading):
    rules = [decls for sels, decls in _rules(PRINT) if heading in sels]
    assert any(
        d.get("break-after") == "avoid" and d.get("page-break-after") == "avoid" for d in rules
    ), heading


def test_charts_fill_the_page_width_and_stay_with_their_caption():
    chart = [d for sels, d in _rules(PRINT) if "img.qi-chart" in sels]
    assert chart and chart[0]["width"] == "100%" and chart[0]["break-after"] == "avoid"
    assert chart[0]["object-fit"] == "contain"  # max-height never distorts a chart
    whole = [sels for sels, d in _rules(PRINT) if d.get("break-inside") == "avoid"]
    assert any("img" in s and "tr" in s for s in whole)
    assert any(".qi-narrative" in s for s in whole)
    # a measure's section may break between its chart and its lists: kept whole, a page held one
    # measure and a half-empty page, and the kinship page printed to 11 pages (issue 8: <= 8)
    assert not any(".qi-measure" in s for s in whole)


def test_a_section_opening_line_stays_with_what_it_opens():
    rules = [d for sels, d in _rules(PRINT) if "h2 + p" in sels and "h3 + p" in sels]
    assert rules and rules[0]["break-after"] == "avoid"


def test_links_print_their_address():
    assert 'a[href^="http"]::after { content: " (" attr(href) ")"' in PRINT


@pytest.mark.parametrize(
    "cls",
    [
        "qi-period",
        "qi-summary",
        "qi-ask",
        "qi-risk",
        "qi-method",
        "qi-key",
        "qi-legend",
        "qi-measure",
        "qi-chart",
        "qi-improvement",
        "qi-concern",
        "qi-neutral",
        "qi-common",
    ],
)
def test_the_class_names_the_pages_can_use_are_styled(cls):
    assert re.search(rf"\.{cls}\b", CSS), cls


def test_status_styles_differ_without_colour():
    """Printed in grey, the statuses still differ by their border style."""
    styles = {}
    for status in ("improvement", "concern", "neutral", "common"):
        rule = next(d for sels, d in _rules(_outside_media(CSS)) if sels == [f".qi-{status}"])
        styles[status] = rule["border-style"]
    assert sorted(styles.values()) == ["dashed", "dotted", "double", "solid"]
