"""Social cards: a 1200x630 PNG per postmortem, shown when its link is shared.

Drawn with Pillow and the DejaVu Sans shipped in `hindsight/sharing/fonts/`, so cards
look the same on every machine and need no network. Rendering costs tens of
milliseconds a card, so each card is cached under a hash of exactly what it
shows, the layout version and the font files: an unchanged card is copied,
and editing a postmortem's prose does not redraw it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from PIL import Image, ImageDraw, ImageFont

from hindsight.archive.published import users_text
from hindsight.colour import ink
from hindsight.config import Config
from hindsight.limits import MAX_SERVICES, MAX_TEXT_CHARS
from hindsight.model import Postmortem
from hindsight.reading.times import format_duration

LAYOUT_VERSION = 1  # bump when the drawing changes, so cached cards are redrawn

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
ELLIPSIS = "\u2026"

BACKGROUND = "#0f172a"
TEXT = "#f8fafc"
MUTED = "#cbd5e1"
ACCENT = "#3f51b5"  # the stripe of the site card, which has no severity
STRIPE = 20
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_SIZES = (76, 66, 56)  # the largest that fits the title in TITLE_LINES wins
TITLE_LINES = 3
LINE_HEIGHT = 1.18
PILL_HEIGHT = 64
PILL_SIZE = 34
DESCRIPTION_SIZE = 40
DESCRIPTION_STEP = 50
DESCRIPTION_GAP = 24
DESCRIPTION_LINES = 4
SUPERSAMPLE = 4  # the pill is drawn larger and scaled down, for smooth round ends


@dataclass(frozen=True)
class CardContent:
    """Exactly what appears on a card, as text; its hash keys the cache."""

    title: str
    site_name: str
    badge: str | None = None  # "SEV1 · Critical"
    badge_colour: str | None = None
    facts: tuple[str, ...] = ()  # ("3h 15m", "75% of users")
    services: str | None = None
    description: str | None = None  # the site card's text under its title


def _one_line(text: str | None) -> str:
    """One line of at most MAX_TEXT_CHARS: no card shows more, and every fitting step stays cheap."""
    return " ".join((text or "")[: MAX_TEXT_CHARS * 2].split())[:MAX_TEXT_CHARS]


_SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")


def card_path(folder: str, url: str) -> str:
    """The card's site path for a page URL, safe to write on disk and to put in a URL as it is.

    Page URLs come percent-encoded from file names (spaces, accents); such a
    name is written as ASCII words and a short hash, so the file on disk and
    the og:image URL are the same string.
    """
    path = unquote(url).strip("/") or "index"
    if _SAFE_PATH.match(path) and ".." not in path.split("/"):
        return f"{folder}/{path}.png"
    parts = [part for part in path.split("/") if part not in ("", ".", "..")] or ["card"]
    words = [
        re.sub(
            r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode().lower()
        ).strip("-")
        or "card"
        for part in parts
    ]
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:10]
    stem = "/".join(words)
    return f"{folder}/{stem}-{digest}.png"


def postmortem_card(postmortem: Postmortem, config: Config, site_name: str) -> CardContent:
    facts = postmortem.facts
    badge = colour = None
    if facts.severity:
        level = config.severity(facts.severity)
        badge = level.text if level else facts.severity
        colour = level.colour if level else None
    duration = facts.duration
    shown = [format_duration(duration) if duration is not None else None, users_text(facts.users_affected)]
    services = ", ".join(_one_line(s) for s in facts.services[:MAX_SERVICES] if s.strip())
    return CardContent(
        title=_one_line(facts.title) or "Untitled postmortem",
        site_name=_one_line(site_name),
        badge=badge,
        badge_colour=colour,
        facts=tuple(text for text in shown if text),
        services=services or None,
    )


def site_card(site_name: str, description: str) -> CardContent:
    return CardContent(
        title=_one_line(site_name) or "Postmortems", site_name="", description=_one_line(description) or None
    )


@cache
def font_hash() -> str:
    """The font files' hash: a changed font redraws every card."""
    digest = hashlib.sha256()
    for path in (REGULAR, BOLD):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def card_key(content: CardContent) -> str:
    payload = {"layout": LAYOUT_VERSION, "font": font_hash(), "content": asdict(content)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same glyph positions whether or not libraqm is installed.
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC)


