"""`python -m hindsight import FILE...`: a plain postmortem in, a draft contract postmortem out.

Writers bring postmortems written before they met the contract: the
assignment's own format (a `TITLE:` line, section names on lines of their
own), a document pasted as Markdown, plain text. `draft` finds the sections
by name (`hindsight.reading.sections`, the names the checker accepts), writes
their headings, timeline entries and tasks in the contract's canonical form,
keeps every sentence as written, and drafts the front matter from the
writer's own sentences. What it had to guess carries a `# guess:` comment
(`hindsight.reading.guesses`); what it could not find is left out, so the
file's own check names it at its line.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

import yaml
from markdown_it import MarkdownIt

from hindsight.config import Config
from hindsight.drafting.new import post_folder, slugify, write_new
from hindsight.model import Tag
from hindsight.project import Site
from hindsight.reading.frontmatter import decode, split
from hindsight.reading.guesses import MARK
from hindsight.reading.parse import read_postmortem
from hindsight.reading.report import Report
from hindsight.reading.sections import html_heading, is_resolution, is_task_line, loose_heading, section_key
from hindsight.reading.tasks import checkbox
from hindsight.reading.timeline import pieces, scan, tag_from_words
from hindsight.reading.zones import ZoneError, is_zone_word, zone_named

_md = MarkdownIt("commonmark")

_TITLE_LINE = re.compile(r"^\s*(?:\*\*|__)?\s*title\s*:\s*(?:\*\*|__)?\s*(?P<title>.+?)\s*$", re.IGNORECASE)
_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<inner>.+)\1$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,3}[.)])(?:\s+(?P<text>.*))?$")
_TAG_FIRST = re.compile(r"^\[(?P<tag>[a-z]+)\]\s*", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))\b",
    re.IGNORECASE,
)
_ZONE_TEXT = (
    r"(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?|[+\-−]\d{2}:?\d{2}|[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|[A-Z]{1,5}"
)


def _clock_pattern(n: str) -> str:
    """A time in a sentence, its groups named after `n`: hour, minutes (`nm`), AM/PM (`np`), zone (`nz`)."""
    return (
        rf"(?P<{n}>\d{{1,2}})(?:[:.](?P<{n}m>\d{{2}}))?(?:\s*(?P<{n}p>[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z]))?"
        rf"(?:\s*\(?\s*(?P<{n}z>{_ZONE_TEXT})\s*\)?(?![\w/]))?"
    )


_RANGE = re.compile(
    r"(?:\bfrom\s+|\bbetween\s+|^|(?<=[\s:]))"
    + _clock_pattern("a")
    + r"\s*(?:to|and|until|till|through|[-–—])\s*"
    + _clock_pattern("b"),
    re.IGNORECASE,
)
_LENGTH = re.compile(
    r"(?:(?P<h>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b)?[\s,]*(?:and\s+)?(?:(?P<m>\d+)\s*(?:minutes?|mins?|m)\b)?",
    re.IGNORECASE,
)
_DURATION_LINE = re.compile(r"^\s*(?:\*\*|__)?\s*(?:duration|outage duration|time frame)\s*:?", re.IGNORECASE)
_PERCENT = re.compile(r"(?P<n>\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b)", re.IGNORECASE)
_PEOPLE = (
    r"(?:users?|customers?|clients?|visitors?|shoppers?|buyers?|riders?|drivers?|passengers?|players?|members?"
    r"|subscribers?|merchants?|sellers?|students?|employees?|accounts?|people)"
)
_ALL_USERS = re.compile(rf"\b(?:all|every|100%\s+of)\s+(?:of\s+)?(?:our\s+|the\s+)?{_PEOPLE}\b", re.I)
_WHO = re.compile(rf"\b(?:{_PEOPLE}|requests?|traffic)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_IMPACT = re.compile(
    r"(?:\b(?:resulting in|resulted in|causing|leading to|led to)"
    r"|\b(?P<who>(?:users?|customers?|shoppers?|visitors?|clients?|people)\s+(?:saw|experienced|got|received|faced)))"
    r"\s+(?P<what>[^.;]+)",
    re.IGNORECASE,
)
_CAUSE = re.compile(r"\b(?:root\s+causes?|the\s+cause|was\s+caused\s+by|caused\s+by)\b", re.IGNORECASE)
_SERVICE = re.compile(
    r"\b(?:the|our)\s+(?:(?:primary|main|core|entire|whole|production|public|internal|company's|company)\s+)*"
    r"(?P<name>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}?)\s+"
    r"(?P<kind>service|services|platform|api|website|web\s?site|site|app|application|servers?|database|cluster|portal|"
    r"gateway|system|backend|frontend|store|pipeline)\b",
    re.IGNORECASE,
)
_DOWN = re.compile(
    r"^(?:the\s+|our\s+)?(?P<name>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}?)\s+"
    r"(?:was|were|went|became|experienced|suffered|showed|returned|rejected|failed|stopped|crashed|served|answered)\s",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(rf"^(?:on\s+)?(?:{_DATE.pattern}),?\s*", re.IGNORECASE)
_STOP_WORDS = frozenset({"the", "our", "a", "an", "this", "that", "it", "we", "there", "issue", "incident", "outage"})


@dataclass(frozen=True)
class Heading:
    """A line that starts a section (or an optional section) in the writer's file."""

    index: int
    """Line index (from 0) in the writer's text."""
    end: int
    """One past its last line (a setext heading has two)."""
    key: str | None
    title: str
    level: int


