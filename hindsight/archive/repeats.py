"""Outages that happened before: the same service failing for the same reason.

A later postmortem repeats an earlier one when they share a service and a
contributing factor; when either names no factors, when they share a service
and their root causes are clearly alike (see `similar_causes`). A writer can
also link one outright with `related: [file-name]`. All of it is read from the
parsed model, so the build, `check --json` and the tests agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from difflib import get_close_matches
from pathlib import PurePosixPath

from hindsight.model import Postmortem, Problem, Task

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "its",
        "it",
        "this",
        "that",
        "our",
        "we",
        "as",
        "after",
        "before",
        "into",
        "over",
        "under",
        "not",
        "no",
        "so",
        "than",
        "then",
        "when",
        "which",
        "who",
        "one",
        "all",
        "any",
        "their",
        "there",
        "because",
        "during",
        "again",
        "new",
        "old",
    }
)
_SUFFIXES = ("ations", "ation", "ing", "ies", "ed", "es", "al", "s", "e", "y")
MIN_SHARED = 3
"""Root causes are alike when they share at least this many words..."""
MIN_OVERLAP = 0.5
"""...and those are at least this share of the shorter cause's words."""


def name_of(postmortem: Postmortem) -> str:
    """The file name without `.md`: what `related:` names, and what the URL is made of."""
    return PurePosixPath(postmortem.path).stem


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def cause_words(text: str) -> frozenset[str]:
    """The words that carry a root cause's meaning, crudely stemmed (`renewed`, `renewal` -> `renew`)."""
    return frozenset(_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOP and len(word) > 2)


def similar_causes(first: str | None, second: str | None) -> bool:
    """Clearly alike: MIN_SHARED words in common that make up MIN_OVERLAP of the shorter cause.

    The overlap coefficient, not Jaccard: a terse cause ("The TLS certificate
    expired") inside a wordy one is the same cause.
    """
    if not first or not second:
        return False
    a, b = cause_words(first), cause_words(second)
    shared = a & b
    return len(shared) >= MIN_SHARED and len(shared) >= MIN_OVERLAP * min(len(a), len(b))


def _services(postmortem: Postmortem) -> dict[str, str]:
    return {" ".join(s.split()).casefold(): " ".join(s.split()) for s in postmortem.facts.services}


def began(postmortem: Postmortem) -> datetime | None:
    """When the outage began: its start, else its publication date (UTC midnight)."""
    facts = postmortem.facts
    if facts.start is not None:
        return facts.start
    if facts.date is not None:
        return datetime.combine(facts.date, time(), UTC)
    return None


@dataclass(frozen=True)
class Repeat:
    """`later` failed again the way `earlier` did; the reasons say how we know."""

    earlier: Postmortem
    later: Postmortem
    services: tuple[str, ...]
    factors: tuple[str, ...]
    similar_cause: bool
    linked: bool
    """A writer named the other one in `related:`."""

    @property
    def on(self) -> date:
        """The day of the repeat, in its own timezone."""
        when = began(self.later)
        assert when is not None  # only dated postmortems pair up
        return when.date()


@dataclass(frozen=True)
class _Traits:
    """What pairing looks at, worked out once per postmortem (pairs grow with the square of the archive)."""

    postmortem: Postmortem
    name: str
    services: dict[str, str]
    causes: frozenset[str]

    @classmethod
    def of(cls, postmortem: Postmortem) -> _Traits:
        cause = postmortem.facts.root_cause
        return cls(postmortem, name_of(postmortem), _services(postmortem), cause_words(cause) if cause else frozenset())


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """`similar_causes` on words already found."""
    if not a or not b:
        return False
    shared = a & b
    return len(shared) >= MIN_SHARED and len(shared) >= MIN_OVERLAP * min(len(a), len(b))


def _pair(first: _Traits, second: _Traits) -> Repeat | None:
    earlier, later = first.postmortem, second.postmortem
    services = tuple(second.services[key] for key in second.services if key in first.services)
    linked = first.name in later.facts.related or second.name in earlier.facts.related
    factors = tuple(f for f in later.facts.factors if f in earlier.facts.factors)
    similar = False
    if not (earlier.facts.factors and later.facts.factors):
        similar = _alike(first.causes, second.causes)
    if linked or (services and (factors or similar)):
        return Repeat(earlier, later, services, factors, similar, linked)
    return None