# Text fitting: measured with the font, broken only between glyph clusters.


def clusters(text: str) -> list[str]:
    """Split text into user-perceived glyphs: a base character with its combining
    marks, variation selectors, emoji modifiers and zero-width-joined parts."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        joins = (
            unicodedata.category(char) in ("Mn", "Me", "Mc")
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
            or code == 0x200D
        )
        after_joiner = bool(out) and out[-1].endswith("\u200d")
        flag_pair = (
            bool(out) and 0x1F1E6 <= code <= 0x1F1FF and len(out[-1]) == 1 and 0x1F1E6 <= ord(out[-1]) <= 0x1F1FF
        )
        if out and (joins or after_joiner or flag_pair):
            out[-1] += char
        else:
            out.append(char)
    return out


def _fits(text: str, face: ImageFont.FreeTypeFont, width: int) -> bool:
    return face.getlength(text) <= width


def _split_word(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than the line, in pieces that fit, cut between glyph clusters."""
    pieces: list[str] = []
    current = ""
    for glyph in clusters(word):
        if current and not _fits(current + glyph, face, width):
            pieces.append(current)
            current = ""
        current += glyph
    return [*pieces, current] if current else pieces


def _longest(count: int, candidate: Callable[[int], str], face: ImageFont.FreeTypeFont, width: int) -> str | None:
    """The candidate of the largest n in 1..count that fits, by bisection (a longer prefix is never narrower)."""
    low, high, best = 1, count, None
    while low <= high:
        middle = (low + high) // 2
        text = candidate(middle)
        if _fits(text, face, width):
            best, low = text, middle + 1
        else:
            high = middle - 1
    return best


