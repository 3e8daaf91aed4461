from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from hindsight import DEFAULT, Facts, Postmortem, Problem, load_config
from hindsight.archive.published import published
from hindsight.archive.stats import Quarter, chart, compute_stats, percentile, stats_html
from tests.conftest import VALID, parse

T0 = datetime(2025, 2, 10, 9, 0, tzinfo=UTC)


def make(
    severity: str = "SEV2",
    start: datetime = T0,
    resolve: int = 60,
    detect: int | None = 10,
    services: tuple[str, ...] = ("api",),
    draft: bool = False,
    broken: bool = False,
    path: str = "docs/postmortems/p.md",
) -> Postmortem:
    facts = Facts(
        title="An incident",
        date=start.date(),
        severity=severity,
        start=start,
        end=start + timedelta(minutes=resolve),
        detected=None if detect is None else start + timedelta(minutes=detect),
        services=list(services),
        draft=draft,
    )
    problems = [Problem(path, 1, "broken", "fix it")] if broken else []
    return Postmortem(path=path, facts=facts, meta={}, problems=problems)


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([15, 20, 35, 40, 50], 5, 15),
        ([15, 20, 35, 40, 50], 30, 20),
        ([15, 20, 35, 40, 50], 40, 20),
        ([15, 20, 35, 40, 50], 50, 35),
        ([15, 20, 35, 40, 50], 100, 50),
        ([50, 15, 40, 20, 35], 50, 35),  # unsorted input
        (list(range(1, 11)), 50, 5),
        (list(range(1, 11)), 70, 7),  # 0.7 * 10 is 7.000000000000001 in floats: the rank must still be 7
        (list(range(1, 11)), 90, 9),
        (list(range(1, 21)), 90, 18),
        ([1, 2], 50, 1),  # nearest-rank median of an even count is the lower middle value
        ([7], 90, 7),
    ],
)
def test_percentile_nearest_rank(values: list[float], percent: int, expected: float) -> None:
    assert percentile(values, percent) == expected


@pytest.mark.parametrize(("values", "percent"), [([], 50), ([1.0], 0), ([1.0], 101)])
def test_percentile_refuses(values: list[float], percent: int) -> None:
    with pytest.raises(ValueError):
        percentile(values, percent)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 1, 1), "2025 Q1"),
        (date(2025, 3, 31), "2025 Q1"),
        (date(2025, 4, 1), "2025 Q2"),
        (date(2024, 9, 30), "2024 Q3"),
        (date(2024, 12, 31), "2024 Q4"),
    ],
)
def test_quarter_label(day: date, label: str) -> None:
    assert Quarter.of(day).label == label


def test_quarter_is_the_incident_start_in_its_own_timezone() -> None:
    # 2025-03-31 23:30 in New York is already April in UTC; the writer's quarter is Q1.
    start = datetime(2025, 3, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    stats = compute_stats([make(start=start)], DEFAULT)
    assert [row.quarter.label for row in stats.quarters] == ["2025 Q1"]


def test_counts_by_severity_per_quarter_with_empty_quarters_between() -> None:
    postmortems = [
        make("SEV1", datetime(2024, 11, 2, tzinfo=UTC)),
        make("SEV2", datetime(2024, 12, 2, tzinfo=UTC)),
        make("SEV2", datetime(2024, 10, 5, tzinfo=UTC)),
        make("SEV4", datetime(2025, 5, 1, tzinfo=UTC)),
    ]
    stats = compute_stats(postmortems, DEFAULT)
    assert stats.total == 4
    assert [s.key for s in stats.severities] == ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]
    assert [(row.quarter.label, row.counts, row.total) for row in stats.quarters] == [
        ("2024 Q4", (1, 2, 0, 0, 0), 3),
        ("2025 Q1", (0, 0, 0, 0, 0), 0),
        ("2025 Q2", (0, 0, 0, 1, 0), 1),
    ]


@pytest.mark.parametrize(
    ("draft", "broken", "counted"), [(False, False, 1), (True, False, 0), (False, True, 0), (True, True, 0)]
)
def test_only_published_postmortems_count(draft: bool, broken: bool, counted: int) -> None:
    stats = compute_stats([make(draft=draft, broken=broken)], DEFAULT)
    assert stats.total == counted
    assert stats.resolve.count == counted
    assert len(stats.services) == counted
    assert len(published([make(draft=draft, broken=broken)])) == counted


def test_detect_and_resolve_medians_and_p90_in_minutes() -> None:
    resolves = [30, 60, 90, 120, 150, 180, 210, 240, 270, 600]
    detects = [5, None, 15, 20, None, 2, 8, 1, 30, 60]
    stats = compute_stats([make(resolve=r, detect=d) for r, d in zip(resolves, detects, strict=True)], DEFAULT)
    assert (stats.resolve.count, stats.resolve.median_minutes, stats.resolve.p90_minutes) == (10, 150, 270)
    assert stats.resolve.median == timedelta(hours=2, minutes=30)
    # detected is optional: the two without it are skipped, not counted as zero
    assert (stats.detect.count, stats.detect.median_minutes, stats.detect.p90_minutes) == (8, 8, 60)