def find_repeats(postmortems: Iterable[Postmortem]) -> list[Repeat]:
    """Every (earlier, later) pair, later outages first, each one's predecessors newest first.

    A pair needs a shared service or a `related:` link, so only such pairs are compared: the rest of the
    square of the archive is never looked at.
    """
    dated = [(when, _Traits.of(p)) for p in postmortems if (when := began(p)) is not None]
    dated.sort(key=lambda item: (item[0], item[1].postmortem.path), reverse=True)
    by_service: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    naming: dict[str, list[int]] = {}
    for index, (_, traits) in enumerate(dated):
        for key in traits.services:
            by_service.setdefault(key, []).append(index)
        by_name.setdefault(traits.name, []).append(index)
        for name in traits.postmortem.facts.related:
            naming.setdefault(name, []).append(index)
    repeats: list[Repeat] = []
    for index, (when, later) in enumerate(dated):
        candidates = {other for key in later.services for other in by_service[key]}
        candidates.update(other for name in later.postmortem.facts.related for other in by_name.get(name, ()))
        candidates.update(naming.get(later.name, ()))
        for other in sorted(candidates):
            other_when, earlier = dated[other]
            if other > index and other_when < when and (repeat := _pair(earlier, later)) is not None:
                repeats.append(repeat)
    return repeats


def related_problems(postmortems: Iterable[Postmortem]) -> list[Problem]:
    """A `related:` name that is no postmortem's file name, or the postmortem itself."""
    everyone = list(postmortems)
    names = {name_of(p) for p in everyone}
    problems: list[Problem] = []
    for postmortem in everyone:
        line = postmortem.field_lines.get("related", 1)
        for name in postmortem.facts.related:
            if name == name_of(postmortem):
                problems.append(
                    Problem(postmortem.path, line, f"related {name!r} is this postmortem itself", "remove it")
                )
            elif name not in names:
                close = get_close_matches(name, sorted(names - {name_of(postmortem)}), n=1, cutoff=0.6)
                hint = (
                    f"write {close[0]}"
                    if close
                    else "give a file name from docs/postmortems/ without .md, e.g. 2025-01-09-certificate-expiry"
                )
                problems.append(
                    Problem(postmortem.path, line, f"related {name!r} is not the file name of a postmortem", hint)
                )
    return problems


@dataclass(frozen=True)
class FollowUp:
    """What became of an earlier postmortem's tasks, as seen from its repeat."""

    total: int
    open: int
    overdue: int
    """Open and past due today."""
    due_before_repeat: int
    """Open, or done after the repeat, though due before it happened again."""
    done_after: int
    """Done on or after the day of the repeat (`done:YYYY-MM-DD`)."""
    done_before: int
    done_undated: int


def follow_up(repeat: Repeat, today: date) -> FollowUp:
    tasks = repeat.earlier.tasks
    on = repeat.on

    def late(task: Task) -> bool:
        unfinished = not task.done or (task.done_on is not None and task.done_on >= on)
        return unfinished and task.due is not None and task.due < on

    return FollowUp(
        total=len(tasks),
        open=sum(1 for t in tasks if not t.done),
        overdue=sum(1 for t in tasks if not t.done and t.due is not None and t.due < today),
        due_before_repeat=sum(1 for t in tasks if late(t)),
        done_after=sum(1 for t in tasks if t.done and t.done_on is not None and t.done_on >= on),
        done_before=sum(1 for t in tasks if t.done and t.done_on is not None and t.done_on < on),
        done_undated=sum(1 for t in tasks if t.done and t.done_on is None),
    )


def by_later(repeats: Iterable[Repeat]) -> Mapping[str, list[Repeat]]:
    """Repeats keyed by the later postmortem's path (its "This failed before" panel)."""
    found: dict[str, list[Repeat]] = {}
    for repeat in repeats:
        found.setdefault(repeat.later.path, []).append(repeat)
    return found


def by_earlier(repeats: Iterable[Repeat]) -> Mapping[str, list[Repeat]]:
    """Repeats keyed by the earlier postmortem's path (its "It happened again" panel), oldest repeat first."""
    found: dict[str, list[Repeat]] = {}
    for repeat in sorted(repeats, key=lambda r: (r.on, r.later.path)):
        found.setdefault(repeat.earlier.path, []).append(repeat)
    return found
