from __future__ import annotations

import pytest

from hindsight.config import load_config
from tests.conftest import VALID, lines, mutate, parse

P = "docs/postmortems/x.md"


def _drop_line(prefix: str, text: str = VALID) -> str:
    kept = [line for line in text.split("\n") if not line.startswith(prefix)]
    assert len(kept) == len(text.split("\n")) - 1
    return "\n".join(kept)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _drop_line("## Timeline"),
            f'{P}:40: missing section "## Timeline" - add "## Timeline" after "## Issue Summary"',
        ),
        (
            _drop_line("## Issue Summary"),
            f'{P}:28: missing section "## Issue Summary" - add "## Issue Summary" as the first section of the body',
        ),
        (
            _drop_line("## Corrective"),
            f'{P}:63: missing section "## Corrective and Preventative Measures" - add "## Corrective and Preventative Measures" after "## Root Cause and Resolution"',
        ),
        (
            mutate("## Timeline\n", "## Timelines\n"),
            f'{P}:29: missing section "## Timeline": "## Timelines" does not match it - rename it to "## Timeline"',
        ),
        (
            mutate("## Root Cause and Resolution\n", "## Root Cause and Resolutions\n"),
            f'{P}:41: missing section "## Root Cause and Resolution": "## Root Cause and Resolutions" does not match it - rename it to "## Root Cause and Resolution"',
        ),
        (
            mutate("## Issue Summary\n", "## Timeline\n\n- 14:30 UTC - x\n\n## Issue Summary\n"),
            f'{P}:21: section "## Timeline" comes before "## Issue Summary" - put the sections in this order: Issue Summary, Timeline, Root Cause and Resolution, Corrective and Preventative Measures',
        ),
    ],
)
def test_section_rules(text: str, expected: str) -> None:
    assert expected in lines(parse(text))


def test_duplicate_section() -> None:
    text = VALID + "\n## Timeline\n\nAgain.\n"
    assert f'{P}:66: section "## Timeline" appears twice (first at line 29) - merge the two sections into one' in lines(
        parse(text)
    )


def test_empty_sections() -> None:
    text = VALID.replace(
        "## Corrective and Preventative Measures\n\nThe query itself",
        "## Corrective and Preventative Measures\n\n- [ ] x\n\nThe query itself",
    )
    cut = (
        text.split("## Corrective")[0].split("## Root Cause and Resolution")[0]
        + "## Root Cause and Resolution\n\n## Corrective and Preventative Measures\n\n- [ ] Add an index\n"
    )
    problems = lines(parse(cut))
    assert (
        f'{P}:41: section "## Root Cause and Resolution" is empty - explain in detail what caused the issue and how it was fixed'
        in problems
    )
    assert (
        f'{P}:43: section "## Corrective and Preventative Measures" has no prose - say in a few sentences what can be improved, then list the tasks'
        in problems
    )


def test_corrective_section_needs_a_task_list() -> None:
    text = "\n".join(line for line in VALID.split("\n") if not line.startswith("- ["))
    assert (
        f'{P}:57: section "## Corrective and Preventative Measures" has no task list - add at least one task: - [ ] Add an index on orders(customer_id) @ada due:2024-09-01, or put your list under a line "Tasks:"'
        in lines(parse(text))
    )


@pytest.mark.parametrize(
    ("tag", "words", "expected"),
    [
        (
            "detected",
            "A monitoring alert fired for checkout p95 latency above 5 seconds, soon followed by storefront error-rate alerts.",
            "the timeline never says when and how the issue was detected - add an entry such as - 14:30 UTC - [detected] A latency alert fired for checkout.",
        ),
        (
            "misleading",
            "Spiky traffic graphs suggested",
            "the timeline never names a misleading investigation or debugging path - add an entry such as - 15:15 UTC - [misleading] Suspected a DDoS and tightened the firewall.",
        ),
        (
            "escalated",
            "The incident commander paged",
            "the timeline never says who the incident was escalated to - add an entry such as - 16:00 UTC - [escalated] Paged the database team.",
        ),
        (
            "resolved",
            "Database CPU settled",
            "the timeline never says how the incident was resolved - add an entry such as - 17:45 UTC - [resolved] Latency back to normal.",
        ),
    ],
)
def test_required_timeline_events_in_the_rubric_words(tag: str, words: str, expected: str) -> None:
    """Without the tag and without a word naming the event, the rubric's own words say what is missing."""
    text = mutate(f"[{tag}] {words}", "The team wrote this down")
    assert lines(parse(text)) == [f"{P}:29: {expected}"]


def test_required_tags_are_configurable() -> None:
    config = load_config({"timeline": {"required_tags": ["detected"]}})
    assert lines(parse(VALID.replace("[misleading] ", ""), config)) == []


def test_timeline_without_bullets() -> None:
    text = "\n".join(line for line in VALID.split("\n") if not line.startswith("- 1"))
    assert (
        f'{P}:29: section "## Timeline" has no bullet list - add one bullet per event: - 14:30 UTC - [detected] A latency alert fired.'
        in lines(parse(text))
    )


def test_timeline_entries_keep_to_two_sentences() -> None:
    text = mutate(
        "[action] The on-call engineer checked the web tier, load balancers and network. All healthy, which was less reassuring than it sounded.",
        "[action] One. Two. Three.",
    )
    assert lines(parse(text))[0].startswith(f"{P}:32: timeline entry at 14:38 UTC has 3 sentences - keep it to 1 or 2")


def test_timeline_entries_stay_near_the_window() -> None:
    text = mutate("- 15:00 UTC - Support", "- 2024-08-17 15:00 UTC - Support")
    problems = lines(parse(text))
    assert (
        f"{P}:33: timeline entry at 2024-08-17 15:00 UTC is 1d 21h 15m after end (2024-08-15 17:45 UTC) - entries lie within 12h of the incident: check its time, date and timezone"
        in problems
    )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ({"min": 600, "max": 900}, "fewer than 600 - say more in Root Cause and Resolution and in the measures"),
        ({"min": 10, "max": 100}, "more than 100 - be brief: cut repetition, move logs into code blocks"),
    ],
)
def test_word_range(words: dict[str, int], expected: str) -> None:
    problems = lines(parse(VALID, load_config({"words": words})))
    assert len(problems) == 1
    assert problems[0].startswith(f"{P}:20: the postmortem has ")
    assert problems[0].endswith(expected)
