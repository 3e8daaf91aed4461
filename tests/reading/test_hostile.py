"""Hostile and odd input, read by the core: each kind is a problem line, never a crash, a hang or a flood."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hindsight.lines import split_lines
from hindsight.model import elapsed
from hindsight.page.jinja import MACROS, Names, postmortem_problems
from hindsight.reading.frontmatter import split
from hindsight.reading.times import TimeError, existing, parse_timestamp
from tests.conftest import PATH, VALID, lines, mutate, parse
from tests.fixtures.hostile import Hostile, hostile

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("case", hostile(), ids=lambda case: case.name)
def test_every_hostile_fixture_is_named_by_its_problem(case: Hostile) -> None:
    postmortem = parse(case.content)
    found = lines(postmortem) + [
        str(p) for p in postmortem_problems(postmortem, Names(frozenset(MACROS), frozenset(), frozenset()))
    ]
    for fragment in case.expected:
        assert any(fragment in line for line in found), f"{fragment!r} not in {found}"
    if not case.expected:
        assert found == []


def test_a_yaml_value_50000_levels_deep_is_refused_before_libyaml_composes_it() -> None:
    # under the size bound: nesting alone, in block style with a short line each
    text = "---\ntitle: x\nticket:\n" + "".join(" " * level + "-\n" for level in range(1, 300)) + "---\n"
    problems = split(PATH, text).problems
    assert [(p.line, p.message) for p in problems] == [(103, "field 'ticket' is nested more than 100 levels deep")]


def test_alias_expansion_is_measured_in_characters_across_fields() -> None:
    string = "y" * 30_000
    text = f"---\na: &a {string}\nb: [*a, *a, *a]\nc: [*a, *a, *a, *a, *a]\n---\n"
    parts = split(PATH, text)
    assert [p.line for p in parts.problems] == [4]
    assert parts.front is not None and "c" not in parts.front.data


def test_front_matter_over_the_size_bound_is_not_loaded() -> None:
    parts = split(PATH, "---\ntitle: " + "x" * 70_000 + "\n---\nbody\n")
    assert [p.message for p in parts.problems] == ["front matter is 70,007 characters long"]
    assert parts.front is not None and parts.front.data == {}


def test_tabs_are_read_as_the_blog_reads_them() -> None:
    # libyaml accepts a tab after "key:", the pure-Python loader the blog uses does not
    problems = split(PATH, "---\ntitle:\tx\n---\n").problems
    assert [p.hint for p in problems] == ["replace the tab with spaces: YAML reads tabs differently in each parser"]
    assert split(PATH, "---\ntitle: 'a\tb'\n---\n").problems == []


def test_a_deep_body_is_withheld_from_markdown() -> None:
    postmortem = parse(mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\n" + "> " * 60 + "x\n"))
    assert postmortem.withheld
    assert not parse(VALID).withheld


@pytest.mark.parametrize(
    "text",
    [
        "```\n" + "[" * 500 + "\n" + " " * 400 + "x\n```\n",  # code nests nothing
        "- a\n  - b\n    - c\n\n" + "**bold** and __init__ and snake_case_name [x] [ ] " * 200 + "\n",
        "    " + "*" * 300 + "\n",  # an indented code block
    ],
)
def test_ordinary_nesting_is_not_deep(text: str) -> None:
    postmortem = parse(mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\n" + text))
    assert not postmortem.withheld, lines(postmortem)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2024-03-10 01:30 America/New_York", "2024-03-10 03:30 America/New_York", 1),  # spring forward
        ("2024-11-03 00:30 America/New_York", "2024-11-03 03:00 America/New_York", 3.5),  # fall back
        ("2024-03-31 00:30 Europe/Paris", "2024-03-31 04:30 Europe/Paris", 3),
        ("2024-03-10T01:30:00-05:00", "2024-03-10T03:30:00-04:00", 1),
    ],
)
def test_durations_across_daylight_saving_are_counted_in_utc(start: str, end: str, hours: float) -> None:
    text = mutate("start: 2024-08-15 14:30 UTC", f"start: {start}")
    text = mutate("end: 2024-08-15 17:45 UTC", f"end: {end}", text)
    facts = parse(text).facts
    assert facts.duration == timedelta(hours=hours)


def test_elapsed_ignores_a_shared_zone() -> None:
    before = datetime(2024, 3, 10, 1, 30, tzinfo=NEW_YORK)
    after = datetime(2024, 3, 10, 3, 30, tzinfo=NEW_YORK)
    assert after - before == timedelta(hours=2)  # Python's wall-clock subtraction, the bug
    assert elapsed(before, after) == timedelta(hours=1)


def test_a_time_in_the_spring_forward_gap_does_not_exist() -> None:
    with pytest.raises(TimeError) as caught:
        parse_timestamp("2024-03-10 02:30 America/New_York")
    assert caught.value.message == (
        "'2024-03-10 02:30 America/New_York' does not exist: clocks in America/New_York jumped forward 1h that day"
    )


def test_a_time_in_the_fall_back_fold_is_its_first_occurrence() -> None:
    moment = parse_timestamp("2024-11-03 01:30 America/New_York")
    assert moment.astimezone(UTC) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # EDT, the first 01:30
    assert existing(moment, "01:30") is moment


def test_a_timeline_entry_in_the_gap_is_a_problem_at_its_line() -> None:
    text = mutate("start: 2024-08-15 14:30 UTC", "start: 2024-03-10 01:00 America/New_York")
    text = mutate("end: 2024-08-15 17:45 UTC", "end: 2024-03-10 05:00 America/New_York", text)
    text = mutate("detected: 2024-08-15 14:34 UTC", "detected: 2024-03-10 01:05 America/New_York", text)
    text = mutate("- 14:34 UTC - [detected]", "- 02:15 - [detected]", text)
    found = [line for line in lines(parse(text)) if "does not exist" in line]
    assert found == [
        "docs/postmortems/x.md:31: timeline entry: '02:15' does not exist: clocks in America/New_York jumped forward"
        " 1h that day - write the time as the clocks showed it, e.g. 03:15, or with an offset: 2024-03-10T02:15-05:00"
    ]


@pytest.mark.parametrize("year", ["0001", "1969", "3000", "9999"])
def test_years_the_pipeline_cannot_compute_with_are_refused_by_name(year: str) -> None:
    text = mutate("start: 2024-08-15 14:30 UTC", f"start: {year}-08-15 14:30 UTC")
    assert f"docs/postmortems/x.md:8: start: year {int(year)} is out of range - use a year from 1970 to 2999" in lines(
        parse(text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\u2028b\nc", ["a\u2028b\n", "c"]),
        ("a\u2029b\n", ["a\u2029b\n"]),
        ("a\x85b\x0cc\x0bd\n\n", ["a\x85b\x0cc\x0bd\n", "\n"]),
        ("", []),
        ("\n", ["\n"]),
    ],
)
def test_a_line_ends_at_lf_only(text: str, expected: list[str]) -> None:
    assert split_lines(text) == expected
    assert "".join(split_lines(text)) == text


def test_cr_and_crlf_are_folded_when_the_file_is_decoded() -> None:
    from hindsight.reading.frontmatter import decode

    assert decode(PATH, b"---\r\ntitle: x\r---\n") == ("---\ntitle: x\n---\n", [])


def test_marks_in_code_blocks_are_not_counted() -> None:
    pasted_text = "a_b *c* [d] `e`\n" * 20_000
    log = "```text\n" + pasted_text + "```\n"
    postmortem = parse(mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\n" + log))
    assert not postmortem.withheld, lines(postmortem)[:3]
    pasted = parse(mutate("## Root Cause and Resolution\n", "## Root Cause and Resolution\n\n" + pasted_text))
    assert pasted.withheld
