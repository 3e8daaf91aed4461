"""Code stays literal through Jinja: protect, render, restore."""

from __future__ import annotations

import re

import jinja2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hindsight.lines import split_lines
from hindsight.page.literal import code_blocks, protect

CASES = [
    ("helm", "```yaml\nimage: {{ .Values.image.tag }}\n```\n"),
    ("actions", "~~~\nrun: echo ${{ secrets.TOKEN }}\n~~~\n"),
    ("jinja", "```\n{% if x %}{% endif %}\n{# note #}\n```\n"),
    ("indented", "Text.\n\n    {{ .Values.tag }}\n    {% raw %}\n"),
    ("inline", "Use `{{ x | default('y') }}` here.\n"),
    ("double-backticks", "A ``code with ` {{ x }}`` span.\n"),
    ("multiline-span", "A `span that\n{{ wraps }}` lines.\n"),
    ("in-list", "- item\n\n  ```\n  {{ nested }}\n  ```\n"),
    ("unclosed-fence", "```\n{{ to the end }}\n"),
]


@pytest.mark.parametrize("source", [pytest.param(text, id=name) for name, text in CASES])
def test_code_survives_a_jinja_render_byte_for_byte(source: str) -> None:
    protected = protect(source)
    assert "{{" not in protected.text and "{%" not in protected.text
    assert protected.text.count("\n") == source.count("\n"), "line numbers must not move"
    rendered = (
        jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        .from_string(protected.text)
        .render()
    )
    assert protected.restore(rendered) == source


def test_prose_outside_code_is_still_a_template() -> None:
    protected = protect("Hello {{ name }} and `{{ kept }}`.\n")
    rendered = jinja2.Environment(keep_trailing_newline=True).from_string(protected.text).render(name="Ada")
    assert protected.restore(rendered) == "Hello Ada and `{{ kept }}`.\n"


def test_an_escaped_backtick_opens_no_span() -> None:
    protected = protect("A \\`{{ x }}` here.\n")
    assert "{{ x }}" in protected.text


def test_a_trimmed_newline_after_code_does_not_lose_the_code() -> None:
    protected = protect("```\n{{ a }}\n```\n\n{{- 'x' }}\n")
    rendered = jinja2.Environment().from_string(protected.text).render()
    assert protected.restore(rendered) == "```\n{{ a }}\n```x"


def test_tokens_differ_per_page_so_a_page_cannot_forge_one() -> None:
    assert protect("`a`").nonce != protect("`a`").nonce


@pytest.mark.parametrize("source", [pytest.param(text, id=name) for name, text in CASES])
def test_blocks_from_an_earlier_parse_protect_the_same_code(source: str) -> None:
    given = protect(source, code_blocks(source))
    parsed = protect(source)
    assert given.text.replace(given.nonce, "N") == parsed.text.replace(parsed.nonce, "N")


_SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\r", "\r\n", "\n"]
_PIECES = st.one_of(
    st.sampled_from(_SEPARATORS),
    st.sampled_from(
        ["```\n{{ 6*9 }}\n```\n", "~~~\n{% if x %}\n~~~\n", "    {{ indented }}\n", "`{{ span }}`", "``a ` {{ b }}``"]
    ),
    st.sampled_from(["\n\n", "- ", "> ", "# ", "{{ prose }}", "`", "\\`", "word "]),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25))
@example(["# ", "`", "\r", "`{{ span }}`"])
@example(["`", "    {{ indented }}\n", "- ", "`{{ span }}`"])
@example(["- `", "\n", "- `{{ span }}`"])
def test_every_code_block_survives_any_unicode_text_byte_for_byte(pieces: list[str]) -> None:
    """Whatever precedes it (line separators markdown-it and str.splitlines disagree on), code is kept whole."""
    source = "".join(pieces).replace("\r\n", "\n").replace("\r", "\n")  # as the file is decoded
    protected = protect(source)
    assert protected.text.count("\n") == source.count("\n"), "line numbers must not move"
    engine = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
    rendered = engine.sub("RENDERED", protected.text)  # a template engine: anything it sees, it changes
    restored = protected.restore(rendered)
    for token in MarkdownIt("commonmark").enable("table").parse(source):
        if token.type in ("fence", "code_block") and token.map and "{" in token.content:
            block = "".join(split_lines(source)[token.map[0] : token.map[1]]).rstrip("\n")
            assert block in restored, block
        for child in token.children or []:
            if child.type == "code_inline" and "{" in child.content:
                assert child.content in restored.replace("\n", " "), child.content