@dataclass
class Source:
    """The writer's text, split: the lines, code lines, the title, headings, and the text before the first."""

    lines: list[str]
    code: set[int]
    title: str | None = None
    title_lines: set[int] = field(default_factory=set)
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Moment:
    """A time read from a sentence: a clock, maybe a day, maybe a zone, as the writer typed the zone."""

    at: time
    day: date | None
    zone: str | None


@dataclass
class Drafted:
    """A contract postmortem drafted from a plain one: its file name's parts and its text."""

    title: str
    day: date
    text: str


def draft(text: str, config: Config, today: date, name: str = "postmortem") -> Drafted:
    """The contract postmortem a plain one becomes; `name` (the file's stem) titles a text with no title."""
    text, existing = _front_matter(text)
    source = _split(text, config)
    summary = _section_lines(source, "summary")
    said = _chunks(summary)
    summary_text = " ".join(said)
    everything = " ".join(_chunks(_content_lines(source)))
    title_text = _as_str(existing.get("title")) or source.title
    guessed_title = title_text is None
    title_text = title_text or name.replace("-", " ").replace("_", " ").strip().capitalize() or "Postmortem"
    title, title_day = (title_text, None) if _as_str(existing.get("title")) else _title_and_day(title_text)
    body, entries = _body(source, config)
    timeline = next((h.title for h in source.headings if h.key == "timeline"), "")
    start, end, notes = _window(summary, summary_text, everything, title_day, entries, timeline)
    day = title_day or (start.day if start and start.day else None) or _first_date(everything)
    facts = _facts(
        [s for chunk in said if not _DURATION_LINE.match(chunk) for s in _sentences(chunk)],
        [s for chunk in _chunks(_section_lines(source, "root_cause")) for s in _sentences(chunk)],
        [s for chunk in _chunks(_content_lines(source)) for s in _sentences(chunk)],
        config,
    )
    front = _front(
        title=title,
        title_guess="the file's name: write the postmortem's title" if guessed_title else None,
        day=day,
        today=today,
        start=start,
        end=end,
        notes=notes,
        facts=facts,
        existing=existing,
    )
    kept = existing.get("date")
    named = kept if isinstance(kept, date) and not isinstance(kept, datetime) else day or today
    return Drafted(title, named, f"---\n{front}---\n\n{body}")


def _front_matter(text: str) -> tuple[str, dict[str, object]]:
    """A front matter block the writer already has (read as the checker reads it): its values are kept."""
    if not text.startswith("---\n"):
        return text, {}
    parts = split("import", text)
    if parts.front is None:
        return text, {}
    return parts.body, {} if parts.front.broken else dict(parts.front.data)


