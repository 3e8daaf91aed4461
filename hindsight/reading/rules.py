"""The rules of the format contract that look across fields and sections."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import PurePosixPath

from hindsight.config import Config
from hindsight.model import Facts, Postmortem, Problem, Section, Tag, elapsed
from hindsight.reading.body import Body, SectionBody
from hindsight.reading.prose import count_sentences
from hindsight.reading.sections import normalise_heading
from hindsight.reading.times import format_duration

TAG_EXAMPLES = {
    Tag.DETECTED: "- 14:30 UTC - [detected] A latency alert fired for checkout.",
    Tag.ACTION: "- 14:35 UTC - [action] On-call checked the web servers: healthy.",
    Tag.MISLEADING: "- 15:15 UTC - [misleading] Suspected a DDoS and tightened the firewall.",
    Tag.ESCALATED: "- 16:00 UTC - [escalated] Paged the database team.",
    Tag.MITIGATED: "- 17:30 UTC - [mitigated] Rolled out the fixed query.",
    Tag.RESOLVED: "- 17:45 UTC - [resolved] Latency back to normal.",
}


RUBRIC = {
    Tag.DETECTED: "the timeline never says when and how the issue was detected",
    Tag.ACTION: "the timeline never says what actions were taken",
    Tag.MISLEADING: "the timeline never names a misleading investigation or debugging path",
    Tag.ESCALATED: "the timeline never says who the incident was escalated to",
    Tag.MITIGATED: "the timeline never says when the impact was mitigated",
    Tag.RESOLVED: "the timeline never says how the incident was resolved",
}
"""A missing event in the words of the assignment's rubric."""


def check_times(path: str, facts: Facts, lines: Mapping[str, int], typed: Mapping[str, str]) -> list[Problem]:
    """Start, end and detected in order; times are quoted as the writer typed them."""
    problems: list[Problem] = []
    start, end, detected = facts.start, facts.end, facts.detected

    def said(name: str, value: datetime) -> str:
        return typed.get(name) or value.isoformat()

    if start and end and end <= start:
        message = f"end ({said('end', end)}) is not after start ({said('start', start)})"
        problems.append(
            Problem(path, lines.get("end", 1), message, "check the dates, times and timezones of start and end")
        )
    if detected and start and detected < start:
        message = f"detected ({said('detected', detected)}) is before start ({said('start', start)})"
        problems.append(
            Problem(
                path,
                lines.get("detected", 1),
                message,
                "impact starts no later than detection: move start back or fix detected",
            )
        )
    if detected and end and start and end > start and detected > end:
        problems.append(
            Problem(
                path,
                lines.get("detected", 1),
                f"detected ({said('detected', detected)}) is after end ({said('end', end)})",
                "detected lies between start and end",
            )
        )
    return problems


def check_file_names(postmortems: Mapping[str, Postmortem]) -> list[Problem]:
    """Posts publish under their file name, so two files with one name would share a URL."""
    first: dict[str, Postmortem] = {}
    problems: list[Problem] = []
    for uri in sorted(postmortems):
        stem = PurePosixPath(uri).stem
        postmortem = postmortems[uri]
        if stem in first:
            message = f"file name {stem!r} is also used by {first[stem].path}: both would publish at the same URL"
            problems.append(Problem(postmortem.path, 1, message, "rename one of the two files"))
        else:
            first[stem] = postmortem
    return problems


