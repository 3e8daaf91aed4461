"""Read the story: sections, timeline entries, tasks and prose words.

The body is parsed with markdown-it, so a heading or a bullet inside a code
block is code, not structure. Lines are real file lines: `first_line` is the
line of the body's first line in the file. Which heading names which section
is in `sections`, how an event line is read in `timeline`, tasks in `tasks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from markdown_it import MarkdownIt
from markdown_it.token import Token

from hindsight.config import Config
from hindsight.model import Problem, Section, Tag, Task, TimelineEntry
from hindsight.reading.prose import count_words
from hindsight.reading.sections import (
    LooseHeading,
    heading_like,
    html_heading,
    is_resolution,
    is_task_line,
    loose_heading,
    section_key,
)
from hindsight.reading.tasks import checkbox, read_task
from hindsight.reading.timeline import TimelineReader
from hindsight.reading.zones import FIXED_HOURS, LONG_NAMES, zone_named

_md = MarkdownIt("commonmark").enable("table")
_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+\-:]*")


@dataclass
class SectionBody:
    section: Section
    prose_words: int = 0
    list_items: int = 0
    events: int = 0
    """Timeline events read in this section, in a list or not."""
    level: int = 2


@dataclass
class Body:
    sections: list[SectionBody] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    timeline_tags: set[Tag] = field(default_factory=set)
    """Tags of every event read, including those that could not be placed in time."""
    tasks: list[Task] = field(default_factory=list)
    words: int = 0
    problems: list[Problem] = field(default_factory=list)
    timeline_lines: tuple[int, int] | None = None
    code_lines: list[tuple[int, int]] = field(default_factory=list)
    heading_lines: dict[int, str] = field(default_factory=dict)
    """Section names written another way, by file line: the `## Name` heading to show there."""
    heading_like: list[tuple[int, str]] = field(default_factory=list)
    """Lines that look like headings (any level, bold, `##x`, HTML), for when no section is found."""
    indented: list[tuple[int, int, int]] = field(default_factory=list)
    """Indented code blocks outside the timeline: first line, last line, words in them."""
    open_fence: int | None = None
    """The line of a code fence that is never closed."""


def _plain(inline: Token) -> str:
    """The reader-visible text of an inline token: no code, no HTML."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or child.type == "code_inline":
            parts.append(" ")
    return "".join(parts)


def _heading_zone(title: str) -> tzinfo | None:
    """The zone a timeline heading gives its entries: `## Timeline (all times in PST)`, `(West African Time)`."""
    spelt = " ".join(re.sub(r"[^a-z]+", " ", title.lower()).split())
    for name, abbreviation in LONG_NAMES.items():
        if name in spelt:
            return zone_named(abbreviation)
    for word in _WORD.findall(title):
        upper = word.upper()
        if upper in FIXED_HOURS or upper in ("UTC", "GMT") or upper.startswith(("UTC+", "UTC-", "GMT+", "GMT-")):
            try:
                return zone_named(word)
            except ValueError:
                return None
    return None


