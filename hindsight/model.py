"""Typed model of a postmortem and of the problems found in it.

Everything here is plain data: the parser fills it, the rules read it, the
renderers and the MkDocs glue consume it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum


def elapsed(since: datetime, until: datetime) -> timedelta:
    """Time between two moments, counted in UTC.

    Python subtracts two datetimes of one IANA zone by their wall clocks, so a
    span across a daylight-saving change would be an hour off.
    """
    return until.astimezone(UTC) - since.astimezone(UTC)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line, with the way to fix it."""

    path: str
    line: int
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} - {self.hint}"


class Tag(StrEnum):
    """Timeline entry tags of the format contract."""

    DETECTED = "detected"
    ACTION = "action"
    MISLEADING = "misleading"
    ESCALATED = "escalated"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class TimelineEntry:
    line: int
    when: datetime
    tag: Tag | None
    text: str
    time_text: str


@dataclass(frozen=True)
class Task:
    line: int
    text: str
    done: bool
    owner: str | None
    due: date | None
    done_on: date | None = None
    """When it was finished (`done:YYYY-MM-DD`), when the writer says."""


@dataclass(frozen=True)
class Section:
    """An H2 section of the body; `key` names the contract section it matches."""

    title: str
    line: int
    key: str | None


@dataclass
class Facts:
    """The front matter fields of the contract, typed; None where absent or invalid."""

    title: str | None = None
    date: date | None = None
    severity: str | None = None
    summary: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    detected: datetime | None = None
    services: list[str] = field(default_factory=list)
    users_affected: float | None = None
    impact: str | None = None
    root_cause: str | None = None
    authors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    factors: list[str] = field(default_factory=list)
    """Configured contributing-factor keys."""
    related: list[str] = field(default_factory=list)
    """File names (without `.md`) of postmortems the writer links to as the same failure."""
    reviewed: dt.date | None = None

    @property
    def duration(self) -> timedelta | None:
        if self.start is None or self.end is None:
            return None
        return elapsed(self.start, self.end)


@dataclass
class Postmortem:
    """A parsed postmortem: its facts, its story, and what is wrong with it."""

    path: str
    facts: Facts
    meta: dict[str, object]
    sections: list[Section] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    words: int = 0
    problems: list[Problem] = field(default_factory=list)
    body_line: int = 1
    body: str = ""
    timeline_lines: tuple[int, int] | None = None
    """File lines of the Timeline bullet list: first, and one past the last."""
    heading_lines: dict[int, str] = field(default_factory=dict)
    """Section names written another way (`**Timeline:**`, `# Timeline`), by file line: the heading the page shows."""
    code_lines: list[tuple[int, int]] = field(default_factory=list)
    """File lines of each fenced or indented code block: first, and one past the last."""
    field_lines: dict[str, int] = field(default_factory=dict)
    """File line of each front matter key, for problems found across postmortems."""
    section_words: dict[str, int] = field(default_factory=dict)
    """Prose words of each contract section found, by section key (for the review scorecard)."""
    withheld: bool = False
    """The body must not reach a Markdown engine (it would crash it): pages show a notice instead."""

    @property
    def is_draft(self) -> bool:
        return self.facts.draft

    def first(self, tag: Tag) -> datetime | None:
        return next((entry.when for entry in self.timeline if entry.tag is tag), None)

    @property
    def detected_at(self) -> datetime | None:
        return self.facts.detected or self.first(Tag.DETECTED)

    @property
    def mitigated_at(self) -> datetime | None:
        """When the bleeding stopped: the first [mitigated] entry, else the end of impact."""
        return self.first(Tag.MITIGATED) or self.facts.end

    def since_start(self, when: datetime | None) -> timedelta | None:
        """Time from the start of impact; None when either end is unknown or out of order."""
        start = self.facts.start
        if start is None or when is None or when < start:
            return None
        return elapsed(start, when)

    @property
    def time_to_detect(self) -> timedelta | None:
        return self.since_start(self.detected_at)

    @property
    def time_to_mitigate(self) -> timedelta | None:
        return self.since_start(self.mitigated_at)

    @property
    def time_to_resolve(self) -> timedelta | None:
        return self.since_start(self.facts.end)
