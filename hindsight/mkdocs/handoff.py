"""One build's state, handed from the hook to the macros and templates.

MkDocs loads the hook and mkdocs-macros loads the macros module, each on its
own, so they share nothing but the objects MkDocs passes around. The hook
makes a `Build` at the start of each build and attaches it to the config
object, so nothing outlives a build under `mkdocs serve`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from mkdocs.structure.files import File

from hindsight.archive.published import published
from hindsight.archive.repeats import Repeat, by_earlier, by_later, find_repeats
from hindsight.config import Config
from hindsight.mkdocs.readable_copy import ReadableCopies
from hindsight.model import Postmortem, Problem
from hindsight.page.compose import ComposedPage
from hindsight.page.slots import Slots
from hindsight.project import BlogPaths

_ATTRIBUTE = "hindsight_build"


@dataclass(frozen=True)
class Repeats:
    all: list[Repeat]
    before: Mapping[str, list[Repeat]]
    """By later postmortem path: what it repeats."""
    again: Mapping[str, list[Repeat]]
    """By earlier postmortem path: what repeated it."""
    sources: Mapping[str, str]
    """Docs path (src_uri) of each postmortem path."""


@dataclass
class CardTally:
    """Social cards of this build: drawn, or taken from the cache."""

    drawn: int = 0
    cached: int = 0
    site_card: bool = False
    """The site's own card is made once per build."""

    def count(self, drawn: bool) -> None:
        if drawn:
            self.drawn += 1
        else:
            self.cached += 1


@dataclass
class Build:
    """What one build knows; the only state Hindsight keeps, made anew by every build."""

    config: Config
    blog: BlogPaths
    root: Path
    """The project folder (where mkdocs.yml is)."""
    docs: str = "docs"
    """The docs folder as problem lines show it: relative to the project, with `/`."""
    authors: dict[str, str] | None = None
    """Author ids and names from the blog's authors file; None when the blog has no authors (nobody is checked)."""
    serving: bool = False
    postmortems: dict[str, Postmortem] = field(default_factory=dict)
    """Every postmortem, read and checked, by docs path (src_uri)."""
    render_problems: list[Problem] = field(default_factory=list)
    """Problems found while rendering pages (a wrong macro), kept apart from what reading found."""
    composed: dict[str, ComposedPage] = field(default_factory=dict)
    """Each postmortem page as `hindsight.page.compose` laid it out, by docs path."""
    slots: dict[str, Slots] = field(default_factory=dict)
    """Each page's placeholders, by docs path: filled into its HTML and into its listing excerpts."""
    urls: dict[str, str] = field(default_factory=dict)
    """Site-relative URL of each page by docs path, once MkDocs knows them (at on_nav)."""
    memo: dict[tuple[str, ...], Markup] = field(default_factory=dict)
    """Site-wide HTML made once per build (the filter chips on every page of the paginated home)."""
    cards: CardTally = field(default_factory=CardTally)
    copies: ReadableCopies = field(default_factory=ReadableCopies)
    """Readable copies of the broken postmortems, removed when the build ends."""
    post_files: list[File] = field(default_factory=list)
    """The blog's post files, which it takes out of `files` before the URLs are known."""
    entry_ids: set[str] = field(default_factory=set)
    """Heading ids of the listing entries made in this build, kept unique."""
    repeats: Repeats | None = None
    """The build's repeated outages, found on first use (every postmortem is parsed by then)."""

    @property
    def names(self) -> Mapping[str, str]:
        """Display names of the authors, for the pages."""
        return self.authors or {}

    def found_repeats(self) -> Repeats:
        if self.repeats is None:
            found = find_repeats(published(self.postmortems.values()))
            sources = {postmortem.path: src for src, postmortem in self.postmortems.items()}
            self.repeats = Repeats(found, by_later(found), by_earlier(found), sources)
        return self.repeats

    def path_of(self, src_uri: str) -> str:
        """A page's path as problem lines show it."""
        postmortem = self.postmortems.get(src_uri)
        return postmortem.path if postmortem is not None else f"{self.docs}/{src_uri}"

    def slots_of(self, src_uri: str) -> Slots:
        """The placeholders of a page (a postmortem's are made by `compose`)."""
        if src_uri not in self.slots:
            self.slots[src_uri] = Slots()
        return self.slots[src_uri]

    def problems_of(self, src_uri: str) -> list[Problem]:
        """What the page's banner shows: what reading found, then what rendering found."""
        path = self.path_of(src_uri)
        postmortem = self.postmortems.get(src_uri)
        found = list(postmortem.problems) if postmortem is not None else []
        return found + [problem for problem in self.render_problems if problem.path == path]


def attach(holder: object, build: Build) -> None:
    setattr(holder, _ATTRIBUTE, build)


def build_of(holder: object) -> Build | None:
    value = getattr(holder, _ATTRIBUTE, None)
    return value if isinstance(value, Build) else None
