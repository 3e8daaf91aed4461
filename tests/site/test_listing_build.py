"""Listing pages (home, its second page, archive, categories) from a real build: entries, not bodies."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hindsight.archive.entry import ENTRY_BYTES
from tests.conftest import EXAMPLE_COUNT, VALID, Site, copy_site, mutate
from tests.site.test_build import output

LOG_LINE = "2024-08-15T14:31:07Z db-primary postgres[4121]: LOG:  duration: 5012.331 ms  statement: SELECT 1\n"
LOG = LOG_LINE * (2_000_000 // len(LOG_LINE))
# No `<!-- more -->`: without our entries the blog would list the whole post, log and all.
HUGE = mutate(
    "<!-- more -->\n", "", mutate("title: Checkout crawled for three hours", "title: The day the logs came along")
) + ("\n## Appendix: the database log\n\n```text\n" + LOG + "```\n")
SAME_TITLE = mutate("<!-- more -->\n", "", VALID)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1


def duplicate_ids(page: Path) -> list[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return sorted(key for key, count in parser.ids.items() if count > 1)


def listing_pages(out: Path) -> list[Path]:
    pages = [out / "index.html", *sorted((out / "page").rglob("index.html"))]
    pages += sorted((out / "archive").rglob("index.html")) + sorted((out / "category").rglob("index.html"))
    return pages


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = copy_site(tmp_path_factory.mktemp("plain") / "src", examples=True)
    result = site.build()
    assert result.returncode == 0, output(result)
    return site


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The examples, a postmortem with a 2 MB log and no cut, and two posts with the same title."""
    extra = {"2024-08-20-huge.md": HUGE, "2024-08-21-same-a.md": SAME_TITLE, "2024-08-22-same-b.md": SAME_TITLE}
    site = copy_site(tmp_path_factory.mktemp("crowded") / "src", extra, examples=True)
    result = site.build()
    assert result.returncode == 0, output(result)
    return site


def test_no_listing_page_repeats_an_id(crowded: Site) -> None:
    pages = listing_pages(crowded.root / "site")
    assert len(pages) >= 4, pages  # home, its page 2, an archive year, a category
    assert (crowded.root / "site" / "page" / "2" / "index.html") in pages
    for page in pages:
        assert duplicate_ids(page) == [], page
        text = page.read_text(encoding="utf-8")
        assert 'id="issue-summary"' not in text and 'id="timeline"' not in text, f"{page}: a body was listed"


def test_a_listing_entry_is_the_masthead_whatever_the_writer_cut(crowded: Site) -> None:
    home = (crowded.root / "site" / "index.html").read_text(encoding="utf-8")
    second = (crowded.root / "site" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    both = home + second
    assert both.count('class="hs-entry"') == EXAMPLE_COUNT + 3
    assert both.count("Continue reading") == EXAMPLE_COUNT + 3, "every entry reads on, with or without a cut"
    assert "We spent the first ninety minutes" not in both, "text after the summary stays on the post's page"
    assert "Issue Summary" not in both
    huge = (crowded.root / "site" / "postmortems" / "2024-08-20-huge" / "index.html").read_text(encoding="utf-8")
    assert "db-primary postgres" in huge, "the post itself keeps its appendix"


def test_listing_pages_stay_small_with_a_2_mb_postmortem(plain: Site, crowded: Site) -> None:
    """Each entry adds at most ENTRY_BYTES: the 2 MB log never reaches a listing."""
    for page in listing_pages(crowded.root / "site"):
        assert "db-primary postgres" not in page.read_text(encoding="utf-8"), page
    archive = sorted((crowded.root / "site" / "archive").rglob("index.html"))
    before = sorted((plain.root / "site" / "archive").rglob("index.html"))
    year = crowded.root / "site" / "archive" / "2024" / "index.html"
    plain_year = plain.root / "site" / "archive" / "2024" / "index.html"
    assert year in archive and plain_year in before
    growth = year.stat().st_size - plain_year.stat().st_size
    assert 0 < growth < 3 * ENTRY_BYTES, f"three more entries made the 2024 archive {growth} bytes larger"
