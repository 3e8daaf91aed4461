"""Contributing factors and repeats per quarter, for the stats page."""

from __future__ import annotations

from datetime import UTC, datetime

from hindsight.archive.repeats import find_repeats
from hindsight.archive.trends import trends, trends_html
from hindsight.config import DEFAULT
from hindsight.model import Facts, Postmortem


def pm(name: str, day: str, factors: list[str], services: list[str] | None = None) -> Postmortem:
    start = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    facts = Facts(title=name, start=start, date=start.date(), services=services or ["api"], factors=factors)
    return Postmortem(f"docs/postmortems/{name}.md", facts, {})


def test_factors_and_repeats_are_counted_per_quarter_with_empty_quarters() -> None:
    first = pm("first", "2025-01-09", ["expired-secret", "monitoring-gap"])
    other = pm("other", "2025-02-01", ["deploy"], ["checkout"])
    again = pm("again", "2025-10-14", ["expired-secret"])
    draft = pm("draft", "2025-10-20", ["hardware"])
    draft.facts.draft = True
    everyone = [first, other, again, draft]
    view = trends(everyone, find_repeats([first, other, again]), DEFAULT)
    assert [f.key for f in view.factors] == ["deploy", "expired-secret", "monitoring-gap"]
    assert [(row.quarter.label, row.factors, row.repeats) for row in view.rows] == [
        ("2025 Q1", (1, 1, 1), 0),
        ("2025 Q2", (0, 0, 0), 0),
        ("2025 Q3", (0, 0, 0), 0),
        ("2025 Q4", (0, 1, 0), 1),
    ]
    assert view.repeats == 1
    html = trends_html(view)
    assert '<th scope="col" title="A certificate, key or token that ran out">Expired certificate or secret</th>' in html
    assert '<tr><th scope="row">2025 Q4</th><td>0</td><td>1</td><td>0</td><td>1</td></tr>' in html
    assert "<strong>1</strong> outage repeated an earlier one" in html


def test_nothing_published_yet() -> None:
    assert "No published postmortem yet." in trends_html(trends([], [], DEFAULT))
