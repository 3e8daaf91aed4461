"""MkDocs glue for search: Material's header search box, answered from a Pagefind index.

Material's search plugin stays in mkdocs.yml (it puts the search box in the
header and writes `search/search_index.json`), but every page is excluded from
its one-file index; the worker Material starts for the box
(`overrides/assets/javascripts/workers/`) asks Pagefind instead, whose index
this module writes after the build. The blog's listing pages (index, archive,
categories) are not indexed: they repeat the postmortems' excerpts.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path, PurePosixPath

from material.plugins.blog.structure import View
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from hindsight.archive.search import Indexing, SearchError, start_index, write_index

log = logging.getLogger("mkdocs.hooks.hindsight.search")

ROOT = "article.md-content__inner"
"""What of a page is searchable: Material's article, not the navigation, header or footer."""
IGNORE = "[data-pagefind-ignore], .headerlink, .md-source-file"
"""Left out of it: the diagram's source, the permalink marks, the page's dates."""

_state = {"serving": False}
_pages: list[PurePosixPath] = []
"""The pages of the current build, emptied at each build's start (serve keeps this module loaded)."""
_running: list[Indexing] = []
"""Under serve, the index of the last build, still being written (at most one; replaced by each build)."""


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> None:
    _pages.clear()
    _settle()


def _settle() -> None:
    """The last serve build's index: its problems said if it is done, abandoned if a new build starts first."""
    for run in _running:
        if run.done():
            try:
                run.finish(timeout=0)
            except SearchError as error:
                log.warning(f"search index: {error}")
        else:
            run.stop()
    _running.clear()


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: object) -> str:
    """Keep every page out of Material's one-file index: Pagefind indexes the built pages instead."""
    search = page.meta.get("search")
    page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if not isinstance(page, View) and page.file.dest_uri.endswith(".html"):
        _pages.append(PurePosixPath(page.file.dest_uri))
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built pages; under serve in the background, so the page a writer saved is served at once."""
    started = time.perf_counter()
    site = Path(config.site_dir)
    try:
        if _state["serving"]:
            _running.append(start_index(site, _pages, ROOT, IGNORE))
        else:
            write_index(site, _pages, ROOT, IGNORE, timeout=60 + 0.05 * len(_pages))
            log.debug(f"search: {len(_pages)} pages indexed by Pagefind in {time.perf_counter() - started:.2f} s")
    except SearchError as error:
        if not _state["serving"]:
            raise PluginError(f"search index: {error}") from None
        log.error(f"search index: {error}")  # serve keeps serving; search shows nothing new
    _pages.clear()


def on_shutdown() -> None:
    _settle()


__all__ = ["on_config", "on_page_markdown", "on_post_build", "on_post_page", "on_shutdown", "on_startup"]
