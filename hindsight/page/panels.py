"""Panels that tie a postmortem to others: "This failed before" and "It happened again".

Both sit near the top of the page, where a reader of a repeat sees at once that
the team has been here before and whether the last fix was finished.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from hindsight.archive.actions import Link
from hindsight.archive.repeats import FollowUp, Repeat, began, follow_up
from hindsight.config import Config
from hindsight.model import Postmortem
from hindsight.reading.scorecard import Scorecard
from hindsight.templating import block


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def why(repeat: Repeat, config: Config) -> str:
    """How we know it is the same failure, in words: `auth service, expired certificate or secret`."""
    parts: list[str] = []
    if repeat.services:
        parts.append(", ".join(repeat.services))
    labels = [(f.label if (f := config.factor(key)) else key).lower() for key in repeat.factors]
    if labels:
        parts.append(", ".join(labels))
    if repeat.similar_cause:
        parts.append("a similar root cause")
    if repeat.linked and not parts:
        parts.append("linked by its writers")
    return "; ".join(parts)


def status(counts: FollowUp) -> str:
    """What became of the earlier fix: `3 of 5 tasks still open (2 overdue); 1 done only after this outage`."""
    if not counts.total:
        return "it listed no tasks"
    text = (
        f"{counts.open} of {_plural(counts.total, 'task')} still open"
        if counts.open
        else f"all {_plural(counts.total, 'task')} done"
    )
    if counts.overdue:
        text += f" ({counts.overdue} overdue)"
    if counts.done_after:
        text += f"; {counts.done_after} done only after this outage"
    return text


@dataclass(frozen=True)
class Before:
    url: str | None
    title: str
    iso: str
    day: str
    why: str
    status: str
    unfinished: bool


@dataclass(frozen=True)
class Again:
    url: str | None
    title: str
    iso: str
    day: str
    unfinished: int
    """Tasks of this postmortem not done when it happened again."""


def _title(postmortem: Postmortem, link: Link | None) -> str:
    return link.title if link else (postmortem.facts.title or postmortem.path)


def repeats_html(
    postmortem: Postmortem,
    before: Sequence[Repeat],
    again: Sequence[Repeat],
    links: Mapping[str, Link],
    config: Config,
    today: date,
) -> Markup:
    """Both panels for one postmortem (empty when it repeats nothing and nothing repeated it)."""
    earlier = []
    for repeat in before:
        when = began(repeat.earlier)
        link = links.get(repeat.earlier.path)
        counts = follow_up(repeat, today)
        earlier.append(
            Before(
                url=link.url if link else None,
                title=_title(repeat.earlier, link),
                iso=when.date().isoformat() if when else "",
                day=day_text(when.date()) if when else "",
                why=why(repeat, config),
                status=status(counts),
                unfinished=bool(counts.open or counts.done_after),
            )
        )
    later = []
    for repeat in again:
        link = links.get(repeat.later.path)
        counts = follow_up(repeat, today)
        later.append(
            Again(
                link.url if link else None,
                _title(repeat.later, link),
                repeat.on.isoformat(),
                day_text(repeat.on),
                counts.open + counts.done_after,
            )
        )
    if not earlier and not later:
        return Markup("")
    return block("repeats.html", before=earlier, again=later)


def scorecard_html(card: Scorecard, names: Mapping[str, str]) -> Markup:
    """The review scorecard, folded: reviewers open it, readers scroll past it."""
    return block("review.html", card=card, reviewers=", ".join(names.get(r, r) for r in card.reviewers))


_SCORECARD = re.compile(r'<details class="hs-review">.*?</details>', re.DOTALL)


def without_scorecard(html: str) -> str:
    """A page's HTML minus the folded scorecard, which readers do not read (for the read time)."""
    return _SCORECARD.sub("", html) if 'class="hs-review"' in html else html
