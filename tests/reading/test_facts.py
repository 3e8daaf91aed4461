from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hindsight.config import DEFAULT, load_config
from tests.conftest import VALID, lines, mutate, parse

P = "docs/postmortems/x.md"


def test_valid_postmortem_has_typed_facts_and_no_problem() -> None:
    postmortem = parse(VALID)
    assert lines(postmortem) == []
    facts = postmortem.facts
    assert facts.title == "Checkout crawled for three hours"
    assert facts.date == date(2024, 8, 16)
    assert facts.severity == "SEV1"
    assert facts.start == datetime(2024, 8, 15, 14, 30, tzinfo=UTC)
    assert facts.duration is not None and facts.duration.total_seconds() == 3 * 3600 + 15 * 60
    assert facts.services == ["checkout", "product catalog", "storefront"]
    assert facts.users_affected == 75.0
    assert facts.authors == ["ada", "priya"]
    assert facts.draft is False


MISSING = [
    (field, f"{P}:19: missing required field '{field}' - add it to the front matter: {example}")
    for field, example in [
        ("title", "title: Checkout crawled for three hours"),
        ("date", "date: 2024-08-16"),
        ("severity", "severity: SEV2"),
        ("start", "start: 2024-08-15 14:30 UTC"),
        ("end", "end: 2024-08-15 17:45 UTC"),
        ("services", "services: [checkout, product catalog]"),
        ("users_affected", "users_affected: 75%"),
    ]
]


@pytest.mark.parametrize(("field", "expected"), MISSING)
def test_missing_required_field(field: str, expected: str) -> None:
    kept = [line for line in VALID.split("\n") if not line.startswith(f"{field}:")]
    text = "\n".join(kept)
    assert expected.replace(":19:", ":18:") in lines(parse(text))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "summary: >-",
            "summary: One. Two. Three.\nx: >-",
            f"{P}:5: 'summary' has 3 sentences - keep it to 1 or 2 sentences: executives and link previews read it",
        ),
        (
            "severity: SEV1",
            "severity: SEV9",
            f"{P}:4: severity 'SEV9' is not a configured level - use one of SEV1, SEV2, SEV3, SEV4, SEV5 (configured in mkdocs.yml)",
        ),
        ("severity: SEV1", "severity: 2", f"{P}:4: severity '2' is not a configured level - write severity: SEV2"),
        (
            "severity: SEV1",
            "severity: [SEV1]",
            f"{P}:4: 'severity' must be one of SEV1, SEV2, SEV3, SEV4, SEV5, not a list - write it as severity: SEV1",
        ),
        (
            "title: Checkout crawled for three hours",
            "title: [a, b]",
            f"{P}:2: 'title' must be text, not a list - write it as title: Checkout crawled for three hours",
        ),
        (
            "title: Checkout crawled for three hours",
            "title: ''",
            f"{P}:2: 'title' is empty - write it as title: Checkout crawled for three hours",
        ),
        (
            "title: Checkout crawled for three hours",
            "title:",
            f"{P}:2: 'title' is empty - write it as title: Checkout crawled for three hours",
        ),
        (
            "date: 2024-08-16",
            "date: '2024-08-16'",
            f"{P}:3: 'date' '2024-08-16' is quoted or has extra text - write the publication date unquoted as YYYY-MM-DD, e.g. date: 2024-08-16; incident times go in start and end",
        ),
        (
            "date: 2024-08-16",
            "date: last tuesday",
            f"{P}:3: 'date' 'last tuesday' is not a date - write the publication date as YYYY-MM-DD, e.g. date: 2024-08-16",
        ),
        (
            "start: 2024-08-15 14:30 UTC",
            "start: 2024-08-15 14:30:00",
            f"{P}:8: start '2024-08-15 14:30:00' has no timezone - add a timezone, e.g. 2024-08-15 14:30 UTC, 2024-08-15T14:30:00+02:00 or 2024-08-15 14:30 Europe/Paris",
        ),
        (
            "start: 2024-08-15 14:30 UTC",
            "start: 2024-08-15 14:30 IST",
            f"{P}:8: start: timezone 'IST' could mean India Standard Time (+05:30), Israel Standard Time (+02:00) or Irish Standard Time (+01:00) - write the offset instead, e.g. +05:30 for India Standard Time",
        ),
        (
            "start: 2024-08-15 14:30 UTC",
            "start: [a]",
            f"{P}:8: 'start' must be a date and time, not a list - write it as start: 2024-08-15 14:30 UTC",
        ),
        (
            "end: 2024-08-15 17:45 UTC",
            "end: 2024-08-15 12:00 UTC",
            f"{P}:9: end (2024-08-15 12:00 UTC) is not after start (2024-08-15 14:30 UTC) - check the dates, times and timezones of start and end",
        ),
        (
            "detected: 2024-08-15 14:34 UTC",
            "detected: 2024-08-15 14:00 UTC",
            f"{P}:10: detected (2024-08-15 14:00 UTC) is before start (2024-08-15 14:30 UTC) - impact starts no later than detection: move start back or fix detected",
        ),
        (
            "detected: 2024-08-15 14:34 UTC",
            "detected: 2024-08-15 18:00 UTC",
            f"{P}:10: detected (2024-08-15 18:00 UTC) is after end (2024-08-15 17:45 UTC) - detected lies between start and end",
        ),
        (
            "services: [checkout, product catalog, storefront]",
            "services: checkout",
            f"{P}:11: 'services' must be a list, not text - write it as a list in brackets: services: [checkout, product catalog]",
        ),
        (
            "services: [checkout, product catalog, storefront]",
            "services: []",
            f"{P}:11: 'services' lists no service - name at least one: services: [checkout, product catalog]",
        ),
        (
            "services: [checkout, product catalog, storefront]",
            "services: [checkout, 42]",
            f"{P}:11: 'services' item 2 must be text, not a number - write it as services: [checkout, product catalog]",
        ),
        (
            "users_affected: 75%",
            "users_affected: 175%",
            f"{P}:12: 'users_affected' '175%' is not between 0 and 100 - give the share of users hit, e.g. users_affected: 75%",
        ),
        (
            "users_affected: 75%",
            "users_affected: most",
            f"{P}:12: 'users_affected' must be a percentage, not 'most' - write it as users_affected: 75%",
        ),
        (
            "users_affected: 75%",
            "users_affected: true",
            f"{P}:12: 'users_affected' must be a percentage, not true/false - write it as users_affected: 75%",
        ),
        (
            "authors: [ada, priya]",
            "authors: [ada, zed]",
            f"{P}:15: author 'zed' is not in the authors file - add zed to .authors.yml or use one of: ada, lin, priya, tomas",
        ),
        (
            "authors: [ada, priya]",
            "authors: ada",
            f"{P}:15: 'authors' must be a list, not text - write it as a list in brackets: authors: [ada]",
        ),
        (
            "tags: [postgres, performance, indexing, checkout]",
            "tags: [a]\ndraft: maybe",
            f"{P}:19: 'draft' must be true or false, not text - write it as draft: true",
        ),
        (
            "tags: [postgres, performance, indexing, checkout]",
            "severty: SEV1",
            f"{P}:18: unknown field 'severty' looks like a misspelling of 'severity' - rename it to severity",
        ),
        (
            "tags: [postgres, performance, indexing, checkout]",
            "root-cause: x",
            f"{P}:18: unknown field 'root-cause' looks like a misspelling of 'root_cause' - rename it to root_cause",
        ),
        (
            "tags: [postgres, performance, indexing, checkout]",
            "Users Affected: 3",
            f"{P}:18: unknown field 'Users Affected' looks like a misspelling of 'users_affected' - rename it to users_affected",
        ),
        (
            "tags: [postgres, performance, indexing, checkout]",
            "hide: toc",
            f"{P}:18: 'hide' must be a list, not text - fix or remove it: Material reads this field",
        ),
    ],
)
def test_bad_field(old: str, new: str, expected: str) -> None:
    assert expected in lines(parse(mutate(old, new)))


