"""Why outages happen, quarter by quarter: contributing factors and repeats, for the stats page.

A factor that keeps coming back, or a quarter with more repeats than the last,
is where the next corrective task should go. Counts only published postmortems,
like the rest of the stats page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from hindsight.archive.published import published
from hindsight.archive.repeats import Repeat
from hindsight.archive.stats import Quarter, incident_quarter
from hindsight.config import Config, Factor
from hindsight.model import Postmortem
from hindsight.templating import block


@dataclass(frozen=True)
class TrendRow:
    quarter: Quarter
    factors: tuple[int, ...]
    """Postmortems naming each factor of `Trends.factors`, in that order."""
    repeats: int
    """Postmortems of the quarter that repeat an earlier outage."""


@dataclass(frozen=True)
class Trends:
    factors: tuple[Factor, ...]
    """Configured factors that some published postmortem names, in the configured order."""
    rows: tuple[TrendRow, ...]
    """Every quarter from the first to the last, empty ones included."""
    repeats: int


def trends(postmortems: Iterable[Postmortem], repeats: Sequence[Repeat], config: Config) -> Trends:
    counted = published(postmortems)
    named = {key for p in counted for key in p.facts.factors}
    factors = tuple(f for f in config.factors if f.key in named)
    repeating = {r.later.path for r in repeats}
    by_quarter: dict[Quarter, tuple[list[int], list[int]]] = {}
    for postmortem in counted:
        quarter = incident_quarter(postmortem)
        if quarter is None:
            continue
        counts, again = by_quarter.setdefault(quarter, ([0] * len(factors), [0]))
        for index, factor in enumerate(factors):
            counts[index] += factor.key in postmortem.facts.factors
        again[0] += postmortem.path in repeating
    rows: list[TrendRow] = []
    if by_quarter:
        quarter, last = min(by_quarter), max(by_quarter)
        while quarter <= last:
            counts, again = by_quarter.get(quarter, ([0] * len(factors), [0]))
            rows.append(TrendRow(quarter, tuple(counts), again[0]))
            quarter = quarter.next()
    return Trends(factors, tuple(rows), sum(row.repeats for row in rows))


def trends_html(view: Trends) -> Markup:
    return block("trends.html", view=view)
