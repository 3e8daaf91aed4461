"""The macro checker: what `check` and the build both say about a page's template text."""

from __future__ import annotations

import pytest
from jinja2 import Environment, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from hindsight import DEFAULT
from hindsight.page.compose import compose
from hindsight.page.jinja import (
    MACROS,
    Dialect,
    Names,
    page_source,
    page_template,
    postmortem_problems,
    render_page,
    template_problems,
)
from hindsight.page.literal import protect
from tests.conftest import PATH, VALID, mutate, parse

_builtin = Environment()
NAMES = Names(
    frozenset({*MACROS, "config", "page", "extra"}), frozenset(_builtin.filters) | {"pretty"}, frozenset(_builtin.tests)
)
UNKNOWN_HINT = (
    "the macros are severity_badge(), key_facts(), incident_timeline(), outage_diagram(), postmortem_stats(),"
    " action_items(), postmortem_browse(), postmortem_filters(), postmortem_glance(), overdue_tasks(); put literal braces in `code`"
)
SYNTAX_HINT = (
    "write the macro as {{ key_facts() }}; put literal braces in `code` or a code block, where they are left alone"
)


def problems(text: str, first: int = 10, names: Names = NAMES, postmortem: bool = True) -> list[str]:
    return [str(p) for p in template_problems(PATH, protect(text).text, first, names, postmortem=postmortem)]


@pytest.mark.parametrize(
    "text",
    [
        "No template here at all.",
        "{{ key_facts() }}\n\n{{ severity_badge('SEV2') }}",
        "{{ severity_badge(level='SEV2') }} {{ postmortem_filters('browse/') }}",
        "{% raw %}{{ anything | goes }}{% endraw %}",
        "Code `{{ nope() }}` and\n\n```\n{% if %}\n```\n",
        "A heading {#custom-id} and {# not a comment here #}",
        "{## a comment of this site ##}",
    ],
)
def test_what_renders_is_no_problem(text: str) -> None:
    assert problems(text) == []


ONLY_MACROS = (
    "a page may only call Hindsight's macros, with plain values: {{ key_facts() }}, {{ severity_badge('SEV2') }};"
    " put other braces in `code`"
)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("{{ config.site_name }}", "an attribute (x.y)"),
        ("{{ page }}", "a variable ('page')"),
        ("{% set owner = 'ada' %}", "a {% set %}"),
        ("{% for x in range(3) %}{% endfor %}", "a {% for %} loop"),
        ("{% macro shout(word) %}{% endmacro %}", "a {% macro %}"),
        ("{{ 'x' | upper }}", "a filter (x | f)"),
        ("{% if 1 %}x{% endif %}", "an {% if %} block"),
        ("{{ 6*7 }}", "arithmetic"),
        ("{{ 'x' * 1000000000 }}", "arithmetic"),
        ("{{ lipsum.__globals__.os.popen('id').read() }}", "a call of a value"),
        ("{{ cycler.__init__.__globals__ }}", "an attribute (x.y)"),
        ("{{ severity_badge(page.meta) }}", "a macro called with an expression"),
        ("{{ key_facts(*x) }}", "a macro called with an expression"),
        ("{{ 'a' ~ 'b' }}", "a ~ join"),
        ("{{ [1, 2] }}", "a list"),
    ],
)
def test_a_page_calls_macros_with_plain_values_and_nothing_else(text: str, what: str) -> None:
    assert f"{PATH}:10: {what} cannot be used in a page - {ONLY_MACROS}" in problems(text)


