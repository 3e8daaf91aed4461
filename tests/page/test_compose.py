"""The page is composed by the core: badge, facts, timeline and diagram from the model, each exactly once."""

from __future__ import annotations

import pytest

from hindsight import DEFAULT
from hindsight.page.compose import ComposedPage, compose
from hindsight.page.literal import code_blocks
from hindsight.page.slots import BADGE, DIAGRAM, FACTS, TIMELINE
from tests.conftest import VALID, mutate, parse

AUTHORS = {"ada": "Ada Okafor", "priya": "Priya Raman"}
CODE = "\n```yaml\nimage: {{ .Values.image.tag }}\n```\n\n"
WITH_CODE = mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n" + CODE)


def page_of(text: str = VALID, markdown: str | None = None) -> tuple[ComposedPage, str]:
    postmortem = parse(text)
    composed = compose(postmortem, postmortem.body.lstrip("\n") if markdown is None else markdown, DEFAULT, AUTHORS)
    return composed, composed.slots.fill(composed.markdown)


def test_a_page_with_no_macros_gets_every_component_once() -> None:
    composed, page = page_of()
    assert 'class="hs-' not in composed.markdown, "component HTML stays out of Markdown"
    assert page.startswith("# Checkout crawled for three hours\n")
    for marker in ('class="hs-badge"', 'class="hs-facts"', 'class="hs-timeline"', '<pre class="hs-mermaid">'):
        assert page.count(marker) == 1, marker
    assert page.index('class="hs-facts"') < page.index("## Issue Summary") < page.index('class="hs-timeline"')
    assert page.index('class="hs-timeline"') < page.index('<pre class="hs-mermaid">') < page.index("## Root Cause")


def test_the_timeline_bullets_give_way_to_the_component() -> None:
    composed, _ = page_of()
    assert "[detected]" not in composed.markdown, "bullets are never a template, and never shown twice"
    assert "## Timeline" in composed.markdown and "## Root Cause and Resolution" in composed.markdown


@pytest.mark.parametrize(
    ("placed", "counts"),
    [
        (set(), (1, 1, 1, 1)),
        ({TIMELINE, DIAGRAM}, (1, 1, 0, 0)),
        ({FACTS, BADGE}, (0, 0, 1, 1)),
        ({BADGE, FACTS, TIMELINE, DIAGRAM}, (0, 0, 0, 0)),
    ],
)
def test_what_the_writer_placed_is_left_out_of_the_layout(placed: set[str], counts: tuple[int, ...]) -> None:
    composed, _ = page_of()
    composed.slots.placed.update(placed)
    page = composed.slots.fill(composed.markdown)
    markers = ('class="hs-badge"', 'class="hs-facts"', 'class="hs-timeline"', '<pre class="hs-mermaid">')
    assert tuple(page.count(marker) for marker in markers) == counts
    assert "<!--hs:" not in page
    assert '<time datetime="2024-08-15">' in page, "the incident's date stays when the badge is placed by hand"


def test_every_line_of_the_story_knows_its_file_line() -> None:
    composed, _ = page_of(WITH_CODE)
    file_lines = WITH_CODE.splitlines()
    checked = 0
    for number, line in enumerate(composed.markdown.splitlines(), start=1):
        if line.strip() and "<!--hs:" not in line and not line.startswith("# "):
            assert file_lines[composed.file_line(number) - 1] == line, (number, line)
            checked += 1
    assert checked > 20


def test_the_code_blocks_it_reports_are_the_code_blocks_of_its_markdown() -> None:
    composed, _ = page_of(WITH_CODE)
    assert list(composed.code) == code_blocks(composed.markdown) != []
    assert composed.code_in(composed.markdown) == composed.code
    assert composed.code_in(composed.markdown + "x") is None, "another text must be parsed again"


def test_markdown_other_than_the_file_body_is_laid_out_from_its_own_lines() -> None:
    postmortem = parse(WITH_CODE)
    markdown = "An editor's note.\n\n" + postmortem.body.lstrip("\n")
    composed = compose(postmortem, markdown, DEFAULT, AUTHORS)
    page = composed.slots.fill(composed.markdown)
    assert page.count('class="hs-timeline"') == 1 and "[detected]" not in composed.markdown
    assert "An editor's note." in page
    assert list(composed.code) == code_blocks(composed.markdown)


def test_a_postmortem_without_timeline_bullets_still_gets_its_masthead() -> None:
    text = VALID.split("## Timeline\n")[0] + "## Timeline\n\nNo bullets.\n"
    _, page = page_of(text)
    assert page.count('class="hs-facts"') == 1 and page.count('class="hs-badge"') == 1
    assert 'class="hs-timeline"' not in page


def test_the_title_is_text_not_markup_or_a_template() -> None:
    text = mutate("title: Checkout crawled for three hours\n", "title: '<b>{{ x }}</b>'\n")
    composed, _ = page_of(text)
    assert composed.markdown.startswith("# &#60;b&#62;&#123;&#123; x &#125;&#125;&#60;&#47;b&#62;\n")