def _as_str(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _split(text: str, config: Config) -> Source:
    """Code lines and headings by a CommonMark parse; section names on lines of their own by the checker's rules."""
    lines = text.split("\n")
    source = Source(lines, set())
    tokens = _md.parse(text)
    atx: dict[int, tuple[int, int, str]] = {}
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type in ("fence", "code_block"):
            source.code.update(range(token.map[0], token.map[1]))
        elif token.type == "heading_open":
            atx[token.map[0]] = (token.map[1], int(token.tag[1]), tokens[index + 1].content)
        elif token.type == "html_block":
            found = html_heading(token.content, config.sections)
            if found is not None:
                atx[token.map[0]] = (token.map[0] + 1, 2, found.title)
    for number, line in enumerate(lines):
        if number in source.code:
            continue
        if number in atx:
            end, level, title = atx[number]
            key = section_key(title, config.sections)
            source.headings.append(Heading(number, end, key, title.strip().rstrip(":").strip(), level))
            continue
        loose = loose_heading(line, config.sections)
        if loose is not None:
            source.headings.append(
                Heading(number, number + 1, section_key(loose.title, config.sections), loose.title, 2)
            )
    first = source.headings[0].index if source.headings else len(lines)
    first_section = next((h.index for h in source.headings if h.key is not None), len(lines))
    for number in range(min(first, first_section, len(lines))):
        if number in source.code:
            continue
        if match := _TITLE_LINE.match(lines[number]):
            source.title, source.title_lines = _unemphasise(match["title"]), {number}
            return source
    top = next((h for h in source.headings if h.key is None and h.index < first_section), None)
    if top is not None and (top.level == 1 or top is source.headings[0]):
        source.headings.remove(top)
        source.title, source.title_lines = _unemphasise(top.title), set(range(top.index, top.end))
        return source
    for number in range(first_section):
        line = lines[number].strip()
        if not line or number in source.code:
            continue
        words = line.split()
        if len(words) <= 15 and not re.search(r"[.!?:]$", line) and not _LIST_ITEM.match(line):
            source.title, source.title_lines = _unemphasise(line.lstrip("#").strip()), {number}
        break
    return source


def _unemphasise(text: str) -> str:
    text = re.sub(r"<[^>\n]*>", "", text).strip()
    while match := _EMPHASIS.match(text):
        text = match["inner"].strip()
    return text


def _title_and_day(title: str) -> tuple[str, date | None]:
    """A date at the end of a title (`... - (August 15, 2024)`) is the postmortem's day, not part of its title."""
    for match in _DATE.finditer(title):
        after = title[match.end() :].strip(" )]")
        if after:
            continue
        before = title[: match.start()].rstrip(" ([").rstrip(" -–—:,|").rstrip()
        if before:
            return before, _date_of(match)
    return title, None


def _date_of(match: re.Match[str]) -> date | None:
    try:
        if match["iso"]:
            return date.fromisoformat(match["iso"])
        month = _MONTHS[(match["m1"] or match["m2"]).lower().rstrip(".")]
        day = int(re.sub(r"\D", "", match["d1"] or match["d2"]))
        return date(int(match["y1"] or match["y2"]), month, day)
    except ValueError:
        return None


def _first_date(text: str) -> date | None:
    for match in _DATE.finditer(text):
        if (found := _date_of(match)) is not None:
            return found
    return None


def _sections(source: Source) -> Iterable[tuple[Heading | None, list[int]]]:
    """Each heading with the line indexes of its content; first the lines before any heading."""
    bounds = [h for h in source.headings if h.key is not None or h.level <= 2]
    starts = [h.index for h in bounds]
    yield None, [n for n in range(starts[0] if starts else len(source.lines)) if n not in source.title_lines]
    for position, heading in enumerate(bounds):
        stop = starts[position + 1] if position + 1 < len(bounds) else len(source.lines)
        yield heading, [n for n in range(heading.end, stop) if n not in source.title_lines]


def _section_lines(source: Source, key: str) -> list[str]:
    for heading, numbers in _sections(source):
        if heading is not None and heading.key == key:
            return [source.lines[n] for n in numbers if n not in source.code]
    return []


def _content_lines(source: Source) -> list[str]:
    """Every line of text under a heading or before the first: no headings, no code, no title."""
    return [source.lines[n] for _, numbers in _sections(source) for n in numbers if n not in source.code]


def _chunks(lines: Iterable[str]) -> list[str]:
    """Paragraphs and list items as running text, for reading facts from: markers and emphasis dropped."""
    chunks: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        item = _LIST_ITEM.match(stripped)
        if item:
            stripped = item["text"] or ""
        stripped = stripped.replace("**", "").replace("__", "")
        if item or current is None or _DURATION_LINE.match(stripped):
            current = [stripped]
            chunks.append(current)
            if _DURATION_LINE.match(stripped):
                current = None
        else:
            current.append(stripped)
    return [" ".join(chunk) for chunk in chunks if " ".join(chunk).strip()]


def _body(source: Source, config: Config) -> tuple[str, list[tuple[Moment | None, Tag]]]:
    """The body in canonical form, and the timeline's moments and tags (for the window when the text has none)."""
    names = {spec.key: spec.name for spec in config.sections}
    out: list[str] = []
    entries: list[tuple[Moment | None, Tag]] = []
    seen: set[str] = set()
    for heading, numbers in _sections(source):
        lines = [source.lines[n] for n in numbers]
        code = {position for position, n in enumerate(numbers) if n in source.code}
        if heading is None:
            out += _trim(lines)
        elif heading.key is None:
            out += ["", f"{'#' * max(heading.level, 2)} {heading.title}", "", *_trim(lines)]
        else:
            resolution = heading.key == "root_cause" and "root_cause" in seen and is_resolution(heading.title)
            title = "### Resolution" if resolution else f"## {names.get(heading.key, heading.title)}"
            seen.add(heading.key)
            if heading.key == "timeline":
                converted, found = _timeline(lines, code)
                entries += found
            elif heading.key == "corrective":
                converted = _tasks(lines, code)
            else:
                converted = _trim(lines)
            out += ["", title, "", *converted]
            if heading.key == "summary":
                out += ["", "<!-- more -->"]
    text = "\n".join(out).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text) + "\n", entries


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _timeline(lines: list[str], code: set[int]) -> tuple[list[str], list[tuple[Moment | None, Tag]]]:
    """Every line that starts with a time becomes `- HH:MM ZONE - [tag] text`; other lines stay where they are."""
    out: list[str] = []
    found: list[tuple[Moment | None, Tag]] = []
    current: list[str] | None = None
    for position, line in enumerate(lines):
        if position in code:
            current = None
            out.append(line)
            continue
        stripped = line.strip()
        item = _LIST_ITEM.match(stripped)
        content = (item["text"] or "") if item else stripped
        events = [piece.text for piece in pieces(content, 0)] or [content]
        entries = [entry for entry in (_entry(event) for event in events) if entry is not None]
        if entries and len(entries) == len(events):
            if out and out[-1].strip() and current is None:
                out.append("")
            for text, moment, tag in entries:
                current = [text]
                out.append(text)
                found.append((moment, tag))
            continue
        if stripped and current is not None and not item:
            out[-1] = out[-1] + " " + stripped  # a wrapped line of the entry before
            continue
        if current is not None and stripped:
            out.append("")
        current = None
        out.append(line)
    return _trim(out), found


