"""Times derived from a postmortem's facts, and which postmortems count.

Kept apart from the model so stats, cards and the MkDocs glue agree on one
definition of "time to detect" and of a published postmortem.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from .model import Facts, Postmortem


def time_to_detect(facts: Facts) -> timedelta | None:
    """`detected - start`; None when either is missing (detected is optional)."""
    if facts.detected is None or facts.start is None:
        return None
    return facts.detected - facts.start


def time_to_resolve(facts: Facts) -> timedelta | None:
    """`end - start`: the incident's whole length."""
    return facts.duration


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def published(postmortems: Iterable[Postmortem]) -> list[Postmortem]:
    """Postmortems the site publishes: not drafts, and with no problems.

    Anything else is unfinished, so its numbers would skew the stats and its
    page may not exist under `mkdocs build`.
    """
    return [p for p in postmortems if not p.is_draft and not p.problems]


def users_text(share: float | None) -> str | None:
    """`75% of users`, `12.5% of users`: the share as writers gave it, without `.0`."""
    if share is None:
        return None
    return f"{share:g}% of users"
