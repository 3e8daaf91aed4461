"""What the built site weighs, on disk and for one reader opening one postmortem.

Page weight is what a browser downloads for a cold visit: the HTML, every
same-site stylesheet, script, image and icon it references (and what those
stylesheets reference), plus the search index when the page starts Material's
search worker, which fetches `search/search_index.json` on every page load.
That last file grows with every postmortem, so it is listed on its own.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

KIB = 1024
MIB = 1024 * 1024


@dataclass(frozen=True)
class SiteSize:
    total_bytes: int
    files: int
    html_pages: int
    search_index_bytes: int


@dataclass(frozen=True)
class PageWeight:
    url: str
    files: dict[str, int]  # site path -> bytes
    gzip_bytes: int

    @property
    def total_bytes(self) -> int:
        return sum(self.files.values())

    def largest(self, count: int = 3) -> list[tuple[str, int]]:
        return sorted(self.files.items(), key=lambda item: -item[1])[:count]


def site_size(site: Path) -> SiteSize:
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"
    return SiteSize(sum(p.stat().st_size for p in files), len(files), sum(1 for p in files if p.suffix == ".html"), index.stat().st_size if index.exists() else 0)


class _References(HTMLParser):
    """Collects the URLs a page makes the browser fetch, and Material's `__config`."""

    ATTRIBUTES: ClassVar[dict[str, tuple[str, ...]]] = {
        "link": ("href",), "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("poster",), "image": ("href",), "use": ("href",),
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"} & set((values.get("rel") or "").split()):
            return
        for name in self.ATTRIBUTES.get(tag, ()):
            value = values.get(name)
            if value:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def _local(site: Path, page_url: str, reference: str) -> str | None:
    """The site path a reference points to, or None if it leaves the site (or is data:)."""
    absolute = urljoin("http://site" + page_url, reference)
    parts = urlsplit(absolute)
    if parts.netloc != "site" or not parts.path:
        return None
    path = parts.path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path if (site / path).is_file() else None


def _css_references(site: Path, css_path: str) -> list[str]:
    text = (site / css_path).read_text(encoding="utf-8", errors="replace")
    found = []
    for raw in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text):
        if not raw.startswith("data:"):
            local = _local(site, "/" + css_path, raw)
            if local:
                found.append(local)
    return found


def page_weight(site: Path, page_url: str) -> PageWeight:
    """Everything one cold visit to `page_url` (e.g. /postmortems/x/) downloads from the site."""
    html_path = _local(site, page_url, page_url)
    if html_path is None:
        raise FileNotFoundError(f"{page_url} is not in {site}")
    parser = _References()
    parser.feed((site / html_path).read_text(encoding="utf-8"))
    wanted = [html_path] + [p for p in (_local(site, page_url, url) for url in parser.urls) if p]
    wanted += _search_files(site, page_url, parser.config)
    for path in list(wanted):
        if path.endswith(".css"):
            wanted += _css_references(site, path)
    files = {path: (site / path).stat().st_size for path in dict.fromkeys(wanted)}
    compressed = sum(len(gzip.compress((site / path).read_bytes(), 6)) for path in files)
    return PageWeight(page_url, files, compressed)


def _search_files(site: Path, page_url: str, config_text: str) -> list[str]:
    """Material's worker and the index it fetches, if this page turns search on."""
    try:
        config = json.loads(config_text) if config_text.strip() else {}
    except json.JSONDecodeError:
        return []
    worker = config.get("search") if isinstance(config, dict) else None
    if not isinstance(worker, str):
        return []
    base = str(config.get("base", "."))
    found = [_local(site, page_url, worker), _local(site, page_url, str(PurePosixPath(base) / "search" / "search_index.json"))]
    return [p for p in found if p]
