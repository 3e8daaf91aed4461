"""The page components: severity badge, key facts, timeline, outage diagram.

Each is a view built from the parsed postmortem, rendered by a Jinja template
with autoescaping, so every writer value is text. Timeline text may hold
inline Markdown (code, emphasis, links); markdown-it renders it with raw HTML
off, so it comes out escaped too. The HTML has no blank lines, so it stays
one raw block when it lands in Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from hindsight.archive.actions import task_counts
from hindsight.archive.published import date_text, incident_day
from hindsight.config import Config
from hindsight.model import Postmortem, Tag, elapsed
from hindsight.page.diagram_svg import static_svg
from hindsight.page.mermaid import diagram_source
from hindsight.reading.times import format_duration
from hindsight.templating import block

_inline = MarkdownIt("commonmark", {"html": False}).disable("image")
"""Timeline text: inline Markdown without raw HTML, and an image is a link (opening a page fetches nothing remote)."""
_DASH = "—"
_TAG_LABELS = {
    Tag.DETECTED: "Detected",
    Tag.ACTION: "Action",
    Tag.MISLEADING: "Detour",
    Tag.ESCALATED: "Escalated",
    Tag.MITIGATED: "Mitigated",
    Tag.RESOLVED: "Resolved",
}


class ComponentError(ValueError):
    """A macro used wrongly in a page; `hint` says how to use it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Badge:
    key: str
    label: str
    meaning: str
    colour: str
    ink: str
    icon: str


def badge(key: str, config: Config) -> Badge:
    level = config.severity(key)
    if level is None:
        known = ", ".join(s.key for s in config.severities)
        raise ComponentError(f"severity_badge: unknown severity {key!r}", f"use one of {known}")
    rank = config.severities.index(level) + 1
    return Badge(level.key, level.label, level.meaning, level.colour, level.ink, f"rank{min(rank, 4)}")


@lru_cache(maxsize=256)
def badge_html(key: str, config: Config) -> Markup:
    """A level's badge; the same few badges appear thousands of times in a large site, so each is made once."""
    return block("badge.html", badge=badge(key, config))


def _moment(when: datetime | None, zone_of: datetime | None) -> str:
    if when is None:
        return _DASH
    local = when.astimezone(zone_of.tzinfo) if zone_of is not None else when
    return f"{local.day} {local:%B %Y, %H:%M %Z}".strip()


def _span(delta: timedelta | None) -> str:
    return format_duration(delta) if delta is not None else _DASH


def _percent(value: float | None) -> str:
    return _DASH if value is None else f"{value:g}%"


def _names(ids: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids) or _DASH


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class FactsView:
    numbers: list[Item]
    details: list[Item]


def facts_view(postmortem: Postmortem, config: Config, authors: Mapping[str, str]) -> FactsView:
    facts = postmortem.facts
    start = facts.start
    level = config.severity(postmortem.facts.severity)
    numbers = [
        Item("Duration", _span(facts.duration)),
        Item("Users affected", _percent(facts.users_affected)),
        Item("Time to detect", _span(postmortem.time_to_detect)),
        Item("Time to mitigate", _span(postmortem.time_to_mitigate)),
        Item("Time to resolve", _span(postmortem.time_to_resolve)),
    ]
    details = [
        Item("Severity", level.text if level else (facts.severity or _DASH)),
        Item("Start", _moment(start, start)),
        Item("End", _moment(facts.end, start)),
        Item("Services", ", ".join(facts.services) or _DASH),
        Item("Impact", facts.impact or _DASH),
        Item("Root cause", facts.root_cause or _DASH),
        Item("Authors", _names(facts.authors, authors)),
        Item(
            "Reviewed by", _names(facts.reviewers, authors) + (f" on {_day(facts.reviewed)}" if facts.reviewed else "")
        ),
    ]
    if facts.factors:
        details.insert(6, Item("Contributing factors", ", ".join(factor_labels(facts.factors, config))))
    return FactsView(numbers, details)


def facts_html(postmortem: Postmortem, config: Config, authors: Mapping[str, str]) -> Markup:
    return block("facts.html", facts=facts_view(postmortem, config, authors))


@dataclass(frozen=True)
class Event:
    kind: str
    label: str
    iso: str
    clock: str
    day: str | None
    offset: str
    offset_title: str
    html: Markup


def _offset(delta: timedelta) -> tuple[str, str]:
    if delta < timedelta(0):
        return f"T−{format_duration(-delta)}", f"{format_duration(-delta)} before impact began"
    return f"T+{format_duration(delta)}", f"{format_duration(delta)} after impact began"


