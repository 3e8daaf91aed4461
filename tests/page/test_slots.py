"""One placeholder scheme: held text comes back before Markdown, component HTML after it, each exactly once."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from hindsight.page.slots import BADGE, FACTS, Slots


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        ("<p>{key}</p>", "<b>x</b>"),
        ("{key}", "<b>x</b>"),
        ("<p>Level {key} here</p>", "<p>Level <b>x</b> here</p>"),
        ("<p>{key} first</p>", "<p><b>x</b> first</p>"),
        ("<p>last {key}</p>", "<p>last <b>x</b></p>"),
    ],
)
def test_fill_puts_html_back_and_unwraps_lone_blocks(rendered: str, expected: str) -> None:
    slots = Slots()
    key = slots.put(Markup("<b>x</b>"), block=False)
    assert slots.fill(rendered.format(key=key)) == expected


def test_a_block_stands_alone_between_blank_lines() -> None:
    slots = Slots()
    token = slots.put(Markup("<div>x</div>"))
    assert token.startswith("\n\n<!--hs:") and token.endswith("-->\n\n")


@pytest.mark.parametrize(
    "forged",
    ["<!--hs:00000000:0-->", "<!--hindsight-forged-0-->", "<!--hs:{nonce}:99-->", "<!--hs:{nonce}:x-->"],
)
def test_tokens_a_writer_types_are_left_alone(forged: str) -> None:
    slots = Slots()
    slots.put(Markup("<b>x</b>"))
    text = forged.format(nonce=slots.nonce)
    assert slots.fill(text) == text
    assert slots.restore(text) == text


def test_held_text_comes_back_only_in_restore() -> None:
    slots = Slots()
    held = slots.hold("`{{ x }}`")
    html = slots.put(Markup("<b>x</b>"), block=False)
    text = f"a {held} b {html}"
    assert slots.restore(text) == f"a `{{{{ x }}}}` b {html}", "component HTML waits until after Markdown"
    assert slots.fill(text) == f"a {held} b <b>x</b>", "held text never reaches the HTML"


def test_restore_keeps_newlines_a_template_trimmed() -> None:
    slots = Slots()
    held = slots.hold("```\ncode\n```")
    assert slots.restore(f"{held}\n\n\nafter") == "```\ncode\n```\nafter"
    assert slots.restore(f"{held}after") == "```\ncode\n```after"


@pytest.mark.parametrize("placed", [False, True])
def test_a_default_component_shows_unless_the_writer_placed_it(placed: bool) -> None:
    slots = Slots()
    default = slots.default(FACTS, Markup('<div class="facts"></div>'))
    page = f"<p>{default}</p>"
    if placed:
        page += "<p>" + slots.place(FACTS, Markup('<div class="facts"></div>')).strip() + "</p>"
    assert slots.fill(page).count('class="facts"') == 1
    assert slots.fill(page).startswith("<p>") is False


def test_defaults_inside_html_are_filled_too() -> None:
    slots = Slots()
    badge = slots.default(BADGE, Markup("<span>SEV1</span>"))
    outer = slots.put(Markup(f"<div>{badge}</div>"), block=False)
    assert slots.fill(outer) == "<div><span>SEV1</span></div>"
    slots.place(BADGE, Markup("<span>SEV1</span>"), block=False)
    assert slots.fill(outer) == "<div></div>"


def test_every_page_has_its_own_nonce() -> None:
    assert Slots().nonce != Slots().nonce
