"""One placeholder scheme for a page: `<!--hs:NONCE:N-->` stands in for what must not be touched.

Two things leave a page's Markdown for a while and come back:

- text held while Jinja renders the page (code blocks and inline code), put back
  by `restore` before Markdown runs, so the code is Markdown's again;
- component HTML, put back by `fill` after Markdown has run, so Python-Markdown
  never re-parses it (on every page and every listing excerpt, that parse was a
  quarter of a large build).

An HTML comment passes through Jinja and Markdown untouched, and the random
nonce keeps a writer's own comments from ever matching. A component the page
lays out by itself (`default`) is shown only if the writer did not place it
with a macro (`place`), so each appears exactly once either way.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from enum import Enum

from markupsafe import Markup

BADGE, FACTS, TIMELINE, DIAGRAM = "badge", "facts", "timeline", "diagram"


class Kind(Enum):
    TEXT = "text"
    """Held Markdown text: back before Markdown runs."""
    HTML = "html"
    """Component HTML: back after Markdown has run."""
    DEFAULT = "default"
    """A component where the page lays it out: back after Markdown, unless the writer placed it elsewhere."""


@dataclass(frozen=True)
class Piece:
    kind: Kind
    content: str
    component: str | None = None


@dataclass
class Slots:
    """A page's placeholders, and which components the writer placed."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(4))
    pieces: list[Piece] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)

    def _token(self, piece: Piece) -> str:
        self.pieces.append(piece)
        return f"<!--hs:{self.nonce}:{len(self.pieces) - 1}-->"

    def hold(self, text: str) -> str:
        """A placeholder for Markdown text that a template engine must not see."""
        return self._token(Piece(Kind.TEXT, text))

    def put(self, html: Markup, block: bool = True) -> Markup:
        """A placeholder for HTML; a block stands alone between blank lines."""
        token = self._token(Piece(Kind.HTML, str(html)))
        return Markup(f"\n\n{token}\n\n" if block else token)

    def place(self, component: str, html: Markup, block: bool = True) -> Markup:
        """The writer put `component` here with a macro: the page's own layout leaves it out."""
        self.placed.add(component)
        return self.put(html, block)

    def default(self, component: str, html: Markup) -> Markup:
        """`component` where the page lays it out, shown only if the writer placed it nowhere else."""
        return Markup(self._token(Piece(Kind.DEFAULT, str(html), component)))

    def _pattern(self, wrapped: bool) -> re.Pattern[str]:
        token = "<!--hs:" + re.escape(self.nonce) + r":(?P<index>\d+)-->"
        return re.compile(f"(?P<open><p>)?{token}(?P<close></p>)?" if wrapped else token + r"(?P<newlines>\n*)")

    def _piece(self, index: str) -> Piece | None:
        number = int(index)
        return self.pieces[number] if number < len(self.pieces) else None

    def restore(self, text: str) -> str:
        """Put held text back (before Markdown), keeping newlines a template may have trimmed."""
        if self.nonce not in text:
            return text

        def back(match: re.Match[str]) -> str:
            piece = self._piece(match["index"])
            if piece is None or piece.kind is not Kind.TEXT:
                return match[0]
            spare = len(match["newlines"]) - piece.content.count("\n")
            return piece.content + "\n" * max(spare, 0)

        return self._pattern(wrapped=False).sub(back, text)

    def fill(self, html: str) -> str:
        """Put every component back into rendered HTML (a page, or an excerpt of it).

        A block left alone in a paragraph loses the `<p>` Markdown gave it.
        """
        if self.nonce not in html:
            return html

        def back(match: re.Match[str]) -> str:
            piece = self._piece(match["index"])
            if piece is None or piece.kind is Kind.TEXT:
                return match[0]
            content = "" if piece.kind is Kind.DEFAULT and piece.component in self.placed else piece.content
            content = self.fill(content)
            if match["open"] and match["close"]:
                return content
            return (match["open"] or "") + content + (match["close"] or "")

        return self._pattern(wrapped=True).sub(back, html)
