"""mkdocs-macros glue: the component macros, and a page render that cannot break a page.

mkdocs-macros renders a whole page as one Jinja template, code included; on an
error it swaps the page for the error text and the build still passes. So this
module renders each page itself (`render_template`, the one Jinja call), with
the plugin's own Jinja environment, macros and variables: code is held out first
(`hindsight.page.literal`), an error becomes a problem line at the page's file
and line, and the plugin is told the page is done. The layout of a postmortem
page is not done here: `hindsight.page.compose` does it from an MkDocs event, so
it holds without this plugin too; a macro only moves a component elsewhere.
"""

from __future__ import annotations

import logging
import os
import traceback
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from hindsight.archive.actions import Link, actions_html, collect_actions, overdue_html
from hindsight.archive.glance import glance, glance_html
from hindsight.archive.listing import browse, browse_html, chips_html
from hindsight.archive.stats import compute_stats, stats_html
from hindsight.archive.trends import trends, trends_html
from hindsight.mkdocs.handoff import Build, build_of
from hindsight.model import Postmortem, Problem
from hindsight.page.components import ComponentError, badge_html, diagram_html, facts_html, timeline_html
from hindsight.page.jinja import (
    Dialect,
    Names,
    failed_problem,
    not_a_postmortem,
    page_template,
    render_page,
    syntax_problem,
    template_problems,
    undefined_problem,
)
from hindsight.page.slots import BADGE, DIAGRAM, FACTS, TIMELINE, Slots

log = logging.getLogger("mkdocs.plugins.hindsight.macros")


def _shared(env: Any) -> Build:
    found = build_of(env.conf)
    if found is None:
        raise ComponentError("Hindsight's hook is not loaded", "list hooks/postmortems.py under hooks in mkdocs.yml")
    return found


def _postmortem(env: Any, macro: str) -> Postmortem:
    postmortem = _shared(env).postmortems.get(env.page.file.src_uri)
    if postmortem is None:
        raise ComponentError(*not_a_postmortem(macro))
    return postmortem


def _slots(env: Any) -> Slots:
    return _shared(env).slots_of(env.page.file.src_uri)


def define_env(env: Any) -> None:
    @env.macro
    def severity_badge(level: str | None = None) -> Markup:
        """The badge of a level (`severity_badge('SEV2')`), or of this postmortem."""
        config = _shared(env).config
        if level is not None:
            return _slots(env).put(badge_html(str(level), config), block=False)
        postmortem = _postmortem(env, "severity_badge")
        key = postmortem.facts.severity
        if not key or config.severity(key) is None:
            _slots(env).placed.add(BADGE)
            return Markup("")  # a missing or unknown level is already a problem of the severity field
        return _slots(env).place(BADGE, badge_html(key, config), block=False)

    @env.macro
    def key_facts() -> Markup:
        postmortem = _postmortem(env, "key_facts")
        build = _shared(env)
        return _slots(env).place(FACTS, facts_html(postmortem, build.config, build.names))

    @env.macro
    def incident_timeline() -> Markup:
        return _slots(env).place(TIMELINE, timeline_html(_postmortem(env, "incident_timeline")))

    @env.macro
    def outage_diagram() -> Markup:
        diagram = diagram_html(_postmortem(env, "outage_diagram"))
        if diagram is None:
            _slots(env).placed.add(DIAGRAM)
            return Markup("")
        return _slots(env).place(DIAGRAM, diagram)

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
        stats = stats_html(compute_stats(build.postmortems.values(), build.config))
        why = trends_html(trends(build.postmortems.values(), build.found_repeats().all, build.config))
        return _slots(env).put(Markup(stats) + why)

    @env.macro
    def action_items() -> Markup:
        build = _shared(env)
        items = collect_actions(build.postmortems.values(), _links(env), date.today())
        return _slots(env).put(Markup(actions_html(items, build.config.tickets)))

    @env.macro
    def overdue_tasks(actions_page: str = "actions/", top: int = 5) -> Markup:
        """How many tasks are overdue, the longest overdue named, for the home page."""
        build = _shared(env)
        items = collect_actions(build.postmortems.values(), _links(env), date.today())
        url = get_relative_url(actions_page, env.page.url)
        repeated = {repeat.earlier.path for repeat in build.found_repeats().all}
        return _slots(env).put(overdue_html(items, url, build.config.tickets, top, repeated))

    @env.macro
    def postmortem_browse() -> Markup:
        build = _shared(env)
        return _slots(env).put(browse_html(browse(build.postmortems.values(), build.config, _links(env))))

    @env.macro
    def postmortem_filters(browse_page: str = "browse/", folded: bool = True) -> Markup:
        build = _shared(env)
        base = get_relative_url(browse_page, env.page.url)
        key = ("filters", base, str(folded))
        if key not in build.memo:
            view = browse(build.postmortems.values(), build.config, _links(env))
            build.memo[key] = chips_html(view, base, folded)
        return _slots(env).put(build.memo[key])

    @env.macro
    def postmortem_glance(stats_page: str = "stats/", actions_page: str = "actions/") -> Markup:
        """This quarter at a glance (the home page)."""
        build = _shared(env)
        here = env.page.url
        links = (get_relative_url(stats_page, here), get_relative_url(actions_page, here))
        key = ("glance", *links)
        if key not in build.memo:  # the home's every page repeats it: once per build, not once per page
            build.memo[key] = glance_html(glance(build.postmortems.values(), build.config, date.today()), *links)
        return _slots(env).put(build.memo[key])


