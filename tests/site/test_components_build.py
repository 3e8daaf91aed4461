"""Real builds: components on the page, macros that cannot break it, and text that stays text."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import EXAMPLE_COUNT, VALID, Site, mutate, searchable
from tests.site.test_build import build_problems, count_lines, output

MakeSite = Callable[..., Site]

EVIL_TITLE = "<script>window.__pwned=1</script> & {{ 7*7 }}"
EVIL = mutate("title: Checkout crawled for three hours\n", f"title: '{EVIL_TITLE}'\n")
EVIL = mutate(
    "- 15:15 UTC - [misleading] Spiky traffic graphs suggested a DDoS",
    "- 15:15 UTC - [misleading] <img src=x onerror=alert(1)> {{ 7*7 }} --> click x; %% #35; Spiky traffic graphs suggested a DDoS",
    EVIL,
)
CODE = """
```yaml
image: {{ .Values.image.tag }}
token: ${{ secrets.TOKEN }}
{% if x %}{% endif %}
```

Inline `{{ x | default('y') }}` stays as typed.

## Heading with an id {#custom-id}
"""
EVIL = mutate("## Corrective and Preventative Measures\n", CODE + "\n## Corrective and Preventative Measures\n", EVIL)


def page(site: Site, stem: str = "x") -> str:
    return (site.root / "site" / "postmortems" / stem / "index.html").read_text(encoding="utf-8")


def visible(markup: str) -> str:
    """Text a reader sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_postmortem_without_macros_gets_every_component_once(make_site: MakeSite) -> None:
    site = make_site({"x.md": VALID}, examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    body = page(site)
    assert body.count('class="hs-badge"') == 1
    assert body.count('class="hs-facts"') == 1
    assert body.count('class="hs-timeline"') == 1
    assert body.count('<pre class="hs-mermaid">') == 1
    assert '<div class="hs-post" data-severity="SEV1" style="--hs-severity: #b71c1c' in body
    assert re.search(r"<dt>Duration</dt><dd>3h 15m</dd>", body)
    assert re.search(r"<dt>Time to detect</dt><dd>4m</dd>", body)
    assert body.count('<li class="hs-event') == VALID.count(" UTC - ")
    assert '<li class="hs-event hs-event--misleading" data-tag="misleading">' in body
    # the bullets themselves are replaced by the component, not shown twice
    assert "<li>14:34 UTC" not in body
    assert "5 min read" in body, "the read time counts the timeline and facts"


def test_components_placed_by_the_writer_appear_once_where_placed(make_site: MakeSite) -> None:
    text = mutate("## Timeline\n", "{{ severity_badge() }} {{ key_facts() }}\n\n## Timeline\n")
    text = mutate(
        "## Root Cause and Resolution\n",
        "{{ outage_diagram() }}\n\n{{ incident_timeline() }}\n\n## Root Cause and Resolution\n",
        text,
    )
    site = make_site({"x.md": text}, examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    body = page(site)
    for marker in ('class="hs-badge"', 'class="hs-facts"', 'class="hs-timeline"', '<pre class="hs-mermaid">'):
        assert body.count(marker) == 1, marker
    assert body.index('class="hs-facts"') > body.index('id="issue-summary"')
    assert (
        body.index('<pre class="hs-mermaid">')
        < body.index('class="hs-timeline"')
        < body.index('id="root-cause-and-resolution"')
    )


def test_an_explicit_level_badge_works_in_any_page(make_site: MakeSite) -> None:
    site = make_site({"x.md": VALID}, examples=True)
    guide = site.root / "docs" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n\nLevels: {{ severity_badge('SEV2') }}\n", encoding="utf-8")
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    text = (site.root / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'title="SEV2 · Major: A core feature down or badly degraded"' in text


def test_writer_text_is_text_and_code_is_verbatim(make_site: MakeSite) -> None:
    site = make_site({"x.md": EVIL}, examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    built = site.root / "site"
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text, path
        assert "<img src=x" not in text, path
    body = page(site)
    assert EVIL_TITLE in visible(body)
    assert f"<title>{html.escape(EVIL_TITLE, quote=False)} - Hindsight</title>" in body
    assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }} --&gt; click x; %% #35; Spiky" in body
    code = visible(body)
    assert "image: {{ .Values.image.tag }}" in code
    assert "token: ${{ secrets.TOKEN }}" in code
    assert "{% if x %}{% endif %}" in code
    assert "{{ x | default('y') }}" in code
    assert 'id="custom-id"' in body
    listing = [built / "index.html", *sorted((built / "page").rglob("index.html"))]  # the home and its later pages
    shown = " ".join(visible(path.read_text(encoding="utf-8")) for path in listing)
    assert EVIL_TITLE in shown, "the listing shows the title as text"
    titles = [record["meta"]["title"] for record in searchable(built).values()]
    assert EVIL_TITLE in titles, "the search index holds the title as text (the search worker escapes it)"


def test_an_unknown_macro_is_a_problem_at_its_line(make_site: MakeSite) -> None:
    text = mutate("We spent the first ninety minutes", "We spent {{ nope() }} the first ninety minutes")
    site = make_site({"x.md": text})
    result = site.build()
    line = line_of(text, "{{ nope() }}")
    expected = (
        f"docs/postmortems/x.md:{line}: unknown macro or variable: 'nope' is undefined"
        " - the macros are severity_badge(), key_facts(), incident_timeline(), outage_diagram(), postmortem_stats(), action_items(), postmortem_browse(), postmortem_filters(), postmortem_glance(), overdue_tasks();"
        " put literal braces in `code`"
    )
    assert result.returncode == 1, output(result)
    assert build_problems(result) == [expected]
    assert count_lines(result) == ["hindsight: 1 postmortem checked: 1 problem in 1 postmortem"]
    assert "Traceback" not in output(result)
    assert "Macro Rendering Error" not in output(result)


def test_a_template_syntax_error_is_a_problem_at_its_line(make_site: MakeSite) -> None:
    text = mutate("The query itself was ordinary;", "The query {% if %} itself was ordinary;")
    site = make_site({"x.md": text})
    result = site.build()
    line = line_of(text, "{% if %}")
    problems = build_problems(result)
    assert result.returncode == 1, output(result)
    assert len(problems) == 1
    assert problems[0].startswith(f"docs/postmortems/x.md:{line}: macro syntax error: ")


def test_a_macro_error_in_another_page_fails_the_build(make_site: MakeSite) -> None:
    site = make_site({"x.md": VALID}, examples=True)
    guide: Path = site.root / "docs" / "guide.md"
    source = guide.read_text(encoding="utf-8") + "\n\n{{ key_facts() }}\n"
    guide.write_text(source, encoding="utf-8")
    result = site.build()
    assert result.returncode == 1, output(result)
    line = source.count("\n")
    assert build_problems(result) == [
        f"docs/guide.md:{line}: key_facts() shows the current postmortem, and this page is not one"
        " - use it in a postmortem, or give a level: {{ severity_badge('SEV2') }}"
    ]
    assert count_lines(result) == [f"hindsight: {EXAMPLE_COUNT + 1} postmortems checked: 1 problem in 1 other page"]


def assert_every_component_once(body: str) -> None:
    for marker in ('class="hs-badge"', 'class="hs-facts"', 'class="hs-timeline"', '<pre class="hs-mermaid">'):
        assert body.count(marker) == 1, marker
    assert "<li>14:34 UTC" not in body, "the bullets give way to the timeline component"
    assert "<!--hs:" not in body


def test_a_site_without_mkdocs_macros_still_lays_out_its_postmortems(make_site: MakeSite) -> None:
    site = make_site({"x.md": VALID})
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  # The components (hooks/macros.py).")
    end = text.index("hooks:\n")
    config.write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    for name in ("stats.md", "actions.md", "browse.md", "index.md", "guide.md"):
        (site.root / "docs" / name).write_text("# Page\n\nNo macros here.\n", encoding="utf-8")
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    assert "macros" not in config.read_text(encoding="utf-8")
    assert_every_component_once(page(site))


def test_render_macros_false_keeps_the_layout_and_leaves_braces_as_typed(make_site: MakeSite) -> None:
    text = mutate("date: 2024-08-16\n", "date: 2024-08-16\nrender_macros: false\n")
    text = mutate("We spent the first ninety minutes", "We spent {{ nope() }} the first ninety minutes", text)
    site = make_site({"x.md": text}, examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    body = page(site)
    assert_every_component_once(body)
    assert "We spent {{ nope() }} the first" in visible(body)
