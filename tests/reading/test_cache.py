"""Parsed postmortems are kept by content: each key invalidates, the cache stays bounded, copies stay apart."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hindsight import DEFAULT
from hindsight.config import Config
from hindsight.reading import cache as cache_module
from hindsight.reading.cache import FILE, ParseCache
from tests.conftest import AUTHORS, PATH, VALID, mutate

RAW = VALID.encode("utf-8")


def _warm(folder: Path) -> ParseCache:
    cache = ParseCache(folder)
    cache.parse(PATH, RAW, DEFAULT, AUTHORS)
    cache.save()
    return ParseCache(folder)


def test_a_second_run_parses_nothing_again(tmp_path: Path) -> None:
    again = _warm(tmp_path)
    postmortem = again.parse(PATH, RAW, DEFAULT, AUTHORS)
    assert (again.hits, again.misses) == (1, 0)
    assert postmortem.facts.title == "Checkout crawled for three hours"
    assert postmortem.problems == []


def _changed_config() -> Config:
    field = next(f for f in dataclasses.fields(DEFAULT) if isinstance(getattr(DEFAULT, f.name), int))
    return dataclasses.replace(DEFAULT, **{field.name: getattr(DEFAULT, field.name) + 1})


@pytest.mark.parametrize(
    "change",
    ["bytes", "path", "settings", "authors", "no authors file", "code"],
)
def test_every_key_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    again = _warm(tmp_path)
    path, raw, config, authors = PATH, RAW, DEFAULT, AUTHORS
    if change == "bytes":
        raw = mutate("We spent the first ninety minutes", "We spent the first hour and a half").encode()
    elif change == "path":
        path = "docs/postmortems/y.md"
    elif change == "settings":
        config = _changed_config()
    elif change == "authors":
        authors = AUTHORS - {"ada"}
    elif change == "no authors file":
        authors = None  # type: ignore[assignment]
    else:
        monkeypatch.setattr(cache_module, "code_version", lambda: b"another version of the parser")
    parsed = again.parse(path, raw, config, authors)
    assert (again.hits, again.misses) == (0, 1), f"a change of {change} must miss"
    assert parsed.path == path


def test_the_cache_keeps_only_the_last_runs_entries(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    for index in range(5):
        cache.parse(f"docs/postmortems/{index}.md", RAW, DEFAULT, AUTHORS)
    cache.save()
    second = ParseCache(tmp_path)
    second.parse("docs/postmortems/0.md", RAW, DEFAULT, AUTHORS)
    second.save()
    assert len(ParseCache(tmp_path).entries) == 1, "entries of files no longer parsed are dropped"


def test_each_use_gets_its_own_copy(tmp_path: Path) -> None:
    cache = _warm(tmp_path)
    first = cache.parse(PATH, RAW, DEFAULT, AUTHORS)
    first.problems.append(first.problems[0] if first.problems else None)  # type: ignore[arg-type]
    assert cache.parse(PATH, RAW, DEFAULT, AUTHORS).problems == []


@pytest.mark.parametrize("content", [b"", b"not a cache", b"hindsight parsed v1\n\x80garbage"])
def test_a_damaged_cache_is_no_cache(tmp_path: Path, content: bytes) -> None:
    (tmp_path / FILE).write_bytes(content)
    cache = ParseCache(tmp_path)
    assert cache.parse(PATH, RAW, DEFAULT, AUTHORS).facts.title == "Checkout crawled for three hours"
    assert (cache.hits, cache.misses) == (0, 1)
