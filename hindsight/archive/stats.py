"""Numbers across all published postmortems, and the stats page that shows them.

Only published postmortems count (see `metrics.published`): a draft or a
postmortem with problems has facts nobody has checked yet. The chart is drawn
here as inline SVG at build time, so the page needs no JavaScript and reads the
same in a feed reader or a printout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hindsight.archive.published import minutes, published
from hindsight.colour import ink
from hindsight.config import Config, Severity
from hindsight.limits import MAX_QUARTERS
from hindsight.model import Postmortem
from hindsight.reading.times import format_duration
from hindsight.templating import template

TOP_SERVICES = 10
UNKNOWN_COLOUR = "#9e9e9e"


def percentile(values: Sequence[float], percent: int) -> float:
    """Nearest-rank percentile: the smallest value with at least `percent`% of values at or below it.

    Always one of the observed values, never an interpolation, so a "p90 of
    2h 5m" is a time some incident really took. `percent` is 1 to 100; the
    median is `percentile(values, 50)` (the lower middle value for an even count).
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 1 <= percent <= 100:
        raise ValueError(f"percent must be between 1 and 100, not {percent}")
    ordered = sorted(values)
    rank = -(-percent * len(ordered) // 100)  # ceil in integers: no float rounding at exact ranks
    return ordered[rank - 1]


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)


def incident_quarter(postmortem: Postmortem) -> Quarter | None:
    """The quarter the incident started in (its own timezone), else the publication date's."""
    facts = postmortem.facts
    day = facts.start.date() if facts.start is not None else facts.date
    return Quarter.of(day) if day is not None else None


@dataclass(frozen=True)
class QuarterRow:
    quarter: Quarter
    counts: tuple[int, ...]  # one per `Stats.severities`, in that order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class DurationStats:
    """Median and p90 (nearest-rank) in minutes over `count` postmortems."""

    count: int
    median_minutes: float | None
    p90_minutes: float | None

    @classmethod
    def of(cls, deltas: Iterable[timedelta | None]) -> DurationStats:
        values = [minutes(d) for d in deltas if d is not None]
        if not values:
            return cls(0, None, None)
        return cls(len(values), percentile(values, 50), percentile(values, 90))

    @property
    def median(self) -> timedelta | None:
        return None if self.median_minutes is None else timedelta(minutes=self.median_minutes)

    @property
    def p90(self) -> timedelta | None:
        return None if self.p90_minutes is None else timedelta(minutes=self.p90_minutes)


@dataclass(frozen=True)
class ServiceCount:
    name: str
    count: int


@dataclass(frozen=True)
class Stats:
    total: int
    severities: tuple[Severity, ...]  # the configured scale, then any unknown keys seen
    quarters: tuple[QuarterRow, ...]  # every quarter from the first to the last, empty ones included
    detect: DurationStats
    resolve: DurationStats
    services: tuple[ServiceCount, ...]  # most affected first, at most TOP_SERVICES


def compute_stats(postmortems: Iterable[Postmortem], config: Config, top: int = TOP_SERVICES) -> Stats:
    """Counts by severity per quarter, detect and resolve times, and the most affected services."""
    counted = published(postmortems)
    severities = list(config.severities)
    known = {level.key.lower() for level in severities}
    for postmortem in counted:
        key = postmortem.facts.severity
        if key is not None and key.lower() not in known:
            known.add(key.lower())
            severities.append(Severity(key, key, UNKNOWN_COLOUR, ""))
    column = {level.key.lower(): index for index, level in enumerate(severities)}

    by_quarter: dict[Quarter, list[int]] = {}
    for postmortem in counted:
        quarter, key = incident_quarter(postmortem), postmortem.facts.severity
        if quarter is None or key is None:
            continue
        by_quarter.setdefault(quarter, [0] * len(severities))[column[key.lower()]] += 1
    rows: list[QuarterRow] = []
    if by_quarter:
        quarter, last = min(by_quarter), max(by_quarter)
        while quarter <= last:
            rows.append(QuarterRow(quarter, tuple(by_quarter.get(quarter, [0] * len(severities)))))
            quarter = quarter.next()
        rows = rows[-MAX_QUARTERS:]  # one far-off date cannot fill the page with empty quarters

    return Stats(
        total=len(counted),
        severities=tuple(severities),
        quarters=tuple(rows),
        detect=DurationStats.of(p.time_to_detect for p in counted),
        resolve=DurationStats.of(p.time_to_resolve for p in counted),
        services=_services(counted, top),
    )


