"""The pure parts of scripts/check_pages.py (the tool itself runs Chromium, by hand)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_pages.py"


@pytest.fixture(scope="module")
def check_pages():
    spec = importlib.util.spec_from_file_location("check_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_pages"] = module  # its dataclass looks its module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("check_pages", None)


def test_headings_of_a_page(check_pages):
    page = (
        '<h1>Kinship &amp; care</h1><h2 id="Charter">Charter<a class="anchor-link" '
        'href="#Charter">¶</a></h2><p><strong>Aim:</strong> more carers</p>'
        '<div class="qi-narrative"><p><strong>Caveats</strong></p><ul><li>x</li></ul></div>'
        "<h3>Number of\n   kinship <em>carers</em></h3>"
    )
    assert check_pages.headings(page) == [
        "Kinship & care",
        "Charter",
        "Caveats",
        "Number of kinship carers",
    ]


def _xhtml(pages):
    """The XHTML of ``pdftotext -bbox-layout`` for pages of blocks of (word, height) lines."""
    out = ['<html xmlns="http://www.w3.org/1999/xhtml"><body><doc>']
    for blocks in pages:
        out.append('<page width="595" height="842"><flow>')
        for words in blocks:
            out.append(
                "<block><line>"
                + "".join(
                    f'<word xMin="0" yMin="100" xMax="10" yMax="{100 + h}">{w}</word>'
                    for w, h in words
                )
                + "</line></block>"
            )
        out.append("</flow></page>")
    out.append("</doc></body></html>")
    return "".join(out)


def test_blocks_and_text_sizes_from_pdftotext(check_pages):
    # DejaVu Sans at 10 pt: a word box 11.64 pt high (ascent 0.928 + descent 0.236 em)
    pages = check_pages.parse_blocks(
        _xhtml(
            [
                [[("Kinship", 11.64), ("&amp;", 11.64), ("care", 11.64)], [("note", 9.312)]],
                [[("Risks", 13.968)]],
            ]
        )
    )
    assert [[b.text for b in p] for p in pages] == [["Kinship & care", "note"], ["Risks"]]
    assert [[b.smallest_pt for b in p] for p in pages] == [[10.0, 8.0], [12.0]]
    assert check_pages.smallest_text(pages) == 8.0
    assert check_pages.parse_blocks("") == [] and check_pages.smallest_text([]) is None


def test_a_heading_at_the_foot_of_a_page_is_stranded(check_pages):
    B = check_pages.Block
    heads = ["Charter", "Caveats", "Risks", "Number of kinship placement breakdowns"]
    pages = [
        [B("Title", 18), B("Charter", 14), B("Aim: more carers", 10)],  # ends with text: fine
        [B("The limits...", 10), B("Caveats", 10), B("Page 2 of 4", 8)],  # stranded (the
        # page number in the margin is not text of the page)
        # a paragraph that ends with a measure's name is not a heading
        [
            B(
                "Measures it should move: Number of Stage 1 assessments, Number of kinship "
                "placement breakdowns",
                10,
            )
        ],
        [B("- the limits were recalculated", 10), B("Risks", 14)],  # the last page
    ]
    assert check_pages.stranded_in_blocks(pages, heads) == ["p2: Caveats"]
    assert check_pages.stranded_in_blocks([[B("Risks", 14)]], heads) == []
    assert check_pages.stranded_in_blocks([], heads) == []