def test_the_render_is_a_sandbox_that_knows_only_the_macros() -> None:
    calls: list[str] = []

    def key_facts() -> str:
        calls.append("key_facts")
        return "FACTS"

    assert render_page("a {{ key_facts() }} b\n", {"key_facts": key_facts, "os": print}) == "a FACTS b\n"
    assert calls == ["key_facts"]
    with pytest.raises(UndefinedError):
        render_page("{{ os() }}", {"key_facts": key_facts, "os": print})
    with pytest.raises(SecurityError):
        render_page("{{ key_facts.__globals__ }}", {"key_facts": key_facts})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ key_fact() }}", [f"{PATH}:10: unknown macro or variable: 'key_fact' is undefined - {UNKNOWN_HINT}"]),
        (
            "Intro.\n\nWe {{ nope() }} and {{ nope() }}\n\nthen {{ other() }}.",
            [
                f"{PATH}:12: unknown macro or variable: 'nope' is undefined - {UNKNOWN_HINT}",
                f"{PATH}:14: unknown macro or variable: 'other' is undefined - {UNKNOWN_HINT}",
            ],
        ),
        (
            "a\nb {% if %}",
            [f"{PATH}:11: macro syntax error: Expected an expression, got 'end of statement block' - {SYNTAX_HINT}"],
        ),
        ("{{ 'x' | shout }}", [f"{PATH}:10: a filter (x | f) cannot be used in a page - {ONLY_MACROS}"]),
        (
            "{% for x in y %}",
            [
                f"{PATH}:10: macro syntax error: Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'. - {SYNTAX_HINT}"
            ],
        ),
    ],
)
def test_problems_at_their_file_lines_in_the_build_s_words(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_the_messages_are_jinja_s_own() -> None:
    """The build's render raises exactly these messages, so `check` and the build agree word for word."""
    for text in ("a\nb {% if %}", "{% for x in y %}"):
        with pytest.raises(TemplateSyntaxError) as raised:
            Environment().from_string(text)
        assert problems(text)[0].split("macro syntax error: ")[1] == f"{raised.value.message} - {SYNTAX_HINT}"


def test_an_unknown_macro_is_a_problem_even_on_a_lax_site() -> None:
    lax = Names(NAMES.variables, NAMES.filters, NAMES.tests, strict=False)
    assert [p.message for p in template_problems(PATH, "{{ nope() }}", 1, lax)] == [
        "unknown macro or variable: 'nope' is undefined"
    ]
    assert problems("{% if %}", names=lax) != []


def test_front_matter_values_are_never_variables() -> None:
    assert problems("{{ ticket }}", names=NAMES.with_variables({"ticket"})) == [
        f"{PATH}:10: a variable ('ticket') cannot be used in a page - {ONLY_MACROS}"
    ]


@pytest.mark.parametrize(
    ("text", "macro", "line"),
    [
        ("Intro\n\n{{ key_facts() }}", "key_facts", 12),
        ("{{ incident_timeline() }}", "incident_timeline", 10),
        ("{{ outage_diagram() }}", "outage_diagram", 10),
        ("{{ severity_badge() }}", "severity_badge", 10),
    ],
)
def test_a_component_of_this_postmortem_on_another_page(text: str, macro: str, line: int) -> None:
    assert problems(text, postmortem=False) == [
        f"{PATH}:{line}: {macro}() shows the current postmortem, and this page is not one"
        " - use it in a postmortem, or give a level: {{ severity_badge('SEV2') }}"
    ]
    assert problems(text, postmortem=True) == []


def test_a_badge_with_a_level_works_anywhere() -> None:
    assert problems("{{ severity_badge('SEV2') }}", postmortem=False) == []


def test_other_delimiters() -> None:
    dialect = Dialect("<%", "%>", "<<", ">>", "<#", "#>")
    found = template_problems(PATH, "{{ nope() }} << nope() >>", 1, NAMES, dialect)
    assert [p.message for p in found] == ["unknown macro or variable: 'nope' is undefined"]


def test_a_postmortem_s_timeline_bullets_and_code_are_not_templates() -> None:
    text = mutate(
        "- 14:38 UTC - [action] The on-call",
        "- 14:38 UTC - [action] {{ not_a_macro }} The on-call",
    )
    text = mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\n`{{ inline }}`\n\n", text)
    assert postmortem_problems(parse(text), NAMES) == []
    text = mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\n{{ key_fact() }}\n", VALID)
    line = text.splitlines().index("{{ key_fact() }}") + 1
    assert [str(p) for p in postmortem_problems(parse(text), NAMES)] == [
        f"{PATH}:{line}: unknown macro or variable: 'key_fact' is undefined - {UNKNOWN_HINT}"
    ]


def test_page_template_is_the_composed_page_with_its_first_file_line() -> None:
    postmortem = parse(VALID)
    composed = compose(postmortem, postmortem.body.lstrip("\n"), DEFAULT, {})
    template = page_template(composed.markdown, composed)
    assert template.protected.text.count("\n") == composed.markdown.count("\n")
    assert "[detected]" not in template.protected.text, "the Timeline bullets are no template"
    heading = template.protected.text.splitlines().index("## Issue Summary")
    assert VALID.splitlines()[template.line + heading - 1] == "## Issue Summary"


@pytest.mark.parametrize(
    ("source", "markdown", "meta", "line"),
    [
        ("# Guide\n", "# Guide\n", {}, 1),
        ("---\ntitle: Guide\n---\n\n\n# Guide\n", "# Guide\n", {"title": "Guide"}, 6),
        ("---\n[broken\n---\n# Guide\n", "---\n[broken\n---\n# Guide\n", {}, 1),
        ("---\n- a list\n---\n# Guide\n", "---\n- a list\n---\n# Guide\n", {}, 1),
    ],
)
def test_page_source_splits_as_mkdocs_does(source: str, markdown: str, meta: dict[str, object], line: int) -> None:
    assert page_source(source) == (markdown, meta, line)


def test_a_refused_template_is_never_compiled() -> None:
    """Compiling folds constants: `'x' * 10**9` would be a gigabyte before any render."""
    import tracemalloc

    tracemalloc.start()
    try:
        found = problems("{{ 'x' * 1000000000 }} and {{ severity_badge('x' * 1000000000) }}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.split(": ", 1)[1].split(" - ")[0] for p in found] == [
        "arithmetic cannot be used in a page",
        "a macro called with an expression cannot be used in a page",
    ]
    assert peak < 50_000_000
