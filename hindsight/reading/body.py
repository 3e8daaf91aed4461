"""Read the story: sections, timeline entries, tasks and prose words.

The body is parsed with markdown-it, so a heading or a bullet inside a code
block is code, not structure. Lines are real file lines: `first_line` is the
line of the body's first line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from markdown_it import MarkdownIt
from markdown_it.token import Token

from hindsight.config import Config, SectionSpec
from hindsight.model import Problem, Section, Tag, Task, TimelineEntry
from hindsight.reading.prose import count_words
from hindsight.reading.times import Clock, TimeError, existing, parse_clock

_md = MarkdownIt("commonmark").enable("table")

_SEPARATOR = re.compile(r"\s[-–—]\s")
_TAG = re.compile(r"^\[(?P<tag>[^\]\s]*)\](?![(\[])\s*")
_TASK = re.compile(r"^\[(?P<mark>[ xX])\]\s+(?P<text>.*)$", re.DOTALL)
_OWNER = re.compile(r"(?<![\w`])@(?P<owner>[A-Za-z0-9][\w.\-]*)")
_DUE = re.compile(r"\bdue:(?P<due>\S+)")
_DONE = re.compile(r"\bdone:(?P<done>\S+)")
_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")

TAG_LIST = ", ".join(f"[{tag.value}]" for tag in Tag)
TAG_NAMES = frozenset(tag.value for tag in Tag)


@dataclass
class SectionBody:
    section: Section
    prose_words: int = 0
    list_items: int = 0


@dataclass
class Body:
    sections: list[SectionBody] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    words: int = 0
    problems: list[Problem] = field(default_factory=list)
    timeline_lines: tuple[int, int] | None = None
    code_lines: list[tuple[int, int]] = field(default_factory=list)


def normalise_heading(title: str) -> str:
    """Match headings the way writers expect: case, `&`, Preventive."""
    text = _ATTRS.sub("", title).strip().rstrip("#").strip().lower()
    text = text.replace("&", " and ")
    text = re.sub(r"\bpreventive\b", "preventative", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def section_key(title: str, specs: tuple[SectionSpec, ...]) -> str | None:
    wanted = normalise_heading(title)
    for spec in specs:
        if wanted in {normalise_heading(name) for name in (spec.name, *spec.aliases)}:
            return spec.key
    return None


def _plain(inline: Token) -> str:
    """The reader-visible text of an inline token: no code, no HTML."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or child.type == "code_inline":
            parts.append(" ")
    return "".join(parts)


def read_body(path: str, body: str, first_line: int, config: Config, start: datetime | None) -> Body:
    result = Body()
    tokens = _md.parse(body)
    current: SectionBody | None = None
    list_depth = 0
    heading = False
    timeline = _TimelineReader(path, start, result)
    for index, token in enumerate(tokens):
        if token.type in ("fence", "code_block") and token.map:
            result.code_lines.append((first_line + token.map[0], first_line + token.map[1]))
        if token.type == "heading_open":
            heading = True
            if token.tag == "h2" and token.level == 0:
                title = tokens[index + 1].content
                line = first_line + (token.map[0] if token.map else 0)
                current = SectionBody(Section(_ATTRS.sub("", title).strip(), line, section_key(title, config.sections)))
                result.sections.append(current)
        elif token.type == "heading_close":
            heading = False
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            key = current.section.key if current else None
            if key == "timeline" and list_depth == 1 and result.timeline_lines is None and token.map:
                result.timeline_lines = (first_line + token.map[0], first_line + token.map[1])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "inline" and not heading:
            text = _plain(token)
            line = first_line + (token.map[0] if token.map else 0)
            key = current.section.key if current else None
            top_item = list_depth == 1 and _first_paragraph(tokens, index)
            if key == "timeline" and top_item:
                text = timeline.read(line, " ".join(token.content.split()), text)
            elif key == "corrective" and top_item and (task := _TASK.match(token.content)):
                _read_task(path, line, task, result)
                text = text.lstrip()[3:]
            words = count_words(text)
            result.words += words
            if current is not None:
                if not list_depth:
                    current.prose_words += words
                elif top_item:
                    current.list_items += 1
    return result


