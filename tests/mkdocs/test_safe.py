from __future__ import annotations

from datetime import date

import yaml

from hindsight.mkdocs.readable_copy import readable_source
from tests.conftest import AUTHORS, VALID, mutate, parse


def test_readable_copy_has_front_matter_the_blog_accepts_and_the_same_body() -> None:
    broken = mutate("date: 2024-08-16\n", "hide: toc\npin: 3\n", mutate("authors: [ada, priya]", "authors: [ada, zed]"))
    postmortem = parse(broken)
    assert postmortem.problems
    source = readable_source(postmortem, "fallback", date(2026, 11, 28), AUTHORS)
    _, front, body = source.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["date"] == date(2026, 11, 28)
    assert meta["authors"] == ["ada"]
    assert "hide" not in meta and "pin" not in meta
    assert meta["title"] == "Checkout crawled for three hours"
    assert meta["draft"] is False
    assert body.strip() == VALID.split("---\n", 2)[2].strip()


def test_an_unreadable_file_gets_a_title_and_a_date() -> None:
    source = readable_source(parse(b"\x00binary"), "x", date(2026, 11, 28), None)
    assert yaml.safe_load(source.split("---\n", 2)[1]) == {
        "title": "x",
        "date": date(2026, 11, 28),
        "authors": [],
        "categories": [],
        "draft": False,
    }
