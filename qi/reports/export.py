"""Executed notebook -> one self-contained HTML page; and the error page that replaces a report.

The page comes from qi's own small nbconvert template (:data:`_TEMPLATE`), not the JupyterLab
``lab`` template: no input cells and no prompts (``exclude_input``, ``exclude_input_prompt``,
``exclude_output_prompt``), outputs written as plain HTML without the notebook's wrapper
``div``s, images embedded as data URIs, no script at all (JavaScript and widget outputs are left
out), and one style sheet, :func:`qi.present.html.page_css` (under 7 KB instead of the lab
template's 263 KB), with the A4 print rules. The page opens with no network;
:func:`external_references` is the check that nothing is fetched.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from qi.present.html import page_css

#: The representation shown of an output that has several, best first (nbconvert's
#: ``display_data_priority`` without JavaScript and widget views: a page runs no script, so an
#: output that offers HTML or text beside them shows that, and one with only a script shows
#: nothing).
DISPLAY_PRIORITY: tuple[str, ...] = (
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/latex",
    "text/vnd.mermaid",
    "text/plain",
)

#: Our nbconvert template. It extends nbconvert's ``display_priority.j2`` (one representation
#: per output, chosen by :data:`DISPLAY_PRIORITY`) and writes each output as bare HTML, so the
#: page's own headings and blocks sit side by side in ``main`` and the print rules (keep a
#: heading with what follows) see them as neighbours.
_TEMPLATE = r"""{%- extends 'display_priority.j2' -%}
{%- block header -%}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{{ nb.metadata.get('title', resources['metadata']['name']) | escape_html_keep_quotes }}</title>
<style type="text/css">
{{ resources.qi_css }}
</style>
</head>
{%- endblock header -%}
{%- block body_header -%}
<body>
<main>
{% endblock body_header -%}
{%- block markdowncell scoped -%}
{{ cell.source | markdown2html | strip_files_prefix }}
{% endblock markdowncell -%}
{%- block rawcell scoped -%}
{%- if cell.metadata.get('raw_mimetype', '').lower() in ['text/html'] -%}
{{ cell.source }}
{%- endif -%}
{%- endblock rawcell -%}
{%- block unknowncell scoped -%}{%- endblock unknowncell -%}
{%- block execute_result scoped -%}
{%- block data_priority scoped -%}{{ super() }}{%- endblock data_priority -%}
{%- endblock execute_result -%}
{%- block data_html scoped -%}
{{ output.data['text/html'] }}
{% endblock data_html -%}
{%- block data_markdown scoped -%}
{{ output.data['text/markdown'] | markdown2html }}
{% endblock data_markdown -%}
{%- block data_png scoped -%}
<img class="qi-chart" src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="chart" />
{% endblock data_png -%}
{%- block data_jpg scoped -%}
<img class="qi-chart" src="data:image/jpeg;base64,{{ output.data['image/jpeg'] | escape_html }}" alt="chart" />
{% endblock data_jpg -%}
{%- block data_svg scoped -%}
<img class="qi-chart" src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 | escape_html }}" alt="chart" />
{% endblock data_svg -%}
{%- block data_text scoped -%}
<pre class="qi-text">{{ output.data['text/plain'] | ansi2html }}</pre>
{% endblock data_text -%}
{%- block data_latex scoped -%}
<pre class="qi-text">{{ output.data['text/latex'] | escape_html }}</pre>
{% endblock data_latex -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}{%- endblock data_widget_view -%}
{%- block data_mermaid scoped -%}
<pre class="qi-text">{{ output.data['text/vnd.mermaid'] | escape_html }}</pre>
{% endblock data_mermaid -%}
{%- block stream_stdout scoped -%}
<pre class="qi-text">{{ output.text | ansi2html }}</pre>
{% endblock stream_stdout -%}
{%- block stream_stderr scoped -%}
<pre class="qi-text qi-stderr">{{ output.text | ansi2html }}</pre>
{% endblock stream_stderr -%}
{%- block error scoped -%}
<pre class="qi-text qi-stderr">{{ super() }}</pre>
{% endblock error -%}
{%- block traceback_line scoped -%}
{{ line | ansi2html }}
{% endblock traceback_line -%}
{%- block body_footer -%}
{% if resources.qi_footer %}<footer class="qi-footer"><p>{{ resources.qi_footer | e }}</p></footer>{% endif %}
</main>
</body>
{% endblock body_footer -%}
{%- block footer -%}
</html>
{% endblock footer -%}
"""

#: Page style shared by reports and error pages: readable width, tables, boxes, A4 print.
PAGE_CSS = page_css()

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
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": list(DISPLAY_PRIORITY)}})
    exporter = HTMLExporter(
        config=config,
        template_name="lab",  # only for its search path to display_priority.j2
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
    body, _ = _exporter().from_notebook_node(
        nb, resources={"qi_css": PAGE_CSS, "qi_footer": footer}
    )
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
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n'
        f'<title>{e(title)}: not built</title>\n<style type="text/css">{PAGE_CSS}</style>\n'
        "</head>\n<body>\n<main>\n"
        f'<h1>{e(title)}</h1>\n<div class="qi-error">\n'
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
