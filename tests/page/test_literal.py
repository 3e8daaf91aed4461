"""Code stays literal through Jinja: protect, render, restore."""

from __future__ import annotations

import jinja2
import pytest

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
