"""Executed notebook -> one self-contained HTML page; and the error page that replaces a report.

The page is nbconvert's ``lab`` template with every input cell and prompt removed
(``exclude_input``, ``exclude_input_prompt``, ``exclude_output_prompt``), images embedded as
data URIs, and the template's ``<script src=https://...>`` blocks (require.js, MathJax,
mermaid, widgets) replaced by nothing, so the page opens with no network. A print style sets
A4 pages. :func:`external_references` is the check that nothing is fetched.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

#: Our nbconvert template: the lab page without remote scripts, with a print style for A4.
_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
""" + "{{ resources.qi_css }}" + r"""
</style>
{%- endblock html_head_css -%}
{% block body_footer %}
<footer class="qi-footer"><p>""" + "{{ resources.qi_footer | e }}" + r"""</p></footer>
</main>
</body>
{% endblock body_footer %}
"""

#: Page style shared by reports and error pages: readable width, tables, A4 print.
PAGE_CSS = """
body { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
main { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
table.qi { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem; width: 100%;
  table-layout: auto; overflow-wrap: break-word; }
.jp-RenderedHTMLCommon table.qi th, .jp-RenderedHTMLCommon table.qi td, table.qi th,
table.qi td { border: 1px solid #c8c8c8; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; }
.jp-RenderedHTMLCommon table.qi th, table.qi th { background: #f0f0f0; }
.qi-attention { color: #b03a00; }
.qi-footer { margin-top: 2rem; border-top: 1px solid #c8c8c8; color: #666; font-size: 0.8rem; }
.qi-error { border-left: 6px solid #e46c0a; padding: 0.5rem 1rem; background: #fff6ef; }
img { max-width: 100%; height: auto; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; }
  img, table, figure { page-break-inside: avoid; }
  h1, h2, h3 { page-break-after: avoid; }
}
"""

_EXTERNAL = [
    re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?!data:)([^\"'\s>]+)", re.I),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?!data:)([^\"'\s>]+)", re.I),
    re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?!data:)([^\"'\s>]+)", re.I),
    re.compile(r"@import\s+(?:url\()?[\"']?([^\"'\s;)]+)", re.I),
    re.compile(r"url\(\s*[\"']?((?:https?:)?//[^\"')\s]+)", re.I),
]


@lru_cache(maxsize=1)
def _exporter() -> Any:
    """One configured HTMLExporter per process (building it reads the template files)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        extra_loaders=[DictLoader({"qi_report.html.j2": _TEMPLATE})],
    )
    exporter.template_file = "qi_report.html.j2"
    return exporter


def notebook_to_html(nb: Any, *, title: str | None = None, footer: str = "") -> str:
    """The report page of an executed notebook: outputs only, self-contained.

    Parameters
    ----------
    nb:
        An executed ``nbformat.NotebookNode``.
    title:
        The page's ``<title>``; defaults to the notebook's metadata title or its name.
    footer:
        A line of provenance at the foot of the page (escaped).

    Returns
    -------
    str
        The HTML document.
    """
    import copy

    if title is not None:
        nb = copy.deepcopy(nb)
        nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources={"qi_css": PAGE_CSS, "qi_footer": footer})
    return body


def error_page(
    title: str,
    message: str,
    *,
    problems: list[str] | None = None,
    cell: int | None = None,
    notebook: str | None = None,
) -> str:
    """An HTML page that stands in for a report that could not be built.

    Every argument is text (user text included) and is escaped.

    Parameters
    ----------
    title:
        What report this is (e.g. "Project kinship").
    message:
        What went wrong, in one or two sentences.
    problems:
        The validation problems, one per item.
    cell:
        Index of the failing cell in the executed notebook, if a cell failed.
    notebook:
        File name of the executed notebook kept for inspection.
    """
    e = html.escape
    items = "".join(f"<li>{e(p)}</li>" for p in (problems or []))
    where = f"<p>The report stopped in cell {cell} of the notebook.</p>" if cell is not None else ""
    kept = (
        f"<p>The executed notebook, with the error, is kept as <code>{e(notebook)}</code>.</p>"
        if notebook
        else ""
    )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
        f"<title>{e(title)}: not built</title>\n<style type=\"text/css\">{PAGE_CSS}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>{e(title)}</h1>\n<div class=\"qi-error\">\n"
        f"<p><strong>This report could not be built.</strong> {e(message)}</p>\n"
        f"{where}{'<ul>' + items + '</ul>' if items else ''}\n{kept}"
        f"<p>Fix the problem and run <code>qi report</code> again. ({e(when)})</p>\n"
        "</div>\n</main>\n</body>\n</html>\n"
    )


def external_references(page: str) -> list[str]:
    """Every URL the page would fetch when opened (scripts, stylesheets, images, fonts).

    Data URIs do not count. A self-contained report returns an empty list.
    """
    found: list[str] = []
    for pattern in _EXTERNAL:
        found.extend(m.group(1) for m in pattern.finditer(page))
    return found
