"""Our read time equals Material's blog's, minute for minute, on the same HTML."""

from __future__ import annotations

import pytest
from material.plugins.blog.readtime import readtime as materials

from hindsight.page.readtime import readtime

CASES = {
    "prose": "<p>" + "word " * 600 + "</p>",
    "entities": "<p>" + "fish &amp; chips &lt;b&gt; " * 300 + "</p>",
    "svg-and-scripts": "<p>"
    + "a " * 500
    + "</p><svg><text>"
    + "skip " * 900
    + "</text></svg><script>"
    + "x " * 900
    + "</script>",
    "joined-text": "<dl>" + "<dt>Duration</dt><dd>3h</dd>" * 400 + "</dl>",
    "images": "<p>" + "a " * 100 + "</p>" + '<img src="x.png">' * 15,
    "comments": "<p>" + "a " * 300 + "</p><!-- " + "hidden " * 500 + " -->",
    "empty": "",
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("words_per_minute", [265, 100, 30])
def test_same_minutes_as_material(html: str, words_per_minute: int) -> None:
    assert readtime(html, words_per_minute) == materials(html, words_per_minute)
