"""Shared helpers: a valid postmortem to mutate, and real sites in temp dirs."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hindsight import DEFAULT, Postmortem, parse_postmortem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = (FIXTURES / "valid.md").read_text(encoding="utf-8")
PATH = "docs/postmortems/x.md"
EXAMPLE_COUNT = len(list((ROOT / "docs" / "postmortems").rglob("*.md")))
"""The example postmortems the site ships with."""
AUTHORS = frozenset({"ada", "priya", "tomas", "lin"})


def parse(text: str | bytes, config=DEFAULT) -> Postmortem:  # type: ignore[no-untyped-def]
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_postmortem(PATH, raw, config, AUTHORS)


def lines(postmortem: Postmortem) -> list[str]:
    return [str(problem) for problem in postmortem.problems]


def mutate(old: str, new: str, text: str = VALID) -> str:
    """Replace exactly one occurrence, so a fixture change cannot silently no-op."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


@dataclass
class Site:
    root: Path

    @property
    def posts(self) -> Path:
        return self.root / "docs" / "postmortems"

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.posts / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [sys.executable, *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout
        )

    def build(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "mkdocs", "build", "-d", str(self.root / "site"), *extra)

    def check(self) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "hindsight", "check")

    def snapshot(self) -> dict[str, bytes]:
        docs = self.root / "docs"
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def copy_site(target: Path, postmortems: Mapping[str, str | bytes] | None = None, examples: bool = False) -> Site:
    """The project's own site in a temp dir, with the given postmortems instead of the examples."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "overrides", "docs"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    site = Site(target)
    if not examples:
        shutil.rmtree(site.posts)
        site.posts.mkdir()
    for name, content in (postmortems or {}).items():
        site.write(name, content)
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Site]:
    def make(postmortems: Mapping[str, str | bytes] | None = None, examples: bool = False) -> Site:
        return copy_site(tmp_path / "site-src", postmortems, examples)

    return make


def searchable(site_dir: Path) -> dict[str, dict[str, Any]]:
    """What the built site's Pagefind index holds, by page URL: each page's fragment (title, text)."""
    records = {}
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    return records