@pytest.mark.parametrize(
    "extra",
    ["ticket: INC-4211", "slug: checkout", "pin: true", "hide: [toc]", "status: new", "sev: 1", "team: payments"],
)
def test_other_fields_are_allowed(extra: str) -> None:
    assert lines(parse(mutate("tags: [postgres", f"{extra}\ntags: [postgres"))) == []


@pytest.mark.parametrize(
    ("value", "number"),
    [("75%", 75.0), ("75", 75.0), ("12.5 %", 12.5), ("0", 0.0), ("100%", 100.0)],
)
def test_users_affected_forms(value: str, number: float) -> None:
    assert parse(mutate("users_affected: 75%", f"users_affected: {value}")).facts.users_affected == number


def test_severity_is_case_insensitive_and_normalised() -> None:
    assert parse(mutate("severity: SEV1", "severity: sev3")).facts.severity == "SEV3"


def test_configured_scale_replaces_the_default() -> None:
    config = load_config({"severities": [{"key": "P0", "label": "Page", "colour": "#000", "meaning": "Wake people"}]})
    assert config.severity("p0") is not None and DEFAULT.severity("P0") is None
    postmortem = parse(VALID, config)
    assert lines(postmortem) == [
        f"{P}:4: severity 'SEV1' is not a configured level - use one of P0 (configured in mkdocs.yml)"
    ]


def test_html_and_template_braces_in_fields_are_plain_text() -> None:
    evil = '"<script>alert(1)</script> {{ config }}"'
    postmortem = parse(mutate("title: Checkout crawled for three hours", f"title: {evil}"))
    assert lines(postmortem) == []
    assert postmortem.facts.title == "<script>alert(1)</script> {{ config }}"
