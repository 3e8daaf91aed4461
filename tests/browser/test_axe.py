"""axe-core on the home page and a postmortem page, light and dark: nothing serious or critical.

One run per page and scheme, judged twice so a failure says whose it is:
Hindsight's own components (`hs-*` classes), then the whole page (Material's
header, search and footer, and the Markdown extensions' HTML, included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import EXAMPLE, AxeReport, Served, Tabs, describe_axe, read_example, run_axe

PAGES = ["/", read_example(EXAMPLE).url]
# Hindsight's components, but not `.hs-post`: it wraps the whole article, Markdown output included.
OURS = '[class^="hs-"]:not(.hs-post), [class*=" hs-"]:not(.hs-post)'
Audit = Callable[[str, bool], AxeReport]


@pytest.fixture(scope="module")
def audit(served: Served, browser: Browser) -> Iterator[Audit]:
    """axe-core's findings for (path, dark), one run each; in tabs of their own, as axe scrolls the page."""
    tabs = Tabs(browser)
    found: dict[tuple[str, bool], AxeReport] = {}

    def run(path: str, dark: bool) -> AxeReport:
        if (path, dark) not in found:
            tab = tabs.open(served, dark=dark)
            page = tab.goto(path, idle=False)
            tab.draw_diagrams(strict=False)  # audit the diagram too, where it is drawn into the page
            assert page.locator(OURS).count() > 0, f"no Hindsight component (hs-* class) on {path}"
            found[path, dark] = run_axe(page, OURS)
        return found[path, dark]

    yield run
    tabs.close()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_components_have_no_serious_accessibility_violations(audit: Audit, path: str, dark: bool) -> None:
    violations = audit(path, dark).ours
    assert not violations, (
        f"axe-core on the components of {path} ({'dark' if dark else 'light'}):\n{describe_axe(violations)}"
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_page_has_no_serious_accessibility_violations(audit: Audit, path: str, dark: bool) -> None:
    violations = audit(path, dark).page
    assert not violations, f"axe-core on {path} ({'dark' if dark else 'light'}):\n{describe_axe(violations)}"
