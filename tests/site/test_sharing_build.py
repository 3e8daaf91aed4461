"""Real builds: link previews, social cards and their cache, the feed, stats and action items."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from tests.conftest import EXAMPLE_COUNT, VALID, Site, copy_site, mutate, searchable
from tests.site.test_build import EXAMPLE_FRONTS, EXAMPLES, output
from tests.site.test_components_build import visible

MakeSite = Callable[..., Site]
SITE_URL = "https://postmortems.example.com/"
CARD_LINE = re.compile(r"social cards: (\d+) drawn, (\d+) from the cache")
DATES = {stem: str(front["date"]) for stem, front in EXAMPLE_FRONTS.items()}


class _Head(HTMLParser):
    """Collects <meta> and <link rel=canonical> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        if tag == "link" and values.get("rel") == "canonical":
            self.meta.setdefault("canonical", []).append(values.get("href", ""))


def head(path: Path) -> dict[str, list[str]]:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.meta


def cards(result: object) -> tuple[int, int]:
    found = CARD_LINE.findall(output(result))  # type: ignore[arg-type]
    assert len(found) == 1, output(result)  # type: ignore[arg-type]
    drawn, cached = found[0]
    return int(drawn), int(cached)


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = copy_site(tmp_path_factory.mktemp("sharing") / "site-src", examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    assert cards(result) == (EXAMPLE_COUNT, 0)
    return site


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_every_postmortem_page_unfurls(examples: Site, stem: str) -> None:
    meta = head(examples.root / "site" / "postmortems" / stem / "index.html")
    url = f"{SITE_URL}postmortems/{stem}/"
    card = f"{SITE_URL}assets/cards/postmortems/{stem}.png"
    assert meta["og:title"] == [EXAMPLES[stem]]
    assert meta["twitter:title"] == [EXAMPLES[stem]]
    assert meta["og:type"] == ["article"]
    assert meta["og:url"] == [url] and meta["canonical"] == [url]
    assert meta["og:image"] == [card] and meta["twitter:image"] == [card]
    assert (meta["og:image:width"], meta["og:image:height"]) == (["1200"], ["630"])
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["article:published_time"] == [DATES[stem]]
    assert len(meta["description"]) == 1 and meta["og:description"] == meta["description"]
    assert len(meta["description"][0]) > 40


def test_other_pages_get_the_site_card(examples: Site) -> None:
    meta = head(examples.root / "site" / "index.html")
    assert meta["og:type"] == ["website"]
    assert meta["og:image"] == [f"{SITE_URL}assets/cards/site.png"]
    assert meta["og:title"] == ["Hindsight"]


def test_cards_are_1200_by_630_and_differ_per_postmortem(examples: Site) -> None:
    folder = examples.root / "site" / "assets" / "cards" / "postmortems"
    pngs = sorted(folder.glob("*.png"))
    assert [p.stem for p in pngs] == sorted(EXAMPLES)
    for png in pngs:
        with Image.open(png) as image:
            assert image.size == (1200, 630)
    assert len({p.read_bytes() for p in pngs}) == len(pngs)
    with Image.open(examples.root / "site" / "assets" / "cards" / "site.png") as image:
        assert image.size == (1200, 630)


def test_cards_are_drawn_again_only_when_their_text_changes(make_site: MakeSite) -> None:
    site = make_site(
        {"a.md": VALID, "b.md": VALID.replace("Checkout crawled for three hours", "Checkout crawled again")}
    )
    assert cards(site.build()) == (2, 0)
    before = (site.root / "site" / "assets" / "cards" / "postmortems" / "a.png").read_bytes()
    assert cards(site.build()) == (0, 2)
    site.write("a.md", mutate("We spent the first ninety minutes", "We spent the first hour and a half"))
    assert cards(site.build()) == (0, 2), "prose that is not on the card does not redraw it"
    site.write("a.md", VALID.replace("Checkout crawled for three hours", "Checkout crawled for hours"))
    assert cards(site.build()) == (1, 1)
    assert (site.root / "site" / "assets" / "cards" / "postmortems" / "a.png").read_bytes() != before


def test_the_feed_parses_with_title_summary_date_and_severity(examples: Site) -> None:
    feed = feedparser.parse((examples.root / "site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Hindsight"
    assert [entry.title for entry in feed.entries] == [EXAMPLES[s] for s in sorted(EXAMPLES, reverse=True)]
    first = feed.entries[-1]
    assert first.link == f"{SITE_URL}postmortems/2024-08-15-checkout-crawled/"
    assert first.summary.startswith("A new product-catalog query without a supporting index")
    assert first.published_parsed[:3] == (2024, 8, 16)
    assert {tag.term for tag in first.tags} >= {"SEV1 · Critical", "checkout"}
    page = (examples.root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a class="hs-feed-link" href="feed.xml" type="application/rss+xml">' in page
    assert 'rel="alternate"' not in page, "Material would fetch the whole sitemap on every page load for it"


def _timed(title: str, detected: str, end: str, task: str) -> str:
    text = mutate("title: Checkout crawled for three hours", f"title: {title}")
    text = mutate("detected: 2024-08-15 14:34 UTC", f"detected: 2024-08-15 {detected} UTC", text)
    text = mutate("end: 2024-08-15 17:45 UTC", f"end: 2024-08-15 {end} UTC", text)
    return mutate("- [ ] Run EXPLAIN", f"- [ ] {task}\n- [ ] Run EXPLAIN", text)


def test_stats_and_action_items_match_hand_computed_values(make_site: MakeSite) -> None:
    # Three incidents from 14:30: detected after 4, 10 and 30 minutes; over after 3h 15m, 3h 20m and 3h 30m.
    site = make_site(
        {
            "one.md": _timed("One", "14:34", "17:45", "Task one @ada due:2999-01-01"),
            "two.md": _timed("Two", "14:40", "17:50", "Task two @lin due:2000-01-01"),
            "three.md": _timed("Three", "15:00", "18:00", "Task three"),
            "draft.md": mutate(
                "tags: [postgres", "draft: true\ntags: [postgres", _timed("Draft", "14:31", "23:00", "Draft task")
            ),
        }
    )
    result = site.build()
    assert result.returncode == 0, output(result)
    stats = visible((site.root / "site" / "stats" / "index.html").read_text(encoding="utf-8"))
    assert "Across 3 published postmortems." in stats
    assert re.search(r"Time to detect\s*10m\s*30m\s*3\b", stats), "median 10m, p90 (nearest rank) 30m, of 3"
    assert re.search(r"Time to resolve\s*3h 20m\s*3h 30m\s*3\b", stats)
    assert re.search(r"2024 Q3\s*3\s*0\s*0\s*0\s*0\s*3", stats)
    actions = (site.root / "site" / "actions" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr class=\"(hindsight-task-[^\"]+)\">\s*<td>(Open|Done)</td>\s*<td>([^<]*)</td>", actions)
    texts = [text for _, _, text in rows]
    assert "Draft task" not in texts
    assert texts[0] == "Task two", "the overdue task comes first"
    assert rows[0][0] == "hindsight-task-open hindsight-task-overdue"
    assert texts.index("Task one") < texts.index("Task three"), "dated before undated"
    assert [status for _, status, _ in rows] == sorted((s for _, s, _ in rows), key=lambda s: s != "Open")
    assert len(rows) == 3 * (VALID.count("\n- [ ] ") + VALID.count("\n- [x] ") + 1)
    assert 'href="../postmortems/two/"' in actions


def test_home_page_cards_and_filters(examples: Site) -> None:
    home = (examples.root / "site" / "index.html").read_text(encoding="utf-8")
    shown = min(EXAMPLE_COUNT, 10)  # the blog's pagination_per_page
    assert home.count('class="hs-entry"') == shown
    assert 'class="hs-masthead"' not in home, "a listing entry is the compact masthead, not the post's"
    assert home.count("Continue reading") == shown, "each entry links on to the whole postmortem"
    assert home.count('class="hs-badge"') >= shown
    for text in ("Lasted 3h 15m", "75% of users", "checkout", "This quarter"):
        assert text in visible(home), text
    assert 'href="browse/#severity-sev1"' in home
    assert 'href="browse/#service-checkout"' in home
    browse = (examples.root / "site" / "browse" / "index.html").read_text(encoding="utf-8")
    group = browse[browse.index('id="service-checkout"') :]
    group = group[: group.index("</section>")]
    assert 'href="../postmortems/2024-08-15-checkout-crawled/"' in group
    assert "certificate" not in group


def test_search_finds_postmortems_by_service_and_cause(examples: Site) -> None:
    index = searchable(examples.root / "site")
    page = index["/postmortems/2024-08-15-checkout-crawled/"]
    assert page["meta"]["title"] == "Checkout crawled for three hours"
    assert "saturated the primary database CPU" in page["content"], "the root cause is searchable"
    assert "product catalog" in page["content"], "the services are searchable"
    assert "gantt" not in page["content"], "the diagram's source is not indexed"
    assert "¶" not in page["content"], "the headings' permalink marks are not indexed"
    assert {f"/postmortems/{stem}/" for stem in EXAMPLES} <= set(index), "every postmortem is searchable"
    listings = [url for url in index if url.startswith(("/archive/", "/category/")) or url == "/"]
    assert listings == [], "the blog's listings repeat the postmortems' excerpts: they are not indexed"
    material = json.loads((examples.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [], "Material's one-file index stays empty: it is fetched on every page load"
