"""The account of a chart as data: sentences of parts, user text kept apart from qi's own words,
in sections, rendered as plain text, Markdown or HTML (user text escaped for each).

:mod:`qi.present.narrate` builds a :class:`Narrative`; nothing here reads a chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from qi.present.escape import escape, escape_markdown


class User(str):
    """A piece of user-written text (title, series name, phase label): escaped on output."""


Sentence = list[str]  # parts; the User parts are escaped by the renderers

#: A block of a section: a paragraph (one sentence) or a bullet list (of sentences).
BlockKind = Literal["p", "ul"]


@dataclass
class Section:
    """A heading (may be empty) then blocks in order: ``("p", sentence)`` paragraphs and
    ``("ul", [sentence, ...])`` bullet lists."""

    heading: Sentence = field(default_factory=list)
    blocks: list[tuple[BlockKind, Any]] = field(default_factory=list)

    def p(self, sentence: Sentence) -> None:
        self.blocks.append(("p", sentence))

    def ul(self, items: list[Sentence]) -> None:
        if items:
            self.blocks.append(("ul", items))


@dataclass
class Narrative:
    """The account of a chart: a title and sections, rendered by :meth:`text`,
    :meth:`markdown` and :meth:`html`."""

    title: Sentence
    sections: list[Section]

    def text(self) -> str:
        """Plain text (user text unchanged)."""
        return self._render(lambda s: "".join(s), "{}")

    def markdown(self) -> str:
        """Markdown (user text escaped for Markdown and HTML)."""
        return self._render(_joiner(escape_markdown), "**{}**")

    def html(self) -> str:
        """An HTML fragment (every part escaped)."""
        h = _joiner(escape)
        out = [
            f'<div class="qi-narrative"><p class="qi-title"><strong>{h(self.title)}</strong></p>'
        ]
        for sec in self.sections:
            if sec.heading:
                out.append(f"<p><strong>{h(sec.heading)}</strong></p>")
            for kind, block in sec.blocks:
                if kind == "p":
                    out.append(f"<p>{h(block)}</p>")
                else:
                    out.append("<ul>" + "".join(f"<li>{h(i)}</li>" for i in block) + "</ul>")
        out.append("</div>")
        return "".join(out)

    def _render(self, join: Any, head: str) -> str:
        blocks = [head.format(join(self.title))]
        for sec in self.sections:
            if sec.heading:
                blocks.append(head.format(join(sec.heading)))
            for kind, block in sec.blocks:
                blocks.append(
                    join(block) if kind == "p" else "\n".join(f"- {join(i)}" for i in block)
                )
        return "\n\n".join(blocks) + "\n"


def _joiner(esc: Any) -> Any:
    def join(parts: Sentence) -> str:
        # qi's own words never hold markup; Markdown needs them unescaped (for "**"), HTML escaped.
        return "".join(esc(p) if isinstance(p, User) or esc is escape else p for p in parts)

    return join
