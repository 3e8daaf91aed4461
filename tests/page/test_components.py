"""Components render from the model, with every writer value escaped."""

from __future__ import annotations

import re

import pytest

from hindsight import DEFAULT
from hindsight.colour import contrast, ink
from hindsight.config import Config, Severity
from hindsight.page.components import (
    ComponentError,
    badge_html,
    facts_html,
    label_task_boxes,
    masthead_html,
    timeline_html,
    timeline_view,
    title_heading,
)
from tests.conftest import VALID, mutate, parse

AUTHORS = {"ada": "Ada Okafor", "priya": "Priya Raman"}


@pytest.mark.parametrize("level", DEFAULT.severities, ids=lambda s: s.key)
def test_badge_text_meets_wcag_aa_on_every_default_colour(level: Severity) -> None:
    assert contrast(ink(level.colour), level.colour) >= 4.5


def test_badge_says_level_label_and_meaning_not_only_colour() -> None:
    markup = badge_html("sev2", DEFAULT)
    assert "<strong>SEV2</strong>" in markup and "Major" in markup
    assert 'title="SEV2 · Major: A core feature down or badly degraded"' in markup
    assert "<svg" in markup


def test_badge_escapes_configured_text() -> None:
    config = Config(**{**DEFAULT.__dict__, "severities": (Severity("S1", '<b>"x"</b>', "#000000", "a & b"),)})
    markup = badge_html("S1", config)
    assert "&lt;b&gt;&#34;x&#34;&lt;/b&gt;" in markup and "a &amp; b" in markup


def test_unknown_level_is_a_writer_error_with_a_hint() -> None:
    with pytest.raises(ComponentError) as error:
        badge_html("SEV9", DEFAULT)
    assert error.value.hint == "use one of SEV1, SEV2, SEV3, SEV4, SEV5"


def test_key_facts_give_the_story_in_numbers() -> None:
    markup = facts_html(parse(VALID), DEFAULT, AUTHORS)
    pairs = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", markup))
    assert pairs["Duration"] == "3h 15m"
    assert pairs["Users affected"] == "75%"
    assert pairs["Time to detect"] == "4m"
    assert pairs["Time to mitigate"] == "3h"
    assert pairs["Time to resolve"] == "3h 15m"
    assert pairs["Start"] == "15 August 2024, 14:30 UTC"
    assert pairs["Authors"] == "Ada Okafor, Priya Raman"


def test_key_facts_escape_front_matter() -> None:
    evil = mutate("impact: Product pages", "impact: <script>alert(1)</script> Product pages")
    markup = facts_html(parse(evil), DEFAULT, AUTHORS)
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt; Product pages" in markup


def test_missing_facts_show_a_dash_not_an_error() -> None:
    text = mutate("detected: 2024-08-15 14:34 UTC\n", "")
    text = mutate("[detected] A monitoring alert fired", "[action] A monitor went red", text)
    markup = facts_html(parse(text), DEFAULT, {})
    assert "<dt>Time to detect</dt><dd>—</dd>" in markup


def test_timeline_is_a_semantic_list_with_times_offsets_and_tags() -> None:
    markup = timeline_html(parse(VALID))
    assert markup.startswith('<ol class="hs-timeline"')
    assert markup.count("<li ") == 9
    assert (
        '<time datetime="2024-08-15T15:15:00+00:00">15:15 UTC</time> <span class="hs-event__offset" title="45m after impact began">T+45m</span>'
        in markup
    )
    assert '<li class="hs-event hs-event--misleading" data-tag="misleading">' in markup
    assert '<span class="hs-event__tag">Detour</span>' in markup


def test_timeline_text_is_escaped_but_keeps_inline_markdown() -> None:
    evil = mutate(
        "[action] The on-call engineer checked",
        "[action] <script>x()</script> `{{ code }}` [link](javascript:alert(1)) The on-call engineer checked",
    )
    markup = timeline_html(parse(evil))
    assert "<script>" not in markup and "&lt;script&gt;x()&lt;/script&gt;" in markup
    assert "<code>{{ code }}</code>" in markup
    assert 'href="javascript' not in markup


def test_a_timeline_crossing_midnight_shows_the_new_day() -> None:
    late = mutate("- 17:30 UTC - [mitigated]", "- 00:10 UTC - [mitigated]")
    late = mutate("- 17:45 UTC - [resolved]", "- 00:20 UTC - [resolved]", late)
    late = mutate("end: 2024-08-15 17:45 UTC", "end: 2024-08-16 00:20 UTC", late)
    days = [event.day for event in timeline_view(parse(late))]
    assert days[:-2] == [None] * (len(days) - 2)
    assert days[-2:] == ["Fri 16 Aug", None]


def test_title_heading_shows_any_title_as_text() -> None:
    heading = title_heading("<b>{{ x }}</b> # {: .y}")
    assert heading == "# &#60;b&#62;&#123;&#123; x &#125;&#125;&#60;&#47;b&#62; &#35; &#123;&#58; &#46;y&#125;"


def test_masthead_shows_what_it_is_given_and_the_date_without_a_badge() -> None:
    postmortem = parse(VALID)
    both = masthead_html(
        postmortem, DEFAULT, badge=badge_html("SEV1", DEFAULT), facts=facts_html(postmortem, DEFAULT, AUTHORS)
    )
    neither = masthead_html(postmortem, DEFAULT, badge=None, facts=None)
    assert 'class="hs-badge"' in both and 'class="hs-facts"' in both
    assert 'class="hs-badge"' not in neither and 'class="hs-facts"' not in neither
    assert "three in four shoppers hit timeouts" in neither
    assert 'Incident · <time datetime="2024-08-15">15 August 2024</time>' in neither, (
        "a badge placed by hand keeps the incident's date"
    )
    assert 'style="--hs-severity: #b71c1c; --hs-severity-ink: #ffffff"' in neither, (
        "listing cards carry their severity colour"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<input type="checkbox" disabled checked/>', '<input type="checkbox" aria-label="Done" disabled checked/>'),
        ('<input type="checkbox" disabled/>', '<input type="checkbox" aria-label="Open" disabled/>'),
        ('<input type="checkbox" aria-label="x" disabled/>', '<input type="checkbox" aria-label="x" disabled/>'),
        ("<p>no boxes</p>", "<p>no boxes</p>"),
    ],
)
def test_task_boxes_get_a_name(html: str, expected: str) -> None:
    assert label_task_boxes(html) == expected


def test_task_tokens_are_spelt_out_as_words() -> None:
    from hindsight.page.components import spell_task_tokens

    postmortem = parse(VALID)
    html = (
        '<li class="task-list-item">Alert on CPU @ada due:2024-08-30</li>\n'
        '<li class="task-list-item">Runbook <code>@ada due:2024-08-30</code> @marcus due:2024-08-23</li>\n'
        "<p>@ada due:2024-08-30 outside a task</p>"
    )
    out = spell_task_tokens(html, postmortem, {"ada": "Ada Okafor"})
    assert 'Alert on CPU <span class="hs-task__owner" title="@ada">owner: Ada Okafor</span>' in out
    assert '<span class="hs-task__due">due <time datetime="2024-08-30">30 August 2024</time></span></li>' in out
    assert "<code>@ada due:2024-08-30</code>" in out, "code stays as typed"
    assert "owner: marcus" in out and 'due <time datetime="2024-08-23">23 August 2024</time>' in out
    assert "<p>@ada due:2024-08-30 outside a task</p>" in out
