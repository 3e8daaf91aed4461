"""The diagram's Mermaid source stands alone (a page with only Mermaid), and on a phone it says that it scrolls."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from tests.browser.conftest import EXAMPLE, PHONE, Served, Tabs, read_example

CHECKOUT = read_example(EXAMPLE)

LABELS = """() => {
  const svg = document.querySelector('#out svg');
  const rgb = (c) => (c.match(/\\d+(\\.\\d+)?/g) || []).slice(0, 3).map(Number);
  const lum = (c) => { const v = rgb(c).map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const bars = [...svg.querySelectorAll('rect.task')].map((r) => ({box: r.getBoundingClientRect(), fill: getComputedStyle(r).fill}));
  const texts = [...svg.querySelectorAll('text.taskText, text.taskTextOutsideLeft, text.taskTextOutsideRight')].map((t) => {
    const box = t.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const under = t.classList.contains('taskText') && !/Outside/.test(t.getAttribute('class'))
      ? bars.find((b) => x >= b.box.left && x <= b.box.right && y >= b.box.top && y <= b.box.bottom) : null;
    const back = under ? under.fill : 'rgb(255, 255, 255)';
    return {text: t.textContent, fill: getComputedStyle(t).fill, back, contrast: contrast(getComputedStyle(t).fill, back), height: box.height};
  });
  const ticks = [...svg.querySelectorAll('.tick text')].map((t) => parseFloat(getComputedStyle(t).fontSize));
  return {bars: bars.map((b) => b.fill), texts, ticks};
}"""


def _source(served: Served) -> str:
    page = (served.out / CHECKOUT.url.strip("/") / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<pre class="hs-mermaid"><code>(.*?)</code></pre>', page, re.S)
    assert found, "no diagram source on the page"
    return html.unescape(found[1])


def test_the_source_alone_renders_readably_with_only_mermaid(served: Served, tabs: Tabs) -> None:
    source = _source(served)
    alone = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Mermaid alone</title></head>"
        "<body style='margin:0;background:#fff'><div id='out' style='width:720px'></div><script type='module'>"
        "import mermaid from '/assets/javascripts/mermaid/mermaid.esm.min.mjs';"
        "mermaid.initialize({startOnLoad: false});"
        f"const {{svg}} = await mermaid.render('alone', {json.dumps(source)});"
        "document.getElementById('out').innerHTML = svg; window.__drawn = true;"
        "</script></body></html>"
    )
    tab = tabs.open(served)
    tab.page.route(served.url + "/__alone.html", lambda route: route.fulfill(body=alone, content_type="text/html"))
    tab.goto("/__alone.html")
    tab.page.wait_for_function("() => window.__drawn === true", timeout=10_000)
    found: dict[str, Any] = tab.page.evaluate(LABELS)
    assert found["bars"] and all(fill not in ("rgb(0, 0, 0)", "none") for fill in found["bars"]), found["bars"]
    labels = {text["text"].strip() for text in found["texts"]}
    assert "Users affected (3h 15m)" in labels and "Investigating (2h 56m)" in labels, labels
    for text in found["texts"]:
        assert text["contrast"] >= 3, f"{text['text']!r} is hard to read: {text['fill']} on {text['back']}"
    assert found["ticks"] and min(found["ticks"]) >= 12, f"axis labels of {found['ticks']} px"
    assert tab.aborted == []


def test_on_a_phone_the_diagram_keeps_its_size_and_says_it_scrolls(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served, viewport=PHONE)
    tab.goto(CHECKOUT.url)
    tab.draw_diagrams()
    figure = tab.page.locator(".hs-diagram").first
    figure.scroll_into_view_if_needed()
    hint = tab.page.locator(".hs-diagram__hint")
    assert hint.is_visible() and "swipe sideways" in hint.inner_text()
    sizes = tab.page.evaluate(
        """() => { const f = document.querySelector('.hs-diagram'); const svg = f.querySelector('.hs-mermaid-drawn svg');
        const ticks = [...svg.querySelectorAll('.tick text')].map((t) => t.getBoundingClientRect().height);
        return {scroll: f.scrollWidth, client: f.clientWidth, svg: svg.getBoundingClientRect().width, tick: Math.min(...ticks)}; }"""
    )
    assert sizes["scroll"] > sizes["client"], "the diagram scrolls rather than shrinking"
    assert sizes["svg"] >= 700 and sizes["tick"] >= 11, sizes
    assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0], "only the diagram scrolls"
