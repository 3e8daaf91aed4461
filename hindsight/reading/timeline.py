"""Timeline events as writers type them, placed in time, with a tag read from their words when none is given.

An event is a time at the start of a line, then a separator, an optional
`[tag]` and the text. The time may be in bold, italics or backticks, 24-hour
or 12-hour, after a date and before a zone: `**10:30 AM (EAT):** Alert fired`
reads like `10:30 EAT - [detected] Alert fired`. Shapes one fix away (a dot
in the time, no separator, an event outside a list) are still read, with one
problem at their line saying what to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from hindsight.model import Problem, Tag, TimelineEntry
from hindsight.reading.prose import count_words
from hindsight.reading.times import TimeError, check_year, clock_time, existing
from hindsight.reading.zones import ZoneError, is_zone_word, zone_named

TAG_LIST = ", ".join(f"[{tag.value}]" for tag in Tag)
TAG_NAMES = frozenset(tag.value for tag in Tag)

TAG_WORDS: tuple[tuple[Tag, tuple[str, ...]], ...] = (
    (Tag.RESOLVED, ("resolved", "resolve", "restored", "back to normal", "recovered", "fully operational")),
    (Tag.MITIGATED, ("rolled back", "roll back", "rolling back", "rollback", "reverted", "hotfix", "hot fix",
                     "mitigated", "mitigation", "workaround", "failed over", "failover")),
    (Tag.ESCALATED, ("escalated", "escalate", "escalation", "paged", "called in", "looped in", "brought in")),
    (Tag.MISLEADING, ("assumed", "assuming", "assumption", "suspected", "suspecting", "red herring", "misleading",
                      "misled", "mistakenly", "wrongly", "false lead", "dead end")),
    (Tag.DETECTED, ("alert", "alerts", "alerted", "alarm", "noticed", "reported", "detected", "spotted",
                    "discovered", "observed", "complained", "complaint", "complaints")),
)  # fmt: skip
"""Words that name an event, in the order they are tried; a text with none of them is an action."""

_TAG_PATTERNS = tuple(
    (tag, re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE))
    for tag, words in TAG_WORDS
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_OPEN = re.compile(r"\*\*|__|\*|_|`")
_DATE = re.compile(
    r"(?:(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|{_WEEKDAY}(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|{_WEEKDAY}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?(?:,?\s+(?P<y2>\d{{4}}))?)"
    r"(?:T|\s*,\s*|\s+at\s+|\s*[-–—]\s*|\s+)(?=\d)",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?P<clock>\d{1,2}(?P<mark>[:.])\d{2}(?::\d{2})?)(?![\d.:]\d)")
_AMPM = re.compile(r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z])")
_ZONE_WORD = r"[A-Za-z][A-Za-z0-9_]*(?:/[A-Za-z0-9_+\-]+)*(?:[+\-−]\d{1,2}(?::?\d{2})?)?"
_ZONE = re.compile(
    r"\s*\(\s*(?P<paren>[^()\n]{1,40}?)\s*\)"
    r"|(?P<attached>Z|[+\-−]\d{1,2}(?::?\d{2})?)(?![\w:])"
    r"|\s*(?P<offset>[+\-−]\d{1,2}:?\d{2})(?![\w:])"
    rf"|\s+(?P<word>{_ZONE_WORD})(?![\w/])"
)
_SEPARATOR = re.compile(r"\s*:-\s*|\s+[-–—]{1,2}\s+|\s*[–—]\s*|[-]\s+|\s*:\s+|\s*\|\s+")
_CAPITALS = re.compile(r"^[A-Z]{2,5}$")
_TAG = re.compile(r"^\[(?P<tag>[^\]\s]*)\](?![(\[])\s*")
_BREAK = re.compile(r"\s*<br\s*/?>\s*|\\\n|\n", re.IGNORECASE)
_MARKUP = re.compile(r"`[^`]*`|<[^>\n]*>|\]\([^)\s]*\)")


@dataclass(frozen=True)
class Scanned:
    """One event line as typed: its time, its parts, and the text after the separator."""

    time_text: str
    clock: str
    ampm: str | None
    day: tuple[int | None, int, int] | None
    """Year (None when not written), month, day."""
    zone_text: str | None
    separator: bool
    rest: str

    @property
    def dotted(self) -> bool:
        return "." in self.clock and ":" not in self.clock

    @property
    def canonical_time(self) -> str:
        """The time as the contract writes it: a colon, AM/PM and the zone kept."""
        clock = self.clock.replace(".", ":") if self.dotted else self.clock
        parts = [clock, self.ampm.replace(".", "").replace(" ", "").upper() if self.ampm else None, self.zone_text]
        return " ".join(p for p in parts if p)


def scan(text: str) -> Scanned | None:
    """Read the time at the start of a line; None when the line does not start with one."""
    content = text.strip()
    pos = 0
    opener = _OPEN.match(content)
    if opener:
        pos = opener.end()
    start = pos
    day: tuple[int | None, int, int] | None = None
    if match := _DATE.match(content, pos):
        day = _day_of(match)
        pos = match.end()
    clock = _CLOCK.match(content, pos)
    if clock is None:
        return None
    pos = clock.end()
    ampm = _AMPM.match(content, pos)
    if ampm:
        pos = ampm.end()
    zone_text: str | None = None
    if zone := _ZONE.match(content, pos):
        candidate = zone["paren"] or zone["attached"] or zone["offset"] or zone["word"]
        known = zone["paren"] or zone["attached"] or zone["offset"] or is_zone_word(candidate)
        if known or (_CAPITALS.match(candidate) and _SEPARATOR.match(content, zone.end())):
            zone_text, pos = candidate.strip(), zone.end()
    time_end = pos
    colon_inside = False
    if opener:
        inner = re.compile(r"\s*:?" + re.escape(opener.group()))
        if close := inner.match(content, pos):
            colon_inside = ":" in close.group()
            pos = close.end()
        else:
            time_end = pos
    separator = _SEPARATOR.match(content, pos)
    if separator:
        pos = separator.end()
    elif opener and pos > time_end and (colon_inside or content[pos : pos + 1].isspace()):
        separator = True  # type: ignore[assignment]
    time_text = " ".join(content[start:time_end].split())
    return Scanned(
        time_text=time_text,
        clock=clock["clock"],
        ampm=ampm["ampm"] if ampm else None,
        day=day,
        zone_text=zone_text,
        separator=bool(separator),
        rest=content[pos:].strip(),
    )


def _day_of(match: re.Match[str]) -> tuple[int | None, int, int] | None:
    if match["iso"]:
        year, month, day = (int(part) for part in match["iso"].split("-"))
        return year, month, day
    month = _MONTHS[(match["m1"] or match["m2"]).lower()]
    number = int(match["d1"] or match["d2"])
    written = match["y1"] or match["y2"]
    return (int(written) if written else None), month, number


def tag_from_words(text: str) -> Tag:
    """The event the words name (see TAG_WORDS), or an action."""
    for tag, pattern in _TAG_PATTERNS:
        if pattern.search(text):
            return tag
    return Tag.ACTION


def prose_words(text: str) -> int:
    """Words a reader sees: no inline code, HTML or link targets."""
    return count_words(_MARKUP.sub(" ", text))


@dataclass
class Piece:
    """A line, or part of one, that may hold an event: its file line and how it was joined to the one before."""

    line: int
    text: str
    joined_by: str | None = None


def pieces(content: str, line: int) -> list[Piece]:
    """Split a paragraph or list item at line breaks, `<br>` and `\\`, keeping each piece's file line."""
    if "\n" not in content and "<" not in content:
        return [Piece(line, content)] if content.strip() else []
    found: list[Piece] = []
    last = 0
    joined: str | None = None
    for match in _BREAK.finditer(content):
        found.append(Piece(line + content.count("\n", 0, last), content[last : match.start()], joined))
        marker = match.group().strip()
        joined = "<br>" if marker.lower().startswith("<br") else ("\\" if marker == "\\" else "line break")
        last = match.end()
    found.append(Piece(line + content.count("\n", 0, last), content[last:], joined))
    return [piece for piece in found if piece.text.strip()]


