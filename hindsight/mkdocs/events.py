"""MkDocs glue for Hindsight: validate every postmortem, and decide what a problem does.

Under `mkdocs build` a problem in a published postmortem fails the build, with
every problem of every postmortem reported first. The parsed postmortems are
shared with the macros (hindsight.mkdocs.macros) through `hindsight.mkdocs.handoff`. Under `mkdocs serve` nothing
ever raises: problems are logged and shown on the page, so the server keeps
serving while the writer fixes them. Drafts only ever warn.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hindsight import DEFAULT, ConfigError, Postmortem, load_config
from hindsight.archive.entry import entry_html, entry_id, entry_markdown
from hindsight.archive.repeats import add_related_problems
from hindsight.colour import ink
from hindsight.mkdocs.handoff import Shared, share
from hindsight.mkdocs.logs import quiet_macros
from hindsight.mkdocs.macros import panels
from hindsight.mkdocs.readable_copy import readable_source
from hindsight.page.components import label_task_boxes, severity_of
from hindsight.page.compose import compose
from hindsight.page.panels import without_scorecard
from hindsight.page.readtime import readtime
from hindsight.project import BlogPaths, read_authors
from hindsight.reading.parse import read_postmortem
from hindsight.reading.report import Report
from hindsight.reading.rules import check_file_names
from hindsight.sharing.cards import render_card, render_site_card
from hindsight.sharing.feed import feed_entry, feed_xml
from hindsight.sharing.previews import absolute_url, meta_html, postmortem_meta, site_meta
from hindsight.templating import problems_html

log = logging.getLogger("mkdocs.hooks.hindsight")

MERMAID_DIST = Path("node_modules/mermaid/dist")
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = "chunks/mermaid.esm.min"
MERMAID_TARGET = "assets/javascripts/mermaid"
CARDS = "assets/cards"
CARD_CACHE = Path(".cache/hindsight/cards")
FEED = "feed.xml"

COMPOSE_BEFORE_MACROS = 10
"""mkdocs-macros renders pages at the default priority (0): the layout comes first, so its placeholders are
never templates and the page is laid out whether or not the plugin is there."""


@dataclass
class _Build:
    """State of one build; a new one per build, as serve reuses this module."""

    shared: Shared
    blog: BlogPaths
    root: Path
    authors: dict[str, str] | None
    shadow: Path | None = None
    site_card_drawn: bool = False
    cards: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    """Social cards drawn (True) and taken from the cache (False) in this build."""
    post_files: list[File] = field(default_factory=list)
    entry_ids: set[str] = field(default_factory=set)
    """Heading ids of the listing entries made in this build, kept unique."""

    @property
    def postmortems(self) -> dict[str, Postmortem]:
        return self.shared.postmortems

    def cleanup(self) -> None:
        if self.shadow is not None:
            shutil.rmtree(self.shadow, ignore_errors=True)
            self.shadow = None


_serving = False
_build: _Build | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    quiet_macros()


def on_config(config: MkDocsConfig) -> None:
    global _build
    if _build is not None:
        _build.cleanup()
    try:
        settings = load_config(config.extra.get("postmortem"))
    except ConfigError as error:
        if not _serving:
            raise PluginError("Invalid Hindsight configuration in mkdocs.yml:\n" + "\n".join(error.problems)) from None
        for line in error.problems:  # a raise here would leave serve hanging: keep serving with the defaults
            log.error(f"mkdocs.yml: {line}")
        settings = DEFAULT
    blog_plugin = config.plugins.get("material/blog")
    blog = BlogPaths.from_blog_config(blog_plugin.config if blog_plugin is not None else {})
    root = Path(config.config_file_path or ".").resolve().parent
    authors = read_authors(Path(config.docs_dir) / blog.authors_file) if blog.authors_file else None
    docs = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
    shared = Shared(settings, authors or {}, docs=docs)
    share(config, shared)
    _build = _Build(shared, blog, root, authors)


def _current() -> _Build:
    if _build is None:
        raise PluginError(
            "Hindsight's hook was not configured: is hooks/postmortems.py listed under hooks in mkdocs.yml?"
        )
    return _build


@event_priority(100)  # before the blog plugin (-50), which raises on the first post it cannot read
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _current()
    posts = [
        (file, file.abs_src_path) for file in files.documentation_pages() if build.blog.is_postmortem(file.src_uri)
    ]
    build.post_files = [file for file, _ in posts]
    for file, source in posts:
        if source is not None:
            shown = os.path.relpath(source, build.root).replace(os.sep, "/")
            build.postmortems[file.src_uri] = read_postmortem(shown, Path(source), build.shared.config, build.authors)
    check_file_names(build.postmortems)
    add_related_problems(build.postmortems.values())
    for file, _ in posts:
        postmortem = build.postmortems.get(file.src_uri)
        if postmortem is not None and postmortem.problems:
            _publish_readable_copy(build, file, postmortem)
    return files


def _publish_readable_copy(build: _Build, file: File, postmortem: Postmortem) -> None:
    """Point MkDocs at a readable copy outside docs/; the original is never touched."""
    if build.shadow is None:
        build.shadow = Path(tempfile.mkdtemp(prefix="hindsight-"))
    copy = build.shadow / file.src_uri
    copy.parent.mkdir(parents=True, exist_ok=True)
    stem = PurePosixPath(file.src_uri).stem
    copy.write_text(readable_source(postmortem, stem, date.today(), build.authors), encoding="utf-8")
    file.abs_src_path = str(copy)


@event_priority(COMPOSE_BEFORE_MACROS)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Lay out a postmortem page (`hindsight.page.compose`); mkdocs-macros, if present, renders it next."""
    build = _current()
    src = page.file.src_uri
    postmortem = build.postmortems.get(src)
    if postmortem is None:
        return markdown
    _hide_contents_list(page)
    top, bottom = panels(build.shared, postmortem, page.url)
    composed = compose(postmortem, markdown, build.shared.config, build.shared.authors, top=top, bottom=bottom)
    build.shared.composed[src] = composed
    build.shared.slots[src] = composed.slots
    return composed.markdown


