"""Every shape of "What writers really write": accepted as written, or one problem at the writer's line.

Each case changes one line of the canonical fixture (or writes a small body)
and asserts the exact parsed entry or the exact problem line.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from hindsight import DEFAULT
from hindsight.config import load_config
from hindsight.model import Tag
from hindsight.page.components import diagram_html, facts_html, masthead_html, timeline_html
from hindsight.page.compose import compose
from hindsight.reading.body import read_body
from hindsight.reading.timeline import tag_from_words
from tests.conftest import FIXTURES, VALID, lines, mutate, parse

P = "docs/postmortems/x.md"
STUDENT = (FIXTURES / "real" / "student.md").read_text(encoding="utf-8")
SUPPORT = "- 15:00 UTC - Support tickets about spinning pages and failed payments tripled in half an hour, and the support lead joined the incident channel."
SUPPORT_TEXT = SUPPORT.split(" - ", 1)[1]
START = datetime(2024, 8, 15, 14, 30, tzinfo=UTC)


# Sections: accepted spellings.


@pytest.mark.parametrize(
    ("canonical", "written"),
    [
        ("## Issue Summary", "### Issue Summary:"),
        ("## Issue Summary", "## Summary"),
        ("## Issue Summary", "## Incident Summary"),
        ("## Issue Summary", "## Overview"),
        ("## Issue Summary", "## issue summary"),
        ("## Timeline", "## Timeline:"),
        ("## Timeline", "## Timeline (all times in UTC)"),
        ("## Timeline", "## Timeline - Aug 15"),
        ("## Timeline", "## Timeline – Thursday"),
        ("## Timeline", "## Incident Timeline"),
        ("## Timeline", "## Timeline of Events"),
        ("## Timeline", "### TIMELINE"),
        ("## Root Cause and Resolution", "## Root Cause"),
        ("## Root Cause and Resolution", "## Root Causes"),
        ("## Root Cause and Resolution", "## Root cause analysis"),
        ("## Root Cause and Resolution", "## Cause and Resolution"),
        ("## Root Cause and Resolution", "## Root Cause & Resolution"),
        ("## Corrective and Preventative Measures", "## Corrective Measures"),
        ("## Corrective and Preventative Measures", "## Preventive Measures"),
        ("## Corrective and Preventative Measures", "## Corrective Actions"),
        ("## Corrective and Preventative Measures", "## Follow-up"),
        ("## Corrective and Preventative Measures", "## Prevention"),
        ("## Corrective and Preventative Measures", "## Lessons and Next Steps"),
        ("## Corrective and Preventative Measures", "## Corrective & Preventive Measures:"),
    ],
)
def test_section_spellings_are_accepted(canonical: str, written: str) -> None:
    postmortem = parse(mutate(f"{canonical}\n", f"{written}\n"))
    assert lines(postmortem) == []
    assert [s.key for s in postmortem.sections] == ["summary", "timeline", "root_cause", "corrective"]


def test_separate_root_cause_and_resolution_sections_count_as_one() -> None:
    text = mutate("## Root Cause and Resolution\n", "## Root Cause\n")
    text = mutate("The fix had two parts.", "## Resolution\n\nThe fix had two parts.", text)
    postmortem = parse(text)
    assert lines(postmortem) == []
    assert [s.key for s in postmortem.sections] == ["summary", "timeline", "root_cause", "corrective"]


# Sections: one fix away, still read as the section.


@pytest.mark.parametrize(
    ("canonical", "written", "expected"),
    [
        (
            "## Issue Summary",
            "**Issue Summary:**",
            '21: "**Issue Summary:**" is bold text, not a section heading - write it as "## Issue Summary"',
        ),
        (
            "## Issue Summary",
            "*Issue Summary*",
            '21: "*Issue Summary*" is italic text, not a section heading - write it as "## Issue Summary"',
        ),
        (
            "## Timeline",
            "Timeline",
            '29: "Timeline" is a plain line, not a section heading - write it as "## Timeline"',
        ),
        (
            "## Timeline",
            "Timeline:",
            '29: "Timeline:" is a plain line, not a section heading - write it as "## Timeline"',
        ),
        (
            "## Timeline",
            "# Timeline",
            '29: "# Timeline" is a level-1 heading, not a section heading - write it as "## Timeline"',
        ),
        (
            "## Timeline",
            "#### Timeline",
            '29: "#### Timeline" is a level-4 heading, not a section heading - write it as "## Timeline"',
        ),
        (
            "## Timeline",
            "##Timeline",
            '29: "##Timeline" has no space after ##, not a section heading - write it as "## Timeline"',
        ),
        (
            "## Issue Summary",
            "<h2>Issue Summary</h2>",
            '21: "<h2>Issue Summary</h2>" is HTML, not a section heading - write it as "## Issue Summary"',
        ),
        (
            "## Corrective and Preventative Measures",
            "**Corrective Measures**",
            '57: "**Corrective Measures**" is bold text, not a section heading - write it as "## Corrective Measures"',
        ),
    ],
)
def test_a_section_one_fix_away_is_one_line_and_still_read(canonical: str, written: str, expected: str) -> None:
    postmortem = parse(mutate(f"{canonical}\n", f"{written}\n"))
    assert lines(postmortem) == [f"{P}:{expected}"]
    line, heading = int(expected.split(":")[0]), expected.rsplit("write it as ", 1)[1].strip('"')
    assert postmortem.heading_lines == {line: heading}, "the page shows the heading to write there"
    assert [s.key for s in postmortem.sections if s.key] == ["summary", "timeline", "root_cause", "corrective"]
    assert len(postmortem.timeline) == 9 and len(postmortem.tasks) == 4


def test_a_bold_heading_line_with_its_text_right_below_is_read_as_the_section() -> None:
    text = mutate("## Issue Summary\n\nOn 15 August", "**Issue Summary:**\nOn 15 August")
    assert lines(parse(text)) == [
        f'{P}:21: "**Issue Summary:**" is bold text, not a section heading - write it as "## Issue Summary"'
    ]


def test_a_setext_level_one_heading_shows_as_a_level_two_heading() -> None:
    postmortem = parse(mutate("## Timeline\n", "Timeline\n========\n"))
    assert lines(postmortem) == [
        f'{P}:29: "Timeline" is a level-1 heading, not a section heading - write it as "## Timeline"'
    ]
    assert postmortem.heading_lines == {29: "## Timeline", 30: ""}


def test_no_section_at_all_is_one_line_listing_the_heading_like_lines() -> None:
    body = "# Database outage\n\nWhat went wrong:\n\nThe disk filled.\n\n**The fix**\n\nWe cleaned it.\n"
    result = parse(body)
    assert [p for p in lines(result) if "section" in p] == [
        f'{P}:1: none of the sections was found; heading-like lines: line 1 "# Database outage", line 3 "What went wrong:",'
        ' line 7 "**The fix**" - name the parts of the story with the headings "## Issue Summary", "## Timeline",'
        ' "## Root Cause and Resolution", "## Corrective and Preventative Measures"'
    ]


# Timeline entries: accepted shapes, each read as the canonical entry.


@pytest.mark.parametrize(
    "written",
    [
        f"- **15:00:** {SUPPORT_TEXT}",
        f"* 15:00 - {SUPPORT_TEXT}",
        f"+ 15:00 - {SUPPORT_TEXT}",
        f"- 3:00 PM: {SUPPORT_TEXT}",
        f"- 3:00 pm - {SUPPORT_TEXT}",
        f"- 3:00 p.m. - {SUPPORT_TEXT}",
        f"- 03:00 P.M. – {SUPPORT_TEXT}",
        f"- **3:00 PM (UTC):** {SUPPORT_TEXT}",
        f"- 15:00 UTC :- {SUPPORT_TEXT}",
        f"- **15:00** – {SUPPORT_TEXT}",
        f"- _15:00_ — {SUPPORT_TEXT}",
        f"- `15:00` - {SUPPORT_TEXT}",
        f"- 15:00:00 - {SUPPORT_TEXT}",
        f"- 2024-08-15 15:00 UTC - {SUPPORT_TEXT}",
        f"- Aug 15, 15:00 - {SUPPORT_TEXT}",
        f"- 15 August 2024 15:00 - {SUPPORT_TEXT}",
        f"- Thursday, August 15 at 3:00 PM - {SUPPORT_TEXT}",
        f"- 18:00 EAT - {SUPPORT_TEXT}",
        f"- 16:00 (WAT) - {SUPPORT_TEXT}",
        f"- 17:00 CAT - {SUPPORT_TEXT}",
        f"- 08:00 PDT - {SUPPORT_TEXT}",
        f"- 11:00 EDT - {SUPPORT_TEXT}",
        f"- 18:00 +03:00 - {SUPPORT_TEXT}",
        f"- 18:00 UTC+3 - {SUPPORT_TEXT}",
        f"- 10:00 GMT-5 - {SUPPORT_TEXT}",
        f"- 17:00 Europe/Paris - {SUPPORT_TEXT}",
        f"- 15:00Z - {SUPPORT_TEXT}",
        f"- 15:00 GMT - {SUPPORT_TEXT}",
        f"- 16:00 (BST) - {SUPPORT_TEXT}",
        f"- 3:00 PM UTC: {SUPPORT_TEXT}",
    ],
)
def test_timeline_shapes_are_read_as_the_canonical_entry(written: str) -> None:
    postmortem = parse(mutate(SUPPORT, written))
    assert lines(postmortem) == []
    entry = postmortem.timeline[2]
    assert (entry.line, entry.when, entry.tag, entry.text) == (
        33,
        datetime(2024, 8, 15, 15, tzinfo=UTC),
        Tag.ACTION,
        SUPPORT_TEXT,
    )


def test_a_numbered_timeline_is_read_and_its_region_covers_the_list() -> None:
    text = VALID
    for number in range(9):
        line = next(line for line in text.split("\n") if line.startswith("- 1") and " UTC - " in line)
        text = text.replace(line + "\n", f"{number + 1}. {line[2:]}\n", 1)
    postmortem = parse(text)
    assert lines(postmortem) == []
    assert len(postmortem.timeline) == 9
    assert postmortem.timeline_lines == parse(VALID).timeline_lines == (31, 41)


def test_the_time_as_typed_is_kept_for_problems() -> None:
    postmortem = parse(mutate(SUPPORT, f"- **3:00 p.m. (UTC):** {SUPPORT_TEXT}"))
    assert postmortem.timeline[2].time_text == "3:00 p.m. (UTC)"


@pytest.mark.parametrize(
    ("heading", "hours"),
    [("## Timeline (all times PDT)", -7), ("## Timeline (West African Time)", 1), ("## Timeline - UTC+3", 3)],
)
def test_a_timeline_heading_zone_applies_to_its_entries(heading: str, hours: int) -> None:
    postmortem = parse(mutate("## Timeline\n", f"{heading}\n", VALID.replace(" UTC - ", " - ")))
    assert postmortem.timeline[0].when == datetime(2024, 8, 15, 14, 34, tzinfo=timezone(timedelta(hours=hours)))


# Tags read from words; an explicit tag wins.


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("An alert fired for the queue depth.", Tag.DETECTED),
        ("A support engineer noticed stale prices.", Tag.DETECTED),
        ("Two shops reported failed refunds.", Tag.DETECTED),
        ("Escalated to the payments lead.", Tag.ESCALATED),
        ("Paged the network on-call.", Tag.ESCALATED),
        ("We assumed the CDN was at fault.", Tag.MISLEADING),
        ("Suspected a bad certificate.", Tag.MISLEADING),
        ("The DNS theory was a red herring.", Tag.MISLEADING),
        ("Rolled back release 4.2.", Tag.MITIGATED),
        ("Shipped a hotfix for the parser.", Tag.MITIGATED),
        ("Incident resolved.", Tag.RESOLVED),
        ("Checkout restored for everyone.", Tag.RESOLVED),
        ("Error rates back to normal.", Tag.RESOLVED),
        ("Looked at the load balancer graphs.", Tag.ACTION),
    ],
)
def test_tags_are_read_from_words(text: str, tag: Tag) -> None:
    assert tag_from_words(text) is tag
    postmortem = parse(mutate(SUPPORT, f"- 15:00 UTC - {text}"))
    assert postmortem.timeline[2].tag is tag


def test_an_explicit_tag_wins_over_the_words() -> None:
    postmortem = parse(mutate(SUPPORT, "- 15:00 UTC - [action] Reviewed why the alert fired late."))
    assert postmortem.timeline[2].tag is Tag.ACTION


# Timeline entries: one fix away, still read.


def _timeline(body: str) -> tuple[list[tuple[int, datetime, str]], list[str]]:
    result = read_body(P, "## Timeline\n\n" + body, 10, DEFAULT, START)
    return [(e.line, e.when, e.text) for e in result.timeline], [str(p) for p in result.problems]


def _at(hour: int, minute: int) -> datetime:
    return datetime(2024, 8, 15, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "entries", "expected"),
    [
        (
            "- 15.25 - The queue drained.\n",
            [(12, _at(15, 25), "The queue drained.")],
            ["12: time '15.25' is written with a dot - write it with a colon: - 15:25 - The queue drained."],
        ),
        (
            "- 15:25 The queue drained.\n",
            [(12, _at(15, 25), "The queue drained.")],
            [
                "12: timeline entry '15:25 The queue drained.' has no separator between time and text"
                " - write it as - 15:25 - The queue drained."
            ],
        ),
        (
            "- 15:25 - The queue drained.<br>15:40 - Workers caught up.\n",
            [(12, _at(15, 25), "The queue drained."), (12, _at(15, 40), "Workers caught up.")],
            [
                "12: several events in one bullet (joined by <br>) - put each event on its own bullet: - 15:40 - Workers caught up."
            ],
        ),
        (
            "- 15:25 - The queue drained. \\\n  15:40 - Workers caught up.\n",
            [(12, _at(15, 25), "The queue drained."), (13, _at(15, 40), "Workers caught up.")],
            [
                "13: several events in one bullet (joined by \\) - put each event on its own bullet: - 15:40 - Workers caught up."
            ],
        ),
        (
            "15:25 - The queue drained.\n15:40 - Workers caught up.\n",
            [(12, _at(15, 25), "The queue drained."), (13, _at(15, 40), "Workers caught up.")],
            [
                "12: timeline line is not in a list - write it as a bullet: - 15:25 - The queue drained.",
                "13: timeline line is not in a list - write it as a bullet: - 15:40 - Workers caught up.",
            ],
        ),
        (
            "    15:25 - The queue drained.\n    - 15:40 - Workers caught up.\n",
            [(12, _at(15, 25), "The queue drained."), (13, _at(15, 40), "Workers caught up.")],
            [
                "12: timeline line is indented 4 spaces, so Markdown shows it as code - remove the indent: - 15:25 - The queue drained.",
                "13: timeline line is indented 4 spaces, so Markdown shows it as code - remove the indent: - 15:40 - Workers caught up.",
            ],
        ),
        (
            "- 20:55 IST - The queue drained.\n",
            [],
            [
                "12: timeline entry at 20:55 IST: timezone 'IST' could mean India Standard Time (+05:30),"
                " Israel Standard Time (+02:00) or Irish Standard Time (+01:00)"
                " - write the offset instead, e.g. +05:30 for India Standard Time"
            ],
        ),
        (
            "- 09:25 CST - The queue drained.\n",
            [],
            [
                "12: timeline entry at 09:25 CST: timezone 'CST' could mean US Central Standard Time (-06:00),"
                " China Standard Time (+08:00) or Cuba Standard Time (-05:00)"
                " - write the offset instead, e.g. -06:00 for US Central Standard Time"
            ],
        ),
        (
            "- 11:25 AST - The queue drained.\n",
            [],
            [
                "12: timeline entry at 11:25 AST: timezone 'AST' could mean Atlantic Standard Time (-04:00)"
                " or Arabia Standard Time (+03:00) - write the offset instead, e.g. -04:00 for Atlantic Standard Time"
            ],
        ),
    ],
)
def test_timeline_shapes_one_fix_away(body: str, entries: list[tuple[int, datetime, str]], expected: list[str]) -> None:
    read, problems = _timeline(body)
    assert read == entries
    assert problems == [f"{P}:{line}" for line in expected]


def test_events_outside_a_list_replace_the_region_on_the_page() -> None:
    text = VALID.replace("\n- 1", "\n1")  # every timeline bullet becomes a plain line
    postmortem = parse(text)
    assert len(postmortem.timeline) == 9
    assert postmortem.timeline_lines == (31, 40)
    assert all("is not in a list" in line for line in lines(postmortem))


# Tasks under a Tasks line or heading.


@pytest.mark.parametrize(
    "head",
    ["Tasks:", "Tasks", "**Action items:**", "Task list", "TODO", "Next steps:", "### Tasks", "#### Action Items"],
)
@pytest.mark.parametrize("mark", ["- ", "1. ", "* "])
def test_a_plain_list_under_a_tasks_line_is_open_tasks(head: str, mark: str) -> None:
    text = VALID.replace("- [x] ", "- [ ] ").replace("- [ ] ", mark)
    text = mutate(f"{mark}Add a composite", f"{head}\n\n{mark}Add a composite", text)
    postmortem = parse(text)
    assert lines(postmortem) == []
    assert [(t.line, t.done, t.owner) for t in postmortem.tasks] == [
        (63, False, "priya"),
        (64, False, "priya"),
        (65, False, "ada"),
        (66, False, "marcus"),
    ]


def test_a_plain_list_without_a_tasks_line_is_not_a_task_list() -> None:
    postmortem = parse(VALID.replace("- [x] ", "- ").replace("- [ ] ", "- "))
    assert postmortem.tasks == []
    assert any("has no task list" in line for line in lines(postmortem))


# The whole file is always checked.


BODY = VALID.split("---\n", 2)[2]


def test_without_front_matter_the_body_is_still_checked() -> None:
    postmortem = parse(BODY.replace("[detected] ", "[spotted] "))
    assert lines(postmortem) == [
        f"{P}:1: no front matter: the file must start with a '---' line - start from the template: python -m hindsight new \"Title\"",
        f"{P}:12: unknown timeline tag [spotted] - use one of [detected], [action], [misleading], [escalated], [mitigated],"
        " [resolved], or no tag for the tag to be read from the words",
    ]


def test_broken_yaml_is_reported_where_the_construct_starts_and_the_body_is_checked() -> None:
    text = mutate("impact: Product pages", 'impact: "Product pages', VALID).replace("[misleading] ", "[spotted] ")
    problems = lines(parse(text))
    assert problems[0].startswith(f"{P}:13: front matter is not valid YAML: found unexpected end of stream")
    assert any(line.startswith(f"{P}:34: unknown timeline tag [spotted]") for line in problems)


def test_an_unclosed_front_matter_still_gets_its_body_checked() -> None:
    text = mutate("tags: [postgres, performance, indexing, checkout]\n---\n", "tags: [postgres]\n", VALID)
    text = text.replace("[misleading] ", "[spotted] ")
    problems = lines(parse(text))
    assert problems[0] == f"{P}:1: front matter is not closed - add a '---' line after the last field (line 18)"
    assert any(line.startswith(f"{P}:33: unknown timeline tag [spotted]") for line in problems)


def test_a_word_count_collapsed_by_indented_prose_says_why() -> None:
    text = mutate("The new category filter asked", "    The new category filter asked")
    assert lines(parse(text, load_config({"words": {"min": 450, "max": 900}}))) == [
        f"{P}:20: the postmortem has 414 words of prose, fewer than 450: line 43 is indented 4 spaces,"
        " so Markdown reads it as code - remove the indent of line 43 (indent only code by 4 spaces)"
    ]


def test_a_word_count_collapsed_by_an_open_fence_says_why() -> None:
    text = mutate("```sql\n", "```sql\n", VALID).replace("LIMIT 48;\n```\n", "LIMIT 48;\n")
    problems = lines(parse(text))
    assert any(
        line.endswith(
            "fewer than 400: the code fence opened at line 45 is never closed, so Markdown reads the rest as code"
            " - close the fence with a ``` line where the code ends"
        )
        for line in problems
    )


# A real-shaped postmortem: accepted as written, and shown exactly as its canonical form.


def _canonical(text: str) -> str:
    swaps = {
        "### Issue Summary:": "## Issue Summary",
        "## Timeline (EAT)": "## Timeline",
        "- **9:20 AM:** An alert": "- 09:20 - [detected] An alert",
        "* 9:28 am - The on-call": "- 09:28 - [action] The on-call",
        "- 9:41 A.M. : We assumed": "- 09:41 - [misleading] We assumed",
        "1. `10:02` - Escalated": "- 10:02 - [escalated] Escalated",
        "- 10:25 AM EAT :- The platform": "- 10:25 - [action] The platform",
        "- **10:40 AM (EAT):** A hotfix": "- 10:40 - [mitigated] A hotfix",
        "- 11:10 AM - Uploads": "- 11:10 - [resolved] Uploads",
        "## Root causes": "## Root Cause and Resolution",
        "## Resolution\n\n": "",
        "## Corrective Measures": "## Corrective and Preventative Measures",
        "Tasks:\n": "",
    }
    for old, new in swaps.items():
        text = mutate(old, new, text)
    for number in range(1, 5):
        text = mutate(f"\n{number}. ", "\n- [ ] ", text)
    return text


def test_a_real_shaped_postmortem_is_accepted_as_written() -> None:
    postmortem = parse(STUDENT)
    assert lines(postmortem) == []
    assert postmortem.facts.start == datetime(2024, 6, 11, 9, 5, tzinfo=timezone(timedelta(hours=3)))
    assert [e.tag for e in postmortem.timeline] == [
        Tag.DETECTED,
        Tag.ACTION,
        Tag.MISLEADING,
        Tag.ESCALATED,
        Tag.ACTION,
        Tag.MITIGATED,
        Tag.RESOLVED,
    ]
    assert len(postmortem.tasks) == 4 and not any(t.done for t in postmortem.tasks)


def test_a_real_shaped_postmortem_renders_exactly_as_its_canonical_form() -> None:
    real, canonical = parse(STUDENT), parse(_canonical(STUDENT))
    assert lines(canonical) == []
    assert timeline_html(real) == timeline_html(canonical)
    assert diagram_html(real) == diagram_html(canonical)
    assert facts_html(real, DEFAULT, {}) == facts_html(canonical, DEFAULT, {})
    masthead = masthead_html(real, DEFAULT, badge=None, facts=facts_html(real, DEFAULT, {}))
    assert masthead == masthead_html(canonical, DEFAULT, badge=None, facts=facts_html(canonical, DEFAULT, {}))
    assert "EAT" in timeline_html(real)


@pytest.mark.parametrize(
    "written", ["**Issue Summary:**", "Issue Summary", "# Issue Summary", "<h2>Issue Summary</h2>"]
)
def test_the_page_shows_the_heading_to_write_in_place_of_a_loose_one(written: str) -> None:
    postmortem = parse(mutate("## Issue Summary\n", f"{written}\n"))
    composed = compose(postmortem, postmortem.body.lstrip("\n"), DEFAULT, {})
    shown = composed.markdown.splitlines()
    line = next(index for index, text in enumerate(shown, 1) if text == "## Issue Summary")
    assert composed.file_line(line) == 21
    assert written not in shown