def on_pre_page_macros(env: Any) -> None:
    """Render the page's macros with its code held out; a problem becomes a line, and the page stays as typed.

    A postmortem arrives laid out already (`hindsight.mkdocs.events.on_page_markdown`), so its
    Timeline bullets and components are placeholders here, never templates. The macro checker
    (`hindsight.page.jinja`) is asked first, as `check` asks it; a page it finds wrong is not rendered.
    """
    page = env.page
    if page.meta.get("render_macros") is False:
        return
    build = build_of(env.conf)
    src = page.file.src_uri
    if (build is None or src not in build.postmortems) and not _written(page, env.conf):
        page.meta["render_macros"] = False  # the blog's category, archive and author views: names are never templates
        return
    markdown: str = env.markdown
    composed = build.composed.get(src) if build is not None else None
    slots = build.slots_of(src) if build is not None else Slots()
    template = page_template(markdown, composed, None if composed is not None else _first_line(page, markdown), slots)
    variables = {**env.variables, **page.meta}
    page.meta["render_macros"] = False  # rendered here: the plugin must not render it again
    path = build.path_of(src) if build is not None else src
    protected = template.protected
    names, dialect = _names(env.env, variables), _dialect(env.env)
    found = template_problems(path, protected.text, template.line, names, dialect, postmortem=composed is not None)
    rendered = protected.text
    if not found:
        try:
            rendered = render_template(env, protected.text, variables)
        except Exception as error:
            found = [_problem(path, error, template.line)]
            rendered = protected.text
    for problem in found:
        if build is not None:
            build.render_problems.append(problem)
        else:
            log.error(str(problem))
    env.markdown = protected.restore(rendered)


def render_template(env: Any, text: str, variables: dict[str, Any]) -> str:
    """The one Jinja render of a page's text: a sandbox that knows mkdocs-macros' registered macros and nothing else.

    `variables` (configuration, page meta) are never handed to it: the checker has refused any use of them.
    """
    return render_page(text, env.macros, _dialect(env.env))


def _written(page: Any, conf: Any) -> bool:
    """Whether the page is a file someone wrote in docs/, not one a plugin generated from names it was given."""
    source = getattr(page.file, "abs_src_path", None)
    docs = conf.get("docs_dir") if hasattr(conf, "get") else None
    if not source or not docs:
        return False
    return Path(os.path.abspath(source)).is_relative_to(Path(os.path.abspath(docs)))


def _names(jinja: Any, variables: dict[str, Any]) -> Names:
    """What the page may name: the plugin's variables, globals, filters and tests."""
    return Names(
        frozenset(variables) | frozenset(jinja.globals),
        frozenset(jinja.filters),
        frozenset(jinja.tests),
        strict=isinstance(jinja.undefined, type) and issubclass(jinja.undefined, StrictUndefined),
    )


def _dialect(jinja: Any) -> Dialect:
    return Dialect(
        jinja.block_start_string,
        jinja.block_end_string,
        jinja.variable_start_string,
        jinja.variable_end_string,
        jinja.comment_start_string,
        jinja.comment_end_string,
    )


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
