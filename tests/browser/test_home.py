"""The home page's first screen: the quarter at a glance and eight or more postmortems, on a desktop and a phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from tests.browser.conftest import DESKTOP, EXAMPLES, NOT_LOOPBACK, PHONE, Served, Tabs, screenshot

ENTRIES = """(height) => [...document.querySelectorAll('article.md-post--excerpt')].map((article) => {
  const box = article.getBoundingClientRect();
  const text = (selector) => [...article.querySelectorAll(selector)].map((e) => e.innerText.trim());
  return {
    top: box.top, bottom: box.bottom, height: box.height,
    title: text('h2').join(' '), badge: text('.hs-badge').join(' '), facts: text('.hs-entry__fact'),
    services: text('.hs-service'), summary: text('.hs-entry__summary').join(' '), more: text('.md-post__action a').join(' '),
    visible: box.bottom <= height,
  };
})"""


def entries(tab: Any, height: int) -> list[dict[str, Any]]:
    found = tab.page.evaluate(ENTRIES, height)
    assert isinstance(found, list)
    return found


def test_the_desktop_first_screen_shows_eight_postmortems_and_the_quarter(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/", viewport=DESKTOP)
    listed = entries(tab, DESKTOP[1])
    first_screen = [entry for entry in listed if entry["visible"]]
    assert len(listed) == min(len(EXAMPLES), 10)
    assert len(first_screen) >= 8, f"{len(first_screen)} postmortems wholly on the 1440x900 screen: {listed}"
    for entry in first_screen:
        assert entry["title"] and entry["summary"], entry
        assert entry["badge"].startswith("SEV"), entry
        assert any(fact.startswith("Incident ") for fact in entry["facts"]), entry
        assert any(fact.startswith("Lasted ") for fact in entry["facts"]), entry
        assert any(fact.endswith("% of users") for fact in entry["facts"]), entry
        assert entry["services"] and entry["more"] == "Continue reading", entry
        assert entry["height"] < 90, f"an entry is {entry['height']}px tall: not compact"
    glance = tab.page.locator(".hs-glance")
    box = glance.bounding_box()
    assert box is not None and box["y"] + box["height"] <= DESKTOP[1]
    text = glance.inner_text()
    for words in (
        "This quarter",
        "POSTMORTEMS",
        "MEDIAN TIME TO DETECT",
        "MEDIAN TIME TO RESOLVE",
        "ACTION ITEMS",
        "open",
    ):
        assert words in text, f"{words!r} not in the glance: {text!r}"
    assert tab.page.locator("details.hs-filters").count() == 1
    content = tab.page.locator(".md-content").bounding_box()
    assert content is not None and content["width"] > 1000, (
        "the home page hides navigation and contents to use the width"
    )
    path = screenshot(tab.page, "home-desktop.png")
    assert path.stat().st_size > 0


def test_the_phone_first_screen_starts_the_list_with_filters_folded(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/", viewport=PHONE)
    listed = entries(tab, PHONE[1])
    assert listed[0]["top"] < PHONE[1] - 60, f"the first postmortem starts at y={listed[0]['top']:.0f} of {PHONE[1]}"
    assert listed[0]["title"] and listed[0]["badge"].startswith("SEV")
    chips = tab.page.locator("details.hs-filters .hs-chip")
    assert chips.count() > 0 and not chips.first.is_visible(), "the filter chips are folded behind one control"
    summary = tab.page.locator("details.hs-filters > summary")
    assert summary.is_visible() and summary.inner_text().strip() == "Filter by severity or service"
    assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
    assert screenshot(tab.page, "home-phone.png").stat().st_size > 0


def test_the_filters_unfold_without_javascript(served: Served, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=False)
    try:
        context.route(NOT_LOOPBACK, lambda route: route.abort())
        page = context.new_page()
        page.goto(served.url + "/")
        assert not page.locator("details.hs-filters .hs-chip").first.is_visible()
        page.locator("details.hs-filters > summary").click()
        assert page.locator("details.hs-filters .hs-chip").first.is_visible()
    finally:
        context.close()
