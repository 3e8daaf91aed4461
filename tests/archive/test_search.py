"""The Pagefind index holds exactly the pages it is given, only their chosen element, and replaces the last one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path, PurePosixPath

import pytest

from hindsight.archive.search import BUNDLE, SearchError, start_index, write_index

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>menu words everywhere</nav>
<article class="content"><h1>{title}</h1><p>{text}</p><figure class="skip">gantt source</figure></article>
</body></html>"""


def _site(tmp_path: Path, pages: dict[str, tuple[str, str]]) -> Path:
    site = tmp_path / "site"
    for path, (title, text) in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    return site


def _indexed(site: Path) -> dict[str, dict[str, object]]:
    records = {}
    for fragment in (site / BUNDLE / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    return records


PAGES = {
    "postmortems/a/index.html": ("Checkout crawled", "An unindexed query pinned the database."),
    "postmortems/b/index.html": ("Certificate expired", "Logins failed for the mobile app."),
    "archive/2024/index.html": ("Archive", "Checkout crawled. Certificate expired."),
}


@pytest.mark.parametrize(
    ("chosen", "urls"),
    [
        (["postmortems/a/index.html", "postmortems/b/index.html"], {"/postmortems/a/", "/postmortems/b/"}),
        (["postmortems/b/index.html"], {"/postmortems/b/"}),
        ([], set()),
    ],
    ids=["two", "one", "none"],
)
def test_only_the_pages_given_are_indexed(tmp_path: Path, chosen: list[str], urls: set[str]) -> None:
    site = _site(tmp_path, PAGES)
    write_index(site, [PurePosixPath(p) for p in chosen], "article.content", ".skip", timeout=60)
    assert set(_indexed(site)) == urls
    assert (site / BUNDLE / "pagefind.js").is_file() == bool(urls)
    assert not list((site / BUNDLE).glob("pagefind-*ui*")), "Pagefind's own UIs are not shipped"


def test_only_the_root_element_less_the_ignored_is_searchable(tmp_path: Path) -> None:
    site = _site(tmp_path, PAGES)
    write_index(site, [PurePosixPath("postmortems/a/index.html")], "article.content", ".skip", timeout=60)
    record = _indexed(site)["/postmortems/a/"]
    assert record["meta"] == {"title": "Checkout crawled"}
    assert "pinned the database" in str(record["content"])
    assert "menu words" not in str(record["content"]) and "gantt" not in str(record["content"])


def test_a_new_index_replaces_the_last(tmp_path: Path) -> None:
    site = _site(tmp_path, PAGES)
    write_index(site, [PurePosixPath("postmortems/a/index.html")], "article.content", ".skip", timeout=60)
    write_index(site, [PurePosixPath("postmortems/b/index.html")], "article.content", ".skip", timeout=60)
    assert set(_indexed(site)) == {"/postmortems/b/"}
    assert len(list((site / BUNDLE).glob("*.pf_meta"))) == 1


def test_a_failing_pagefind_is_an_error_that_says_why(tmp_path: Path) -> None:
    site = _site(tmp_path, PAGES)
    with pytest.raises(SearchError, match="Pagefind"):
        write_index(site, [PurePosixPath("postmortems/a/index.html")], "article[", ".skip", timeout=60)


def test_an_index_started_in_the_background_is_the_same_when_finished(tmp_path: Path) -> None:
    site = _site(tmp_path, PAGES)
    run = start_index(site, [PurePosixPath("postmortems/a/index.html")], "article.content", ".skip")
    run.finish(timeout=60)
    assert run.done()
    assert set(_indexed(site)) == {"/postmortems/a/"}
    assert not run.chosen.exists(), "the folder of links is removed"


def test_an_abandoned_index_leaves_nothing_running(tmp_path: Path) -> None:
    site = _site(tmp_path, PAGES)
    run = start_index(site, [PurePosixPath("postmortems/a/index.html")], "article.content", ".skip")
    run.stop()
    assert run.done()
    assert not run.chosen.exists()
