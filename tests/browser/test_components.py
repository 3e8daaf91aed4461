"""The page components, by their HTML contract: badge, key facts, timeline, diagram.

Contract: `.hs-badge` (severity key in its text, a `title`), `.hs-facts` (with the
duration), `ol.hs-timeline` (one `li` per timeline bullet, `data-tag` on tagged
ones), all three in the first viewport; a Mermaid diagram rendered from the
site's own copy of Mermaid, never from a CDN, and no Mermaid on pages without one.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator

from .conftest import DESKTOP, EXAMPLE, EXAMPLES, Example, Served, Tabs, read_example

CHECKOUT = read_example(EXAMPLE)
MERMAID_URL = "/assets/javascripts/mermaid.min.js"


def one(locator: Locator, what: str) -> Locator:
    """The first match, failing at once (not after a timeout) when there is none."""
    assert locator.count() > 0, f"no {what} on the page"
    return locator.first


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_severity_badge(served: Served, views: Tabs, example: Example) -> None:
    page = views.view(served, example.url).page
    badge = one(page.locator(".hs-badge"), ".hs-badge")
    assert badge.is_visible(), ".hs-badge is not visible"
    assert str(example.front["severity"]) in badge.inner_text()
    assert badge.get_attribute("title"), ".hs-badge has no title attribute"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_timeline_has_one_item_per_bullet(served: Served, views: Tabs, example: Example) -> None:
    page = views.view(served, example.url).page
    one(page.locator("ol.hs-timeline"), "ol.hs-timeline")
    assert page.locator("ol.hs-timeline > li").count() == example.timeline
    assert page.locator('ol.hs-timeline > li[data-tag="misleading"]').count() >= 1


def test_key_facts_show_the_duration(served: Served, views: Tabs) -> None:
    page = views.view(served, CHECKOUT.url).page  # 14:30 to 17:45 UTC
    facts = one(page.locator(".hs-facts"), ".hs-facts")
    assert facts.is_visible(), ".hs-facts is not visible"
    assert "3h 15m" in facts.inner_text()


def test_badge_facts_and_first_event_are_in_the_first_viewport(served: Served, views: Tabs) -> None:
    page = views.view(served, CHECKOUT.url, viewport=DESKTOP).page
    for selector in (".hs-badge", ".hs-facts", "ol.hs-timeline > li"):
        box = one(page.locator(selector), selector).bounding_box()
        assert box is not None, f"{selector} is not rendered"
        assert box["y"] < DESKTOP[1], f"{selector} starts at y={box['y']:.0f}, below the first {DESKTOP[1]}px"


def test_diagram_renders_from_the_sites_own_mermaid(served: Served, views: Tabs) -> None:
    tab = views.view(served, CHECKOUT.url)
    tab.wait_for_diagram_svg()
    assert tab.diagram_svgs() >= 1
    assert tab.loaded(MERMAID_URL), f"{MERMAID_URL} was not requested; requests: {tab.requested}"
    assert tab.aborted == [], f"the page asked the internet for: {tab.aborted}"


def test_home_page_does_not_load_mermaid(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/")
    assert not any("mermaid" in url for url in tab.requested), [url for url in tab.requested if "mermaid" in url]


def test_without_npm_the_diagram_falls_back_to_materials_cdn_copy(served_without_npm: Served, views: Tabs) -> None:
    """The README's promise: no node_modules, no local copy; Material then asks unpkg (aborted here)."""
    assert not (served_without_npm.out / MERMAID_URL.lstrip("/")).exists()
    tab = views.view(served_without_npm, CHECKOUT.url)
    assert not tab.loaded(MERMAID_URL)
    assert any(url.startswith("https://unpkg.com/mermaid@") for url in tab.aborted), f"no request for Mermaid from the CDN; aborted: {tab.aborted}"
