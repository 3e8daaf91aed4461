"""Which postmortems count, and small shared formats.

The derived times (time to detect, mitigate, resolve) are properties of
`Postmortem`, so the page, the stats and the cards agree on one definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from hindsight.model import Postmortem


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def is_published(postmortem: Postmortem) -> bool:
    """The site publishes it: not a draft, and no problem found in reading it (alone or beside the others).

    Anything else is unfinished, so its numbers would skew the stats and its
    page may not exist under `mkdocs build`. Problems found while rendering
    pages do not count: they would make the answer depend on the render order.
    """
    return not postmortem.is_draft and not postmortem.problems


def published(postmortems: Iterable[Postmortem]) -> list[Postmortem]:
    """The postmortems the site publishes (`is_published`), in the order given."""
    return [p for p in postmortems if is_published(p)]


def users_text(share: float | None) -> str | None:
    """`75% of users`, `12.5% of users`: the share as writers gave it, without `.0`."""
    if share is None:
        return None
    return f"{share:g}% of users"


def date_text(day: date) -> str:
    """`5 June 2025`: the site's one date style (the blog's dates use the same pattern, `post_date_format`)."""
    return f"{day.day} {day:%B %Y}"


def incident_day(postmortem: Postmortem) -> date | None:
    """The day the incident started, in its own timezone; the publication date when the start is unknown."""
    facts = postmortem.facts
    return facts.start.date() if facts.start is not None else facts.date
