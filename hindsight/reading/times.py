"""Incident times: always with a timezone, never guessed.

Times are parsed from the text the writer typed, not from what YAML made of
it, so `2024-08-15 14:30:00` (a naive datetime to YAML) is still refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hindsight.limits import FIRST_YEAR, LAST_YEAR
from hindsight.reading.zones import ZoneError, zone_named

_CLOCK_TEXT = r"(?P<clock>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z]))?"
_STAMP = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})[T ]\s*" + _CLOCK_TEXT + r"\s*(?P<zone>\S.*)?$")
_CLOCK = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})[T ])?"
    + _CLOCK_TEXT
    + r"(?:\s*(?P<zone>Z|[+-]\d{1,2}(?::?\d{2})?)|\s+(?P<name>[A-Za-z][A-Za-z0-9_+:/-]*))?$"
)

ZONE_HINT = "add a timezone, e.g. 2024-08-15 14:30 UTC, 2024-08-15T14:30:00+02:00 or 2024-08-15 14:30 Europe/Paris"


class TimeError(ValueError):
    """A time the writer must fix; `hint` says how."""

    def __init__(self, message: str, hint: str = ZONE_HINT):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Clock:
    """A timeline time as typed: a date and a zone are optional."""

    day: date | None
    at: time
    zone: tzinfo | None


def parse_zone(text: str) -> tzinfo:
    """`UTC`, `Z`, `GMT`, an offset such as `+05:30` or `UTC+3`, an abbreviation such as `EAT`, or an IANA name."""
    try:
        return zone_named(text)
    except ZoneError as error:
        raise TimeError(error.message, error.hint) from None


def clock_time(text: str, ampm: str | None = None) -> time:
    """`14:30`, `14:30:15`, or `2:30` with `pm`/`P.M.`: a time of day."""
    hours, _, rest = text.partition(":")
    minutes, _, seconds = rest.partition(":")
    hour, minute = int(hours), int(minutes or 0)
    second = int(float(seconds)) if seconds else 0
    if ampm:
        if not 1 <= hour <= 12:
            raise TimeError(f"'{text} {ampm}' is not a valid time of day", "use 1:00 to 12:59 with AM or PM")
        hour = hour % 12 + (12 if ampm.strip().lower().startswith("p") else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise TimeError(f"{text!r} is not a valid time of day", "use HH:MM between 00:00 and 23:59") from None


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise TimeError(f"{text!r} is not a valid date", "use YYYY-MM-DD, e.g. 2024-08-15") from None
    check_year(day)
    return day


YEAR_HINT = f"use a year from {FIRST_YEAR} to {LAST_YEAR}"


def check_year(day: date) -> None:
    """Refuse years the pipeline cannot compute with (slack, quarters, durations) by name."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise TimeError(f"year {day.year} is out of range", YEAR_HINT)


def existing(moment: datetime, typed: str) -> datetime:
    """`moment` if its wall clock exists in its zone; a time skipped by a daylight-saving jump is refused.

    A time repeated when clocks go back is taken as its first occurrence; an
    offset (`-05:00`) picks the other.
    """
    if not isinstance(moment.tzinfo, ZoneInfo):
        return moment
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    if back.replace(tzinfo=None) == moment.replace(tzinfo=None):
        return moment
    before = (moment - timedelta(hours=3)).astimezone(UTC).astimezone(moment.tzinfo).utcoffset() or timedelta(0)
    after = (moment + timedelta(hours=3)).astimezone(UTC).astimezone(moment.tzinfo).utcoffset() or timedelta(0)
    jump = format_duration(after - before)
    raise TimeError(
        f"{typed!r} does not exist: clocks in {moment.tzinfo.key} jumped forward {jump} that day",
        f"write the time as the clocks showed it, e.g. {back:%H:%M}, or with an offset:"
        f" {moment.replace(tzinfo=None):%Y-%m-%dT%H:%M}{_offset_text(before)}",
    )


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def parse_timestamp(text: str) -> datetime:
    """Parse a front matter time; it must carry a timezone."""
    text = text.strip()
    match = _STAMP.match(text)
    if not match:
        raise TimeError(f"{text!r} is not a date and time", ZONE_HINT)
    day, clock = _day(match["date"]), clock_time(match["clock"], match["ampm"])
    zone_text = match["zone"]
    if not zone_text:
        raise TimeError(f"{text!r} has no timezone")
    return existing(
        datetime.combine(day, clock, parse_zone(zone_text.strip().removeprefix("(").removesuffix(")"))), text
    )


def parse_clock(text: str) -> Clock:
    """Parse a timeline time: `HH:MM`, `HH:MM ZONE` or `YYYY-MM-DD HH:MM ZONE`."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise TimeError(f"{text!r} is not a time", "start the entry with HH:MM, e.g. 14:30 UTC")
    day = _day(match["date"]) if match["date"] else None
    zone_text = match["zone"] or match["name"]
    zone = parse_zone(zone_text) if zone_text else None
    return Clock(day, clock_time(match["clock"], match["ampm"]), zone)


def format_duration(delta: timedelta) -> str:
    """`3h 15m`, `2d 4h`, `45m`: how long, at a glance."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    return " ".join(p for p in parts if p) or "0m"