def _entry(text: str) -> tuple[str, Moment | None, Tag] | None:
    scanned = scan(text)
    if scanned is None or not scanned.rest:
        return None
    rest = scanned.rest
    tag_match = _TAG_FIRST.match(rest)
    if tag_match and tag_match["tag"].lower() in {tag.value for tag in Tag}:
        tag = Tag(tag_match["tag"].lower())
        rest = rest[tag_match.end() :]
    else:
        tag = tag_from_words(rest)
    try:
        at = _clock(scanned.clock.replace(".", ":"), scanned.ampm)
    except ValueError:
        return None
    day = None
    if scanned.day is not None and scanned.day[0] is not None:
        try:
            day = date(scanned.day[0], scanned.day[1], scanned.day[2])
        except ValueError:
            day = None
    zone = scanned.zone_text
    moment = Moment(at, day, zone)
    shown = f"{day.isoformat()} " if day else ""
    shown += at.strftime("%H:%M") + (f" {zone}" if zone else "")
    return f"- {shown} - [{tag.value}] {rest.strip()}", moment, tag


def _clock(clock: str, ampm: str | None) -> time:
    parts = [int(part) for part in clock.split(":")]
    hour, minute = parts[0], parts[1] if len(parts) > 1 else 0
    if ampm:
        pm = ampm.strip().lower().startswith("p")
        if not 1 <= hour <= 12:
            raise ValueError(clock)
        hour = (hour % 12) + (12 if pm else 0)
    return time(hour, minute)


