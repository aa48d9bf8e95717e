"""Escaping of user text (titles, PDSA titles and notes, series names) for HTML, SVG and
Markdown. User text is data: it is shown, never interpreted as markup."""

from __future__ import annotations

import html
import re
from typing import Any

#: Characters that Markdown (CommonMark) treats as markup; escaped with a backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#|~])")


def escape(text: Any) -> str:
    """``text`` safe inside HTML or SVG text and attribute values (``&``, ``<``, ``>``, ``"``
    and ``'`` escaped).

    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def escape_markdown(text: Any) -> str:
    """``text`` safe inside Markdown: HTML escaped (notebooks render raw HTML in Markdown),
    Markdown punctuation backslash-escaped, ``$`` escaped so that Jupyter does not start
    LaTeX maths, and line breaks flattened to spaces."""
    flat = " ".join(("" if text is None else str(text)).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)).replace("$", r"\$")
