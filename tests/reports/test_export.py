"""The report page template: outputs only, lean, no script, nothing fetched, footer kept."""

from __future__ import annotations

import base64
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from qi.reports.export import PAGE_CSS, error_page, external_references, notebook_to_html

#: A page without charts must stay under this size (issue 8: the lab template made ~270 KB).
NO_CHART_PAGE_KB = 60
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode("ascii")


def _notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    code = new_code_cell("secret_source_code = 1\nblocks.show('x')", execution_count=3)
    code.outputs = [
        new_output(
            "display_data",
            data={
                "text/html": "<h3>Measure</h3><p>Said &amp; done</p>",
                "text/plain": "<IPython.core.display.HTML object>",
            },
        ),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure size 640x480>"}),
        new_output("display_data", data={"application/javascript": "alert('js')"}),
        new_output(
            "display_data",
            data={
                "application/javascript": "alert('js2')",
                "text/html": "<p>the HTML beside a script</p>",
            },
        ),
        new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": {
                    "model_id": "1",
                    "version_major": 2,
                    "version_minor": 0,
                },
                "text/plain": "IntSlider(value=3)",
            },
        ),
        new_output("execute_result", data={"text/plain": "<b>plain & text</b>"}, execution_count=3),
        new_output("stream", name="stderr", text="Warning: <careful>\n"),
    ]
    nb.cells = [new_markdown_cell("## Charter\nThe *aim*."), code]
    return nb


def test_a_page_holds_the_outputs_only():
    # a script-only output has nothing a page can show; nbconvert says so and it is left out
    with pytest.warns(UserWarning, match="application/javascript.*not able to be represented"):
        page = notebook_to_html(_notebook(), title="Project <x>", footer="Built by qi <today>")
    body = page.split("<body>", 1)[1]
    assert "<title>Project &lt;x&gt;</title>" in page
    assert '<h2 id="Charter">Charter' in body and "<em>aim</em>" in body
    assert "<h3>Measure</h3><p>Said &amp; done</p>" in body  # HTML output as written
    # nbconvert re-serialises the page with BeautifulSoup, which orders the attributes
    assert f'<img alt="chart" class="qi-chart" src="data:image/png;base64,{PNG}"/>' in body
    assert '<pre class="qi-text">&lt;b&gt;plain &amp; text&lt;/b&gt;</pre>' in body
    assert "<p>the HTML beside a script</p>" in body  # not the script
    assert '<pre class="qi-text">IntSlider(value=3)</pre>' in body  # a widget's text form
    assert '<pre class="qi-text qi-stderr">Warning: &lt;careful&gt;' in body
    assert '<footer class="qi-footer"><p>Built by qi &lt;today&gt;</p></footer>' in body
    for absent in (
        "secret_source_code",
        "blocks.show",
        "In&nbsp;[",
        "Out[",
        "alert(",
        "<script",
        "jp-",
        "IPython.core.display",
    ):
        assert absent not in page, absent
    assert external_references(page) == []


def test_the_page_carries_one_small_style_sheet():
    with pytest.warns(UserWarning, match="not able to be represented"):
        page = notebook_to_html(_notebook())
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S)
    assert len(styles) == 1 and styles[0].strip() == PAGE_CSS.strip()
    assert len(page.encode()) < 2 * len(PAGE_CSS.encode())  # the rest is this page's content


def test_a_page_without_charts_is_under_60_kb_built_from_the_shipped_template(real_build):
    """The portfolio page of the tiny real portfolio: tables and icons, no chart."""
    page = (real_build.out / "portfolio.html").read_text(encoding="utf-8")
    assert "data:image/png" not in page
    assert len(page.encode("utf-8")) < NO_CHART_PAGE_KB * 1024
    assert "Tiny real portfolio" in page and '<footer class="qi-footer">' in page
    assert external_references(page) == [] and "<script" not in page


def test_the_error_page_shares_the_style_and_fetches_nothing():
    page = error_page("Project <x>", "it broke <badly>", problems=["a <b>"])
    assert PAGE_CSS in page and external_references(page) == []
    assert "it broke &lt;badly&gt;" in page and "<li>a &lt;b&gt;</li>" in page
