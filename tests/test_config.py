from __future__ import annotations

from datetime import timedelta

import pytest

from hindsight.config import DEFAULT, ConfigError, load_config
from hindsight.model import Tag


def test_no_settings_means_the_defaults() -> None:
    assert load_config(None) is DEFAULT
    assert [level.key for level in DEFAULT.severities] == ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]
    assert (DEFAULT.min_words, DEFAULT.max_words) == (400, 600)


def test_every_setting_can_be_overridden() -> None:
    config = load_config(
        {
            "severities": [{"key": "P1", "label": "Urgent", "colour": "#ff0000", "meaning": "Customers hurt"}],
            "timeline": {"required_tags": ["detected", "resolved"], "slack_hours": 2},
            "words": {"min": 100, "max": 300},
            "sections": {"summary": {"name": "Summary", "aliases": ["TL;DR"]}},
            "cards": False,
        }
    )
    assert DEFAULT.cards and not config.cards
    assert config.severity("p1") is not None
    assert config.required_tags == (Tag.DETECTED, Tag.RESOLVED)
    assert config.timeline_slack == timedelta(hours=2)
    assert (config.min_words, config.max_words) == (100, 300)
    assert config.sections[0].name == "Summary" and config.sections[0].aliases == ("TL;DR",)
    assert config.sections[1] == DEFAULT.sections[1]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], "extra.postmortem: must be a mapping - see the writing guide for an example"),
        (
            {"severity": []},
            "extra.postmortem.severity: unknown setting - use one of cards, chase, factors, review, sections, severities, tickets, timeline, trusted_html, words",
        ),
        (
            {"severities": []},
            "extra.postmortem.severities: must be a non-empty list - e.g. - {key: SEV1, label: Critical, colour: '#b71c1c', meaning: ...}",
        ),
        (
            {"severities": [{"key": "S1", "label": "x", "colour": "blue-ish", "meaning": "y"}]},
            "extra.postmortem.severities[0].colour: 'blue-ish' is not a colour - use a hex colour like '#b71c1c'",
        ),
        (
            {"severities": [{"key": "S1", "colour": "#fff", "meaning": "y"}]},
            "extra.postmortem.severities[0].label: missing or not text - give it as a quoted string",
        ),
        (
            {"severities": [{"key": "S1", "label": "a", "colour": "#fff", "meaning": "y"}] * 2},
            "extra.postmortem.severities: level 's1' is listed twice - give each level once",
        ),
        (
            {"timeline": {"required_tags": ["found"]}},
            "extra.postmortem.timeline.required_tags: must be a list of tags from action, detected, escalated, misleading, mitigated, resolved - e.g. [detected, resolved]",
        ),
        (
            {"timeline": {"slack_hours": -1}},
            "extra.postmortem.timeline.slack_hours: must be a whole number of hours up to 8760 (a year) - e.g. 12",
        ),
        ({"words": {"min": 600, "max": 400}}, "extra.postmortem.words: min (600) is above max (400) - swap them"),
        (
            {"words": {"min": "many"}},
            "extra.postmortem.words: min and max must be whole numbers - e.g. {min: 400, max: 600}",
        ),
        (
            {"sections": {"lessons": {"name": "Lessons"}}},
            "extra.postmortem.sections.lessons: unknown section - use one of summary, timeline, root_cause, corrective",
        ),
        (
            {"sections": {"summary": {"name": ""}}},
            "extra.postmortem.sections.summary.name: must be text - e.g. Issue Summary",
        ),
        ({"cards": "yes"}, "extra.postmortem.cards: 'yes' is not true or false - write cards: true or cards: false"),
    ],
)
def test_bad_settings_are_named_with_their_path(raw: object, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(raw)
    assert expected in caught.value.problems


def test_raw_html_is_sanitised_unless_the_team_trusts_its_writers() -> None:
    assert load_config({}).trusted_html is False
    assert load_config({"trusted_html": True}).trusted_html is True
    with pytest.raises(ConfigError) as caught:
        load_config({"trusted_html": "yes"})
    assert caught.value.problems == [
        "extra.postmortem.trusted_html: 'yes' is not true or false"
        " - write trusted_html: false (raw HTML sanitised, the default) or true"
    ]
