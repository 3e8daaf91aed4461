"""Link-preview tags: what chat apps and social sites show when a postmortem is shared.

OpenGraph and Twitter need absolute URLs, so every URL is joined onto the
site's `site_url` here, once. Values go through an autoescaping template, so a
title with quotes, `&` or markup cannot break out of its attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from hindsight.archive.published import users_text
from hindsight.config import Config
from hindsight.lines import one_line
from hindsight.model import Postmortem
from hindsight.reading.times import format_duration
from hindsight.templating import template

CARD_WIDTH = 1200
CARD_HEIGHT = 630


def absolute_url(site_url: str, url: str) -> str:
    """`url` as MkDocs gives it (site-relative, e.g. `postmortems/x/`) made absolute.

    A leading `/` is taken as relative to the site, not to the host, so a site
    served under a sub-path (`https://example.org/blog/`) keeps its path.
    An already absolute URL is returned as it is.
    """
    if urlsplit(url).scheme:
        return url
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, url.lstrip("/"))


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    site_name: str
    type: str  # "article" for a postmortem, "website" for any other page
    url: str | None  # absolute; None when the site has no site_url
    image: str | None  # absolute URL of the 1200x630 card
    image_alt: str
    published: date | None = None
    tags: tuple[str, ...] = ()


def card_alt(postmortem: Postmortem, config: Config) -> str:
    """What the card shows, in words, for people who cannot see it."""
    facts = postmortem.facts
    parts: list[str] = []
    if facts.severity:
        level = config.severity(facts.severity)
        parts.append(level.text if level else facts.severity)
    duration = facts.duration
    if duration is not None:
        parts.append(f"lasted {format_duration(duration)}")
    users = users_text(facts.users_affected)
    if users:
        parts.append(users)
    if facts.services:
        parts.append("services: " + ", ".join(facts.services))
    title = one_line(facts.title) or "Postmortem"
    return f"{title}" + (f" ({'; '.join(parts)})" if parts else "")


def postmortem_meta(
    postmortem: Postmortem, config: Config, site_name: str, site_url: str | None, page_url: str, card_url: str | None
) -> PageMeta:
    """Tags for a postmortem's page; `page_url` and `card_url` as MkDocs gives them (site-relative)."""
    facts = postmortem.facts
    return PageMeta(
        title=one_line(facts.title) or postmortem.path,
        description=one_line(facts.summary),
        site_name=site_name,
        type="article",
        url=absolute_url(site_url, page_url) if site_url else None,
        image=absolute_url(site_url, card_url) if site_url and card_url else None,
        image_alt=card_alt(postmortem, config),
        published=facts.date,
        tags=tuple(facts.tags),
    )


def site_meta(
    site_name: str,
    description: str,
    site_url: str | None,
    page_url: str,
    card_url: str | None,
    title: str | None = None,
) -> PageMeta:
    """Tags for any other page (home, stats, action items), with the site's card."""
    return PageMeta(
        title=one_line(title) or site_name,
        description=one_line(description),
        site_name=site_name,
        type="website",
        url=absolute_url(site_url, page_url) if site_url else None,
        image=absolute_url(site_url, card_url) if site_url and card_url else None,
        image_alt=f"{site_name}: {one_line(description)}" if description.strip() else site_name,
    )


def meta_html(meta: PageMeta) -> str:
    """The `<head>` tags: description and canonical link, then Open Graph and Twitter's."""
    return template("meta.html").render(meta=meta, width=CARD_WIDTH, height=CARD_HEIGHT)
