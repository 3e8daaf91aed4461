"""How Hindsight rides Material's blog plugin: its settings, its posts' read time, its listing excerpts.

Everything here leans on the blog's internals (`page.config.readtime`,
`page.markdown` after the render, `page._title_from_render`, `context["posts"]`), so a change of the blog
shows up in this one module.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from hindsight.archive.entry import entry_html, entry_id, entry_markdown
from hindsight.mkdocs.handoff import Build
from hindsight.model import Postmortem
from hindsight.page.readtime import readtime
from hindsight.page.slots import Slots
from hindsight.project import BlogPaths


def blog_paths(config: MkDocsConfig) -> BlogPaths:
    """The blog's settings Hindsight follows (its defaults when the blog plugin is not configured)."""
    plugin = config.plugins.get("material/blog")
    return BlogPaths.from_blog_config(plugin.config if plugin is not None else {})


def time_the_read(page: Page, html: str, words_per_minute: int | None) -> None:
    """Set the post's read time the way the blog would, so it skips its slower HTML parse (same minutes, tested)."""
    post_config = getattr(page, "config", None)
    if words_per_minute and post_config is not None and hasattr(post_config, "readtime") and not post_config.readtime:
        post_config.readtime = readtime(html, words_per_minute)


def list_as_entry(build: Build, page: Page, postmortem: Postmortem) -> None:
    """The page is rendered: from now on its Markdown only feeds the blog's listings (index, archive, category).

    A listing shows the postmortem's entry (its masthead), whatever the writer
    put before `<!-- more -->` or without one: never the body, whose section ids
    would repeat on the page and whose size (a log appendix) has no bound.
    """
    slots = build.slots_of(page.file.src_uri)
    heading = entry_id(page.file.src_uri)
    while heading in build.entry_ids:
        heading += "-"
    build.entry_ids.add(heading)
    title = postmortem.facts.title if getattr(page, "_title_from_render", None) else None
    entry = slots.put(entry_html(postmortem, build.config)).strip()
    page.markdown = entry_markdown(title, heading, entry, build.blog.separator)


def fill_excerpts(context: dict[str, object], slots_of: Callable[[str], Slots]) -> None:
    """Put the components back into the excerpts the blog rendered for a listing page (`context["posts"]`)."""
    for excerpt in context.get("posts") or []:  # type: ignore[attr-defined]
        post = getattr(excerpt, "post", None)
        if post is not None and isinstance(getattr(excerpt, "content", None), str):
            excerpt.content = slots_of(post.file.src_uri).fill(excerpt.content)
