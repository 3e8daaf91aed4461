from __future__ import annotations

from datetime import date

import yaml

from hindsight.mkdocs.readable_copy import WITHHELD, readable_source
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


def test_a_body_too_deep_for_markdown_is_replaced_by_a_notice() -> None:
    postmortem = parse(mutate("## Timeline\n", "## Timeline\n\n" + "> " * 3000 + "x\n"))
    source = readable_source(postmortem, "x", date(2026, 11, 28), AUTHORS)
    assert source.endswith("---\n\n" + WITHHELD)
    assert "> > >" not in source


def test_unsafe_material_keys_never_reach_the_readable_copy() -> None:
    text = mutate(
        "tags: [postgres, performance, indexing, checkout]\n",
        "tags: [postgres]\nlinks:\n  - Runbook: javascript:alert(1)\nicon: ../x\nstatus: ok\ntemplate: evil.html\n",
    )
    meta = yaml.safe_load(readable_source(parse(text), "x", date(2026, 11, 28), AUTHORS).split("---\n", 2)[1])
    assert "links" not in meta and "icon" not in meta and "template" not in meta
    assert meta["status"] == "ok"


def test_a_refused_alias_bomb_never_reaches_the_readable_copy() -> None:
    bomb = "ticket: &big " + "x" * 30_000 + "\nnotes: [" + ", ".join(["*big"] * 100) + "]\n"
    text = mutate("tags: [postgres, performance, indexing, checkout]\n", "tags: [postgres]\n" + bomb)
    source = readable_source(parse(text), "x", date(2026, 11, 28), AUTHORS)
    assert len(source) < len(text) + 1_000