def _tasks(lines: list[str], code: set[int]) -> list[str]:
    """The list under a Tasks line becomes `- [ ]` tasks; with no Tasks line nor task list, the section's list does."""
    task_line = next(
        (position for position, line in enumerate(lines) if position not in code and is_task_line(line)), None
    )
    out: list[str] = []
    in_tasks = task_line is None
    indent: int | None = None
    for position, line in enumerate(lines):
        if position in code:
            out.append(line)
            continue
        if position == task_line:
            in_tasks = True
            out += [line, ""]  # Python-Markdown starts a list only after a blank line
            continue
        item = _LIST_ITEM.match(line)
        if in_tasks and item and item["text"]:
            depth = len(item["indent"].expandtabs(4))
            if indent is None:
                indent = depth
            if depth <= indent:
                text = item["text"]
                out.append(f"- {text}" if checkbox(text) else f"- [ ] {text}")
                continue
        elif in_tasks and indent is not None and line.strip() and not item and not line.startswith((" ", "\t")):
            in_tasks = task_line is None  # prose after the task list ends it
            indent = None if task_line is not None else indent
        out.append(line)
    return _trim(out)


def _moment(match: re.Match[str], which: str) -> Moment | None:
    zone = match[f"{which}z"]
    if zone is not None and not _zone_ok(zone):
        zone = None
    hour, minute = match[which], match[f"{which}m"]
    if minute is None and match[f"{which}p"] is None:
        return None
    try:
        return Moment(_clock(f"{hour}:{minute or '00'}", match[f"{which}p"]), None, zone)
    except ValueError:
        return None


def _zone_ok(text: str) -> bool:
    """A word written as a zone: a known one, or IST/CST/AST (kept as written, so the check can say what they mean)."""
    if not is_zone_word(text) or text.lower() in ("am", "pm"):
        return False
    try:
        zone_named(text)
    except ZoneError as error:
        return "could mean" in error.message
    return True


