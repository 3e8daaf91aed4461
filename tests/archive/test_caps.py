"""What one postmortem can add to the stats page and the feed is bounded by the core's limits."""

from __future__ import annotations

from datetime import date

from hindsight.archive.stats import compute_stats
from hindsight.config import DEFAULT
from hindsight.limits import MAX_FEED_ENTRIES, MAX_QUARTERS, MAX_SERVICES, MAX_TEXT_CHARS
from hindsight.sharing.feed import FeedEntry, feed_entry, feed_xml
from tests.conftest import VALID, mutate, parse


def test_a_far_off_incident_draws_at_most_max_quarters() -> None:
    early, late = parse(VALID), parse(VALID)
    assert late.facts.start is not None and late.facts.end is not None
    late.facts.start, late.facts.end = late.facts.start.replace(year=2999), late.facts.end.replace(year=2999)
    stats = compute_stats([early, late], DEFAULT)
    assert len(stats.quarters) == MAX_QUARTERS
    assert stats.quarters[-1].quarter.year == 2999
    assert stats.total == 2


def test_one_postmortem_adds_bounded_text_to_the_feed() -> None:
    text = mutate(
        "services: [checkout, product catalog, storefront]",
        "services: [" + ", ".join(f"s{index}" for index in range(500)) + "]",
    )
    postmortem = parse(text)
    postmortem.facts.summary = "word " * 100_000
    entry = feed_entry(postmortem, DEFAULT, "https://x.example/p/")
    assert entry is not None
    assert len(entry.summary) <= MAX_TEXT_CHARS
    assert len([c for c in entry.categories if c[0] == "service"]) == MAX_SERVICES


def test_the_feed_holds_the_newest_entries_only() -> None:
    entries = [FeedEntry(f"t{n}", f"https://x.example/{n}/", "s", date(2024, 1, 1 + n % 28), ()) for n in range(500)]
    xml = feed_xml("Site", "https://x.example/", "d", "https://x.example/feed.xml", entries)
    assert xml.count(b"<item>") == MAX_FEED_ENTRIES
