"""A postmortem as a listing shows it (home, archive, category pages): its masthead, never its body.

Whatever the writer put before `<!-- more -->` (or without one, the whole
post), a listing carries the same compact entry: badge, incident date,
duration, share of users, services, summary and a link to read on. Every
value is bounded, so an entry stays under `ENTRY_BYTES` of HTML whatever the
postmortem holds (a 2 MB log appendix included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from hindsight.archive.published import date_text, incident_day, users_text
from hindsight.colour import ink
from hindsight.config import Config
from hindsight.model import Postmortem
from hindsight.page.components import badge_html, factor_labels, title_heading
from hindsight.reading.times import format_duration
from hindsight.templating import block

ENTRY_BYTES = 4096
"""The most HTML one entry adds to a listing page (tested with a 2 MB postmortem)."""
SUMMARY_CHARS = 320
TITLE_CHARS = 160
SERVICES_SHOWN = 5
SERVICE_CHARS = 40
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0] or words[: limit - 1]
    return cut.rstrip(" ,.;:-") + "…"


@dataclass(frozen=True)
class EntryView:
    key: str
    colour: str | None
    ink: str | None
    badge: Markup | None
    day_iso: str | None
    day: str | None
    duration: str | None
    users: str | None
    services: tuple[str, ...]
    more_services: int
    summary: str
    factors: tuple[str, ...] = ()
    """Labels of the contributing factors named."""


def entry_view(postmortem: Postmortem, config: Config) -> EntryView:
    facts = postmortem.facts
    level = config.severity(postmortem.facts.severity)
    day = incident_day(postmortem)
    services = [shorten(service, SERVICE_CHARS) for service in facts.services]
    return EntryView(
        key=level.key if level else "",
        colour=level.colour if level else None,
        ink=ink(level.colour) if level else None,
        badge=badge_html(level.key, config) if level else None,
        day_iso=day.isoformat() if day else None,
        day=date_text(day) if day else None,
        duration=format_duration(facts.duration) if facts.duration is not None else None,
        users=users_text(facts.users_affected),
        services=tuple(services[:SERVICES_SHOWN]),
        more_services=max(0, len(services) - SERVICES_SHOWN),
        summary=shorten(facts.summary or "", SUMMARY_CHARS),
        factors=tuple(shorten(label, SERVICE_CHARS) for label in factor_labels(facts.factors, config)),
    )


def entry_html(postmortem: Postmortem, config: Config) -> Markup:
    return block("entry.html", entry=entry_view(postmortem, config))


def entry_id(src_uri: str) -> str:
    """An id for the entry's heading, from the file's place in the docs (unique where titles may repeat)."""
    stem = src_uri.rsplit(".", 1)[0]
    return "pm-" + (_NOT_ID.sub("-", stem).strip("-") or "postmortem")


def entry_markdown(title: str | None, heading_id: str, entry: str, separator: str) -> str:
    """The Markdown a listing converts for this postmortem: its heading, its entry, then the cut.

    Text after the separator makes the blog show its "Continue reading" link.
    """
    head = f"{title_heading(shorten(title, TITLE_CHARS))} {{#{heading_id}}}\n\n" if title else ""
    return f"{head}{entry}\n\n{separator}\n\n<!-- the rest is on the post's own page -->\n"
