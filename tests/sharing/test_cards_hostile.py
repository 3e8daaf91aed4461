"""Cards under hostile input: URL-safe names, cache entries checked before reuse, text fitting in few measurements."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import ImageFont

from hindsight.sharing import cards
from hindsight.sharing.cards import CardContent, card_path, font, is_card, render_content, shorten


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postmortems/2024-08-15-checkout/", "assets/cards/postmortems/2024-08-15-checkout.png"),
        ("", "assets/cards/index.png"),
        ("postmortems/my%20file/", "assets/cards/postmortems/my-file-a9dd84be9c.png"),
        ("postmortems/caf%C3%A9-down/", "assets/cards/postmortems/cafe-down-4cad85523b.png"),
        ("postmortems/%E6%97%A5%E6%9C%AC/", "assets/cards/postmortems/card-"),
        ("postmortems/..%2F..%2Fetc/", "assets/cards/postmortems/etc-"),
    ],
)
def test_card_names_are_the_same_string_on_disk_and_in_a_url(url: str, expected: str) -> None:
    path = card_path("assets/cards", url)
    assert path.startswith(expected)
    assert quote(path) == path, "the og:image URL would differ from the file name"
    assert ".." not in path.split("/")


def test_two_pages_never_share_a_card() -> None:
    assert card_path("c", "postmortems/a%20b/") != card_path("c", "postmortems/a-b/")
    assert card_path("c", "postmortems/a%20b/") != card_path("c", "postmortems/a%2Db/")


def test_a_corrupted_or_truncated_cache_entry_is_redrawn(tmp_path: Path) -> None:
    content = CardContent(title="Queue backlog", site_name="Hindsight")
    out, cache = tmp_path / "out.png", tmp_path / "cache"
    assert render_content(content, out, cache) is True
    assert render_content(content, out, cache) is False
    entry = next(cache.glob("*.png"))
    good = entry.read_bytes()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0xFF
    for bad in (bytes(damaged), good[: len(good) // 2], b"not a png", b""):
        entry.write_bytes(bad)
        assert not is_card(entry)
        out.unlink()
        assert render_content(content, out, cache) is True
        assert out.read_bytes() == good


def test_an_image_of_the_wrong_size_is_not_a_card(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (10, 10)).save(tmp_path / "x.png")
    assert not is_card(tmp_path / "x.png")


def test_shortening_takes_a_few_measurements_whatever_the_length(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = cards._fits

    def counting(text: str, face: ImageFont.FreeTypeFont, width: int) -> bool:
        nonlocal calls
        calls += 1
        return real(text, face, width)

    monkeypatch.setattr(cards, "_fits", counting)
    services = ", ".join(f"service-{index}" for index in range(4000))
    shortened = shorten(f"Services: {services}", font(32), 1040)
    assert shortened.startswith("Services: service-0, service-1") and shortened.endswith("\u2026")
    assert calls <= 20
    calls = 0
    assert shorten("x" * 100_000, font(32), 1040).endswith("\u2026")
    assert calls <= 20
