"""mkdocs-macros glue: the component macros, and a page render that cannot break a page.

mkdocs-macros renders a whole page as one Jinja template, code included; on an
error it swaps the page for the error text and the build still passes. So this
module renders each page itself, with the plugin's own Jinja environment,
macros and variables: code is swapped out first (`hindsight.literal`), an
error becomes a problem line at the page's file and line, and the plugin is
told the page is done. Postmortem pages are then laid out by
`hindsight.compose` from the model the hook parsed: one parse per page.
"""

from __future__ import annotations

import logging
import traceback
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from hindsight.archive.actions import Link, actions_html, collect_actions
from hindsight.archive.listing import browse, browse_html, chips_html
from hindsight.archive.stats import compute_stats, stats_html
from hindsight.mkdocs.handoff import Shared, shared
from hindsight.model import Postmortem, Problem
from hindsight.page.components import ComponentError, badge_html, diagram_html, facts_html, timeline_html
from hindsight.page.compose import BADGE, DIAGRAM, FACTS, TIMELINE, assemble, slots_of
from hindsight.page.jinja import (
    Dialect,
    Names,
    failed_problem,
    not_a_postmortem,
    page_template,
    syntax_problem,
    template_problems,
    undefined_problem,
)
from hindsight.page.panels import repeats_html, scorecard_html
from hindsight.reading.scorecard import scorecard

log = logging.getLogger("mkdocs.plugins.hindsight.macros")


def _shared(env: Any) -> Shared:
    found = shared(env.conf)
    if found is None:
        raise ComponentError("Hindsight's hook is not loaded", "list hooks/postmortems.py under hooks in mkdocs.yml")
    return found


def _postmortem(env: Any, macro: str) -> Postmortem:
    postmortem = _shared(env).postmortems.get(env.page.file.src_uri)
    if postmortem is None:
        raise ComponentError(*not_a_postmortem(macro))
    return postmortem


def define_env(env: Any) -> None:
    @env.macro
    def severity_badge(level: str | None = None) -> Markup:
        """The badge of a level (`severity_badge('SEV2')`), or of this postmortem."""
        config = _shared(env).config
        if level is None:
            postmortem = _postmortem(env, "severity_badge")
            slots_of(env.page).placed.add(BADGE)
            if not postmortem.facts.severity:
                return Markup("")
            level = postmortem.facts.severity
            if config.severity(level) is None:
                return Markup("")  # already a problem of the severity field; one line is enough
        return slots_of(env.page).put(badge_html(str(level), config), block=False)

    @env.macro
    def key_facts() -> Markup:
        postmortem = _postmortem(env, "key_facts")
        slots_of(env.page).placed.add(FACTS)
        build = _shared(env)
        return slots_of(env.page).put(facts_html(postmortem, build.config, build.authors))

    @env.macro
    def incident_timeline() -> Markup:
        postmortem = _postmortem(env, "incident_timeline")
        slots_of(env.page).placed.add(TIMELINE)
        return slots_of(env.page).put(timeline_html(postmortem))

    @env.macro
    def outage_diagram() -> Markup:
        postmortem = _postmortem(env, "outage_diagram")
        slots_of(env.page).placed.add(DIAGRAM)
        diagram = diagram_html(postmortem)
        return slots_of(env.page).put(diagram) if diagram is not None else Markup("")

    define_site_macros(env)


def _links(env: Any) -> dict[str, Link]:
    """Each postmortem's link, relative to the page being rendered, by postmortem path."""
    build = _shared(env)
    here = env.page.url
    return {
        postmortem.path: Link(get_relative_url(build.urls[src], here), postmortem.facts.title or postmortem.path)
        for src, postmortem in build.postmortems.items()
        if src in build.urls
    }


