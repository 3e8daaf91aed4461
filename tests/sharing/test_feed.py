"""The feed: published postmortems only, newest first, every value escaped as XML text."""

from __future__ import annotations

from xml.etree import ElementTree

from hindsight import DEFAULT, parse_postmortem
from hindsight.model import Postmortem
from hindsight.sharing.feed import feed_entries, feed_entry, feed_xml
from tests.conftest import AUTHORS, VALID, mutate


def named(name: str, text: str = VALID) -> Postmortem:
    return parse_postmortem(f"docs/postmortems/{name}.md", text.encode(), DEFAULT, AUTHORS)


def test_only_published_postmortems_are_items() -> None:
    draft = named("draft", mutate("date: 2024-08-16\n", "date: 2024-08-16\ndraft: true\n"))
    broken = named("broken", mutate("severity: SEV1\n", "severity: SEV9\n"))
    good = named("good")
    entries = feed_entries([(p, f"https://x.org/{p.path}") for p in (draft, broken, good)], DEFAULT)
    assert [entry.url for entry in entries] == ["https://x.org/docs/postmortems/good.md"]


def test_an_item_carries_severity_and_services_as_categories() -> None:
    entry = feed_entry(named("good"), DEFAULT, "https://x.org/good/")
    assert entry is not None
    assert entry.categories[0] == ("severity", "SEV1 · Critical")
    assert ("service", "checkout") in entry.categories
    assert "\n" not in entry.summary and entry.summary.startswith("A new product-catalog")


def test_no_title_no_item() -> None:
    untitled = named("untitled", mutate("title: Checkout crawled for three hours\n", ""))
    assert feed_entry(untitled, DEFAULT, "https://x.org/u/") is None


def test_the_document_is_rss_newest_first_and_escaped() -> None:
    old = named("old", mutate("date: 2024-08-16\n", "date: 2023-03-01\n"))
    evil = named("evil", mutate("title: Checkout crawled for three hours\n", "title: '<b>&</b>'\n"))
    entries = [
        e
        for e in (feed_entry(old, DEFAULT, "https://x.org/old/"), feed_entry(evil, DEFAULT, "https://x.org/evil/"))
        if e
    ]
    xml = feed_xml("Site <&>", "https://x.org/", "", "https://x.org/feed.xml", entries)
    root = ElementTree.fromstring(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert [item.findtext("link") for item in items] == ["https://x.org/evil/", "https://x.org/old/"]
    assert items[0].findtext("title") == "<b>&</b>", "XML text, escaped by ElementTree and read back as typed"
    assert root.findtext("channel/title") == "Site <&>"
    assert root.findtext("channel/description") == "Site <&>", "an empty description falls back to the site name"
