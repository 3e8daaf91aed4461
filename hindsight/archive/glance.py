"""This quarter at a glance, for the home page: what an executive asks first.

Postmortems by severity, the median time to detect and to resolve against the
previous quarter, and how many promised tasks are open and overdue. `today`
is passed in, so the numbers are a pure function of the archive and a date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from hindsight.archive.actions import is_overdue
from hindsight.archive.published import published
from hindsight.archive.stats import DurationStats, Quarter, incident_quarter
from hindsight.config import Config
from hindsight.model import Postmortem
from hindsight.page.components import badge_html
from hindsight.reading.times import format_duration
from hindsight.templating import block


@dataclass(frozen=True)
class LevelCount:
    key: str
    count: int
    badge: Markup


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    total: int
    levels: tuple[LevelCount, ...]  # configured levels with at least one postmortem, in scale order
    detect: timedelta | None  # median
    resolve: timedelta | None  # median


@dataclass(frozen=True)
class Change:
    """A median against the previous quarter's, in words: `down from 25m`."""

    now: str
    before: str | None
    direction: str  # "down", "up", "same" or "" when either is unknown

    @classmethod
    def of(cls, now: timedelta | None, before: timedelta | None) -> Change:
        text = format_duration(now) if now is not None else "–"
        if now is None or before is None:
            return cls(text, format_duration(before) if before is not None else None, "")
        direction = "down" if now < before else "up" if now > before else "same"
        return cls(text, format_duration(before), direction)


@dataclass(frozen=True)
class Glance:
    current: QuarterFigures
    previous: QuarterFigures
    detect: Change
    resolve: Change
    open_tasks: int
    overdue_tasks: int


def previous_quarter(quarter: Quarter) -> Quarter:
    return Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(quarter.year, quarter.number - 1)


def _figures(postmortems: list[Postmortem], quarter: Quarter, config: Config) -> QuarterFigures:
    inside = [p for p in postmortems if incident_quarter(p) == quarter]
    levels = []
    for level in config.severities:
        count = sum(1 for p in inside if (p.facts.severity or "").lower() == level.key.lower())
        if count:
            levels.append(LevelCount(level.key, count, badge_html(level.key, config)))
    return QuarterFigures(
        quarter,
        len(inside),
        tuple(levels),
        DurationStats.of(p.time_to_detect for p in inside).median,
        DurationStats.of(p.time_to_resolve for p in inside).median,
    )


def glance(postmortems: Iterable[Postmortem], config: Config, today: date) -> Glance:
    counted = published(postmortems)
    quarter = Quarter.of(today)
    current = _figures(counted, quarter, config)
    previous = _figures(counted, previous_quarter(quarter), config)
    tasks = [task for p in counted for task in p.tasks if not task.done]
    return Glance(
        current,
        previous,
        Change.of(current.detect, previous.detect),
        Change.of(current.resolve, previous.resolve),
        len(tasks),
        sum(1 for task in tasks if is_overdue(task, today)),
    )


def glance_html(view: Glance, stats_url: str, actions_url: str) -> Markup:
    return block("glance.html", glance=view, stats_url=stats_url, actions_url=actions_url)