def _hide_contents_list(page: Page) -> None:
    """Postmortems put their key facts where the table of contents would be: four sections need no contents list."""
    hidden = page.meta.get("hide")
    hidden = list(hidden) if isinstance(hidden, list) else []
    if "toc" not in hidden:
        page.meta["hide"] = [*hidden, "toc"]


@event_priority(50)  # before the blog times the read from this HTML, so the timeline counts
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the components into the page, and show its problems at the top (seen under serve, and in drafts)."""
    build = _current()
    src = page.file.src_uri
    html = label_task_boxes(build.shared.slots_of(src).fill(html))
    postmortem = build.postmortems.get(src)
    if postmortem is not None:
        _list_as_entry(build, page, postmortem)
        _time_the_read(page, without_scorecard(html), build.blog.words_per_minute)
    problems = build.shared.problems_of(src)
    return problems_html(problems, postmortem is not None and postmortem.is_draft) + html if problems else html


@event_priority(-100)  # after the blog (-50), which takes its posts out of `files` and gives them their URLs
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Record every page's final URL, for links in macros and the feed."""
    build = _current()
    pages = [*files.documentation_pages(), *build.post_files]
    build.shared.urls = {file.src_uri: file.url for file in pages}
    return nav


def _time_the_read(page: Page, html: str, words_per_minute: int | None) -> None:
    """Set the post's read time the way the blog would, so it skips its slower HTML parse (same minutes, tested)."""
    post_config = getattr(page, "config", None)
    if words_per_minute and post_config is not None and hasattr(post_config, "readtime") and not post_config.readtime:
        post_config.readtime = readtime(html, words_per_minute)


def _list_as_entry(build: _Build, page: Page, postmortem: Postmortem) -> None:
    """The page is rendered: from now on its Markdown only feeds the blog's listings (index, archive, category).

    A listing shows the postmortem's entry (its masthead), whatever the writer
    put before `<!-- more -->` or without one: never the body, whose section ids
    would repeat on the page and whose size (a log appendix) has no bound.
    """
    slots = build.shared.slots_of(page.file.src_uri)
    heading = entry_id(page.file.src_uri)
    while heading in build.entry_ids:
        heading += "-"
    build.entry_ids.add(heading)
    title = postmortem.facts.title if getattr(page, "_title_from_render", None) else None
    entry = slots.put(entry_html(postmortem, build.shared.config)).strip()
    page.markdown = entry_markdown(title, heading, entry, build.blog.separator)


@dataclass(frozen=True)
class PageLook:
    """What the theme overrides need to dress a page: severity colours, preview tags, whether to load Mermaid."""

    severity: str | None
    colour: str | None
    ink: str | None
    diagram: bool
    mermaid: str | None
    """The site's own Mermaid (ES module), when npm installed it; else the page's script uses the CDN."""
    meta: Markup