def _window(
    summary: list[str],
    summary_text: str,
    everything: str,
    title_day: date | None,
    entries: list[tuple[Moment | None, Tag]],
    timeline: str = "",
) -> tuple[Moment | None, Moment | None, dict[str, str]]:
    """Start and end of impact from the writer's sentences, else from the timeline (a guess, said so)."""
    notes: dict[str, str] = {}
    start = end = None
    length: timedelta | None = None
    duration_lines = [line for line in summary if _DURATION_LINE.match(line)]
    candidates = [*duration_lines, *_SENTENCE_END.split(summary_text), *_SENTENCE_END.split(everything)]
    for sentence in candidates:
        match = _RANGE.search(sentence)
        if match is None:
            continue
        first, last = _moment(match, "a"), _moment(match, "b")
        if first is None or last is None:
            continue
        zone = last.zone or first.zone
        day_match = _DATE.search(sentence)
        day = (_date_of(day_match) if day_match else None) or title_day or _first_date(summary_text)
        start = Moment(first.at, day, first.zone or zone)
        end = Moment(last.at, day, last.zone or zone)
        break
    for line in duration_lines:
        rest = _DURATION_LINE.sub("", line)
        for found in _LENGTH.finditer(rest):
            if found["h"] or found["m"]:
                length = timedelta(hours=float(found["h"] or 0), minutes=int(found["m"] or 0))
                break
        if length:
            break
    timed = [(moment, tag) for moment, tag in entries if moment is not None]
    day = title_day or _first_date(summary_text) or _first_date(everything)
    zone = (
        next((moment.zone for moment, _ in timed if moment.zone), None)
        or _zone_in(timeline)  # "Timeline (all times WAT)"
        or _zone_in(summary_text or everything)
    )
    if start is None and timed:
        first = timed[0][0]
        start = Moment(first.at, first.day or day, first.zone or zone)
        notes["start"] = "the first timeline entry: write when the impact began"
    if end is None and start is not None and length:
        later = datetime.combine(start.day or date(2000, 1, 1), start.at) + length
        end = Moment(later.time(), later.date() if start.day else None, start.zone)
    if end is None and timed:
        resolved = [moment for moment, tag in timed if tag is Tag.RESOLVED]
        last = resolved[-1] if resolved else None
        if last is not None:
            end = Moment(last.at, last.day or (start.day if start else day), last.zone or zone)
            notes["end"] = "the last [resolved] timeline entry: write when the impact ended"
    if start is not None and start.zone is None and zone is not None:
        start = Moment(start.at, start.day, zone)
    if end is not None and end.zone is None and start is not None:
        end = Moment(end.at, end.day, start.zone)
    if start is not None and end is not None and start.day is not None and end.day == start.day and end.at < start.at:
        end = Moment(end.at, end.day + timedelta(days=1), end.zone)  # past midnight
    return start, end, notes


def _zone_in(text: str) -> str | None:
    """A zone the writer names in the summary ("all times in EAT", "14:30 UTC")."""
    for match in re.finditer(r"(?<![\w/])(" + _ZONE_TEXT + r")(?![\w/])", text):
        word = match[1]
        if word.isupper() and len(word) >= 2 and _zone_ok(word):
            return word
    return None


@dataclass
class Facts:
    """Front matter values read from the writer's sentences; `why` says where a guess came from."""

    summary: str | None = None
    services: list[str] = field(default_factory=list)
    users: str | None = None
    impact: str | None = None
    root_cause: str | None = None
    severity: str | None = None
    severity_why: str = ""
    services_guessed: bool = False
    """Read from the subject of a sentence ("Search showed ..."), not from a named service."""