def define_site_macros(env: Any) -> None:
    """Macros for the site's own pages: stats, action items, browsing."""

    @env.macro
    def postmortem_stats() -> Markup:
        build = _shared(env)
        return slots_of(env.page).put(Markup(stats_html(compute_stats(build.postmortems.values(), build.config))))

    @env.macro
    def action_items() -> Markup:
        build = _shared(env)
        items = collect_actions(build.postmortems.values(), _links(env), date.today())
        return slots_of(env.page).put(Markup(actions_html(items)))

    @env.macro
    def postmortem_browse() -> Markup:
        build = _shared(env)
        return slots_of(env.page).put(browse_html(browse(build.postmortems.values(), build.config, _links(env))))

    @env.macro
    def postmortem_filters(browse_page: str = "browse/") -> Markup:
        build = _shared(env)
        base = get_relative_url(browse_page, env.page.url)
        key = ("filters", base)
        if key not in build.memo:
            build.memo[key] = chips_html(browse(build.postmortems.values(), build.config, _links(env)), base)
        return slots_of(env.page).put(build.memo[key])


def on_pre_page_macros(env: Any) -> None:
    page = env.page
    if page.meta.get("render_macros") is False:
        return
    build = shared(env.conf)
    postmortem = build.postmortems.get(page.file.src_uri) if build is not None else None
    markdown: str = env.markdown
    template = page_template(markdown, postmortem, None if postmortem is not None else _first_line(page, markdown))
    variables = {**env.variables, **page.meta}
    page.meta["render_macros"] = False  # rendered here: the plugin must not render it again
    jinja = env.env
    names = Names(
        frozenset(variables) | frozenset(jinja.globals),
        frozenset(jinja.filters),
        frozenset(jinja.tests),
        strict=isinstance(jinja.undefined, type) and issubclass(jinja.undefined, StrictUndefined),
    )
    dialect = Dialect(
        jinja.block_start_string,
        jinja.block_end_string,
        jinja.variable_start_string,
        jinja.variable_end_string,
        jinja.comment_start_string,
        jinja.comment_end_string,
    )
    path = build.path_of(page.file.src_uri) if build is not None else page.file.src_uri
    protected = template.protected
    found = template_problems(path, protected.text, template.line, names, dialect, postmortem=postmortem is not None)
    rendered = protected.text
    if not found:
        try:
            rendered = jinja.from_string(protected.text).render(**variables)
        except Exception as error:
            found = [_problem(path, error, template.line)]
            rendered = protected.text
    for problem in found:
        if build is not None:
            build.report_problem(page.file.src_uri, problem)
        else:
            log.error(str(problem))
    text = protected.restore(rendered)
    if postmortem is not None and build is not None and template.slot is not None:
        top, bottom = _panels(build, postmortem, page.url)
        text = assemble(text, template.slot, postmortem, build.config, build.authors, slots_of(env.page), top, bottom)
    env.markdown = text


def _panels(build: Shared, postmortem: Postmortem, here: str) -> tuple[Markup, Markup]:
    """What ties this postmortem to others (near the top), and the reviewers' scorecard (folded, at the end)."""
    repeats = build.found_repeats()
    before, again = repeats.before.get(postmortem.path, []), repeats.again.get(postmortem.path, [])
    links: dict[str, Link] = {}
    for other in [r.earlier for r in before] + [r.later for r in again]:
        src = repeats.sources.get(other.path)
        if src is not None and src in build.urls:
            links[other.path] = Link(get_relative_url(build.urls[src], here), other.facts.title or other.path)
    top = repeats_html(postmortem, before, again, links, build.config, date.today())
    return top, scorecard_html(scorecard(postmortem, build.config), build.authors)


def _first_line(page: Any, markdown: str) -> int:
    """File line of the page Markdown's first line, found from the source file."""
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError, TypeError):
        return 1
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


def _problem(path: str, error: Exception, first: int) -> Problem:
    """A render error as a line; syntax and unknown names were found before the render, the same way `check` does."""
    if isinstance(error, TemplateSyntaxError):
        return syntax_problem(path, first + (error.lineno or 1) - 1, error.message or str(error))
    line = first + _template_line(error) - 1
    if isinstance(error, UndefinedError):
        return undefined_problem(path, line, error.message or str(error))
    if isinstance(error, ComponentError):
        return Problem(path, line, error.message, error.hint)
    return failed_problem(path, line, error)


def _template_line(error: Exception) -> int:
    """The line of the page template where a render error was raised."""
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == "<template>" and frame.lineno
    ]
    return lines[-1] if lines else 1
