"""What leaves the site, drawn during the build: link-preview tags with their social cards, and the feed.

The tags, cards and feed themselves are the core's (`hindsight.sharing`); this
module only knows where MkDocs keeps the site, the page URLs and the config.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from hindsight.mkdocs.handoff import Build
from hindsight.model import Postmortem
from hindsight.sharing.cards import card_path, render_card, render_site_card
from hindsight.sharing.export import export_json, postmortem_record
from hindsight.sharing.feed import feed_entries, feed_xml
from hindsight.sharing.previews import absolute_url, meta_html, postmortem_meta, site_meta

CARDS = "assets/cards"
CARD_CACHE = Path(".cache/hindsight/cards")
FEED = "feed.xml"


def preview_tags(build: Build, page: Page, config: MkDocsConfig, postmortem: Postmortem | None) -> Markup:
    """Link-preview tags, with the page's social card drawn (or taken from the cache) on the way."""
    settings = build.config
    site_name, site_url = config.site_name, config.site_url
    description = config.site_description or ""
    cards = settings.cards and not build.serving  # serve draws none: a preview needs the published site
    if postmortem is not None:
        card = card_path(CARDS, page.url) if cards else None
        if card is not None:
            out = Path(config.site_dir) / card
            build.cards.count(render_card(postmortem, settings, site_name, out, build.root / CARD_CACHE))
        return Markup(meta_html(postmortem_meta(postmortem, settings, site_name, site_url, page.url, card)))
    card = f"{CARDS}/site.png" if cards else None
    if card is not None and not build.cards.site_card:
        render_site_card(site_name, description, Path(config.site_dir) / card, build.root / CARD_CACHE)
        build.cards.site_card = True
    title = None if page.is_homepage else page.title
    return Markup(meta_html(site_meta(site_name, description, site_url, page.url, card, title)))


def write_feed(build: Build, config: MkDocsConfig) -> None:
    """feed.xml: published postmortems, newest first; it needs site_url for its absolute links."""
    site_url = config.site_url
    if not site_url:
        return
    pairs = [
        (postmortem, absolute_url(site_url, build.urls[src]))
        for src, postmortem in build.postmortems.items()
        if src in build.urls
    ]
    entries = feed_entries(pairs, build.config)
    xml = feed_xml(config.site_name, site_url, config.site_description or "", absolute_url(site_url, FEED), entries)
    (Path(config.site_dir) / FEED).write_bytes(xml)


def write_exports(build: Build, config: MkDocsConfig) -> None:
    """Each published postmortem as JSON beside its page: `postmortems/<name>/index.json`."""
    repeats, today = build.found_repeats(), date.today()
    for src, postmortem in build.postmortems.items():
        url = build.urls.get(src)
        if url is None or not url.endswith("/") or postmortem.is_draft or postmortem.problems:
            continue
        record = postmortem_record(
            postmortem,
            build.config,
            today,
            repeats.before.get(postmortem.path, ()),
            repeats.again.get(postmortem.path, ()),
            absolute_url(config.site_url, url) if config.site_url else url,
        )
        target = Path(config.site_dir) / url / "index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(export_json(record), encoding="utf-8")
