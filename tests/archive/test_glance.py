from __future__ import annotations

from datetime import date, timedelta

import pytest

from hindsight import DEFAULT
from hindsight.archive.glance import Change, glance, glance_html, previous_quarter
from hindsight.archive.stats import Quarter
from hindsight.model import Postmortem
from tests.conftest import mutate, parse


def incident(
    day: str, severity: str = "SEV1", detected: str = "14:34", end: str = "17:45", draft: bool = False, task: str = ""
) -> Postmortem:
    text = mutate("start: 2024-08-15 14:30 UTC", f"start: {day} 14:30 UTC")
    text = mutate("end: 2024-08-15 17:45 UTC", f"end: {day} {end} UTC", text)
    text = mutate("detected: 2024-08-15 14:34 UTC", f"detected: {day} {detected} UTC", text)
    text = mutate("severity: SEV1", f"severity: {severity}", text)
    if draft:
        text = mutate("tags: [postgres", "draft: true\ntags: [postgres", text)
    if task:
        text = mutate("- [ ] Run EXPLAIN", f"- [ ] {task}\n- [ ] Run EXPLAIN", text)
    return parse(text)


@pytest.mark.parametrize(
    ("quarter", "before"),
    [(Quarter(2026, 4), Quarter(2026, 3)), (Quarter(2026, 1), Quarter(2025, 4))],
)
def test_previous_quarter(quarter: Quarter, before: Quarter) -> None:
    assert previous_quarter(quarter) == before


@pytest.mark.parametrize(
    ("now", "before", "direction"),
    [
        (timedelta(minutes=10), timedelta(minutes=30), "down"),
        (timedelta(minutes=30), timedelta(minutes=10), "up"),
        (timedelta(minutes=10), timedelta(minutes=10), "same"),
        (timedelta(minutes=10), None, ""),
        (None, timedelta(minutes=10), ""),
    ],
)
def test_change_against_the_previous_quarter(now: timedelta | None, before: timedelta | None, direction: str) -> None:
    assert Change.of(now, before).direction == direction


def test_this_quarter_against_the_last_one() -> None:
    today = date(2024, 11, 20)
    postmortems = [
        incident("2024-10-02", "SEV1", detected="14:40", end="15:30"),  # detect 10m, resolve 1h
        incident("2024-11-02", "SEV2", detected="14:50", end="16:30", task="Late @ada due:2024-11-01"),  # 20m, 2h
        incident("2024-11-03", "SEV2", detected="15:30", end="18:30"),  # 1h, 4h
        incident("2024-08-15", "SEV3", detected="15:30", end="20:30"),  # last quarter: 1h, 6h
        incident("2024-11-04", "SEV1", draft=True),  # drafts do not count
    ]
    view = glance(postmortems, DEFAULT, today)
    assert view.current.quarter == Quarter(2024, 4) and view.previous.quarter == Quarter(2024, 3)
    assert view.current.total == 3 and view.previous.total == 1
    assert [(level.key, level.count) for level in view.current.levels] == [("SEV1", 1), ("SEV2", 2)]
    assert (view.detect.now, view.detect.before, view.detect.direction) == ("20m", "1h", "down")
    assert (view.resolve.now, view.resolve.before, view.resolve.direction) == ("2h", "6h", "down")
    # VALID has 3 open tasks, all due by September 2024: four published postmortems, one with an extra task
    assert (view.open_tasks, view.overdue_tasks) == (13, 13)
    early = glance(postmortems, DEFAULT, date(2024, 8, 20))
    assert (early.open_tasks, early.overdue_tasks) == (13, 0)
    html = glance_html(view, "stats/", "actions/")
    for text in ("2024 Q4", "against 2024 Q3", "down from 1h", "13</strong> open", "13 overdue", 'href="stats/"'):
        assert text in html, text


def test_an_empty_quarter_says_so() -> None:
    view = glance([incident("2024-08-15")], DEFAULT, date(2024, 11, 20))
    assert view.current.total == 0 and view.detect.now == "–"
    assert "0</strong>" in glance_html(view, "s/", "a/")