def check_body(
    path: str, body: Body, facts: Facts, config: Config, body_line: int, last_line: int, typed: Mapping[str, str]
) -> list[Problem]:
    problems: list[Problem] = []
    found = _check_sections(path, body, config, problems, last_line, body_line)
    timeline, corrective = found.get("timeline"), found.get("corrective")
    for key, part in found.items():
        if key in ("timeline", "corrective"):
            continue
        if part.prose_words == 0:
            problems.append(
                Problem(path, part.section.line, f"section {_h2(part.section.title)} is empty", _fill_hint(key))
            )
    if corrective is not None:
        if corrective.prose_words == 0:
            problems.append(
                Problem(
                    path,
                    corrective.section.line,
                    f"section {_h2(corrective.section.title)} has no prose",
                    "say in a few sentences what can be improved, then list the tasks",
                )
            )
        if not body.tasks:
            hint = (
                "add at least one task: - [ ] Add an index on orders(customer_id) @ada due:2024-09-01,"
                ' or put your list under a line "Tasks:"'
            )
            problems.append(
                Problem(
                    path, corrective.section.line, f"section {_h2(corrective.section.title)} has no task list", hint
                )
            )
    if timeline is not None:
        problems.extend(_check_timeline(path, body, facts, config, timeline, typed))
    problems.extend(_check_words(path, body, config, body_line))
    return problems


def _h2(title: str) -> str:
    return f'"## {title}"'


def _fill_hint(key: str) -> str:
    return {
        "summary": "tell the duration with start and end (with timezone), the impact and the root cause"
        " in a short paragraph",
        "root_cause": "explain in detail what caused the issue and how it was fixed",
    }.get(key, "write a few sentences")


def _check_sections(
    path: str, body: Body, config: Config, problems: list[Problem], last_line: int, body_line: int
) -> dict[str, SectionBody]:
    found: dict[str, SectionBody] = {}
    order = [spec.key for spec in config.sections]
    names = {spec.key: spec.name for spec in config.sections}
    if not any(part.section.key for part in body.sections):
        problems.append(_no_section(path, body, [names[k] for k in order], body_line))
        return found
    for part in body.sections:
        key = part.section.key
        if key is None:
            continue
        if key in found:
            problems.append(
                Problem(
                    path,
                    part.section.line,
                    f"section {_h2(part.section.title)} appears twice (first at line {found[key].section.line})",
                    "merge the two sections into one",
                )
            )
            continue
        found[key] = part
    for position, key in enumerate(order):
        if key in found:
            continue
        before = next((found[k] for k in order[position + 1 :] if k in found), None)
        after = next((names[k] for k in reversed(order[:position]) if k in found), None)
        line = before.section.line if before else last_line
        where = f"after {_h2(after)}" if after else "as the first section of the body"
        near = _near_miss(body, names[key])
        if near is not None:
            problems.append(
                Problem(
                    path,
                    near.line,
                    f"missing section {_h2(names[key])}: {_h2(near.title)} does not match it",
                    f"rename it to {_h2(names[key])}",
                )
            )
        else:
            problems.append(Problem(path, line, f"missing section {_h2(names[key])}", f"add {_h2(names[key])} {where}"))
    seen = sorted(found.values(), key=lambda part: part.section.line)
    for earlier, later in itertools.pairwise(seen):
        assert earlier.section.key and later.section.key
        if order.index(earlier.section.key) > order.index(later.section.key):
            hint = "put the sections in this order: " + ", ".join(names[k] for k in order)
            problems.append(
                Problem(
                    path,
                    earlier.section.line,
                    f"section {_h2(earlier.section.title)} comes before {_h2(later.section.title)}",
                    hint,
                )
            )
    return found


def _no_section(path: str, body: Body, names: list[str], body_line: int) -> Problem:
    """One line for a file with none of the sections: what it has that looks like headings."""
    wanted = ", ".join(_h2(name) for name in names)
    seen = body.heading_like[:8]
    if not seen:
        message = "none of the sections was found, and no line looks like a heading"
        return Problem(path, body_line, message, f"start the parts of the story with {wanted}")
    listed = ", ".join(f"line {line} {_quote(text)}" for line, text in seen)
    more = f" and {len(body.heading_like) - len(seen)} more" if len(body.heading_like) > len(seen) else ""
    return Problem(
        path,
        seen[0][0],
        f"none of the sections was found; heading-like lines: {listed}{more}",
        f"name the parts of the story with the headings {wanted}",
    )


