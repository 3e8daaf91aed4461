"""Browse by severity and service: published postmortems only, newest first, each with its badge."""

from __future__ import annotations

import pytest

from hindsight import DEFAULT, parse_postmortem
from hindsight.archive.actions import Link
from hindsight.archive.listing import anchor, browse, browse_html, chips_html
from hindsight.model import Postmortem
from tests.conftest import AUTHORS, VALID, mutate


def named(name: str, text: str = VALID) -> Postmortem:
    return parse_postmortem(f"docs/postmortems/{name}.md", text.encode(), DEFAULT, AUTHORS)


def links(*postmortems: Postmortem) -> dict[str, Link]:
    return {
        p.path: Link(f"postmortems/{p.path.rsplit('/', 1)[-1][:-3]}/", p.facts.title or p.path) for p in postmortems
    }


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("service", "Product Catalog", "service-product-catalog"),
        ("severity", "SEV1", "severity-sev1"),
        ("service", "  ", "service-x"),
        ("service", "DB/primary (eu)", "service-db-primary-eu"),
    ],
)
def test_anchor_is_a_stable_id(kind: str, name: str, expected: str) -> None:
    assert anchor(kind, name) == expected


def test_groups_hold_published_postmortems_newest_first() -> None:
    older = named("older", mutate("date: 2024-08-16\n", "date: 2023-01-02\n"))
    newer = named("newer")
    draft = named("draft", mutate("date: 2024-08-16\n", "date: 2024-08-16\ndraft: true\n"))
    view = browse([older, newer, draft], DEFAULT, links(older, newer, draft))
    sev1 = next(group for group in view.severities if group.id == "severity-sev1")
    assert [row.url for row in sev1.rows] == ["postmortems/newer/", "postmortems/older/"], "drafts are not listed"
    assert sev1.name == "SEV1 · Critical"
    assert [group.id for group in view.severities] == [f"severity-sev{n}" for n in range(1, 6)]
    assert all(not group.rows for group in view.severities if group.id != "severity-sev1")
    assert [group.name for group in view.services] == ["checkout", "product catalog", "storefront"]
    assert all(len(group.rows) == 2 for group in view.services)


def test_a_postmortem_without_a_link_is_not_listed() -> None:
    view = browse([named("x")], DEFAULT, {})
    assert all(not group.rows for group in (*view.severities, *view.services))


def test_html_escapes_titles_and_chips_link_to_the_browse_page() -> None:
    evil = named("evil", mutate("title: Checkout crawled for three hours\n", "title: '<b>x</b>'\n"))
    view = browse([evil], DEFAULT, links(evil))
    html = browse_html(view)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'href="../browse/#severity-sev1"' in chips_html(view, "../browse/")
