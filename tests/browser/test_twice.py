"""What a reader of a repeat sees: it failed before, on the first screen; the reviewers' scorecard, folded."""

from __future__ import annotations

from tests.browser.conftest import DESKTOP, PHONE, POSTS, Served, Tabs, read_example

AGAIN = read_example(POSTS / "2025-10-14-certificate-again.md")
FIRST = read_example(POSTS / "2025-01-09-certificate-expiry.md")


def test_the_repeat_panel_is_on_the_first_screen(served: Served, views: Tabs) -> None:
    for viewport in (DESKTOP, PHONE):
        page = views.view(served, AGAIN.url, viewport=viewport).page
        panel = page.locator("aside.hs-repeat")
        assert panel.count() == 1 and panel.is_visible()
        box = panel.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= viewport[1], f"the panel ends at y={box['y'] + box['height']:.0f}"
        text = panel.inner_text()
        assert "This failed before" in text
        assert "The certificate that kept its appointment" in text
        assert "its fix was not finished" in text and "2 of 5 tasks still open (2 overdue)" in text


def test_the_earlier_page_links_back(served: Served, views: Tabs) -> None:
    page = views.view(served, FIRST.url).page
    link = page.locator("aside.hs-again a")
    assert link.inner_text() == "The same certificate, nine months later"
    assert link.get_attribute("href") == "../2025-10-14-certificate-again/"


def test_the_scorecard_is_folded_until_a_reviewer_opens_it(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served, DESKTOP, False)
    tab.goto(AGAIN.url)
    page = tab.page
    card = page.locator("details.hs-review")
    assert card.count() == 1
    assert card.get_attribute("open") is None
    first = card.locator(".hs-review__item").first
    assert not first.is_visible(), "the scorecard's items show before anyone opens it"
    summary = card.locator("summary")
    assert summary.inner_text().startswith("Review scorecard: 15 of 15 requirements met, reviewed by Samir Haddad")
    summary.click()
    assert first.is_visible()
    assert "2025-10-14 08:03" not in first.inner_text()
    assert "48m, 08:03-08:51 CEST" in first.inner_text()