def _quote(text: str) -> str:
    return f'"{text if len(text) <= 40 else text[:37] + "..."}"'


def _near_miss(body: Body, name: str) -> Section | None:
    """An unmatched heading that is probably the missing section, misspelt."""
    wanted = normalise_heading(name)
    for part in body.sections:
        title = normalise_heading(part.section.title)
        if part.section.key is None and (
            difflib.SequenceMatcher(None, title, wanted).ratio() >= 0.8 or (title and title in wanted)
        ):
            return part.section
    return None


def _check_timeline(
    path: str, body: Body, facts: Facts, config: Config, timeline: SectionBody, typed: Mapping[str, str]
) -> list[Problem]:
    problems: list[Problem] = []
    line = timeline.section.line
    if timeline.list_items == 0 and timeline.events == 0:
        problems.append(
            Problem(
                path,
                line,
                f"section {_h2(timeline.section.title)} has no bullet list",
                "add one bullet per event: - 14:30 UTC - [detected] A latency alert fired.",
            )
        )
        return problems
    for tag in config.required_tags:
        if tag not in body.timeline_tags and timeline.events:
            problems.append(Problem(path, line, RUBRIC[tag], f"add an entry such as {TAG_EXAMPLES[tag]}"))
    for entry in body.timeline:
        sentences = count_sentences(entry.text)
        if sentences > 2:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"timeline entry at {entry.time_text} has {sentences} sentences",
                    'keep it to 1 or 2; put details in "## Root Cause and Resolution"',
                )
            )
        if facts.start and facts.end and facts.end > facts.start:
            early = facts.start.astimezone(UTC) - config.timeline_slack
            late = facts.end.astimezone(UTC) + config.timeline_slack
            if not early <= entry.when <= late:
                side = "before start" if entry.when < early else "after end"
                gap = format_duration(
                    elapsed(entry.when, facts.start) if entry.when < early else elapsed(facts.end, entry.when)
                )
                slack = format_duration(config.timeline_slack)
                edge = (
                    typed.get("start") or facts.start.isoformat()
                    if entry.when < early
                    else (typed.get("end") or facts.end.isoformat())
                )
                message = f"timeline entry at {entry.time_text} is {gap} {side} ({edge})"
                problems.append(
                    Problem(
                        path,
                        entry.line,
                        message,
                        f"entries lie within {slack} of the incident: check its time, date and timezone",
                    )
                )
    return problems


def _check_words(path: str, body: Body, config: Config, body_line: int) -> list[Problem]:
    if body.words < config.min_words:
        message = f"the postmortem has {body.words} words of prose, fewer than {config.min_words}"
        hint = "say more in Root Cause and Resolution and in the measures"
        if body.open_fence is not None:
            message += (
                f": the code fence opened at line {body.open_fence} is never closed, so Markdown reads the rest as code"
            )
            hint = "close the fence with a ``` line where the code ends"
        elif (block := _prose_in_code(body, config)) is not None:
            first, last = block
            lines = f"line {first}" if first == last else f"lines {first}-{last}"
            verb, them = ("is", "it") if first == last else ("are", "them")
            message += f": {lines} {verb} indented 4 spaces, so Markdown reads {them} as code"
            hint = f"remove the indent of {lines} (indent only code by 4 spaces)"
        return [Problem(path, body_line, message, hint)]
    if body.words > config.max_words:
        return [
            Problem(
                path,
                body_line,
                f"the postmortem has {body.words} words of prose, more than {config.max_words}",
                "be brief: cut repetition, move logs into code blocks",
            )
        ]
    return []


def _prose_in_code(body: Body, config: Config) -> tuple[int, int] | None:
    """The indented block with the most words, when those words would matter for the count."""
    if not body.indented:
        return None
    first, last, words = max(body.indented, key=lambda block: block[2])
    return (first, last) if words >= 20 and body.words + words >= config.min_words // 2 else None
