"""Lay out a postmortem page: title, masthead, then the story with its timeline and diagram.

`compose` is the whole layout, a pure function of the parsed postmortem and the
writer's Markdown: the page gets its badge, key facts, timeline and diagram with
or without mkdocs-macros, and whatever a page's `render_macros` says. Where the
writer placed a component with a macro, it is left there instead; each appears
exactly once either way (see `hindsight.page.slots`). The badge and key facts go
at the top, in the masthead; the timeline component takes the place of the
Timeline bullets, and the outage diagram follows it. The bullets stay in the
source, since the checker reads them; only the page shows the component, and
their text is never a template. A section name the writer wrote another way
(`**Timeline:**`, `# Timeline`) shows as the heading the checker asks for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from hindsight.config import Config
from hindsight.lines import split_lines
from hindsight.model import Postmortem
from hindsight.page.components import (
    badge_html,
    diagram_html,
    facts_html,
    masthead_html,
    timeline_html,
    title_heading,
)
from hindsight.page.slots import BADGE, DIAGRAM, FACTS, TIMELINE, Slots
from hindsight.page.tickets import tickets_markdown
from hindsight.reading.body import read_body

Lines = tuple[int, int]
"""A range of lines: first, and one past the last."""


@dataclass(frozen=True)
class ComposedPage:
    """A postmortem page's Markdown and its placeholders.

    The layout adds lines only at the top, and the Timeline bullets give way to
    a placeholder line padded to their line count, so every line of the story
    keeps its distance from the file's: `first_line` is all a problem line needs.
    """

    markdown: str
    slots: Slots
    first_line: int
    """The file line of the Markdown's first line, counted back over the lines the layout adds (may be below 1)."""
    code: tuple[Lines, ...]
    """Code blocks of `markdown` (lines from 0), so a render can hold them without parsing the page again."""

    def file_line(self, line: int) -> int:
        """The file line of `line` (from 1) of the page's Markdown."""
        return max(self.first_line + line - 1, 1)

    def code_in(self, text: str) -> tuple[Lines, ...] | None:
        """The code blocks of `text` when it is this page's Markdown; None means a parse must find them."""
        return self.code if text == self.markdown else None


@dataclass(frozen=True)
class _Layout:
    first: int
    """File line of the Markdown's first line."""
    timeline: Lines | None
    code: list[Lines]
    headings: dict[int, str]
    """Section names written another way (`**Timeline:**`), by line: the heading shown in their place."""


def _layout(postmortem: Postmortem, markdown: str, config: Config) -> _Layout:
    """Where the Timeline bullets and code blocks are in `markdown` (lines from 0).

    MkDocs hands over the body without its leading blank lines: then the reading
    parse's positions hold. Any other text is read again.
    """
    body = postmortem.body
    if markdown == body.lstrip("\n"):
        first = postmortem.body_line + len(body) - len(markdown)
        timeline, code, headings = postmortem.timeline_lines, postmortem.code_lines, postmortem.heading_lines
    else:
        first = postmortem.body_line
        read = read_body(postmortem.path, markdown, first, config, postmortem.facts.start)
        timeline, code, headings = read.timeline_lines, read.code_lines, read.heading_lines
    return _Layout(
        first,
        (timeline[0] - first, timeline[1] - first) if timeline is not None else None,
        [(start - first, end - first) for start, end in code],
        {line - first: heading for line, heading in headings.items()},
    )


def compose(
    postmortem: Postmortem,
    markdown: str,
    config: Config,
    authors: Mapping[str, str],
    top: Markup | None = None,
    bottom: Markup | None = None,
) -> ComposedPage:
    """The page's Markdown, with the components behind placeholders that `ComposedPage.slots` fills.

    `top` and `bottom` are panels made across postmortems (repeats above the masthead, the scorecard at the end).
    """
    slots = Slots()
    layout = _layout(postmortem, markdown, config)
    lines = split_lines(markdown)
    for index, heading in layout.headings.items():
        if 0 <= index < len(lines) and lines[index].strip():
            lines[index] = heading + "\n"
    if config.tickets:
        code_lines = {index for start, stop in layout.code for index in range(start, stop)}
        lines = [
            line if index in code_lines else tickets_markdown(line, config.tickets) for index, line in enumerate(lines)
        ]
    timeline = layout.timeline
    if timeline is not None and not (0 <= timeline[0] < timeline[1] <= len(lines)):
        timeline = None
    if timeline is not None and not lines[timeline[0]].strip():
        timeline = None
    head = _head(postmortem, config, authors, slots, top)
    story = "".join(lines)
    code = layout.code
    if timeline is not None:
        begin, end = timeline
        bullets = "".join(lines[begin:end])
        token = _story_components(postmortem, slots)
        story = "".join(lines[:begin]) + token + "\n" * bullets.count("\n") + "".join(lines[end:])
        code = [(start, stop) for start, stop in code if stop <= begin or start >= end]
    if bottom:
        story = story.rstrip("\n") + "\n\n" + str(slots.put(bottom, block=False)) + "\n"
    added = head.count("\n")
    return ComposedPage(
        head + story, slots, layout.first - added, tuple((start + added, stop + added) for start, stop in code)
    )


def _head(postmortem: Postmortem, config: Config, authors: Mapping[str, str], slots: Slots, top: Markup | None) -> str:
    """The title as an H1 (shown exactly as typed), the `top` panel, then the masthead with its badge and key facts."""
    level = config.severity(postmortem.facts.severity)
    badge = slots.default(BADGE, badge_html(level.key, config)) if level is not None else None
    facts = slots.default(FACTS, facts_html(postmortem, config, authors))
    masthead = slots.put(masthead_html(postmortem, config, badge=badge, facts=facts), block=False)
    head = [title_heading(postmortem.facts.title)] if postmortem.facts.title else []
    if top:
        head.append(str(slots.put(top, block=False)))
    return "\n\n".join([*head, masthead]) + "\n\n"


def _story_components(postmortem: Postmortem, slots: Slots) -> str:
    """What stands in the Timeline bullets' first line: the timeline component, then the outage diagram.

    One placeholder for both, since Python-Markdown moves a second comment on the same line past the next block.
    """
    parts = slots.default(TIMELINE, timeline_html(postmortem))
    diagram = diagram_html(postmortem)
    if diagram is not None:
        parts += slots.default(DIAGRAM, diagram)
    return str(slots.put(parts, block=False))