@dataclass
class _Walk:
    path: str
    first_line: int
    config: Config
    lines: list[str]
    timeline: TimelineReader
    result: Body = field(default_factory=Body)
    current: SectionBody | None = None
    list_depth: int = 0
    task_line_pending: bool = False
    task_list: bool = False
    task_heading_level: int | None = None
    region_closed: bool = False
    block_entries: int = 0

    @property
    def key(self) -> str | None:
        return self.current.section.key if self.current else None

    def line_of(self, token: Token) -> int:
        return self.first_line + (token.map[0] if token.map else 0)

    def problem(self, line: int, message: str, hint: str) -> None:
        self.result.problems.append(Problem(self.path, line, message, hint))

    def start_section(self, title: str, line: int, key: str | None, level: int) -> None:
        current = self.current
        same = key is not None and current is not None and current.section.key == key
        if same and current is not None and (level > current.level or is_resolution(title)):
            return  # a sub-heading of the section, or Resolution after Root Cause
        self.current = SectionBody(Section(title, line, key), level=level)
        self.result.sections.append(self.current)
        self.task_heading_level = None
        self.region_closed = self.result.timeline_lines is not None
        if key == "timeline" and self.timeline.default_zone is None:
            self.timeline.default_zone = _heading_zone(title)

    def loose(self, line: int, raw: str, found: LooseHeading) -> None:
        key = section_key(found.title, self.config.sections)
        self.problem(line, f"{_quote(raw)} {found.why}, not a section heading", f'write it as "## {found.title}"')
        self.result.heading_lines[line] = f"## {found.title}"
        self.start_section(found.title, line, key, 2)

    def read_timeline(self, line: int, content: str, shape: str) -> int:
        before = self.timeline.events
        words = self.timeline.read(line, content, shape)
        if self.current is not None:
            self.current.events += self.timeline.events - before
        return words

    # Blocks at the top level.

    def block(self, token: Token) -> None:
        """Every top-level block: a Tasks line applies to the list right after it, and a timeline run ends."""
        is_list = token.type in ("bullet_list_open", "ordered_list_open")
        self.task_list = is_list and (self.task_line_pending or self.task_heading_level is not None)
        self.task_line_pending = False
        if self.key == "timeline":
            self.block_entries = len(self.timeline.entries)

    def block_done(self, begin: int, end: int) -> None:
        """A top-level block of the timeline section ended: extend the Timeline region when it held entries."""
        if self.key != "timeline":
            return
        if len(self.timeline.entries) == self.block_entries:
            if self.result.timeline_lines is not None:
                self.region_closed = True
            return
        region = self.result.timeline_lines
        if region is None:
            self.result.timeline_lines = (begin, end)
        elif not self.region_closed:
            self.result.timeline_lines = (region[0], end)

    def heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1])
        line = self.line_of(token)
        title = _ATTRS.sub("", inline.content).strip()
        raw = self.lines[line - self.first_line].strip() if token.map else title
        self.result.heading_like.append((line, raw))
        if self.task_heading_level is not None and level <= self.task_heading_level:
            self.task_heading_level = None
        key = section_key(title, self.config.sections)
        if key is None:
            if self.key == "corrective" and is_task_line(title):
                self.task_heading_level = level
            elif self.current is None or level <= self.current.level:
                self.start_section(title, line, None, level)
            return
        if level not in (2, 3):
            self.problem(
                line, f"{_quote(raw)} is a level-{level} heading, not a section heading", f'write it as "## {title}"'
            )
            self.result.heading_lines[line] = f"## {title}"
            if token.markup[:1] in ("=", "-"):  # a setext heading: its underline goes too
                self.result.heading_lines[line + 1] = ""
            level = 2
        self.start_section(title, line, key, level)

    def paragraph(self, token: Token) -> None:
        line = self.line_of(token)
        content = token.content
        head, _, rest = content.partition("\n")
        if (found := loose_heading(head, self.config.sections)) is not None:
            self.result.heading_like.append((line, head.strip()))
            self.loose(line, head, found)
            self.prose(rest, line + 1, token)
            return
        if (like := heading_like(head)) is not None:
            self.result.heading_like.append((line, like))
        if self.key == "corrective" and is_task_line(head) and not rest.strip():
            self.task_line_pending = True
            return
        self.prose(content, line, token)

    def prose(self, content: str, line: int, token: Token) -> None:
        if not content.strip():
            return
        if self.key == "timeline":
            words = self.read_timeline(line, content, "paragraph")
        else:
            words = count_words(_plain(token)) if line == self.line_of(token) else count_words(content)
        self.result.words += words
        if self.current is not None:
            self.current.prose_words += words

    def item(self, token: Token) -> None:
        """The first paragraph of a top-level list item."""
        line = self.line_of(token)
        if self.current is not None:
            self.current.list_items += 1
        if self.key == "timeline":
            self.result.words += self.read_timeline(line, token.content, "item")
            return
        text = _plain(token)
        if self.key == "corrective":
            if (box := checkbox(token.content)) is not None:
                task = read_task(self.path, line, box["text"], box["mark"] != " ", self.result.problems)
                self.result.tasks.append(task)
                text = text.lstrip()[3:]
            elif self.task_list:
                self.result.tasks.append(read_task(self.path, line, token.content, False, self.result.problems))
        self.result.words += count_words(text)

    def code(self, token: Token) -> None:
        if not token.map:
            return
        begin, end = self.first_line + token.map[0], self.first_line + token.map[1]
        self.result.code_lines.append((begin, end))
        if token.level != 0:
            return
        if token.type == "fence":
            last = self.lines[token.map[1] - 1].strip() if token.map[1] - 1 < len(self.lines) else ""
            closing = last.startswith(token.markup) and not last.strip(token.markup[0])
            closed = token.map[1] - token.map[0] > 1 and closing
            if not closed and self.result.open_fence is None:
                self.result.open_fence = begin
            return
        if self.key == "timeline":
            words = self.read_timeline(begin, token.content.rstrip("\n"), "code")
            self.result.words += words
            if self.current is not None:
                self.current.prose_words += words
            return
        lines = token.content.rstrip("\n").count("\n") + 1
        self.result.indented.append((begin, begin + lines - 1, count_words(token.content)))

    def html(self, token: Token) -> None:
        line = self.line_of(token)
        if (found := html_heading(token.content, self.config.sections)) is not None:
            first = token.content.strip().split("\n", 1)[0]
            self.result.heading_like.append((line, first))
            self.loose(line, first, found)


