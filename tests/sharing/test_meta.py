from __future__ import annotations

from html.parser import HTMLParser

import pytest

from hindsight import DEFAULT
from hindsight.sharing.previews import absolute_url, meta_html, postmortem_meta, site_meta
from tests.conftest import VALID, mutate, parse

SITE = "https://postmortems.example.org/blog/"


class Tags(HTMLParser):
    """Every head tag as (tag, key, value), attribute values unescaped as a browser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, str, str]] = []
        self.others: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name") or ""
            self.tags.append((tag, key, values.get("content") or ""))
        elif tag == "link":
            self.tags.append((tag, values.get("rel") or "", values.get("href") or ""))
        else:
            self.others.append(tag)

    def get(self, key: str) -> list[str]:
        return [value for _, k, value in self.tags if k == key]

    def one(self, key: str) -> str:
        values = self.get(key)
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


@pytest.mark.parametrize(
    ("site", "url", "expected"),
    [
        ("https://x.org/", "postmortems/a/", "https://x.org/postmortems/a/"),
        ("https://x.org/blog", "postmortems/a/", "https://x.org/blog/postmortems/a/"),
        ("https://x.org/blog/", "/postmortems/a/", "https://x.org/blog/postmortems/a/"),
        ("https://x.org/blog/", "", "https://x.org/blog/"),
        ("https://x.org/blog/", "assets/cards/a.png", "https://x.org/blog/assets/cards/a.png"),
        ("https://x.org/", "https://cdn.example/a.png", "https://cdn.example/a.png"),
        ("https://x.org/", "//evil.example/a", "https://x.org/evil.example/a"),  # never another host
    ],
)
def test_absolute_url(site: str, url: str, expected: str) -> None:
    assert absolute_url(site, url) == expected


def test_postmortem_tags() -> None:
    postmortem = parse(VALID)
    meta = postmortem_meta(
        postmortem,
        DEFAULT,
        "Acme Postmortems",
        SITE,
        "postmortems/2024-08-15-checkout/",
        "assets/cards/2024-08-15-checkout.png",
    )
    tags = Tags(meta_html(meta))
    summary = "A new product-catalog query without a supporting index pinned database CPU during the afternoon peak, and three in four shoppers hit timeouts for over three hours."
    page = SITE + "postmortems/2024-08-15-checkout/"
    card = SITE + "assets/cards/2024-08-15-checkout.png"
    expected = {
        "description": summary,
        "canonical": page,
        "og:type": "article",
        "og:site_name": "Acme Postmortems",
        "og:title": "Checkout crawled for three hours",
        "og:description": summary,
        "og:url": page,
        "og:image": card,
        "og:image:type": "image/png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "article:published_time": "2024-08-16",
        "twitter:card": "summary_large_image",
        "twitter:title": "Checkout crawled for three hours",
        "twitter:description": summary,
        "twitter:image": card,
    }
    assert {key: tags.one(key) for key in expected} == expected
    assert (
        tags.one("og:image:alt")
        == "Checkout crawled for three hours (SEV1 · Critical; lasted 3h 15m; 75% of users; services: checkout, product catalog, storefront)"
    )
    assert tags.get("article:tag") == ["postgres", "performance", "indexing", "checkout"]
    assert tags.others == []


@pytest.mark.parametrize(
    "title",
    [
        """'<script>alert("x")</script> & friends'""",
        """'Quotes "double" and ''single'' & <b>bold</b>'""",
        """'&amp; already &lt;escaped&gt;'""",
    ],
)
def test_values_are_escaped_for_attributes(title: str) -> None:
    postmortem = parse(mutate("title: Checkout crawled for three hours", f"title: {title}"))
    raw = postmortem.facts.title
    assert raw is not None and raw.startswith(("<script>", "Quotes", "&amp;"))
    html = meta_html(
        postmortem_meta(postmortem, DEFAULT, 'Site "A" & <B>', SITE, "postmortems/a/?q=1&r=2", "cards/a.png")
    )
    tags = Tags(html)
    for key in ("og:title", "twitter:title"):
        assert tags.one(key) == raw  # round-trips exactly: escaped once, not twice, not broken
    assert tags.one("og:site_name") == 'Site "A" & <B>'
    assert tags.one("og:url") == SITE + "postmortems/a/?q=1&r=2"
    assert "<script>" not in html and "<b>" not in html and "<B>" not in html
    assert tags.others == []  # nothing broke out of an attribute into a tag
    assert len(tags.tags) == html.count("<meta") + html.count("<link")


def test_site_card_variant() -> None:
    meta = site_meta(
        "Acme Postmortems", "What broke,\n  and why.", SITE, "stats/", "assets/cards/site.png", title="Stats"
    )
    tags = Tags(meta_html(meta))
    assert tags.one("og:type") == "website"
    assert tags.one("og:title") == "Stats"
    assert tags.one("og:description") == "What broke, and why."
    assert tags.one("og:image") == SITE + "assets/cards/site.png"
    assert tags.one("og:url") == SITE + "stats/"
    assert tags.get("article:published_time") == [] and tags.get("article:tag") == []
    assert site_meta("Acme", "", SITE, "", None).title == "Acme"


def test_without_site_url_no_relative_urls_are_emitted() -> None:
    meta = postmortem_meta(parse(VALID), DEFAULT, "Acme", None, "postmortems/a/", "cards/a.png")
    tags = Tags(meta_html(meta))
    for key in ("canonical", "og:url", "og:image", "og:image:width", "twitter:image"):
        assert tags.get(key) == [], key
    assert tags.one("twitter:card") == "summary"
    assert tags.one("og:title") == "Checkout crawled for three hours"
