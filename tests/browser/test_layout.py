"""Palette, phone layout and the screenshots a reviewer looks at (written to test-artifacts/)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    DESKTOP,
    EXAMPLE,
    EXAMPLES,
    PHONE,
    Example,
    Served,
    Tab,
    Tabs,
    read_example,
    screenshot,
)

CHECKOUT = read_example(EXAMPLE)


def assert_fits(tab: Tab, width: int) -> None:
    tab.draw_diagrams(strict=False)  # measure with the diagram drawn, as a reader sees it
    scroll = tab.page.evaluate("() => document.documentElement.scrollWidth")
    if scroll > width:
        wide = tab.page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > limit + 1)
                .slice(0, 8)
                .map((e) => `${e.tagName.toLowerCase()}${typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : ''} right=${Math.round(e.getBoundingClientRect().right)}`)""",
            width,
        )
        pytest.fail(f"{tab.page.url} is {scroll}px wide on a {width}px screen; elements past the edge: {wide}")


def test_dark_preference_selects_the_slate_scheme(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served, viewport=PHONE, dark=True)
    tab.goto(CHECKOUT.url)
    assert tab.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    tab.draw_diagrams(strict=False)  # the diagram tests say why when it is not drawn
    assert screenshot(tab.page, "postmortem-dark-phone.png", full_page=True).stat().st_size > 0


def test_light_preference_selects_the_default_scheme(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served, viewport=DESKTOP)
    tab.goto(CHECKOUT.url)
    assert tab.page.locator("body").get_attribute("data-md-color-scheme") == "default"
    assert screenshot(tab.page, "postmortem-light-desktop.png").stat().st_size > 0


def test_home_page_screenshot(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/", viewport=DESKTOP)
    assert screenshot(tab.page, "home-light-desktop.png").stat().st_size > 0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_no_horizontal_overflow_on_a_phone(served: Served, views: Tabs, example: Example) -> None:
    assert_fits(views.view(served, example.url, viewport=PHONE), PHONE[0])


def test_no_horizontal_overflow_on_a_phone_in_dark_mode(served: Served, views: Tabs) -> None:
    assert_fits(views.view(served, CHECKOUT.url, viewport=PHONE, dark=True), PHONE[0])


def test_home_page_fits_a_phone(served: Served, views: Tabs) -> None:
    assert_fits(views.view(served, "/", viewport=PHONE), PHONE[0])


def test_print_shows_the_postmortem_without_navigation(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served, viewport=DESKTOP)
    tab.goto(CHECKOUT.url)
    tab.draw_diagrams()
    tab.page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--post", ".md-footer"):
        assert not tab.page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for shown in (".hs-badge", ".hs-facts", "ol.hs-timeline", ".hs-diagram svg.hs-diagram__static"):
        assert tab.page.locator(shown).first.is_visible(), f"{shown} is not printed"
    assert tab.page.evaluate("() => getComputedStyle(document.querySelector('.hs-facts')).breakInside") == "avoid"
    pdf = tab.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
