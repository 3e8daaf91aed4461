from __future__ import annotations

import pytest

from hindsight import DEFAULT
from hindsight.archive.entry import (
    ENTRY_BYTES,
    SUMMARY_CHARS,
    entry_html,
    entry_id,
    entry_markdown,
    entry_view,
    shorten,
)
from tests.conftest import VALID, mutate, parse


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("  spaced   out\ntext ", 40, "spaced out text"),
        ("the database was slow", 15, "the database…"),
        ("one, two, three", 12, "one, two…"),
        ("Supercalifragilistic", 8, "Superca…"),  # no space: cut inside the only word
    ],
)
def test_shorten_cuts_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("postmortems/2024-08-15-checkout.md", "pm-postmortems-2024-08-15-checkout"),
        ("postmortems/2025/a b.md", "pm-postmortems-2025-a-b"),
        ("postmortems/é.md", "pm-postmortems"),
    ],
)
def test_entry_ids_are_plain_and_from_the_file(src: str, expected: str) -> None:
    assert entry_id(src) == expected


def test_the_entry_has_the_masthead_facts_and_never_the_body() -> None:
    postmortem = parse(VALID)
    view = entry_view(postmortem, DEFAULT)
    assert (view.key, view.day, view.duration, view.users) == ("SEV1", "15 August 2024", "3h 15m", "75% of users")
    assert view.services == ("checkout", "product catalog", "storefront")
    html = entry_html(postmortem, DEFAULT)
    for text in ("SEV1", "Incident", "15 August 2024", "Lasted", "3h 15m", "75% of users", "storefront"):
        assert text in html
    assert 'datetime="2024-08-15"' in html
    assert "ninety minutes" not in html and "<h2" not in html and " id=" not in html


def test_an_entry_is_bounded_whatever_the_postmortem_holds() -> None:
    text = mutate(
        "services: [checkout, product catalog, storefront]",
        "services: [" + ", ".join(f"service {'x' * 90} {n}" for n in range(40)) + "]",
    )
    text = mutate(
        "  during the afternoon peak,", "  during the afternoon peak," + " and then it went on" * 400 + ",", text
    )
    text = mutate("title: Checkout crawled for three hours", "title: " + "Checkout crawled " * 200, text)
    postmortem = parse(text)
    html = entry_html(postmortem, DEFAULT)
    assert len(entry_view(postmortem, DEFAULT).summary) <= SUMMARY_CHARS
    assert "+35 more" in html
    markdown = entry_markdown(postmortem.facts.title, "pm-x", str(html), "<!-- more -->")
    assert len(markdown.encode("utf-8")) < ENTRY_BYTES


def test_the_entry_markdown_ends_with_the_cut_and_text_after_it() -> None:
    markdown = entry_markdown("Down, again", "pm-a", "<!--slot-->", "<!-- more -->")
    assert markdown.startswith("# Down&#44; again {#pm-a}\n\n<!--slot-->\n\n<!-- more -->")
    _, after = markdown.split("<!-- more -->")
    assert after.strip(), "text after the cut makes the blog link to the whole post"
    assert entry_markdown(None, "pm-a", "<!--slot-->", "<!-- more -->").startswith("<!--slot-->")
