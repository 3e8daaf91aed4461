"""MkDocs events: when Hindsight reads, lays out, reports and writes, and nothing else.

Each event hands over to a named function of the core or of a small glue module
(`blog`, `readable_copy`, `sharing`, `mermaid`, `theme`); the one state of a
build is a `hindsight.mkdocs.handoff.Build`, shared with the macros. Under
`mkdocs build` a problem in a published postmortem fails the build, with every
problem of every postmortem reported first. Under `mkdocs serve` nothing ever
raises: problems are logged and shown on the page, so the server keeps serving
while the writer fixes them. Drafts only ever warn.

The priorities order Hindsight around the plugins it rides (higher runs first;
a plugin's event without one runs at 0, hooks after plugins at equal priority):

- `on_files` at BEFORE_BLOG (100): the blog reads its posts at -50 and raises on
  the first it cannot read, so every postmortem is checked, and a broken one
  swapped for its readable copy, first;
- `on_page_markdown` at BEFORE_MACROS (10): mkdocs-macros renders at 0, so the
  page is laid out before, its placeholders are never templates, and the layout
  holds without the plugin;
- `on_page_content` at BEFORE_READ_TIME (50): the blog times a post from its HTML
  at 0, so the components are in that HTML, and the blog finds the time set;
- `on_nav` at AFTER_BLOG_NAV (-100): the blog (-50) takes its posts out of the
  files and gives them their URLs;
- `on_page_context` at AFTER_BLOG_EXCERPTS (-200): the blog (-100) renders a
  listing's excerpts, which need their components put back.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hindsight import DEFAULT, ConfigError, load_config
from hindsight.mkdocs.blog import blog_paths, fill_excerpts, list_as_entry, time_the_read
from hindsight.mkdocs.chasing import chase
from hindsight.mkdocs.handoff import Build, attach
from hindsight.mkdocs.logs import quiet_macros
from hindsight.mkdocs.mermaid import SITE_MERMAID, copy_mermaid
from hindsight.mkdocs.panels import panels
from hindsight.mkdocs.sharing import preview_tags, write_exports, write_feed
from hindsight.mkdocs.theme import page_look
from hindsight.page.components import label_task_boxes, spell_task_tokens
from hindsight.page.compose import compose
from hindsight.page.panels import without_scorecard
from hindsight.page.sanitise import sanitise
from hindsight.project import read_authors
from hindsight.reading.across import across_problems, with_problems
from hindsight.reading.cache import ParseCache
from hindsight.reading.report import Report
from hindsight.reading.site import CACHE
from hindsight.templating import problems_html

log = logging.getLogger("mkdocs.hooks.hindsight")

BEFORE_BLOG = 100
BEFORE_MACROS = 10
BEFORE_READ_TIME = 50
AFTER_BLOG_NAV = -100
AFTER_BLOG_EXCERPTS = -200


class _Hook:
    """The command MkDocs runs, and the current build (serve keeps this module loaded across builds)."""

    serving = False
    build: Build | None = None
    parses: ParseCache | None = None
    """Parsed postmortems by content: a bounded cache keyed by everything a parse reads, not per-build state."""


def on_startup(command: str, dirty: bool) -> None:
    _Hook.serving = command == "serve"
    quiet_macros()


def on_config(config: MkDocsConfig) -> None:
    if _Hook.build is not None:
        _Hook.build.copies.remove()
    _Hook.build = new_build(config, _Hook.serving)
    attach(config, _Hook.build)


def new_build(config: MkDocsConfig, serving: bool) -> Build:
    """This build's state, from mkdocs.yml; a bad setting stops a build, and only logs under serve."""
    try:
        settings = load_config(config.extra.get("postmortem"))
    except ConfigError as error:
        if not serving:
            raise PluginError("Invalid Hindsight configuration in mkdocs.yml:\n" + "\n".join(error.problems)) from None
        for line in error.problems:  # a raise here would leave serve hanging: keep serving with the defaults
            log.error(f"mkdocs.yml: {line}")
        settings = DEFAULT
    blog = blog_paths(config)
    root = Path(config.config_file_path or ".").resolve().parent
    authors = read_authors(Path(config.docs_dir) / blog.authors_file) if blog.authors_file else None
    docs = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
    return Build(settings, blog, root, docs, authors, serving)


def _current() -> Build:
    if _Hook.build is None:
        raise PluginError(
            "Hindsight's hook was not configured: is hooks/postmortems.py listed under hooks in mkdocs.yml?"
        )
    return _Hook.build