def _first_paragraph(tokens: list[Token], index: int) -> bool:
    return index >= 2 and tokens[index - 1].type == "paragraph_open" and tokens[index - 2].type == "list_item_open"


def _read_task(path: str, line: int, match: re.Match[str], result: Body) -> None:
    text = " ".join(match["text"].split())
    owner = _OWNER.search(text)
    due_match = _DUE.search(text)
    due: date | None = None
    if due_match:
        try:
            due = date.fromisoformat(due_match["due"])
        except ValueError:
            result.problems.append(
                Problem(
                    path,
                    line,
                    f"task due date {due_match['due']!r} is not a date",
                    "write due:YYYY-MM-DD, e.g. due:2024-09-01",
                )
            )
    done_match = _DONE.search(text)
    done_on: date | None = None
    if done_match:
        try:
            done_on = date.fromisoformat(done_match["done"])
        except ValueError:
            result.problems.append(
                Problem(
                    path,
                    line,
                    f"task done date {done_match['done']!r} is not a date",
                    "write done:YYYY-MM-DD, e.g. done:2024-09-03",
                )
            )
    if not _DONE.sub("", _DUE.sub("", _OWNER.sub("", text))).strip():
        result.problems.append(
            Problem(
                path, line, "task has no text", "say what will be done, e.g. - [ ] Add an index on orders(customer_id)"
            )
        )
    result.tasks.append(Task(line, text, match["mark"] != " ", owner["owner"] if owner else None, due, done_on))


@dataclass
class _TimelineReader:
    """Turns `time - [tag] text` bullets into entries, placing each in time."""

    path: str
    start: datetime | None
    result: Body

    def problem(self, line: int, message: str, hint: str) -> None:
        self.result.problems.append(Problem(self.path, line, message, hint))

    def read(self, line: int, content: str, plain: str) -> str:
        """Record the entry; return its words without time and tag, for counting."""
        separator = _SEPARATOR.search(content)
        if separator is None:
            self.problem(
                line,
                f"timeline entry {_short(content)!r} has no ' - ' between time and text",
                "write it as - 14:30 UTC - [detected] What happened",
            )
            return plain
        time_text, rest = content[: separator.start()].strip(), content[separator.end() :].strip()
        tag: Tag | None = None
        tag_match = _TAG.match(rest)
        if tag_match:
            name = tag_match["tag"].lower()
            if name in TAG_NAMES:
                tag = Tag(name)
            else:
                self.problem(
                    line,
                    f"unknown timeline tag [{tag_match['tag']}]",
                    f"use one of {TAG_LIST}, or no tag for a plain update",
                )
            rest = rest[tag_match.end() :]
        if not rest.strip():
            self.problem(line, f"timeline entry at {time_text} has no text", "say in 1 or 2 sentences what happened")
        when = self._place(line, time_text)
        if when is not None:
            self.result.timeline.append(TimelineEntry(line, when, tag, rest.strip(), time_text))
        plain_rest = _SEPARATOR.split(plain, maxsplit=1)[-1]
        return _TAG.sub("", plain_rest.strip(), count=1)

    def _place(self, line: int, time_text: str) -> datetime | None:
        try:
            clock = parse_clock(time_text)
            when = self._when(line, time_text, clock)
            return existing(when, time_text) if when is not None else None
        except TimeError as error:
            self.problem(line, f"timeline entry: {error.message}", error.hint)
            return None

    def _when(self, line: int, time_text: str, clock: Clock) -> datetime | None:
        if self.start is None:
            return None
        zone: tzinfo = clock.zone or self.start.tzinfo  # type: ignore[assignment]
        previous = self.result.timeline[-1].when if self.result.timeline else None
        if clock.day is not None:
            when = datetime.combine(clock.day, clock.at, zone)
            if previous is not None and when < previous:
                self.problem(
                    line,
                    f"timeline entry at {time_text} is before the entry above it",
                    "keep entries in time order, oldest first",
                )
            return when
        anchor = previous or self.start
        when = datetime.combine(anchor.astimezone(zone).date(), clock.at, zone)
        if previous is not None and when < previous:
            when = datetime.combine(when.date() + timedelta(days=1), clock.at, zone)
        return when


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
