"""Every page of the example site loads cleanly from loopback: no errors, no request to the internet."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import EXAMPLES, Example, Served, Tabs


def test_home_page_loads_cleanly(served: Served, views: Tabs) -> None:
    tab = views.view(served, "/")
    tab.assert_clean()
    assert tab.page.locator("h1").first.is_visible()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_postmortem_page_loads_cleanly(served: Served, views: Tabs, example: Example) -> None:
    tab = views.view(served, example.url)
    tab.assert_clean()
    assert example.front["title"] in tab.page.locator("h1").first.inner_text()


def test_every_example_is_tested() -> None:
    assert len(EXAMPLES) >= 4
    assert all(example.timeline > 0 for example in EXAMPLES)


@pytest.mark.parametrize("path", ["/", EXAMPLES[0].url])
def test_a_cold_load_fetches_nothing_that_grows_with_the_archive(served: Served, views: Tabs, path: str) -> None:
    """The search index and the sitemap grow with every postmortem: neither may be part of a page load.

    Material's own search_index.json is fetched, and stays empty: Pagefind's index is fetched by a search.
    """
    tab = views.view(served, path)
    tab.page.wait_for_timeout(1500)
    grown = [url for url in tab.requested if url.endswith("sitemap.xml") or "/pagefind/" in url]
    assert grown == [], f"{path} fetched {grown} on load"
    material = json.loads((served.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []
