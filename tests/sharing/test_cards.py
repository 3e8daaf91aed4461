from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from hindsight import DEFAULT, Postmortem
from hindsight.sharing import cards
from hindsight.sharing.cards import (
    ELLIPSIS,
    FONTS,
    TEXT_WIDTH,
    TITLE_LINES,
    TITLE_SIZES,
    card_key,
    clusters,
    font,
    postmortem_card,
    render_card,
    render_site_card,
    shorten,
    title_layout,
    wrap,
)
from tests.conftest import VALID, mutate, parse

SITE = "Acme Postmortems"
LONG = "The payment gateway rejected every card issued by a single bank for nine hours because a certificate pinning list shipped in an app update without its backup key"


def image(path: Path) -> Image.Image:
    with Image.open(path) as img:
        img.load()
        return img


def render(postmortem: Postmortem, tmp_path: Path, name: str = "card.png") -> tuple[bool, bytes]:
    out = tmp_path / "site" / name
    drawn = render_card(postmortem, DEFAULT, SITE, out, tmp_path / "cache")
    return drawn, out.read_bytes()


def test_card_is_a_1200x630_png(tmp_path: Path) -> None:
    drawn, data = render(parse(VALID), tmp_path)
    assert drawn
    with Image.open(io.BytesIO(data)) as img:
        assert (img.format, img.size) == ("PNG", (1200, 630))


def test_content_is_what_the_card_shows() -> None:
    content = postmortem_card(parse(VALID), DEFAULT, SITE)
    assert content.title == "Checkout crawled for three hours"
    assert (content.badge, content.badge_colour) == ("SEV1 \u00b7 Critical", "#b71c1c")
    assert content.facts == ("3h 15m", "75% of users")
    assert content.services == "checkout, product catalog, storefront"
    assert content.site_name == SITE


def test_two_postmortems_give_different_cards(tmp_path: Path) -> None:
    _, first = render(parse(VALID), tmp_path, "a.png")
    _, second = render(parse(mutate("severity: SEV1", "severity: SEV3")), tmp_path, "b.png")
    assert first != second


def test_unchanged_card_is_copied_from_cache_not_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    postmortem = parse(VALID)
    drawn, first = render(postmortem, tmp_path, "a.png")
    assert drawn

    def refuse(content: object) -> bytes:
        raise AssertionError("drew a card that was in the cache")

    monkeypatch.setattr(cards, "draw_card", refuse)
    drawn, again = render(parse(VALID), tmp_path, "b.png")
    assert not drawn
    assert again == first


@pytest.mark.parametrize(
    ("old", "new", "redrawn"),
    [
        ("title: Checkout crawled for three hours", "title: Checkout crawled for four hours", True),
        ("severity: SEV1", "severity: SEV2", True),
        ("end: 2024-08-15 17:45 UTC", "end: 2024-08-15 17:50 UTC", True),
        ("users_affected: 75%", "users_affected: 80%", True),
        ("services: [checkout, product catalog, storefront]", "services: [checkout, storefront]", True),
        # not on the card: no redraw
        ("impact: Product pages and checkout", "impact: Product listings and checkout", False),
        ("tags: [postgres, performance, indexing, checkout]", "tags: [postgres]", False),
        ("end: 2024-08-15 17:45 UTC", "end: 2024-08-15 17:45:20 UTC", False),  # the card shows minutes
    ],
)
def test_cache_key_is_what_the_card_shows(tmp_path: Path, old: str, new: str, redrawn: bool) -> None:
    _, first = render(parse(VALID), tmp_path, "a.png")
    drawn, second = render(parse(mutate(old, new)), tmp_path, "b.png")
    assert drawn is redrawn
    assert (first != second) is redrawn


def test_site_name_and_layout_version_and_font_are_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    content = postmortem_card(parse(VALID), DEFAULT, SITE)
    key = card_key(content)
    assert card_key(postmortem_card(parse(VALID), DEFAULT, "Other site")) != key
    monkeypatch.setattr(cards, "LAYOUT_VERSION", cards.LAYOUT_VERSION + 1)
    assert card_key(content) != key
    monkeypatch.undo()
    monkeypatch.setattr(cards, "font_hash", lambda: "another font")
    assert card_key(content) != key


def test_site_card(tmp_path: Path) -> None:
    out = tmp_path / "site.png"
    assert render_site_card(SITE, "What broke, why, and what we changed.", out, tmp_path / "cache")
    assert image(out).size == (1200, 630)
    assert not render_site_card(
        SITE, "What broke, why, and what we changed.", tmp_path / "again.png", tmp_path / "cache"
    )
    assert render_site_card(SITE, "Another description.", tmp_path / "other.png", tmp_path / "cache")


@pytest.mark.parametrize(
    "title",
    [
        LONG,
        LONG + " " + LONG,
        "Supercalifragilisticexpialidocious" * 6,  # one word wider than the card
        "e\u0301" * 120,  # decomposed é: a letter and its accent are one glyph
        "Flags " + "\U0001f1eb\U0001f1f7" * 60,
        ("Alpha, " * 40).strip(),
    ],
)
def test_long_title_is_cut_with_an_ellipsis_and_fits(title: str) -> None:
    size, lines = title_layout(title)
    face = font(size, bold=True)
    assert size == TITLE_SIZES[-1]
    assert 1 <= len(lines) <= TITLE_LINES
    assert lines[-1].endswith(ELLIPSIS)
    assert all(face.getlength(line) <= TEXT_WIDTH for line in lines)
    body = "".join(lines)[: -len(ELLIPSIS)]
    # cut between glyph clusters: what is kept is whole clusters of the title, in order
    kept = clusters(body.replace(" ", ""))
    assert kept == clusters(title.replace(" ", ""))[: len(kept)]
    for line in lines:
        assert not unicodedata.combining(line[0])
    assert not body.endswith((",", " "))


@pytest.mark.parametrize(
    ("title", "size", "count"),
    [("Checkout crawled for three hours", TITLE_SIZES[0], 2), ("DNS", TITLE_SIZES[0], 1)],
)
def test_short_title_is_big_and_whole(title: str, size: int, count: int) -> None:
    got_size, lines = title_layout(title)
    assert (got_size, len(lines), " ".join(lines)) == (size, count, title)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ab", ["a", "b"]),
        ("e\u0301x", ["e\u0301", "x"]),
        ("\U0001f1eb\U0001f1f7\U0001f1e9\U0001f1ea", ["\U0001f1eb\U0001f1f7", "\U0001f1e9\U0001f1ea"]),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467!", ["\U0001f468\u200d\U0001f469\u200d\U0001f467", "!"]),
        ("\U0001f44d\U0001f3fd", ["\U0001f44d\U0001f3fd"]),
    ],
)
def test_clusters(text: str, expected: list[str]) -> None:
    assert clusters(text) == expected


def test_shorten_prefers_a_word_boundary() -> None:
    face = font(40)
    width = int(face.getlength("alpha beta" + ELLIPSIS)) + 1
    assert shorten("alpha beta gamma delta", face, width) == "alpha beta" + ELLIPSIS
    assert shorten("alphabetagamma", face, int(face.getlength("alpha" + ELLIPSIS)) + 1) == "alpha" + ELLIPSIS


def test_wrap_keeps_whole_text_when_it_fits() -> None:
    lines, cut = wrap("one two three", font(40), TEXT_WIDTH, 3)
    assert (lines, cut) == (["one two three"], False)


def test_font_ships_with_its_licence() -> None:
    assert (FONTS / "DejaVuSans.ttf").is_file() and (FONTS / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream Vera" in (FONTS / "LICENSE").read_text(encoding="utf-8")
