"""An RSS 2.0 feed of published postmortems, with the severity as a category.

Built with ElementTree, so every value from a postmortem is escaped as XML
text; feed readers get the summary as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree

from hindsight.archive.published import is_published
from hindsight.config import Config
from hindsight.limits import MAX_FEED_ENTRIES, MAX_SERVICES, MAX_TEXT_CHARS
from hindsight.model import Postmortem


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    summary: str
    published: date
    categories: tuple[tuple[str, str], ...]
    """(domain, name): the severity and every service."""


def feed_entry(postmortem: Postmortem, config: Config, url: str) -> FeedEntry | None:
    """The feed item of a postmortem, or None when it lacks a title or date."""
    facts = postmortem.facts
    if not facts.title or facts.date is None:
        return None
    level = config.severity(facts.severity)
    categories = [("severity", level.text)] if level else []
    categories += [("service", service[:MAX_TEXT_CHARS]) for service in facts.services[:MAX_SERVICES]]
    summary = " ".join((facts.summary or "")[: MAX_TEXT_CHARS * 2].split())[:MAX_TEXT_CHARS]
    return FeedEntry(facts.title[:MAX_TEXT_CHARS], url, summary, facts.date, tuple(categories))


def feed_entries(postmortems: Iterable[tuple[Postmortem, str]], config: Config) -> list[FeedEntry]:
    """The items of the published postmortems among (postmortem, absolute URL) pairs."""
    entries = []
    for postmortem, url in postmortems:
        entry = feed_entry(postmortem, config, url) if is_published(postmortem) else None
        if entry is not None:
            entries.append(entry)
    return entries


def feed_xml(site_name: str, site_url: str, description: str, feed_url: str, entries: Sequence[FeedEntry]) -> bytes:
    """The feed document, newest postmortem first."""
    ElementTree.register_namespace("atom", "http://www.w3.org/2005/Atom")
    rss = ElementTree.Element("rss", {"version": "2.0"})
    channel = ElementTree.SubElement(rss, "channel")
    _text(channel, "title", site_name)
    _text(channel, "link", site_url)
    _text(channel, "description", description or site_name)
    ElementTree.SubElement(
        channel, "{http://www.w3.org/2005/Atom}link", {"href": feed_url, "rel": "self", "type": "application/rss+xml"}
    )
    ordered = sorted(entries, key=lambda e: (e.published, e.url), reverse=True)[:MAX_FEED_ENTRIES]
    if ordered:
        _text(channel, "lastBuildDate", _rfc822(ordered[0].published))
    for entry in ordered:
        item = ElementTree.SubElement(channel, "item")
        _text(item, "title", entry.title)
        _text(item, "link", entry.url)
        ElementTree.SubElement(item, "guid", {"isPermaLink": "true"}).text = entry.url
        _text(item, "description", entry.summary)
        _text(item, "pubDate", _rfc822(entry.published))
        for domain, name in entry.categories:
            ElementTree.SubElement(item, "category", {"domain": domain}).text = name
    body: bytes = ElementTree.tostring(rss, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text


def _rfc822(day: date) -> str:
    return format_datetime(datetime.combine(day, time(0, 0), UTC))
