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
        "<div class=\"qi-narrative\"><p><strong>Caveats</strong></p><ul><li>x</li></ul></div>"
        "<h3>Number of\n   kinship <em>carers</em></h3>"
    )
    assert check_pages.headings(page) == [
        "Kinship & care", "Charter", "Caveats", "Number of kinship carers",
    ]


def test_a_heading_at_the_foot_of_a_page_is_stranded(check_pages):
    heads = ["Charter", "Caveats", "Risks"]
    text = (
        "Title\n  Charter\nAim: more carers\n\n\f"  # page 1 ends with text: fine
        "The limits...\n   Caveats   \n\n            Page 2 of 3\n\f"  # stranded (the
        # page number in the margin is not text of the page)
        "   - the limits were recalculated\nRisks\n\f"  # the last page: nothing follows
    )
    assert check_pages.stranded_in_text(text, heads) == ["p2: Caveats"]
    assert check_pages.stranded_in_text("Risks\n\f", heads) == []
    assert check_pages.stranded_in_text("", heads) == []
