"""Every page of the example site loads cleanly from loopback: no errors, no request to the internet."""

from __future__ import annotations

import pytest

from .conftest import EXAMPLES, Example, Served, Tabs


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
