"""The outage diagram's Mermaid source: phases from the model, every label escaped."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from hindsight.page.mermaid import diagram_source, escape_label, tick_interval
from tests.conftest import VALID, mutate, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paged DBA", "#80;aged DBA"),
        ("a: b", "#97;#58; b"),
        ("x; y # z", "#120;#59; y #35; z"),
        ("%% comment", "#37;#37; comment"),
        ("click x call alert(1)", "#99;lick x call alert#40;1#41;"),
        ("a --> b", "#97; #45;#45;#62; b"),
        ('"quoted" <b>', "#34;quoted#34; #60;b#62;"),
        ("#123; entity", "#35;123#59; entity"),
        ("line\nbreak", "#108;ine break"),
    ],
)
def test_labels_are_escaped_in_one_pass(text: str, expected: str) -> None:
    assert escape_label(text) == expected


def test_long_labels_are_shortened_on_a_word() -> None:
    assert (
        escape_label("The incident commander paged the database on-call team", 30)
        == "#84;he incident commander paged#8230;"
    )


def test_nothing_a_writer_types_can_end_a_task_line() -> None:
    evil = mutate("[misleading] Spiky traffic", "[misleading] x :crit, 2020-01-01, 1d\n%% ; # click Spiky traffic")
    source = diagram_source(parse(evil))
    assert source is not None
    task_lines = [
        line
        for line in source.splitlines()
        if line.startswith("    ")
        and not line.strip().startswith(("section", "acc", "dateFormat", "axisFormat", "todayMarker", "tickInterval"))
    ]
    for line in task_lines:
        label, _, meta = line.strip().partition(" :")
        assert not re.search(r"[:;%#]", re.sub(r"#\d+;", "", label)), label
        assert re.fullmatch(
            r"(?:(?:crit|active|done|milestone), )*\d{4}-\d\d-\d\d \d\d:\d\d, (?:\d{4}-\d\d-\d\d \d\d:\d\d|0m)", meta
        ), meta


def test_the_phases_follow_the_timeline() -> None:
    source = diagram_source(parse(VALID))
    assert source is not None
    sections = re.findall(r"^    section (.+)$", source, re.MULTILINE)
    assert sections == ["Impact", "Detection", "Investigation", "Escalation", "Mitigation", "Resolution"]
    assert ":crit, 2024-08-15 14:30, 2024-08-15 17:45" in source
    assert ":2024-08-15 14:30, 2024-08-15 14:34" in source  # undetected for 4 minutes
    assert ":active, crit, 2024-08-15 15:15, 2024-08-15 15:45" in source  # the detour, until the next entry
    assert ":milestone, 2024-08-15 16:00, 0m" in source  # escalation
    assert ":done, 2024-08-15 17:30, 2024-08-15 17:45" in source  # mitigated, then recovering


def test_times_are_drawn_in_the_incident_zone() -> None:
    paris = mutate("start: 2024-08-15 14:30 UTC", "start: 2024-08-15 16:30 Europe/Paris")
    source = diagram_source(parse(paris))
    assert source is not None
    assert ":crit, 2024-08-15 16:30, 2024-08-15 19:45" in source
    assert "CEST" in source


def test_no_diagram_without_a_window() -> None:
    assert diagram_source(parse(mutate("start: 2024-08-15 14:30 UTC\n", ""))) is None


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        (timedelta(minutes=30), "5minute"),
        (timedelta(hours=3, minutes=15), "30minute"),
        (timedelta(hours=20), "3hour"),
        (timedelta(days=5), "1day"),
    ],
)
def test_axis_ticks_stay_few(span: timedelta, expected: str) -> None:
    assert tick_interval(span) == expected


@pytest.mark.parametrize(
    ("bullet", "entries"), [("- 10:00 AM: The alert fired.", 1), ("- Around ten the alert fired.", 0)]
)
def test_a_timeline_with_few_or_no_entries_read_still_draws_the_phases(bullet: str, entries: int) -> None:
    """A timeline whose bullets parse to nothing once crashed every build and stopped `mkdocs serve`."""
    text = (
        VALID.split("## Timeline", 1)[0]
        + f"## Timeline\n\n{bullet}\n\n## Root Cause"
        + VALID.split("## Root Cause", 1)[1]
    )
    postmortem = parse(text)
    assert len(postmortem.timeline) == entries
    source = diagram_source(postmortem)
    assert source is not None and "section Impact" in source and "#82;esolved after 3h 15m :milestone" in source