@event_priority(BEFORE_BLOG)
def _parse_cache(folder: Path) -> ParseCache:
    """Parsed postmortems by content (hindsight.reading.cache), kept across serve rebuilds, shared with check."""
    if _Hook.parses is None or _Hook.parses.folder != folder:
        _Hook.parses = ParseCache(folder)
    return _Hook.parses


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Read and check every postmortem; a broken one is published from a readable copy."""
    build = _current()
    posts = [file for file in files.documentation_pages() if build.blog.is_postmortem(file.src_uri)]
    build.post_files = posts
    parses = _parse_cache(build.root / CACHE)
    read = {
        file.src_uri: parses.read(
            _shown(file.abs_src_path, build.root), Path(file.abs_src_path), build.config, build.authors, build.root
        )
        for file in posts
        if file.abs_src_path is not None
    }
    build.postmortems = with_problems(read, across_problems(read))
    for file in posts:
        postmortem = build.postmortems.get(file.src_uri)
        if postmortem is not None and postmortem.problems:
            build.copies.publish(file, postmortem, build.authors)
    return files


def _shown(source: str, root: Path) -> str:
    """A file's path as problem lines show it: relative to the project, with `/`."""
    return os.path.relpath(source, root).replace(os.sep, "/")


@event_priority(BEFORE_MACROS)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Lay out a postmortem page (`hindsight.page.compose`); mkdocs-macros, if present, renders it next."""
    build = _current()
    src = page.file.src_uri
    postmortem = build.postmortems.get(src)
    if postmortem is None:
        return markdown
    _hide_contents_list(page)
    top, bottom = panels(build, postmortem, page.url)
    composed = compose(postmortem, markdown, build.config, build.names, top=top, bottom=bottom)
    build.composed[src] = composed
    build.slots[src] = composed.slots
    return composed.markdown


def _hide_contents_list(page: Page) -> None:
    """Postmortems put their key facts where the table of contents would be: four sections need no contents list."""
    hidden = page.meta.get("hide")
    hidden = list(hidden) if isinstance(hidden, list) else []
    if "toc" not in hidden:
        page.meta["hide"] = [*hidden, "toc"]


@event_priority(BEFORE_READ_TIME)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the components into the page, and show its problems at the top (seen under serve, and in drafts)."""
    build = _current()
    src = page.file.src_uri
    postmortem = build.postmortems.get(src)
    if postmortem is not None and not build.config.trusted_html:
        html = sanitise(html)  # the writer's HTML; the components are still placeholders here
    html = label_task_boxes(build.slots_of(src).fill(html))
    if postmortem is not None:
        html = spell_task_tokens(html, postmortem, build.names)
        list_as_entry(build, page, postmortem)
        time_the_read(page, without_scorecard(html), build.blog.words_per_minute)
    problems = build.problems_of(src)
    return problems_html(problems, postmortem is not None and postmortem.is_draft) + html if problems else html


@event_priority(AFTER_BLOG_NAV)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Record every page's final URL, for links in macros and the feed."""
    build = _current()
    pages = [*files.documentation_pages(), *build.post_files]
    build.urls = {file.src_uri: file.url for file in pages}
    return nav


@event_priority(AFTER_BLOG_EXCERPTS)
def on_page_context(context: dict[str, object], page: Page, config: MkDocsConfig, nav: object) -> dict[str, object]:
    """Dress the page for the theme overrides (`context["hindsight"]`), its social card drawn on the way."""
    build = _current()
    fill_excerpts(context, build.slots_of)
    postmortem = build.postmortems.get(page.file.src_uri)
    level = build.config.severity(postmortem.facts.severity) if postmortem is not None else None
    meta = preview_tags(build, page, config, postmortem)
    context["hindsight"] = page_look(level, page.content, SITE_MERMAID, meta)
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is read by now: report everything at once, then fail a build that must fail."""
    build = _current()
    report = Report.of(build.postmortems.values(), build.render_problems)
    fatal = report.failed and not build.serving
    for problem in report.errors:
        (log.error if fatal else log.warning)(str(problem))
    for problem in report.warnings:
        log.warning(str(problem))
    late = chase(build, log)
    if fatal:
        raise PluginError(report.summary())
    if report.errors or report.warnings:
        log.warning(report.summary())
    else:
        log.info(report.summary())
    if late and not build.serving:
        raise PluginError(f"hindsight: {late} late task(s) and extra.postmortem.chase says fail")
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Mermaid copied into the site, the feed written, the cards counted; the readable copies removed."""
    build = _current()
    if _Hook.parses is not None:
        _Hook.parses.save()  # this build's postmortems only: the cache never outgrows the archive
    copy_mermaid(Path(config.site_dir))
    write_feed(build, config)
    write_exports(build, config)
    if build.config.cards and not build.serving:
        log.info(f"social cards: {build.cards.drawn} drawn, {build.cards.cached} from the cache")
    build.copies.remove()


def on_build_error(error: Exception) -> None:
    if _Hook.build is not None:
        _Hook.build.copies.remove()


def on_shutdown() -> None:
    if _Hook.build is not None:
        _Hook.build.copies.remove()
