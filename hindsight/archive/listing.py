"""Browse postmortems by severity and by service: static filters, no script.

Each severity and each service gets an anchored list on the browse page; the
chips at the top (and on the home page) link to those anchors, so a reader
filters with a click, and the page works without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from hindsight.archive.actions import Link
from hindsight.archive.published import date_text, incident_day, published
from hindsight.config import Config
from hindsight.model import Postmortem
from hindsight.page.components import badge_html
from hindsight.reading.times import format_duration
from hindsight.templating import block


def anchor(kind: str, name: str) -> str:
    """A stable id for a filter: `service-product-catalog`, `severity-sev1`."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"
    return f"{kind}-{slug}"


@dataclass(frozen=True)
class Row:
    url: str
    title: str
    date: str
    """The incident's day, ISO (for `datetime`)."""
    day: str
    """The same day as readers see it: `15 August 2024`."""
    duration: str
    badge: Markup | None


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    badge: Markup | None
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Browse:
    severities: tuple[Group, ...]
    services: tuple[Group, ...]
    factors: tuple[Group, ...] = ()
    """Configured contributing factors that some published postmortem names, in the configured order."""


def browse(postmortems: Iterable[Postmortem], config: Config, links: Mapping[str, Link]) -> Browse:
    """Published postmortems grouped by severity (scale order) and by service (A to Z), newest first."""
    counted = sorted(published(postmortems), key=lambda p: (p.facts.date or date.min, p.path), reverse=True)
    rows: dict[str, Row] = {}
    for postmortem in counted:
        link = links.get(postmortem.path)
        if link is None:
            continue
        facts = postmortem.facts
        level = config.severity(facts.severity)
        rows[postmortem.path] = Row(
            url=link.url,
            title=link.title,
            date=day.isoformat() if (day := incident_day(postmortem)) else "",
            day=date_text(day) if day else "",
            duration=format_duration(facts.duration) if facts.duration else "",
            badge=badge_html(level.key, config) if level else None,
        )
    by_level = []
    for level in config.severities:
        members = tuple(
            rows[p.path] for p in counted if p.path in rows and (p.facts.severity or "").lower() == level.key.lower()
        )
        by_level.append(Group(anchor("severity", level.key), level.text, badge_html(level.key, config), members))
    services: dict[str, tuple[str, list[Row]]] = {}
    for postmortem in counted:
        if postmortem.path not in rows:
            continue
        for service in dict.fromkeys(s.strip() for s in postmortem.facts.services):
            services.setdefault(service.lower(), (service, []))[1].append(rows[postmortem.path])
    by_service = tuple(
        Group(anchor("service", name), name, None, tuple(members)) for _, (name, members) in sorted(services.items())
    )
    by_factor = []
    for factor in config.factors:
        members = tuple(rows[p.path] for p in counted if p.path in rows and factor.key in p.facts.factors)
        if members:
            by_factor.append(Group(anchor("factor", factor.key), factor.label, None, members))
    return Browse(tuple(by_level), by_service, tuple(by_factor))


def browse_html(view: Browse) -> Markup:
    return block("browse.html", view=view)


def chips_html(view: Browse, base: str, folded: bool = False) -> Markup:
    """The filter chips alone, linking to the browse page at `base`; `folded`: behind one control (the home page)."""
    return block("chips.html", view=view, base=base, folded=folded)
