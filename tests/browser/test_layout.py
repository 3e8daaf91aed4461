"""Palette, phone layout and the screenshots a reviewer looks at (written to test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

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
SEV1 = (0xB7, 0x1C, 0x1C)
"""The checkout outage's level (SEV1) in mkdocs.yml: the colour of its page's band."""


def box(tab: Tab, selector: str) -> dict[str, float]:
    found = tab.page.locator(selector).first.bounding_box()
    assert found is not None and found["width"] > 0 and found["height"] > 0, f"{selector} is not on the page"
    return {"x": found["x"], "y": found["y"], "width": found["width"], "height": found["height"]}


def assert_in_view(tab: Tab, selectors: tuple[str, ...], viewport: tuple[int, int], whole: bool) -> None:
    """Each element is drawn inside the screen's width (and, `whole`, above the fold)."""
    width, height = viewport
    for selector in selectors:
        found = box(tab, selector)
        assert found["x"] >= 0 and found["x"] + found["width"] <= width + 1, f"{selector} sticks out sideways: {found}"
        if whole:
            assert found["y"] >= 0 and found["y"] + found["height"] <= height + 1, f"{selector} is below the fold"


def band_colour(tab: Tab, shot: Path) -> tuple[int, int, int]:
    """The colour drawn in the middle of the page's severity band (its top border), read from the screenshot."""
    band = box(tab, ".hs-post")
    top = tab.page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.hs-post')).borderTopWidth)")
    scroll = tab.page.evaluate("() => window.scrollY")
    with Image.open(shot) as image:
        pixel = image.convert("RGB").getpixel((int(band["x"] + band["width"] / 2), int(band["y"] + scroll + top / 2)))
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


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
    shot = screenshot(tab.page, "postmortem-dark-phone.png", full_page=True)
    assert band_colour(tab, shot) == SEV1
    assert_in_view(tab, ("h1", ".hs-badge", ".hs-summary", ".hs-facts", "ol.hs-timeline"), PHONE, whole=False)


def test_light_preference_selects_the_default_scheme(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served, viewport=DESKTOP)
    tab.goto(CHECKOUT.url)
    assert tab.page.locator("body").get_attribute("data-md-color-scheme") == "default"
    shot = screenshot(tab.page, "postmortem-light-desktop.png")
    assert band_colour(tab, shot) == SEV1
    assert_in_view(tab, ("h1", ".hs-badge", ".hs-summary"), DESKTOP, whole=True)
    assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP[0]


def test_home_page_screenshot(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/", viewport=DESKTOP)
    screenshot(tab.page, "home-light-desktop.png")
    assert_in_view(tab, ("h1", ".md-post"), DESKTOP, whole=True)
    assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP[0]


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
