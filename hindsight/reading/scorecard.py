"""The peer review checklist: each requirement of the assignment, met or not, with what was found.

A reviewer reads the postmortem against the assignment's "Requirements" list;
this does the looking-up (is there a misleading path? whom was it escalated
to?) so the review can be about whether the story is right. It reads only
the parsed model, so `python -m hindsight review` and the page agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hindsight.config import Config
from hindsight.model import Postmortem, Tag
from hindsight.reading.times import format_duration

DETAIL_WORDS = 40
"""Prose words below which "explain in detail" is not met."""
EVIDENCE_CHARS = 90


@dataclass(frozen=True)
class Item:
    part: str
    """The assignment's heading the requirement belongs to."""
    requirement: str
    met: bool
    evidence: str
    """What was found (`3h 15m, 14:30-17:45 UTC`), or what is missing."""


@dataclass(frozen=True)
class Scorecard:
    path: str
    title: str | None
    items: tuple[Item, ...]
    reviewers: tuple[str, ...]
    reviewed: str | None

    @property
    def met(self) -> int:
        return sum(1 for item in self.items if item.met)

    @property
    def total(self) -> int:
        return len(self.items)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1].rstrip() + "…"


def _clock(when: datetime, zone_of: datetime) -> str:
    local = when.astimezone(zone_of.tzinfo)
    return f"{local:%H:%M %Z}".strip()


def _span(postmortem: Postmortem) -> str | None:
    start, end = postmortem.facts.start, postmortem.facts.end
    if start is None or end is None or end <= start:
        return None
    local_end = end.astimezone(start.tzinfo)
    zone = f"{start:%Z}".strip() or f"{start:%z}"
    if local_end.date() == start.date():
        window = f"{start:%H:%M}-{local_end:%H:%M} {zone}"
    else:
        window = f"{start:%Y-%m-%d %H:%M} to {local_end:%Y-%m-%d %H:%M} {zone}"
    return f"{format_duration(end - start)}, {window}"


def _entries(postmortem: Postmortem, tag: Tag) -> list[str]:
    return [entry.text for entry in postmortem.timeline if entry.tag is tag]


def _first(postmortem: Postmortem, tag: Tag, missing: str) -> tuple[bool, str]:
    texts = _entries(postmortem, tag)
    return (True, _short(texts[0])) if texts else (False, missing)


def _words(postmortem: Postmortem, key: str, what: str) -> tuple[bool, str]:
    if key not in postmortem.section_words:
        return False, f"no {what} section"
    count = postmortem.section_words[key]
    if count < DETAIL_WORDS:
        return False, f"only {count} words of prose: explain it in more detail"
    return True, f"{count} words of prose"


def scorecard(postmortem: Postmortem, config: Config) -> Scorecard:
    """Every requirement of the assignment, in its order."""
    facts = postmortem.facts
    summary, timeline, cause, measures = (
        "Issue Summary",
        "Timeline",
        "Root Cause and Resolution",
        "Corrective and Preventative Measures",
    )
    items: list[Item] = []

    def add(part: str, requirement: str, met: bool, evidence: str) -> None:
        items.append(Item(part, requirement, met, evidence))

    span = _span(postmortem)
    add(summary, "Duration, with start and end times and timezone", span is not None, span or "no start and end")
    add(
        summary,
        "Impact: which service was down or slow",
        bool(facts.services),
        ", ".join(facts.services) or "no services",
    )
    add(summary, "Impact: what users experienced", bool(facts.impact), _short(facts.impact or "no impact"))
    add(
        summary,
        "Impact: how many % of users were affected",
        facts.users_affected is not None,
        f"{facts.users_affected:g}% of users" if facts.users_affected is not None else "no users_affected",
    )
    add(summary, "The root cause", bool(facts.root_cause), _short(facts.root_cause or "no root_cause"))

    detected = postmortem.detected_at
    start = facts.start
    if detected is not None and start is not None:
        after = postmortem.time_to_detect
        when = _clock(detected, start) + (f", {format_duration(after)} after it began" if after is not None else "")
        add(timeline, "When the issue was detected", True, when)
    else:
        add(timeline, "When the issue was detected", False, "no [detected] entry or detected: time")
    add(timeline, "How it was detected", *_first(postmortem, Tag.DETECTED, "no [detected] entry says how"))
    actions = _entries(postmortem, Tag.ACTION)
    add(
        timeline,
        "Actions taken: what was investigated",
        bool(actions),
        f"{len(actions)} action{'' if len(actions) == 1 else 's'}, first: {_short(actions[0])}"
        if actions
        else "no [action] entry",
    )
    add(timeline, "Misleading paths taken", *_first(postmortem, Tag.MISLEADING, "no [misleading] entry"))
    add(timeline, "Whom it was escalated to", *_first(postmortem, Tag.ESCALATED, "no [escalated] entry"))
    resolved = _entries(postmortem, Tag.RESOLVED) or _entries(postmortem, Tag.MITIGATED)
    add(
        timeline,
        "How it was resolved",
        bool(resolved),
        _short(resolved[0]) if resolved else "no [resolved] or [mitigated] entry",
    )

    add(cause, "What caused it and how it was fixed, in detail", *_words(postmortem, "root_cause", cause))
    if "corrective" in postmortem.section_words and postmortem.section_words["corrective"] > 0:
        add(measures, "What can be improved", True, f"{postmortem.section_words['corrective']} words of prose")
    else:
        add(measures, "What can be improved", False, "no prose in the corrective section")
    tasks = postmortem.tasks
    owned = sum(1 for task in tasks if task.owner)
    dated = sum(1 for task in tasks if task.due)
    add(
        measures,
        "A list of specific tasks",
        bool(tasks),
        f"{len(tasks)} task{'' if len(tasks) == 1 else 's'}, {owned} with an owner, {dated} with a due date"
        if tasks
        else "no task list",
    )
    fits = config.min_words <= postmortem.words <= config.max_words
    add(
        "Length",
        f"Brief: {config.min_words} to {config.max_words} words",
        fits,
        f"{postmortem.words} words",
    )
    reviewed = f"{facts.reviewed.day} {facts.reviewed:%b %Y}" if facts.reviewed else None
    return Scorecard(postmortem.path, facts.title, tuple(items), tuple(facts.reviewers), reviewed)


def scorecard_text(card: Scorecard) -> str:
    """The scorecard as `python -m hindsight review` prints it."""
    lines = [f"Review scorecard: {card.path}"]
    if card.title:
        lines.append(card.title)
    part = None
    for item in card.items:
        if item.part != part:
            part = item.part
            lines.append(f"{part}:")
        lines.append(f"  {'✓' if item.met else '✗'} {item.requirement}: {item.evidence}")
    lines.append(f"{card.met} of {card.total} requirements met.")
    if card.reviewers:
        on = f" on {card.reviewed}" if card.reviewed else ""
        lines.append(f"Reviewed by {', '.join(card.reviewers)}{on}.")
    else:
        lines.append("Not reviewed yet: ask a peer, then add reviewers: [name] and reviewed: YYYY-MM-DD.")
    return "\n".join(lines)
