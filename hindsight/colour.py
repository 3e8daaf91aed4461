"""Colours from the configuration, and the ink that stays readable on them.

Severity colours are the team's choice, so text drawn on them (chart numbers,
the card's pill) picks black or white by WCAG contrast instead of assuming one.
"""

from __future__ import annotations

WHITE = "#ffffff"
BLACK = "#000000"


def rgb(colour: str) -> tuple[int, int, int]:
    """`#b71c1c` or `#b1c` as an (r, g, b) triple; config has already checked the form."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(background: str) -> str:
    """White or black, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK
