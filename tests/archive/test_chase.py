"""Task ageing, overdue selection and reminders, always with a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from hindsight import Facts, Postmortem
from hindsight.archive.actions import Link, by_owner, collect_actions, overdue_html, overdue_items
from hindsight.archive.chase import overdue_reminders, overdue_summary, repeat_reminders
from hindsight.archive.repeats import find_repeats
from hindsight.model import Task

TODAY = date(2025, 3, 1)


def make(path: str, published: date, tasks: list[Task], services: list[str] | None = None) -> Postmortem:
    facts = Facts(title=f"Title of {path}", date=published, services=services or [], factors=["deploy"])
    return Postmortem(path=path, facts=facts, meta={}, tasks=tasks)


def task(line: int, due: date | None, done: bool = False, owner: str | None = "ada", text: str = "Do it") -> Task:
    return Task(line, f"{text} @{owner} due:{due}" if owner else text, done, owner, due)


A = make(
    "docs/postmortems/a.md",
    date(2025, 1, 1),
    [
        task(10, date(2025, 2, 1), text="Automate renewal OPS-142"),
        task(11, date(2025, 2, 27)),
        task(12, TODAY),
        task(13, date(2024, 12, 1), done=True),
        task(14, None, owner=None),
    ],
)
B = make("docs/postmortems/b.md", date(2025, 2, 20), [task(5, date(2025, 1, 15), owner="tomas")])


@pytest.mark.parametrize(
    ("published", "today", "age"),
    [
        (date(2025, 3, 1), TODAY, "0 days"),
        (date(2025, 2, 28), TODAY, "1 day"),
        (date(2025, 1, 1), TODAY, "8 weeks"),
        (date(2024, 1, 1), TODAY, "14 months"),
    ],
)
def test_task_age_counts_from_the_postmortem_date(published: date, today: date, age: str) -> None:
    [item] = collect_actions([make("x.md", published, [task(1, None)])], {}, today)
    assert item.age == age
    assert item.age_days == (today - published).days


def test_a_done_task_has_no_age() -> None:
    [item] = collect_actions([make("x.md", date(2025, 1, 1), [task(1, None, done=True)])], {}, TODAY)
    assert item.age_days is None and item.age == "-"


def test_overdue_selection_is_open_and_past_due_longest_first() -> None:
    items = overdue_items(collect_actions([A, B], {}, TODAY))
    assert [(i.path, i.task.line, i.late_days) for i in items] == [
        ("docs/postmortems/b.md", 5, 45),
        ("docs/postmortems/a.md", 10, 28),
        ("docs/postmortems/a.md", 11, 2),
    ]
    assert overdue_items(collect_actions([A, B], {}, date(2025, 1, 15))) == []


def test_groups_by_owner_nobody_last() -> None:
    groups = by_owner(collect_actions([A, B], {}, TODAY))
    assert [(g.id, g.name, g.open, g.overdue) for g in groups] == [
        ("owner-ada", "@ada", 3, 2),
        ("owner-tomas", "@tomas", 1, 1),
        ("owner-nobody", "nobody", 1, 0),
    ]


def test_home_page_list_names_the_top_tasks_with_links() -> None:
    links = {A.path: Link("postmortems/a/", "Title <a>"), B.path: Link("postmortems/b/", "B")}
    html = overdue_html(collect_actions([A, B], links, TODAY), "actions/", "https://t.example/{key}", top=2)
    assert (
        '<summary><strong id="hs-overdue-title">3 tasks overdue</strong>, first: <span class="hs-overdue__first">Do it</span> (@tomas)</summary>'
        in html
    )
    assert "the 2 that matter most" in html
    assert html.count("<li>") == 2
    assert '<a href="actions/#owner-tomas">@tomas</a>' in html
    assert '<a href="postmortems/a/">Title &lt;a&gt;</a>' in html
    assert '<a class="hs-ticket" href="https://t.example/OPS-142">OPS-142</a>' in html
    assert "overdue by 6 weeks" in html
    assert "No task is overdue" in overdue_html([], "actions/")


def test_reminders_and_the_summary_line() -> None:
    assert next(str(p) for p in overdue_reminders([A, B], TODAY)) == (
        "docs/postmortems/b.md:5: task overdue since 2025-01-15 (@tomas): Do it"
        " - finish it and tick it (- [x]), or agree a new due date and write it as due:YYYY-MM-DD"
    )
    assert len(overdue_reminders([A, B], TODAY)) == 3
    assert overdue_summary([A, B], TODAY) == (
        "overdue: 3 open tasks past their due date in 2 postmortems;"
        " longest overdue: docs/postmortems/b.md:5 (@tomas, due 2025-01-15)"
    )
    assert overdue_summary([A, B], date(2025, 1, 1)) is None


def test_repeat_reminders_name_the_repeat() -> None:
    from datetime import UTC, datetime

    earlier = make("docs/postmortems/old.md", date(2025, 1, 1), [task(9, date(2025, 1, 20))], ["auth"])
    later = make("docs/postmortems/new.md", date(2025, 2, 10), [], ["auth"])
    earlier.facts.start = datetime(2025, 1, 1, 8, tzinfo=UTC)
    later.facts.start = datetime(2025, 2, 10, 8, tzinfo=UTC)
    repeats = find_repeats([earlier, later])
    assert [str(p) for p in repeat_reminders(repeats, TODAY)] == [
        "docs/postmortems/old.md:9: it happened again on 2025-02-10 (new) and this task is still open, due 2025-01-20"
        " (@ada): Do it - finish it first: the repeat shows it matters"
    ]
    assert repeat_reminders(repeats, date(2025, 1, 10)) == []
