"""One build's state: paths as problem lines show them, each page's slots and banner problems."""

from __future__ import annotations

from pathlib import Path

from hindsight import DEFAULT
from hindsight.mkdocs.handoff import Build, CardTally, attach, build_of
from hindsight.model import Problem
from hindsight.project import BlogPaths
from tests.conftest import VALID, parse


def new_build() -> Build:
    return Build(DEFAULT, BlogPaths("postmortems", None), Path("/project"), docs="site-docs")


def test_paths_are_the_postmortems_own_or_under_the_docs_folder() -> None:
    build = new_build()
    build.postmortems["postmortems/x.md"] = parse(VALID)
    assert build.path_of("postmortems/x.md") == "docs/postmortems/x.md"
    assert build.path_of("guide.md") == "site-docs/guide.md"


def test_a_page_keeps_one_set_of_slots() -> None:
    build = new_build()
    assert build.slots_of("guide.md") is build.slots_of("guide.md")
    assert build.slots_of("guide.md") is not build.slots_of("stats.md")


def test_the_banner_shows_reading_then_rendering_problems_of_that_page_only() -> None:
    build = new_build()
    postmortem = parse(VALID.replace("severity: SEV1", "severity: SEV9"))
    build.postmortems["postmortems/x.md"] = postmortem
    mine = Problem(postmortem.path, 40, "macro syntax error: x", "fix")
    other = Problem("site-docs/guide.md", 3, "unknown macro", "fix")
    build.render_problems += [other, mine]
    assert build.problems_of("postmortems/x.md") == [*postmortem.problems, mine]
    assert build.problems_of("guide.md") == [other]
    assert postmortem.problems and mine not in postmortem.problems, "render problems never join the parse"


def test_attach_and_find_again() -> None:
    class Holder:
        pass

    holder, build = Holder(), new_build()
    assert build_of(holder) is None
    attach(holder, build)
    assert build_of(holder) is build
    assert new_build().names == {} and new_build().authors is None


def test_cards_are_counted_by_how_they_were_made() -> None:
    tally = CardTally()
    for drawn in (True, False, False):
        tally.count(drawn)
    assert (tally.drawn, tally.cached) == (1, 2)
