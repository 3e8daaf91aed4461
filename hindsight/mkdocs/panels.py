"""The panels that tie a postmortem page to others: repeats near the top, the review scorecard at the end.

Their HTML is the core's (`hindsight.page.panels`); the links between pages are MkDocs' to make.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from hindsight.archive.actions import Link
from hindsight.mkdocs.handoff import Build
from hindsight.model import Postmortem
from hindsight.page.panels import repeats_html, scorecard_html
from hindsight.reading.scorecard import scorecard


def panels(build: Build, postmortem: Postmortem, here: str) -> tuple[Markup, Markup]:
    """What ties this postmortem to others (near the top), and the reviewers' scorecard (folded, at the end)."""
    repeats = build.found_repeats()
    before, again = repeats.before.get(postmortem.path, []), repeats.again.get(postmortem.path, [])
    links: dict[str, Link] = {}
    for other in [r.earlier for r in before] + [r.later for r in again]:
        src = repeats.sources.get(other.path)
        if src is not None and src in build.urls:
            links[other.path] = Link(get_relative_url(build.urls[src], here), other.facts.title or other.path)
    top = repeats_html(postmortem, before, again, links, build.config, date.today())
    return top, scorecard_html(scorecard(postmortem, build.config), build.names)
