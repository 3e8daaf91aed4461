"""Hostile text in a postmortem stays text: no script runs, no template expands, code stays verbatim."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import CODE_LINES, EVIL_URL, EVIL_WORD, HTML, INLINE_CODE, JINJA, MERMAID, Served, Tab, Tabs

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'

# Any sign that the payload became markup, in the document or in any (forced open) shadow root.
INJECTED = """() => {
  const roots = [document, ...(window.__hsShadowRoots || [])];
  const found = [];
  for (const root of roots) {
    for (const img of root.querySelectorAll('img[src="x"], img[onerror]')) found.push(img.outerHTML);
    for (const script of root.querySelectorAll('script')) {
      if ((script.textContent || '').includes('__pwned')) found.push(script.outerHTML);
    }
    for (const el of root.querySelectorAll('[onerror], [onclick], [onload]')) found.push(el.outerHTML.slice(0, 200));
  }
  return found;
}"""


def assert_not_pwned(tab: Tab) -> None:
    page = tab.page
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.__pwned") == "undefined", "a payload ran: window.__pwned is set"
    injected = page.evaluate(INJECTED)
    assert injected == [], f"payload became markup on {page.url}: {injected}"


def visible_text(page: Page) -> str:
    text = page.locator("body").inner_text()
    assert isinstance(text, str)
    return " ".join(text.split())


def open_evil(evil: Served, views: Tabs, path: str = EVIL_URL) -> Tab:
    return views.view(evil, path)


def test_evil_postmortem_runs_no_script(evil: Served, views: Tabs) -> None:
    tab = open_evil(evil, views)
    assert_not_pwned(tab)


def test_evil_home_page_runs_no_script(evil: Served, views: Tabs) -> None:
    tab = open_evil(evil, views, "/")
    assert_not_pwned(tab)
    text = visible_text(tab.page)
    assert f"{EVIL_WORD} {IMG} {SCRIPT}" in text, "the evil title is not shown as text on the home page"


def test_evil_title_is_literal_text(evil: Served, views: Tabs) -> None:
    page = open_evil(evil, views).page
    # the heading's text without its permalink anchor (the toc extension's "¶")
    title = " ".join(
        page.locator("h1")
        .first.evaluate(
            "(h) => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink').forEach((a) => a.remove()); return c.textContent; }"
        )
        .split()
    )
    assert title == f"{EVIL_WORD} {HTML} sum {JINJA} graph {MERMAID}"
    assert page.evaluate("() => document.title").startswith(f"{EVIL_WORD} {HTML}")


def test_evil_text_is_shown_not_interpreted(evil: Served, views: Tabs) -> None:
    page = open_evil(evil, views).page
    text = visible_text(page)
    assert SCRIPT in text and IMG in text
    assert f"sum {JINJA} graph" in text
    assert "sum 49 graph" not in page.content(), (
        "{{ 7*7 }} was rendered as a template (in the text, an attribute or a meta tag)"
    )
    assert "Tickets sum {{ 7*7 }} and support tickets" in text
    assert f"Graph {MERMAID} then a database engineer" in text
    assert f"Alert {HTML} fired" in text


def test_evil_code_stays_verbatim(evil: Served, views: Tabs) -> None:
    page = open_evil(evil, views).page
    blocks = page.locator("pre code").all_inner_texts()
    code = next((block for block in blocks if "secrets.TOKEN" in block), None)
    assert code is not None, f"no code block with the deploy files; code blocks: {blocks}"
    for line in CODE_LINES:
        assert line in code, f"{line!r} not verbatim in:\n{code}"
    inline = page.locator("p code").all_inner_texts()
    assert INLINE_CODE in inline, f"inline code changed: {inline}"


def test_evil_diagram_still_renders(evil: Served, tabs: Tabs) -> None:
    tab = tabs.open(evil)
    tab.goto(EVIL_URL)
    tab.draw_diagrams()
    assert tab.diagram_svgs() >= 1
    assert_not_pwned(tab)
    assert tab.aborted == [], f"the page asked the internet for: {tab.aborted}"


def test_evil_search_results_run_no_script(evil: Served, tabs: Tabs) -> None:
    tab = tabs.open(evil)
    page = tab.goto("/")
    page.evaluate("() => { delete window.__pwned; }")  # judge the search results alone
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(EVIL_WORD.lower())  # Material searches on key events, not on fill()
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    found = " ".join(page.locator(".md-search-result").inner_text().split())
    assert EVIL_WORD in found
    page.wait_for_load_state("networkidle")
    markup = page.locator(".md-search-result").evaluate(
        "(el) => [...el.querySelectorAll('img, script, [onerror]')].map((e) => e.outerHTML)"
    )
    assert markup == [], f"the evil title became markup in the search results: {markup}"
    assert page.evaluate("() => typeof window.__pwned") == "undefined", "a payload ran from the search results"
    assert SCRIPT in found, f"the evil title is not shown as text in the search results: {found!r}"
