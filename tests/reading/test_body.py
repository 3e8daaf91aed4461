from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from hindsight.config import DEFAULT
from hindsight.model import Tag
from hindsight.reading.body import read_body
from hindsight.reading.sections import normalise_heading, section_key
from tests.conftest import VALID, lines, mutate, parse

P = "docs/postmortems/x.md"
START = datetime(2024, 8, 15, 22, 40, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Issue Summary", "summary"),
        ("issue summary", "summary"),
        ("TIMELINE", "timeline"),
        ("Root Cause & Resolution", "root_cause"),
        ("Root cause and resolution {#why}", "root_cause"),
        ("Corrective and Preventive Measures", "corrective"),
        ("Corrective & Preventative Measures", "corrective"),
        ("Lessons learned", None),
        ("Root Cause", "root_cause"),
        ("Root causes:", "root_cause"),
    ],
)
def test_section_matching(heading: str, key: str | None) -> None:
    assert section_key(heading, DEFAULT.sections) == key


def test_normalised_heading() -> None:
    assert normalise_heading("Root Cause & Resolution ##") == "root cause and resolution"


def test_valid_body_is_read() -> None:
    postmortem = parse(VALID)
    assert [s.key for s in postmortem.sections] == ["summary", "timeline", "root_cause", "corrective"]
    assert [s.line for s in postmortem.sections] == [21, 29, 41, 57]
    assert [e.line for e in postmortem.timeline] == list(range(31, 40))
    assert postmortem.timeline[0].tag is Tag.DETECTED
    assert postmortem.timeline[2].tag is Tag.ACTION  # no tag and no event word: an action
    assert postmortem.timeline[0].when == datetime(2024, 8, 15, 14, 34, tzinfo=UTC)
    assert postmortem.timeline[0].text.startswith("A monitoring alert fired")
    assert [(t.line, t.done, t.owner) for t in postmortem.tasks] == [
        (61, True, "priya"),
        (62, False, "priya"),
        (63, False, "ada"),
        (64, False, "marcus"),
    ]
    assert 400 <= postmortem.words <= 600


def _timeline(*entries: str, start: datetime = START) -> tuple[list[datetime], list[str]]:
    body = "## Timeline\n\n" + "\n".join(f"- {e}" for e in entries) + "\n"
    result = read_body(P, body, 10, DEFAULT, start)
    return [e.when for e in result.timeline], [str(p) for p in result.problems]


def test_timeline_defaults_to_the_start_zone_and_day_and_rolls_past_midnight() -> None:
    whens, problems = _timeline(
        "22:45 - [detected] Alert.",
        "23:58 - [action] Looked.",
        "00:20 - [action] Found it.",
        "01:55 - [resolved] Done.",
    )
    assert problems == []
    zone = START.tzinfo
    assert whens == [
        datetime(2024, 8, 15, 22, 45, tzinfo=zone),
        datetime(2024, 8, 15, 23, 58, tzinfo=zone),
        datetime(2024, 8, 16, 0, 20, tzinfo=zone),
        datetime(2024, 8, 16, 1, 55, tzinfo=zone),
    ]


def test_timeline_entry_zone_and_full_date_win() -> None:
    whens, problems = _timeline("03:50 UTC - [detected] Alert.", "2024-08-16 01:00 -05:00 - [resolved] Done.")
    assert problems == []
    assert whens == [datetime(2024, 8, 16, 3, 50, tzinfo=UTC), datetime(2024, 8, 16, 1, 0, tzinfo=START.tzinfo)]


@pytest.mark.parametrize("separator", [" - ", " – ", " — "])
def test_timeline_separators(separator: str) -> None:
    whens, problems = _timeline(f"22:45{separator}[detected] Alert.")
    assert problems == [] and len(whens) == 1


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "22:45 Alert fired.",
            f"{P}:12: timeline entry '22:45 Alert fired.' has no separator between time and text - write it as - 22:45 - Alert fired.",
        ),
        (
            "noon - [detected] Alert.",
            f"{P}:12: timeline entry 'noon - [detected] Alert.' does not start with a time - start it with the time, e.g. - 14:30 UTC - What happened",
        ),
        (
            "22:45 - [spotted] Alert.",
            f"{P}:12: unknown timeline tag [spotted] - use one of [detected], [action], [misleading], [escalated], [mitigated], [resolved], or no tag for the tag to be read from the words",
        ),
        ("22:45 - [detected]", f"{P}:12: timeline entry at 22:45 has no text - say in 1 or 2 sentences what happened"),
        (
            "25:61 - [detected] Alert.",
            f"{P}:12: timeline entry: '25:61' is not a valid time of day - use HH:MM between 00:00 and 23:59",
        ),
        (
            "22:45 Mars/Base - [detected] Alert.",
            f"{P}:12: timeline entry at 22:45 Mars/Base: unknown timezone 'Mars/Base' - use UTC, an offset like +02:00, an IANA name like Europe/Paris or an abbreviation like EAT",
        ),
    ],
)
def test_timeline_entry_problems(entry: str, expected: str) -> None:
    _, problems = _timeline(entry)
    assert problems == [expected]


def test_explicit_dates_going_back_are_a_problem() -> None:
    _, problems = _timeline("2024-08-15 23:00 -05:00 - [detected] A.", "2024-08-15 22:50 -05:00 - [action] B.")
    assert problems == [
        f"{P}:13: timeline entry at 2024-08-15 22:50 -05:00 is before the entry above it - keep entries in time order, oldest first"
    ]


def test_a_link_at_the_start_of_an_entry_is_not_a_tag() -> None:
    _, problems = _timeline("22:45 - [dashboard](https://grafana.example) went red.")
    assert problems == []


def test_headings_and_bullets_inside_code_blocks_are_code() -> None:
    text = mutate("## Timeline\n", "```text\n## Timeline\n- 99:99 - [bogus] x\n```\n\n## Timeline\n")
    postmortem = parse(text)
    assert [s.key for s in postmortem.sections].count("timeline") == 1
    assert lines(postmortem) == []


def test_tasks_need_valid_due_dates_and_text() -> None:
    text = mutate("- [ ] Alert on database CPU", "- [ ] @ada due:2024-09-31\n- [ ] Alert on database CPU")
    assert lines(parse(text)) == [
        f"{P}:63: task due date '2024-09-31' is not a date - write due:YYYY-MM-DD, e.g. due:2024-09-01",
        f"{P}:63: task has no text - say what will be done, e.g. - [ ] Add an index on orders(customer_id)",
    ]


def test_words_exclude_code_comments_macros_and_timeline_times() -> None:
    base = parse(VALID).words
    padded = mutate(
        "## Root Cause and Resolution\n",
        "## Root Cause and Resolution\n\n```\nmany words in code here\n```\n\n<!-- a comment with words -->\n\n{{ severity_badge() }}\n",
    )
    assert parse(padded).words == base
    prose = mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\nFive more words of prose.\n")
    assert parse(prose).words == base + 5