@dataclass
class TimelineReader:
    """Turns event lines into entries placed in time, with their problems."""

    path: str
    start: datetime | None
    default_zone: tzinfo | None = None
    entries: list[TimelineEntry] = field(default_factory=list)
    tags: set[Tag] = field(default_factory=set)
    """Tags of every event read, placed in time or not (an event needs a start to be placed)."""
    problems: list[Problem] = field(default_factory=list)
    events: int = 0

    def problem(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def read(self, line: int, content: str, shape: str) -> int:
        """Read the events of one block (`item`, `paragraph` or `code`); return their words of prose."""
        words = 0
        current: TimelineEntry | None = None
        first = True
        for piece in pieces(content, line):
            text = piece.text.strip()
            if shape == "code":
                text = re.sub(r"^(?:[-*+]|\d{1,9}[.)])\s+", "", text)
            scanned = scan(text)
            if scanned is None:
                if first and shape == "item":
                    self.problem(
                        piece.line,
                        f"timeline entry {_short(text)!r} does not start with a time",
                        "start it with the time, e.g. - 14:30 UTC - What happened",
                    )
                words += prose_words(text)
                if current is not None and self.entries and self.entries[-1] is current:
                    current = TimelineEntry(current.line, current.when, current.tag, f"{current.text} {text}",
                                            current.time_text)  # fmt: skip
                    self.entries[-1] = current
                first = False
                continue
            self._shape_problem(piece, scanned, shape, first)
            words += prose_words(_TAG.sub("", scanned.rest, count=1))
            current = self._entry(piece.line, scanned)
            first = False
        return words

    def _shape_problem(self, piece: Piece, scanned: Scanned, shape: str, first: bool) -> None:
        fixed = f"- {scanned.canonical_time} - {scanned.rest}".rstrip(" -")
        if shape == "code":
            self.problem(
                piece.line,
                "timeline line is indented 4 spaces, so Markdown shows it as code",
                f"remove the indent: {_short(fixed, 60)}",
            )
        elif shape == "paragraph":
            self.problem(piece.line, "timeline line is not in a list", f"write it as a bullet: {_short(fixed, 60)}")
        elif not first:
            self.problem(
                piece.line,
                f"several events in one bullet (joined by {piece.joined_by})",
                f"put each event on its own bullet: {_short(fixed, 60)}",
            )
        elif scanned.dotted:
            self.problem(
                piece.line,
                f"time {scanned.clock!r} is written with a dot",
                f"write it with a colon: {_short(fixed, 60)}",
            )
        elif not scanned.separator:
            self.problem(
                piece.line,
                f"timeline entry {_short(piece.text.strip())!r} has no separator between time and text",
                f"write it as {_short(fixed, 60)}",
            )

    def _entry(self, line: int, scanned: Scanned) -> TimelineEntry | None:
        rest = scanned.rest
        tag: Tag | None = None
        if tag_match := _TAG.match(rest):
            name = tag_match["tag"].lower()
            if name in TAG_NAMES:
                tag = Tag(name)
            else:
                self.problem(
                    line,
                    f"unknown timeline tag [{tag_match['tag']}]",
                    f"use one of {TAG_LIST}, or no tag for the tag to be read from the words",
                )
            rest = rest[tag_match.end() :].strip()
        if not rest:
            hint = "say in 1 or 2 sentences what happened"
            self.problem(line, f"timeline entry at {scanned.time_text} has no text", hint)
        self.events += 1
        if tag is None:
            tag = tag_from_words(rest)
        self.tags.add(tag)
        when = self._place(line, scanned)
        if when is None:
            return None
        entry = TimelineEntry(line, when, tag, rest, scanned.time_text)
        self.entries.append(entry)
        return entry

    def _zone(self, line: int, scanned: Scanned) -> tzinfo | bool | None:
        """The entry's zone; None when it has none; False when it is wrong (and reported)."""
        if scanned.zone_text is None:
            return None
        try:
            return zone_named(scanned.zone_text)
        except ZoneError as error:
            self.problem(line, f"timeline entry at {scanned.time_text}: {error.message}", error.hint)
            return False

    def _place(self, line: int, scanned: Scanned) -> datetime | None:
        try:
            when = self._when(line, scanned)
            return existing(when, scanned.time_text) if when is not None else None
        except TimeError as error:
            self.problem(line, f"timeline entry: {error.message}", error.hint)
            return None

    def _when(self, line: int, scanned: Scanned) -> datetime | None:
        zone = self._zone(line, scanned)
        try:
            at = clock_time(scanned.clock.replace(".", ":"), scanned.ampm)
        except TimeError as error:
            self.problem(line, f"timeline entry: {error.message}", error.hint)
            return None
        if zone is False or self.start is None:
            return None
        here: tzinfo = zone or self.default_zone or self.start.tzinfo  # type: ignore[assignment]
        previous = self.entries[-1].when if self.entries else None
        if scanned.day is not None:
            year, month, number = scanned.day
            try:
                day = date(year or self.start.astimezone(here).year, month, number)
            except ValueError:
                self.problem(line, f"timeline entry at {scanned.time_text}: the date is not valid", "use YYYY-MM-DD")
                return None
            check_year(day)
            when = datetime.combine(day, at, here)
            if previous is not None and when < previous:
                self.problem(
                    line,
                    f"timeline entry at {scanned.time_text} is before the entry above it",
                    "keep entries in time order, oldest first",
                )
            return when
        anchor = previous or self.start
        when = datetime.combine(anchor.astimezone(here).date(), at, here)
        if previous is not None and when < previous:
            when = datetime.combine(when.date() + timedelta(days=1), at, here)
        return when


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
