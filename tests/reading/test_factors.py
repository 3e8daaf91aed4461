"""Contributing factors, related links, reviewers and the review rule in the front matter."""

from __future__ import annotations

from datetime import date

import pytest

from hindsight.config import DEFAULT, ConfigError, load_config
from tests.conftest import lines, mutate, parse

P = "docs/postmortems/x.md"
TAGS = "tags: [postgres, performance, indexing, checkout]\n"


def with_fields(*extra: str) -> str:
    return mutate(TAGS, TAGS + "".join(f"{line}\n" for line in extra))


def test_configured_factors_are_read_as_keys() -> None:
    postmortem = parse(with_fields("factors: [software-bug, Capacity, monitoring gap, software-bug]"))
    assert lines(postmortem) == []
    assert postmortem.facts.factors == ["software-bug", "capacity", "monitoring-gap"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("config-chnage", "write config-change"),
        ("monitoring", "write monitoring-gap"),
        ("Expired certificate", "write expired-secret"),
        (
            "cosmic rays",
            "use one of config-change, deploy, capacity, dependency, expired-secret, human-error,"
            " monitoring-gap, software-bug, hardware, external-provider (configured in mkdocs.yml)",
        ),
    ],
)
def test_an_unknown_factor_names_the_nearest_configured_one(written: str, hint: str) -> None:
    postmortem = parse(with_fields(f"factors: [{written}]"))
    assert lines(postmortem) == [f"{P}:19: contributing factor {written!r} is not a configured factor - {hint}"]
    assert postmortem.facts.factors == []


def test_factors_follow_the_configured_list() -> None:
    config = load_config({"factors": [{"key": "vendor", "label": "Vendor", "meaning": "Someone else's outage"}]})
    assert lines(parse(with_fields("factors: [vendor]"), config)) == []
    assert lines(parse(with_fields("factors: [deploy]"), config)) == [
        f"{P}:19: contributing factor 'deploy' is not a configured factor - use one of vendor (configured in mkdocs.yml)"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"factors": "deploy"}, "extra.postmortem.factors: must be a list"),
        ({"factors": [{"key": "Deploy!", "label": "x", "meaning": "y"}]}, "extra.postmortem.factors[0].key:"),
        ({"factors": [{"key": "a", "label": "x"}]}, "extra.postmortem.factors[0].meaning: missing"),
        ({"tickets": "tracker/{key}"}, "extra.postmortem.tickets: 'tracker/{key}' is not an http(s) URL"),
        ({"tickets": "https://t.example/{key}/{id}"}, "has braces other than {key}"),
        ({"chase": {"overdue": "loud"}}, "extra.postmortem.chase.overdue: 'loud' is not one of off, warn, fail"),
        ({"review": {"required": "one"}}, "extra.postmortem.review: must be a mapping"),
    ],
)
def test_bad_settings_are_named(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(raw)
    assert message in str(error.value)


def test_chase_and_tickets_settings() -> None:
    config = load_config(
        {"chase": {"overdue": False, "repeats": "fail"}, "tickets": "https://t.example/browse/{key}", "review": {}}
    )
    assert (config.chase_overdue, config.chase_repeats) == ("off", "fail")
    assert config.tickets == "https://t.example/browse/{key}"
    assert (DEFAULT.chase_overdue, DEFAULT.chase_repeats, DEFAULT.tickets, DEFAULT.review_required) == (
        "off",
        "off",
        None,
        0,
    )


def test_related_and_reviewed_are_read() -> None:
    postmortem = parse(with_fields("related: [2024-01-02-older.md, other]", "reviewed: 2024-08-20"))
    assert lines(postmortem) == []
    assert postmortem.facts.related == ["2024-01-02-older", "other"]
    assert postmortem.facts.reviewed == date(2024, 8, 20)
    assert postmortem.field_lines["related"] == 19


def test_reviewed_must_be_a_date() -> None:
    assert lines(parse(with_fields('reviewed: "soon"'))) == [
        f"{P}:19: 'reviewed' must be a date, not text - write it unquoted as reviewed: 2024-08-20"
    ]


@pytest.mark.parametrize(
    ("reviewers", "expected"),
    [
        ("[Grace Lindholm, tomas]", []),
        ("[priya]", []),
        (
            "[tomass]",
            [
                f"{P}:16: reviewer 'tomass' is not in the authors file - write tomas (from .authors.yml), or the reviewer's full name"
            ],
        ),
        ("[grace]", []),
    ],
)
def test_reviewers_are_checked_against_the_authors_file_when_they_look_like_its_ids(
    reviewers: str, expected: list[str]
) -> None:
    text = mutate("reviewers: [Grace Lindholm, Marcus Bell]", f"reviewers: {reviewers}")
    assert lines(parse(text)) == expected


def test_review_required_makes_a_missing_reviewer_a_problem_unless_draft() -> None:
    config = load_config({"review": {"required": 1}})
    unreviewed = mutate("reviewers: [Grace Lindholm, Marcus Bell]\n", "")
    assert lines(parse(unreviewed, config)) == [
        f"{P}:18: no reviewer named; this site asks for 1 before publishing - ask a peer to review it"
        " (python -m hindsight review FILE prints the checklist), then add reviewers: [name]; or keep draft: true"
        " until then"
    ]
    assert lines(parse(unreviewed + "", DEFAULT)) == []
    assert [p.message for p in parse(mutate("tags:", "draft: true\ntags:", unreviewed), config).problems] == []
    assert lines(parse(mutate("reviewers: [Grace Lindholm, Marcus Bell]", "reviewers: [Grace Lindholm]"), config)) == []


def test_a_done_task_may_say_when_it_was_done() -> None:
    text = mutate(
        "- [x] Add a composite index on catalog_items(category_id, active, popularity) @priya due:2024-08-15",
        "- [x] Add a composite index on catalog_items(category_id, active, popularity) @priya due:2024-08-15"
        " done:2024-08-16",
    )
    postmortem = parse(text)
    assert lines(postmortem) == []
    assert postmortem.tasks[0].done_on == date(2024, 8, 16)
    broken = mutate("due:2024-08-15", "due:2024-08-15 done:yesterday")
    assert lines(parse(broken)) == [
        f"{P}:61: task done date 'yesterday' is not a date - write done:YYYY-MM-DD, e.g. done:2024-09-03"
    ]