def _services(postmortems: Sequence[Postmortem], top: int) -> tuple[ServiceCount, ...]:
    """Postmortems per service, case-insensitively, shown as first spelled; ties by name."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for postmortem in postmortems:
        seen = set()
        for service in postmortem.facts.services:
            name = " ".join(service.split())
            key = name.casefold()
            if not key or key in seen:
                continue
            seen.add(key)
            names.setdefault(key, name)
            counts[key] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(ServiceCount(names[key], count) for key, count in ranked[:top])


# The chart: geometry is computed here so the template only places elements.

PLOT_HEIGHT = 200
TOP_PAD = 28  # room for the totals above the bars
BOTTOM_PAD = 32  # room for the quarter labels
LEFT_PAD = 40  # room for the axis numbers
RIGHT_PAD = 12
SLOT = 64
BAR = 40
MIN_NUMBER_HEIGHT = 16  # a segment shorter than this has no room for its number


@dataclass(frozen=True)
class Segment:
    count: int
    colour: str
    ink: str
    x: float
    y: float
    width: float
    height: float
    title: str
    show_number: bool

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    x: float
    width: float
    top: float
    title: str
    segments: tuple[Segment, ...]

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    baseline: int
    summary: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def _step(highest: int) -> int:
    """An axis step of 1, 2 or 5 times a power of ten, giving at most five gridlines."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if highest <= 5 * factor * power:
                return factor * power
        power *= 10


def _count_text(count: int) -> str:
    return f"{count} postmortem{'' if count == 1 else 's'}"


def chart(stats: Stats) -> Chart:
    """A stacked bar per quarter, severities bottom-up in the configured order."""
    highest = max((row.total for row in stats.quarters), default=0)
    step = _step(max(highest, 1))
    axis_top = max(step, -(-highest // step) * step)
    scale = PLOT_HEIGHT / axis_top
    baseline = TOP_PAD + PLOT_HEIGHT
    width = LEFT_PAD + SLOT * len(stats.quarters) + RIGHT_PAD
    bars: list[Bar] = []
    for index, row in enumerate(stats.quarters):
        x = LEFT_PAD + index * SLOT + (SLOT - BAR) / 2
        y = float(baseline)
        segments: list[Segment] = []
        parts: list[str] = []
        for level, count in zip(stats.severities, row.counts, strict=True):
            if not count:
                continue
            height = count * scale
            y -= height
            name = level.text
            parts.append(f"{name}: {count}")
            segments.append(
                Segment(
                    count,
                    level.colour,
                    ink(level.colour),
                    x,
                    y,
                    BAR,
                    height,
                    f"{row.quarter.label}, {name}: {_count_text(count)}",
                    height >= MIN_NUMBER_HEIGHT,
                )
            )
        title = f"{row.quarter.label}: {_count_text(row.total)}" + (f" ({', '.join(parts)})" if parts else "")
        bars.append(Bar(row.quarter.label, row.total, x, BAR, y, title, tuple(segments)))
    ticks = tuple(Tick(value, baseline - value * scale) for value in range(0, axis_top + 1, step))
    return Chart(
        width, baseline + BOTTOM_PAD, LEFT_PAD, width - RIGHT_PAD, baseline, _summary(stats), tuple(bars), ticks
    )


def _summary(stats: Stats) -> str:
    """The chart in one sentence, for screen readers; the table below has every number."""
    if not stats.quarters:
        return "No postmortems to chart yet."
    first, last = stats.quarters[0].quarter.label, stats.quarters[-1].quarter.label
    busiest = max(stats.quarters, key=lambda row: (row.total, -row.quarter.year, -row.quarter.number))
    span = first if first == last else f"{first} to {last}"
    return (
        f"Stacked bar chart of {_count_text(sum(row.total for row in stats.quarters))} "
        f"per quarter by severity, {span}. "
        f"Busiest quarter: {busiest.quarter.label} with {busiest.total}. Every number is in the table below."
    )


def _duration(value: timedelta | None) -> str:
    return "-" if value is None else format_duration(value)


def _number(value: float) -> str:
    """SVG coordinates to a tenth of a pixel, without trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def stats_html(stats: Stats) -> str:
    """The stats page body: chart, its data table, detect and resolve times, services."""
    return template("stats.html").render(stats=stats, chart=chart(stats), duration=_duration, n=_number)