def timeline_view(postmortem: Postmortem) -> list[Event]:
    start = postmortem.facts.start
    previous: date | None = start.date() if start is not None else None
    events: list[Event] = []
    for entry in postmortem.timeline:
        local = entry.when.astimezone(start.tzinfo) if start is not None else entry.when
        day = f"{local:%a} {local.day} {local:%b}" if local.date() != previous else None
        previous = local.date()
        offset, title = _offset(elapsed(start, entry.when)) if start is not None else ("", "")
        kind = entry.tag.value if entry.tag else "update"
        events.append(
            Event(
                kind=kind,
                label=_TAG_LABELS[entry.tag] if entry.tag else "Update",
                iso=entry.when.isoformat(),
                clock=f"{local:%H:%M %Z}".strip(),
                day=day,
                offset=offset,
                offset_title=title,
                html=Markup(_inline.renderInline(entry.text)),
            )
        )
    return events


def timeline_html(postmortem: Postmortem) -> Markup:
    return block("timeline.html", events=timeline_view(postmortem))


def diagram_html(postmortem: Postmortem) -> Markup | None:
    source = diagram_source(postmortem)
    if source is None:
        return None
    caption = (
        "Outage diagram: impact, detection, investigation (dashed: detours), escalation, mitigation and resolution."
    )
    return block("diagram.html", source=source, caption=caption, static=static_svg(postmortem))


_TASK_BOX = re.compile(r'<input type="checkbox"(?P<attrs>[^>]*?)(?P<end>\s*/?>)')


def label_task_boxes(html: str) -> str:
    """Name the checkboxes pymdownx.tasklist draws, which have no label of their own (axe-core: label)."""

    def named(match: re.Match[str]) -> str:
        attrs = match["attrs"]
        if "aria-label" in attrs:
            return match[0]
        state = "Done" if re.search(r"\bchecked\b", attrs) else "Open"
        return f'<input type="checkbox" aria-label="{state}"{attrs}{match["end"]}'

    return _TASK_BOX.sub(named, html) if 'type="checkbox"' in html else html


_TASK_ITEM = re.compile(r'(<li class="task-list-item">)(.*?)(</li>)', re.S)
_CODE = re.compile(r"(<code\b.*?</code>)", re.S)
_OWNER_TOKEN = re.compile(r"(?<![\w`/.@])@(?P<owner>[\w][\w.\-]*?)(?![\w.\-])")
_DUE_TOKEN = re.compile(r"(?<![\w])due:(?P<due>\d{4}-\d{2}-\d{2})(?![\w-])")


def spell_task_tokens(html: str, postmortem: Postmortem, authors: Mapping[str, str]) -> str:
    """A task's `@owner` and `due:YYYY-MM-DD` as words (owner's name, a date), on screen and on paper.

    Only owners and dates the checker read from the postmortem's own tasks are
    spelt out, and never inside code.
    """
    owners = {task.owner for task in postmortem.tasks if task.owner}
    dues = {task.due.isoformat(): task.due for task in postmortem.tasks if task.due}
    if not (owners or dues) or "task-list-item" not in html:
        return html

    def owner(match: re.Match[str]) -> str:
        name = match["owner"]
        if name not in owners:
            return match[0]
        return f'<span class="hs-task__owner" title="@{name}">owner: {escape(authors.get(name, name))}</span>'

    def due(match: re.Match[str]) -> str:
        day = dues.get(match["due"])
        if day is None:
            return match[0]
        return f'<span class="hs-task__due">due <time datetime="{day.isoformat()}">{date_text(day)}</time></span>'

    def item(match: re.Match[str]) -> str:
        parts = _CODE.split(match[2])
        words = [
            part if index % 2 else _DUE_TOKEN.sub(due, _OWNER_TOKEN.sub(owner, part))
            for index, part in enumerate(parts)
        ]
        return match[1] + "".join(words) + match[3]

    return _TASK_ITEM.sub(item, html)


def title_heading(title: str) -> str:
    """A Markdown H1 whose text is shown exactly as typed: punctuation becomes numeric entities."""
    safe = "".join(ch if ch.isalnum() or ch == " " else f"&#{ord(ch)};" for ch in " ".join(title.split()))
    return f"# {safe}"


def factor_labels(keys: Sequence[str], config: Config) -> list[str]:
    """The configured label of each factor key (the key itself if the scale no longer has it)."""
    return [factor.label if (factor := config.factor(key)) else key for key in keys]


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def masthead_html(postmortem: Postmortem, config: Config, *, badge: Markup | None, facts: Markup | None) -> Markup:
    """What a reader sees first: badge, the incident's date, the summary for executives, and the key facts.

    The date under the title is the day the incident began (its own timezone);
    the publication date is in the blog's post metadata beside it and in the feed.
    """
    level = config.severity(postmortem.facts.severity)
    day = incident_day(postmortem)
    return block(
        "masthead.html",
        key=level.key if level else "",
        colour=level.colour if level else None,
        ink=level.ink if level else None,
        badge=badge,
        day={"iso": day.isoformat(), "text": date_text(day)} if day else None,
        summary=postmortem.facts.summary,
        services=postmortem.facts.services,
        factors=factor_labels(postmortem.facts.factors, config),
        actions=task_counts(postmortem) if postmortem.tasks else None,
        facts=facts or "",
    )
