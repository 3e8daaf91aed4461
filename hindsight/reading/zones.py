"""Timezones as writers name them: UTC, offsets, `UTC+3`, IANA names and common abbreviations.

Abbreviations are fixed offsets (EAT is always +03:00), kept under their own
name so the page shows the zone the writer used. A few abbreviations mean
different zones in different places; those are refused with every meaning
listed, since a guess would move the incident by hours.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FIXED_HOURS: dict[str, float] = {
    "GMT": 0,
    "BST": 1,
    "WET": 0,
    "WEST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "WAT": 1,
    "CAT": 2,
    "EAT": 3,
    "SAST": 2,
    "PKT": 5,
    "ICT": 7,
    "WIB": 7,
    "SGT": 8,
    "HKT": 8,
    "PHT": 8,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "HST": -10,
    "AKST": -9,
    "AKDT": -8,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "BRT": -3,
    "ART": -3,
}
"""The contract's abbreviations and their offsets from UTC, in hours."""

AMBIGUOUS: dict[str, tuple[tuple[str, str], ...]] = {
    "IST": (("India Standard Time", "+05:30"), ("Israel Standard Time", "+02:00"), ("Irish Standard Time", "+01:00")),
    "CST": (
        ("US Central Standard Time", "-06:00"),
        ("China Standard Time", "+08:00"),
        ("Cuba Standard Time", "-05:00"),
    ),
    "AST": (("Atlantic Standard Time", "-04:00"), ("Arabia Standard Time", "+03:00")),
}

LONG_NAMES: dict[str, str] = {
    "coordinated universal time": "UTC",
    "greenwich mean time": "GMT",
    "british summer time": "BST",
    "central european time": "CET",
    "central european summer time": "CEST",
    "west africa time": "WAT",
    "west african time": "WAT",
    "central africa time": "CAT",
    "central african time": "CAT",
    "east africa time": "EAT",
    "east african time": "EAT",
    "south africa standard time": "SAST",
    "pacific standard time": "PST",
    "pacific daylight time": "PDT",
    "mountain standard time": "MST",
    "mountain daylight time": "MDT",
    "central daylight time": "CDT",
    "eastern standard time": "EST",
    "eastern daylight time": "EDT",
}
"""Zones spelt out, as a Timeline heading names them: "## Timeline (West African Time)"."""

_OFFSET = re.compile(r"^(?:(?P<base>UTC|GMT)\s*)?(?P<sign>[+\-−])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.IGNORECASE)
_NAMED = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)+$")


class ZoneError(ValueError):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def ambiguity(name: str) -> ZoneError:
    meanings = AMBIGUOUS[name]
    listed = ", ".join(f"{what} ({offset})" for what, offset in meanings[:-1]) + f" or {meanings[-1][0]}"
    listed += f" ({meanings[-1][1]})"
    return ZoneError(
        f"timezone {name!r} could mean {listed}",
        f"write the offset instead, e.g. {meanings[0][1]} for {meanings[0][0]}",
    )


def is_zone_word(text: str) -> bool:
    """Whether a word is written like a zone (known or not): an abbreviation, an offset or an IANA name."""
    name = text.strip()
    upper = name.upper()
    return (
        upper in ("UTC", "Z", "GMT")
        or upper in FIXED_HOURS
        or upper in AMBIGUOUS
        or bool(_OFFSET.match(name))
        or bool(_NAMED.match(name))
    )


@lru_cache(maxsize=512)
def zone_named(text: str) -> tzinfo:
    """`UTC`, `Z`, `GMT`, `+05:30`, `UTC+3`, `GMT-5`, an abbreviation such as `EAT`, or an IANA name."""
    name = text.strip()
    upper = name.upper()
    if upper in ("UTC", "Z", "GMT", "UTC+0", "UTC-0", "GMT+0", "GMT-0", "UTC+00:00", "GMT+00:00"):
        return UTC
    if upper in FIXED_HOURS:
        return timezone(timedelta(hours=FIXED_HOURS[upper]), upper)
    if upper in AMBIGUOUS:
        raise ambiguity(upper)
    offset = _OFFSET.match(name)
    if offset:
        hours, minutes = int(offset["h"]), int(offset["m"] or 0)
        if hours > 14 or minutes > 59:
            raise ZoneError(f"offset {name!r} is out of range", "use an offset between -14:00 and +14:00")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(delta if offset["sign"] == "+" else -delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ZoneError(
            f"unknown timezone {name!r}",
            "use UTC, an offset like +02:00, an IANA name like Europe/Paris or an abbreviation like EAT",
        ) from None
