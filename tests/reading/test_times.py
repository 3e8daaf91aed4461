from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from hindsight.reading.times import Clock, TimeError, format_duration, parse_clock, parse_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-15 14:30 UTC", datetime(2024, 8, 15, 14, 30, tzinfo=UTC)),
        ("2024-08-15 14:30:15 Z", datetime(2024, 8, 15, 14, 30, 15, tzinfo=UTC)),
        ("2024-08-15T14:30:00Z", datetime(2024, 8, 15, 14, 30, tzinfo=UTC)),
        ("2024-08-15T14:30:00+05:30", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("2024-08-15 14:30 -0500", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("2024-08-15 14:30 Europe/Paris", datetime(2024, 8, 15, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))),
        ("2024-08-15 14:30 America/New_York", datetime(2024, 8, 15, 14, 30, tzinfo=ZoneInfo("America/New_York"))),
        ("2024-08-15 14:30 EAT", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=3), "EAT"))),
        ("2024-08-15 14:30 WAT", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=1), "WAT"))),
        ("2024-08-15 14:30 CAT", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=2), "CAT"))),
        ("2024-08-15 14:30 PST", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=-8), "PST"))),
        ("2024-08-15 14:30 PDT", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=-7), "PDT"))),
        ("2024-08-15 14:30 UTC+0", datetime(2024, 8, 15, 14, 30, tzinfo=UTC)),
        ("2024-08-15 14:30 UTC-5", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("2024-08-15 14:30 GMT+3", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=3)))),
        ("2024-08-15 2:30 PM (EAT)", datetime(2024, 8, 15, 14, 30, tzinfo=timezone(timedelta(hours=3), "EAT"))),
        ("2024-08-15 12:05 a.m. UTC", datetime(2024, 8, 15, 0, 5, tzinfo=UTC)),
    ],
)
def test_timestamps_with_a_zone_parse(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-08-15 14:30", "'2024-08-15 14:30' has no timezone"),
        ("2024-08-15 14:30:00", "'2024-08-15 14:30:00' has no timezone"),
        ("2024-08-15T14:30:00", "'2024-08-15T14:30:00' has no timezone"),
        ("2024-08-15 14:30 XST", "unknown timezone 'XST'"),
        ("2024-08-15 14:30 Mars/Olympus", "unknown timezone 'Mars/Olympus'"),
        ("2024-08-15 14:30 +25:00", "offset '+25:00' is out of range"),
        ("2024-02-30 14:30 UTC", "'2024-02-30' is not a valid date"),
        ("2024-08-15 25:30 UTC", "'25:30' is not a valid time of day"),
        ("yesterday at tea time", "'yesterday at tea time' is not a date and time"),
        ("2024-08-15", "'2024-08-15' is not a date and time"),
    ],
)
def test_bad_timestamps_say_why(text: str, message: str) -> None:
    with pytest.raises(TimeError) as caught:
        parse_timestamp(text)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", Clock(None, time(14, 30), None)),
        ("9:05 UTC", Clock(None, time(9, 5), UTC)),
        ("14:30Z", Clock(None, time(14, 30), UTC)),
        ("14:30 +02:00", Clock(None, time(14, 30), timezone(timedelta(hours=2)))),
        ("14:30 Europe/Paris", Clock(None, time(14, 30), ZoneInfo("Europe/Paris"))),
        ("2024-08-16 00:10 UTC", Clock(datetime(2024, 8, 16).date(), time(0, 10), UTC)),
    ],
)
def test_timeline_clocks(text: str, expected: Clock) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["noon", "14h30", "14:30 - x", ""])
def test_bad_clocks(text: str) -> None:
    with pytest.raises(TimeError):
        parse_clock(text)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=3, minutes=15), "3h 15m"),
        (timedelta(minutes=45), "45m"),
        (timedelta(days=2, hours=4), "2d 4h"),
        (timedelta(0), "0m"),
    ],
)
def test_durations_read_at_a_glance(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text