@event_priority(-200)  # after the blog (-100) has rendered the excerpts of a listing page
def on_page_context(context: dict[str, object], page: Page, config: MkDocsConfig, nav: object) -> dict[str, object]:
    build = _current()
    for excerpt in context.get("posts") or []:  # type: ignore[attr-defined]
        post = getattr(excerpt, "post", None)
        if post is not None and isinstance(getattr(excerpt, "content", None), str):
            excerpt.content = build.shared.slots_of(post.file.src_uri).fill(excerpt.content)
    settings = build.shared.config
    postmortem = build.postmortems.get(page.file.src_uri)
    level = severity_of(postmortem, settings) if postmortem is not None else None
    diagram = page.content is not None and 'class="hs-mermaid"' in page.content
    local = (build.root / MERMAID_DIST / MERMAID_ENTRY).is_file()
    context["hindsight"] = PageLook(
        severity=level.key if level else None,
        colour=level.colour if level else None,
        ink=ink(level.colour) if level else None,
        diagram=diagram,
        mermaid=f"{MERMAID_TARGET}/{MERMAID_ENTRY}" if diagram and local else None,
        meta=Markup(_preview(build, page, config, postmortem)),
    )
    return context


def _preview(build: _Build, page: Page, config: MkDocsConfig, postmortem: Postmortem | None) -> str:
    """Link-preview tags, with the page's social card drawn (or taken from the cache) on the way."""
    settings = build.shared.config
    site_name, site_url = config.site_name, config.site_url
    if postmortem is not None:
        card = f"{CARDS}/{page.url.strip('/') or 'index'}.png" if settings.cards else None
        if card is not None:
            build.cards[
                render_card(postmortem, settings, site_name, Path(config.site_dir) / card, build.root / CARD_CACHE)
            ] += 1
        return meta_html(postmortem_meta(postmortem, settings, site_name, site_url, page.url, card))
    card = f"{CARDS}/site.png" if settings.cards else None
    if card is not None and not build.site_card_drawn:
        render_site_card(
            site_name, config.site_description or "", Path(config.site_dir) / card, build.root / CARD_CACHE
        )
        build.site_card_drawn = True
    title = None if page.is_homepage else page.title
    return meta_html(site_meta(site_name, config.site_description or "", site_url, page.url, card, title))


def on_env(env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
    """Every page is read by now: report everything at once, then fail a build that must fail."""
    build = _current()
    report = Report.of(build.postmortems.values(), build.shared.render_problems)
    fatal = report.failed and not _serving
    for problem in report.errors:
        (log.error if fatal else log.warning)(str(problem))
    for problem in report.warnings:
        log.warning(str(problem))
    if fatal:
        raise PluginError(report.summary())
    if report.errors or report.warnings:
        log.warning(report.summary())
    else:
        log.info(report.summary())
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Serve Mermaid from the site when npm installed it; pages fall back to Material's CDN copy otherwise."""
    build = _current()
    _copy_mermaid(build.root / MERMAID_DIST, Path(config.site_dir) / MERMAID_TARGET)
    _write_feed(build, config)
    if build.shared.config.cards:
        log.info(f"social cards: {build.cards[True]} drawn, {build.cards[False]} from the cache")
    build.cleanup()


def _copy_mermaid(dist: Path, target: Path) -> None:
    """Mermaid's ES module entry and its chunks (no source maps): pages load only what a gantt chart needs."""
    if not (dist / MERMAID_ENTRY).is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dist / MERMAID_ENTRY, target / MERMAID_ENTRY)
    shutil.copytree(
        dist / MERMAID_CHUNKS, target / MERMAID_CHUNKS, ignore=shutil.ignore_patterns("*.map"), dirs_exist_ok=True
    )


def _write_feed(build: _Build, config: MkDocsConfig) -> None:
    """feed.xml: published postmortems, newest first; it needs site_url for its absolute links."""
    site_url = config.site_url
    if not site_url:
        return
    entries = []
    for src, postmortem in build.postmortems.items():
        url = build.shared.urls.get(src)
        if url is None or postmortem.is_draft or postmortem.problems:
            continue
        entry = feed_entry(postmortem, build.shared.config, absolute_url(site_url, url))
        if entry is not None:
            entries.append(entry)
    xml = feed_xml(config.site_name, site_url, config.site_description or "", absolute_url(site_url, FEED), entries)
    (Path(config.site_dir) / FEED).write_bytes(xml)


def on_build_error(error: Exception) -> None:
    if _build is not None:
        _build.cleanup()


def on_shutdown() -> None:
    if _build is not None:
        _build.cleanup()