@pytest.mark.parametrize(
    ("detect", "resolve", "expected"),
    [(4, 195, (timedelta(minutes=4), timedelta(minutes=195))), (None, 30, (None, timedelta(minutes=30)))],
)
def test_derived_times(detect: int | None, resolve: int, expected: tuple[timedelta | None, timedelta]) -> None:
    postmortem = make(detect=detect, resolve=resolve)
    assert (postmortem.time_to_detect, postmortem.time_to_resolve) == expected


def test_services_ranked_case_insensitively_and_once_per_postmortem() -> None:
    postmortems = [
        make(services=("Checkout", "checkout", "db")),
        make(services=("checkout", "Search")),
        make(services=("search", "db")),
        make(services=("auth",)),
    ]
    stats = compute_stats(postmortems, DEFAULT)
    assert [(s.name, s.count) for s in stats.services] == [("Checkout", 2), ("db", 2), ("Search", 2), ("auth", 1)]


def test_services_top_ten() -> None:
    postmortems = [make(services=tuple(f"svc{j:02d}" for j in range(i + 1))) for i in range(12)]
    services = compute_stats(postmortems, DEFAULT).services
    assert len(services) == 10
    assert [s.name for s in services[:3]] == ["svc00", "svc01", "svc02"]
    assert services[0].count == 12 and services[-1].count == 3


def test_unknown_severity_gets_its_own_column() -> None:
    stats = compute_stats([make("SEV9")], DEFAULT)
    assert stats.severities[-1].key == "SEV9"
    assert stats.quarters[0].counts[-1] == 1


def test_empty_input_renders_friendly_state() -> None:
    html = stats_html(compute_stats([], DEFAULT))
    assert "No postmortems yet" in html
    assert "<svg" not in html and "<table" not in html


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg xmlns=.*?</svg>", html, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(0))  # well-formed XML, or this raises


NS = "{http://www.w3.org/2000/svg}"


def test_chart_is_accessible_svg_with_tooltips_numbers_and_colours() -> None:
    config = load_config(
        {
            "severities": [
                {"key": "P1", "label": "Page", "colour": "#123456", "meaning": "m"},
                {"key": "P2", "label": "Ticket", "colour": "#fedcba", "meaning": "m"},
            ]
        }
    )
    postmortems = [make("P1"), make("P1"), make("P2"), make("P2", datetime(2025, 7, 1, tzinfo=UTC))]
    html = stats_html(compute_stats(postmortems, config))
    svg = _svg(html)
    assert svg.get("role") == "img"
    assert "2025 Q1 to 2025 Q3" in (svg.get("aria-label") or "")
    bars = svg.findall(f"{NS}g")
    assert len(bars) == 3  # Q1, the empty Q2, Q3
    titles = [bar.findtext(f"{NS}title") for bar in bars]
    assert titles == [
        "2025 Q1: 3 postmortems (P1 · Page: 2, P2 · Ticket: 1)",
        "2025 Q2: 0 postmortems",
        "2025 Q3: 1 postmortem (P2 · Ticket: 1)",
    ]
    fills = [rect.get("fill") for rect in bars[0].findall(f"{NS}rect")]
    assert fills == ["#123456", "#fedcba"]  # stacked in the configured order
    numbers = [t.text for t in bars[0].findall(f"{NS}text")]
    assert numbers == ["2", "1", "3", "2025 Q1"]  # segment counts, total, label
    inks = [t.get("fill") for t in bars[0].findall(f"{NS}text")[:2]]
    assert inks == ["#ffffff", "#000000"]  # readable on a dark and on a light colour
    assert "<caption>Postmortems per quarter by severity</caption>" in html
    assert '<tr><th scope="row">2025 Q1</th><td>2</td><td>1</td><td><strong>3</strong></td></tr>' in html


def test_bar_heights_are_proportional() -> None:
    stats = compute_stats(
        [make("SEV1"), make("SEV1"), make("SEV3"), make("SEV1", datetime(2025, 4, 2, tzinfo=UTC))], DEFAULT
    )
    bars = chart(stats).bars
    first, second = (sum(s.height for s in bar.segments) for bar in bars)
    assert first == pytest.approx(3 * second)
    assert bars[0].segments[0].height == pytest.approx(2 * bars[0].segments[1].height)


def test_durations_use_format_duration_and_text_is_escaped() -> None:
    html = stats_html(compute_stats([make(resolve=195, detect=4, services=("<b>db</b> & co",))], DEFAULT))
    assert '<th scope="row">Time to resolve</th><td>3h 15m</td><td>3h 15m</td><td>1</td>' in html
    assert '<th scope="row">Time to detect</th><td>4m</td>' in html
    assert "&lt;b&gt;db&lt;/b&gt; &amp; co" in html and "<b>db</b>" not in html


def test_a_parsed_postmortem() -> None:
    stats = compute_stats([parse(VALID)], DEFAULT)
    assert (
        stats.total,
        stats.quarters[0].quarter.label,
        stats.detect.median_minutes,
        stats.resolve.median_minutes,
    ) == (1, "2024 Q3", 4, 195)