def _sentences(text: str) -> list[str]:
    return [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def _facts(sentences: list[str], cause: list[str], everything: list[str], config: Config) -> Facts:
    """Summary, users, impact, root cause, services and a severity, from the summary's sentences (else any)."""
    facts = Facts()
    if sentences:
        chosen = sentences[0]
        if len(sentences) > 1 and len(chosen) + len(sentences[1]) < 320:
            chosen += " " + sentences[1]
        facts.summary = chosen
    pool = sentences or everything
    for sentence in pool:
        if _ALL_USERS.search(sentence):
            facts.users = "100%"
            break
        for match in _PERCENT.finditer(sentence):
            if _WHO.search(sentence) and 0 <= float(match["n"]) <= 100:
                facts.users = f"{match['n']}%"
                break
        if facts.users:
            break
    for sentence in pool:
        if said := _IMPACT.search(sentence):
            what = said["what"].strip().rstrip(",")
            what = re.split(r",?\s+(?:with|which|while|as|because|due to)\s", what, maxsplit=1)[0].strip()
            if said["who"]:
                what = f"{said['who']} {what}"
            if len(what.split()) >= 2:
                facts.impact = what[0].upper() + what[1:] + ("" if what.endswith((".", "!", '"')) else ".")
                break
    if facts.impact is None:
        facts.impact = next((s for s in pool if _PERCENT.search(s) and _WHO.search(s)), None) or next(
            (s for s in pool if _WHO.search(s) and not _CAUSE.search(s)), None
        )
    facts.root_cause = next(
        (s for s in (*pool, *everything) if re.search(r"\broot\s+causes?\b", s, re.I)),
        next((s for s in pool if _CAUSE.search(s)), cause[0] if cause else None),
    )
    for sentence in pool:
        for match in _SERVICE.finditer(sentence):
            name = match["name"].strip()
            kind = match["kind"]
            words = [w for w in name.split() if w.lower() not in _STOP_WORDS]
            if not words or _CAUSE.search(sentence[: match.start()] + name):
                continue
            service = " ".join(words) if kind.lower() in ("service", "services") else f"{' '.join(words)} {kind}"
            if service.lower() not in (s.lower() for s in facts.services):
                facts.services.append(service)
        if facts.services:
            break
    if not facts.services:
        for sentence in pool:
            sentence = _LEADING_DATE.sub("", sentence)
            if _CAUSE.search(sentence):
                continue
            if (subject := _DOWN.match(sentence)) and subject["name"].split()[0].lower() not in _STOP_WORDS:
                facts.services.append(subject["name"].strip())
                facts.services_guessed = True
                break
    facts.severity, facts.severity_why = _severity(facts, " ".join(pool), config)
    return facts


_CRITICAL = re.compile(r"\b(?:complete|full|total|entire)\s+outage|\bdata\s+loss\b|\bcompletely\s+down\b", re.I)
_MAJOR = re.compile(r"\boutage\b|\bdown\b|\bunavailable\b|\bfailed\b|\bfailures?\b|\bsevere\b|\btimeouts?\b", re.I)
_MODERATE = re.compile(r"\bslow\b|\bdegraded\b|\bdegradation\b|\bdelays?\b|\blatency\b|\berrors?\b", re.I)


def _severity(facts: Facts, text: str, config: Config) -> tuple[str, str]:
    """A level from the share of users and the words of the impact: a guess the writer must confirm."""
    levels = [level.key for level in config.severities]
    share = float(facts.users.rstrip("%")) if facts.users else None
    if (share is not None and share >= 100) or _CRITICAL.search(text):
        rank, why = 0, "from a full outage" if _CRITICAL.search(text) else "from all users affected"
    elif (share is not None and share >= 50) or (share is None and _MAJOR.search(text)):
        rank, why = 1, f"from {facts.users} of users affected" if share is not None else "from an outage for users"
    elif (share is not None and share >= 10) or (share is None and _MODERATE.search(text)):
        rank, why = 2, f"from {facts.users} of users affected" if share is not None else "from a degraded service"
    elif share is not None:
        rank, why = 3, f"from {facts.users} of users affected"
    else:
        rank, why = 2, "the text does not say how bad it was: pick the level"
    return levels[min(rank, len(levels) - 1)], why


def _stamp(moment: Moment) -> str:
    clock = moment.at.strftime("%H:%M")
    parts = [moment.day.isoformat() if moment.day else None, clock, moment.zone]
    return " ".join(part for part in parts if part)


def _scalar(value: str) -> str:
    """A string as YAML reads it back unchanged: double-quoted, escaped by YAML itself."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _printable(text: str) -> bool:
    return text.isprintable() and text == text.strip()


def _front(
    *,
    title: str,
    title_guess: str | None,
    day: date | None,
    today: date,
    start: Moment | None,
    end: Moment | None,
    notes: dict[str, str],
    facts: Facts,
    existing: dict[str, object],
) -> str:
    """The front matter: the contract's fields in its order, each guess with its reason as a `# guess:` comment.

    A value the writer's own front matter already had is kept as it was.
    """

    def guess(why: str | None) -> str:
        return f"  {MARK} {why}" if why else ""

    drafted: dict[str, list[str]] = {"title": [f"title: {_scalar(title)}{guess(title_guess)}"]}
    if day is not None:
        drafted["date"] = [f"date: {day.isoformat()}{guess('the day of the incident: write the day it is published')}"]
    else:
        drafted["date"] = [f"date: {today.isoformat()}{guess('today: write the day it is published')}"]
    drafted["severity"] = [f"severity: {facts.severity}{guess(facts.severity_why)}"]
    if facts.summary and not _printable(facts.summary):
        drafted["summary"] = [f"summary: {_scalar(facts.summary)}"]
    elif facts.summary:
        wrapped = textwrap.wrap(facts.summary, 100, break_long_words=False, break_on_hyphens=False)
        drafted["summary"] = ["summary: >-", *(f"  {line}" for line in wrapped)]
    for name, moment in (("start", start), ("end", end)):
        if moment is not None:
            missing = [
                what for what, absent in (("date", moment.day is None), ("timezone", moment.zone is None)) if absent
            ]
            why = notes.get(name)
            if missing and why:  # otherwise the check says what is missing
                why = (why + "; " if why else "") + f"the text gives no {' and no '.join(missing)}"
            drafted[name] = [f"{name}: {_stamp(moment)}{guess(why)}"]
    if facts.services:
        why = "the subject of the summary's first sentence: name the services" if facts.services_guessed else None
        services = "[" + ", ".join(_scalar(service) for service in facts.services) + "]"
        drafted["services"] = [f"services: {services}{guess(why)}"]
    if facts.users:
        drafted["users_affected"] = [f"users_affected: {facts.users}"]
    if facts.impact:
        drafted["impact"] = [f"impact: {_scalar(facts.impact)}"]
    if facts.root_cause:
        drafted["root_cause"] = [f"root_cause: {_scalar(facts.root_cause)}"]
    for key, value in existing.items():
        if key != "draft" and value is not None:
            dumped = yaml.safe_dump({key: value}, default_flow_style=True, allow_unicode=True, width=10_000)
            drafted[key] = [f"{key}: " + dumped.strip()[1:-1].split(": ", 1)[1]]
    lines = [line for value in drafted.values() for line in value]
    return "\n".join([*lines, "draft: true"]) + "\n"


def import_files(site: Site, files: list[Path], into: Path | None, today: date, out: TextIO) -> int:
    """Write one draft per file; print what each could not find, as the check of the written file says it."""
    folder = into if into is not None else post_folder(site)
    authors = site.authors()
    known = frozenset(authors) if authors is not None else None
    status = 0
    written = []
    for source in files:
        shown = site.display_path(source)
        try:
            raw = source.read_bytes()
        except OSError as error:
            print(
                f"{shown}:1: cannot read the file ({error.strerror}) - give the path of a text or Markdown file",
                file=out,
            )
            status = 1
            continue
        text, problems = decode(shown, raw)
        if text is None:
            for problem in problems:
                print(problem, file=out)
            status = 1
            continue
        drafted = draft(text, site.config, today, source.stem)
        target = folder / f"{drafted.day.isoformat()}-{slugify(drafted.title)}.md"
        if not write_new(target, drafted.text):
            print(
                f"{site.display_path(target)}:1: already exists - nothing written for {shown}:"
                " rename or move that file, or import with --into DIR",
                file=out,
            )
            status = 1
            continue
        print(
            f"hindsight: wrote {site.display_path(target)} from {shown} (a draft: check it, then remove 'draft: true')",
            file=out,
        )
        postmortem = read_postmortem(site.display_path(target), target, site.config, known)
        for problem in sorted(postmortem.problems):
            print(problem, file=out)
        written.append(postmortem)
    if written:
        report = Report.of(written)
        left = len(report.errors) + len(report.warnings)
        noun = "postmortem" if len(written) == 1 else "postmortems"
        print(
            f"hindsight: {len(written)} {noun} imported"
            + (
                f", {left} thing{'s' if left != 1 else ''} to settle (listed above)"
                if left
                else ", nothing left to settle"
            ),
            file=out,
        )
    return status
