"""The page components, by their HTML contract: badge, key facts, timeline, diagram.

Contract: `.hs-badge` (severity key in its text, a `title`), `.hs-facts` (with the
duration), `ol.hs-timeline` (one `li` per timeline bullet, `data-tag` on tagged
ones), all three in the first viewport; a Mermaid diagram rendered from the
site's own copy of Mermaid (under /assets/javascripts/), never from a CDN, and
no Mermaid on pages without a diagram. A diagram may be drawn by Material
(`pre.mermaid` into a closed shadow root) or lazily by Hindsight's own script:
the tests scroll to it and look for Mermaid's svg in the page and in every shadow root.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator

from tests.browser.conftest import DESKTOP, EXAMPLE, EXAMPLES, Example, Served, Tabs, read_example

CHECKOUT = read_example(EXAMPLE)


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
        top = one(page.locator(selector), selector).evaluate("(e) => e.getBoundingClientRect().top + window.scrollY")
        assert isinstance(top, int | float)
        assert top < DESKTOP[1], f"{selector} starts at y={top:.0f}, below the first {DESKTOP[1]}px"


def test_diagram_renders_from_the_sites_own_mermaid(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served)
    page = tab.goto(CHECKOUT.url)
    tab.draw_diagrams()
    page.wait_for_load_state("networkidle")
    assert tab.diagram_svgs() >= 1
    assert tab.mermaid_from_site(), (
        f"Mermaid was not loaded from the site's /assets/javascripts/; requests: {tab.requested}"
    )
    assert tab.aborted == [], f"the page asked the internet for: {tab.aborted}"


def test_home_page_does_not_load_mermaid(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/")
    assert not any("mermaid" in url for url in tab.requested), [url for url in tab.requested if "mermaid" in url]


def test_a_pip_only_site_draws_the_diagram_offline(served_without_npm: Served, tabs: Tabs) -> None:
    """The README's first command alone: no node_modules, no internet; Mermaid comes from the Python package."""
    assert not (served_without_npm.site.root / "node_modules").exists()
    copied = served_without_npm.out / "assets" / "javascripts" / "mermaid" / "mermaid.esm.min.mjs"
    assert copied.is_file(), "the build copies the Mermaid shipped in the Python package"
    tab = tabs.open(served_without_npm)
    page = tab.goto(CHECKOUT.url)
    tab.draw_diagrams()
    page.wait_for_load_state("networkidle")
    assert tab.diagram_svgs() >= 1
    assert tab.mermaid_from_site(), f"Mermaid was not loaded from the site; requests: {tab.requested}"
    assert tab.aborted == [], f"the page asked the internet for: {tab.aborted}"
    source = (served_without_npm.out / "assets" / "javascripts" / "hindsight-diagram.js").read_text(encoding="utf-8")
    assert "https://" not in source and "jsdelivr" not in source, "no CDN fallback, pinned or not"
