"""The header search finds postmortems by service and by root cause, and a first search stays small.

Search is Material's header box answered from Pagefind's chunked index: a page
load fetches none of it, and the first search fetches Pagefind's loader, its
WebAssembly, the index chunks for the words typed and the fragments of the
results shown - a bounded amount that does not grow with the archive.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Response

from tests.browser.conftest import EXAMPLE, PHONE, Served, Tabs

FIRST_SEARCH_LIMIT = 250 * 1024
"""Bytes of response bodies, uncompressed. Pagefind's fixed part (loader, wasm, entry, metadata) is
about 120 KiB for the examples; the rest is index chunks and at most 10 result fragments."""
CHECKOUT = f"/postmortems/{EXAMPLE.stem}/"


def _search(
    served: Served, tabs: Tabs, words: str, viewport: tuple[int, int] | None = None
) -> tuple[list[str], list[Response]]:
    """Open the home page, search for `words` in the header box; the result links and the bytes the search fetched."""
    tab = tabs.open(served, viewport) if viewport else tabs.open(served)
    page = tab.goto("/")
    fetched: list[Response] = []
    page.on("response", lambda response: fetched.append(response))
    if viewport == PHONE:
        page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(words)  # Material searches on key events, not on fill()
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    page.wait_for_load_state("networkidle")
    links = page.locator(".md-search-result__item > a").evaluate_all(
        "(links) => links.map((a) => new URL(a.href).pathname)"
    )
    tab.assert_clean()
    return links, fetched


@pytest.mark.parametrize(
    "words",
    ["product catalog", "saturated the primary database"],
    ids=["service", "root-cause"],
)
def test_search_finds_the_postmortem(served: Served, tabs: Tabs, words: str) -> None:
    links, _ = _search(served, tabs, words)
    assert CHECKOUT in links, f"searching {words!r} listed {links}"


def test_search_does_not_find_the_diagram_source(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served)
    page = tab.goto("/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("gantt")
    page.locator(".md-search-result__meta").filter(has_text="No matching documents").wait_for(timeout=15_000)


def test_the_first_search_fetches_a_bounded_amount(served: Served, tabs: Tabs) -> None:
    """Only Pagefind's files, at most one fragment per result shown, and a bounded total."""
    _, fetched = _search(served, tabs, "database")
    paths = [urlsplit(response.url).path for response in fetched]
    assert paths and all(path.startswith("/pagefind/") for path in paths), paths
    assert len([path for path in paths if path.startswith("/pagefind/fragment/")]) <= 10, paths
    total = sum(len(response.body()) for response in fetched if response.ok)
    assert total <= FIRST_SEARCH_LIMIT, f"the first search fetched {total} bytes: {paths}"


def test_search_works_from_the_phone_header(served: Served, tabs: Tabs) -> None:
    links, _ = _search(served, tabs, "checkout", PHONE)
    assert CHECKOUT in links


def test_a_page_load_fetches_no_search_index(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served)
    tab.goto(CHECKOUT)
    tab.page.wait_for_timeout(1000)
    assert [url for url in tab.requested if "/pagefind/" in url] == []
