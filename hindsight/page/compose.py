"""Lay out a postmortem page: title, masthead, then the story with its timeline and diagram.

A page gets each component exactly once. Where the writer placed one with a
macro, it is left there; otherwise the badge and key facts go at the top, the
timeline component takes the place of the Timeline bullets, and the outage
diagram follows it. The bullets stay in the source, since the checker reads
them; only the page shows the component instead.

Components reach Markdown as `Slots`: an HTML comment stands in for each, and
the HTML is put back after Markdown has run. Markdown passes a comment through
untouched, so it never re-parses the components' HTML (on every page and every
listing excerpt, that parse was a quarter of a large build).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from hindsight.config import Config
from hindsight.model import Postmortem
from hindsight.page.components import diagram_html, masthead_html, timeline_html, title_heading

BADGE, FACTS, TIMELINE, DIAGRAM = "badge", "facts", "timeline", "diagram"
_SLOTS = "hindsight_slots"


@dataclass
class Slots:
    """A page's components: their HTML, kept out of Markdown behind comment placeholders; which the writer placed."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(4))
    html: dict[str, Markup] = field(default_factory=dict)
    placed: set[str] = field(default_factory=set)

    def put(self, html: Markup, block: bool = True) -> Markup:
        key = f"<!--hindsight-{self.nonce}-{len(self.html)}-->"
        self.html[key] = html
        return Markup(f"\n\n{key}\n\n" if block else key)

    def fill(self, content: str) -> str:
        """Put every component back into rendered HTML (a page, or an excerpt of it).

        A block left alone in a paragraph loses the `<p>` Markdown gave it.
        """
        if not self.html or self.nonce not in content:
            return content
        for key, html in self.html.items():
            if key in content:
                content = content.replace(f"<p>{key}</p>", html).replace(key, html)
        return content


def slots_of(page: object) -> Slots:
    """The slots of this page, kept on the page object (one page, one build)."""
    slots = getattr(page, _SLOTS, None)
    if not isinstance(slots, Slots):
        slots = Slots()
        setattr(page, _SLOTS, slots)
    return slots


@dataclass(frozen=True)
class Cut:
    """Page Markdown with the Timeline bullets swapped for a slot token of the same line count."""

    text: str
    slot: str | None


def first_line(postmortem: Postmortem, markdown: str) -> int:
    """The file line of the page Markdown's first line (MkDocs drops the front matter and leading blank lines)."""
    stripped = len(postmortem.body) - len(postmortem.body.lstrip("\n"))
    return postmortem.body_line + stripped if markdown == postmortem.body.lstrip("\n") else postmortem.body_line


def cut_timeline(markdown: str, postmortem: Postmortem, line_of_first: int) -> Cut:
    if postmortem.timeline_lines is None:
        return Cut(markdown, None)
    lines = markdown.splitlines(keepends=True)
    begin, end = (line - line_of_first for line in postmortem.timeline_lines)
    if not 0 <= begin < end <= len(lines) or not lines[begin].strip():
        return Cut(markdown, None)
    slot = f"\x02hindsight-timeline-{secrets.token_hex(4)}\x03"
    count = sum(line.count("\n") for line in lines[begin:end])
    swapped = slot + "\n" * count
    return Cut("".join(lines[:begin]) + swapped + "".join(lines[end:]), slot)


def assemble(
    rendered: str,
    slot: str | None,
    postmortem: Postmortem,
    config: Config,
    authors: Mapping[str, str],
    slots: Slots,
    top: Markup | None = None,
    bottom: Markup | None = None,
) -> str:
    """The final page Markdown, from the rendered body and what the writer placed (`slots.placed`)."""
    placed = slots.placed
    if slot is not None:
        parts = []
        if TIMELINE not in placed:
            parts.append(slots.put(timeline_html(postmortem)))
        if DIAGRAM not in placed and (diagram := diagram_html(postmortem)) is not None:
            parts.append(slots.put(diagram))
        rendered = rendered.replace(slot, "\n\n" + "".join(parts) + "\n\n", 1)
    head = []
    if postmortem.facts.title:
        head.append(title_heading(postmortem.facts.title))
    if top:
        head.append(slots.put(top).strip())
    head.append(
        slots.put(
            masthead_html(postmortem, config, authors, with_badge=BADGE not in placed, with_facts=FACTS not in placed)
        ).strip()
    )
    tail = [slots.put(bottom).strip()] if bottom else []
    return "\n\n".join([*head, rendered, *tail])