def shorten(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` cut to fit with an ellipsis: at a word boundary if one fits, else between glyphs.

    Bisection over prefixes: a few measurements whatever the length (2,000
    services once took a minute and a half, one measurement per word).
    """
    text = _one_line(text)
    if not text:
        return ELLIPSIS
    words = text.split(" ")
    if len(words) > 1:
        found = _longest(
            len(words) - 1,
            lambda n: " ".join(words[: n + 1]).rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS,
            face,
            width,
        )
        if found is not None:
            return found
    glyphs = clusters(words[0])
    return _longest(len(glyphs), lambda n: "".join(glyphs[:n]) + ELLIPSIS, face, width) or ELLIPSIS


def fit_line(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """One line: as it is if it fits, else shortened with an ellipsis."""
    text = _one_line(text)
    return text if _fits(text, face, width) else shorten(text, face, width)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap measured with `face`; returns the lines and whether text was cut.

    When the text needs more than `max_lines`, the last line is shortened with
    an ellipsis so the reader sees that the title goes on.
    """
    lines: list[str] = []
    current = ""
    for word in _one_line(text).split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if _fits(candidate, face, width):
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = [word] if _fits(word, face, width) else _split_word(word, face, width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    kept[-1] = _ellipsize_last(kept[-1], face, width)
    return kept, True


def _ellipsize_last(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """The last kept line with an ellipsis, because more text follows it."""
    candidate = line.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS
    return candidate if _fits(candidate, face, width) else shorten(line, face, width)


def title_layout(title: str, width: int = TEXT_WIDTH) -> tuple[int, list[str]]:
    """The largest title size that fits in TITLE_LINES lines, else the smallest, cut."""
    for size in TITLE_SIZES:
        lines, cut = wrap(title, font(size, bold=True), width, TITLE_LINES)
        if not cut:
            return size, lines
    size = TITLE_SIZES[-1]
    return size, wrap(title, font(size, bold=True), width, TITLE_LINES)[0]


# Drawing.


def _pill(image: Image.Image, x: int, y: int, text: str, colour: str) -> int:
    """A rounded badge with `text`, its left edge at x; returns its right edge."""
    face = font(PILL_SIZE, bold=True)
    pad = PILL_HEIGHT // 2
    width = int(face.getlength(text)) + 2 * pad
    big = Image.new("L", (width * SUPERSAMPLE, PILL_HEIGHT * SUPERSAMPLE), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, big.width - 1, big.height - 1), radius=big.height // 2, fill=255)
    mask = big.resize((width, PILL_HEIGHT), Image.Resampling.LANCZOS)
    image.paste(Image.new("RGB", (width, PILL_HEIGHT), colour), (x, y), mask)
    ImageDraw.Draw(image).text((x + width / 2, y + PILL_HEIGHT / 2), text, font=face, fill=ink(colour), anchor="mm")
    return x + width


def draw_card(content: CardContent) -> bytes:
    """The card as PNG bytes; the same content always gives the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, STRIPE - 1, HEIGHT - 1), fill=content.badge_colour or ACCENT)

    top = 60
    right = MARGIN
    if content.badge:
        right = _pill(
            image,
            MARGIN,
            top,
            fit_line(content.badge, font(PILL_SIZE, bold=True), TEXT_WIDTH // 2),
            content.badge_colour or ACCENT,
        )
    if content.site_name:
        face = font(30)
        room = WIDTH - MARGIN - (right + 40 if content.badge else MARGIN)
        draw.text(
            (WIDTH - MARGIN, top + PILL_HEIGHT / 2),
            fit_line(content.site_name, face, room),
            font=face,
            fill=MUTED,
            anchor="rm",
        )

    size, lines = title_layout(content.title)
    step = round(size * LINE_HEIGHT)
    described: list[str] = []
    if content.description:
        described = wrap(content.description, font(DESCRIPTION_SIZE), TEXT_WIDTH, DESCRIPTION_LINES)[0]
    y = 170
    if not (content.badge or content.site_name):  # the site card: its block centred
        y = (
            HEIGHT - step * len(lines) - (DESCRIPTION_GAP + DESCRIPTION_STEP * len(described) if described else 0)
        ) // 2
    for line in lines:
        draw.text((MARGIN, y), line, font=font(size, bold=True), fill=TEXT)
        y += step

    if content.facts:
        face = font(44, bold=True)
        draw.text((MARGIN, 462), fit_line("  \u00b7  ".join(content.facts), face, TEXT_WIDTH), font=face, fill=TEXT)
    if content.services:
        face = font(32)
        draw.text((MARGIN, 536), fit_line(f"Services: {content.services}", face, TEXT_WIDTH), font=face, fill=MUTED)
    y += DESCRIPTION_GAP
    for line in described:
        draw.text((MARGIN, y), line, font=font(DESCRIPTION_SIZE), fill=MUTED)
        y += DESCRIPTION_STEP

    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# Caching.


def render_content(content: CardContent, out_path: Path, cache_dir: Path) -> bool:
    """Write the card for `content` to out_path; True if it was drawn, False if copied from cache."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / f"{card_key(content)}.png"
    drawn = not is_card(cached)
    if drawn:
        data = draw_card(content)
        handle, temp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, cached)  # whole or absent, even if two builds race
    out_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out_path)
    return drawn


def is_card(path: Path) -> bool:
    """Whether `path` holds a whole, uncorrupted card: a cache entry is checked before it is published."""
    try:
        with Image.open(path) as image:
            if image.format != "PNG" or image.size != (WIDTH, HEIGHT):
                return False
            image.verify()  # every chunk's CRC, up to IEND: a truncated or damaged file fails
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def render_card(postmortem: Postmortem, config: Config, site_name: str, out_path: Path, cache_dir: Path) -> bool:
    """The postmortem's card at out_path; True if drawn, False if an unchanged card was copied from cache."""
    return render_content(postmortem_card(postmortem, config, site_name), out_path, cache_dir)


def render_site_card(site_name: str, description: str, out_path: Path, cache_dir: Path) -> bool:
    """The card for pages that are not postmortems: the site's name and description."""
    return render_content(site_card(site_name, description), out_path, cache_dir)