def read_body(path: str, body: str, first_line: int, config: Config, start: datetime | None) -> Body:
    walk = _Walk(path, first_line, config, body.split("\n"), TimelineReader(path, start))
    tokens = _md.parse(body)
    in_heading = False
    opener: Token | None = None
    for index, token in enumerate(tokens):
        kind = token.type
        if token.level == 0 and token.nesting >= 0 and kind != "inline":
            walk.block(token)
        if kind in ("fence", "code_block"):
            walk.code(token)
            if token.map and token.level == 0:
                walk.block_done(first_line + token.map[0], first_line + token.map[1])
        elif kind == "heading_open":
            in_heading = True
            if token.level == 0:
                walk.heading(token, tokens[index + 1])
        elif kind == "heading_close":
            in_heading = False
        elif kind == "html_block" and token.level == 0:
            walk.html(token)
            walk.block_done(0, 0)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if walk.list_depth == 0:
                opener = token
            walk.list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            walk.list_depth -= 1
            if walk.list_depth == 0:
                if opener is not None and opener.map:
                    walk.block_done(first_line + opener.map[0], first_line + opener.map[1])
                walk.task_list = False
        elif kind == "inline" and not in_heading:
            before = tokens[index - 1] if index else None
            if before is not None and before.type == "paragraph_open" and before.level == 0:
                walk.paragraph(token)
                if before.map:
                    walk.block_done(first_line + before.map[0], first_line + before.map[1])
            elif walk.list_depth == 1 and _first_paragraph(tokens, index):
                walk.item(token)
            else:
                words = count_words(_plain(token))
                walk.result.words += words
                if walk.current is not None and not walk.list_depth:
                    walk.current.prose_words += words
    result = walk.result
    result.timeline = walk.timeline.entries
    result.timeline_tags = walk.timeline.tags
    result.problems.extend(walk.timeline.problems)
    return result


def _first_paragraph(tokens: list[Token], index: int) -> bool:
    return index >= 2 and tokens[index - 1].type == "paragraph_open" and tokens[index - 2].type == "list_item_open"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= 60 else text[:57] + "..."}"'
