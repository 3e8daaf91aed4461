from __future__ import annotations

from datetime import date

import pytest

from hindsight import Facts, Postmortem, Problem
from hindsight.archive.actions import Link, TaskCounts, actions_html, collect_actions, is_overdue, task_counts
from hindsight.model import Task
from tests.conftest import VALID, parse

TODAY = date(2025, 3, 1)


def make(
    path: str, tasks: list[Task], draft: bool = False, broken: bool = False, title: str = "An incident"
) -> Postmortem:
    problems = [Problem(path, 1, "broken", "fix it")] if broken else []
    return Postmortem(path=path, facts=Facts(title=title, draft=draft), meta={}, tasks=tasks, problems=problems)


def task(
    line: int, done: bool = False, due: date | None = None, owner: str | None = "ada", text: str | None = None
) -> Task:
    return Task(line, text or f"Task on line {line} @{owner} due:{due}", done, owner, due)


def test_open_first_then_by_due_date_none_last() -> None:
    a = make("a.md", [task(1, due=date(2025, 5, 1)), task(2, done=True, due=date(2025, 1, 1)), task(3)])
    b = make("b.md", [task(1, due=date(2025, 2, 1)), task(2, done=True), task(3, due=date(2025, 5, 1))])
    items = collect_actions([b, a], {}, TODAY)
    assert [(i.path, i.task.line) for i in items] == [
        ("b.md", 1),  # open, due 2025-02-01
        ("a.md", 1),  # open, due 2025-05-01, path breaks the tie
        ("b.md", 3),
        ("a.md", 3),  # open, no due date
        ("a.md", 2),  # done, due
        ("b.md", 2),  # done, no due date
    ]


@pytest.mark.parametrize(
    ("done", "due", "overdue"),
    [
        (False, date(2025, 2, 28), True),
        (False, TODAY, False),  # due today is not late yet
        (False, date(2025, 3, 2), False),
        (False, None, False),
        (True, date(2020, 1, 1), False),  # done is never overdue
    ],
)
def test_overdue(done: bool, due: date | None, overdue: bool) -> None:
    t = task(1, done=done, due=due)
    assert is_overdue(t, TODAY) is overdue
    assert collect_actions([make("a.md", [t])], {}, TODAY)[0].overdue is overdue
    html = actions_html(collect_actions([make("a.md", [t])], {}, TODAY))
    assert ('<mark class="hindsight-overdue">overdue</mark>' in html) is overdue
    assert ("hindsight-task-overdue" in html) is overdue


def test_today_is_a_parameter() -> None:
    postmortems = [make("a.md", [task(1, due=date(2025, 3, 1))])]
    assert [i.overdue for i in collect_actions(postmortems, {}, date(2025, 3, 1))] == [False]
    assert [i.overdue for i in collect_actions(postmortems, {}, date(2025, 3, 2))] == [True]


@pytest.mark.parametrize(("draft", "broken", "count"), [(False, False, 1), (True, False, 0), (False, True, 0)])
def test_only_published_postmortems(draft: bool, broken: bool, count: int) -> None:
    assert len(collect_actions([make("a.md", [task(1)], draft=draft, broken=broken)], {}, TODAY)) == count


def test_linked_to_its_postmortem_and_escaped() -> None:
    evil = Task(7, "<script>alert('x')</script> & rotate keys @lin due:2025-01-02", False, "lin", date(2025, 1, 2))
    linked = make("docs/postmortems/a.md", [evil])
    unlinked = make("docs/postmortems/b.md", [task(1)], title="Unlinked <i>title</i>")
    links = {"docs/postmortems/a.md": Link("../postmortems/a/?x=1&y=2", 'Keys "leaked" <b>')}
    html = actions_html(collect_actions([linked, unlinked], links, TODAY))
    assert '<a href="../postmortems/a/?x=1&amp;y=2">Keys &#34;leaked&#34; &lt;b&gt;</a>' in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; rotate keys</td>" in html
    assert "<script>" not in html and "<i>" not in html
    assert "Unlinked &lt;i&gt;title&lt;/i&gt;</td>" in html  # no URL: title as text, not a dead link
    assert (
        '<td><a href="#owner-lin">@lin</a></td>\n<td><time datetime="2025-01-02">2 January 2025</time> <mark class="hindsight-overdue">overdue</mark></td>'
        in html
    )


@pytest.mark.parametrize(
    ("text", "owner", "shown"),
    [
        ("Add an index @priya due:2024-08-15", "priya", "Add an index"),
        ("Ask @ops.team to add an alert due:2024-08-15", "ops.team", "Ask to add an alert"),
        ("Mail ada@example.com then @ada checks", "ada", "Mail ada@example.com then checks"),
        ("Only text", None, "Only text"),
        ("@ada due:2024-01-01", "ada", "@ada due:2024-01-01"),  # nothing left: keep the original rather than a blank
    ],
)
def test_task_text_without_owner_and_due(text: str, owner: str | None, shown: str) -> None:
    items = collect_actions([make("a.md", [Task(1, text, False, owner, None)])], {}, TODAY)
    assert items[0].text == shown


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        ([], TaskCounts(0, 0)),
        ([task(1), task(2, done=True), task(3)], TaskCounts(2, 1)),
        ([task(1, done=True)], TaskCounts(0, 1)),
    ],
)
def test_task_counts(tasks: list[Task], expected: TaskCounts) -> None:
    counts = task_counts(make("a.md", tasks))
    assert counts == expected
    assert counts.total == len(tasks)
    assert str(counts) == f"{expected.open} open, {expected.done} done"


def test_summary_line_and_empty_state() -> None:
    assert "No action items yet" in actions_html([])
    items = collect_actions([make("a.md", [task(1, due=date(2020, 1, 1)), task(2), task(3, done=True)])], {}, TODAY)
    assert '<p><strong>2</strong> open, <mark class="hindsight-overdue">1 overdue</mark>, 1 done.</p>' in actions_html(
        items
    )


def test_a_parsed_postmortem() -> None:
    items = collect_actions(
        [parse(VALID)], {"docs/postmortems/x.md": Link("postmortems/x/", "Checkout")}, date(2024, 8, 31)
    )
    assert [(i.task.owner, i.task.due, i.overdue) for i in items] == [
        ("marcus", date(2024, 8, 23), True),
        ("ada", date(2024, 8, 30), True),
        ("priya", date(2024, 9, 13), False),
        ("priya", date(2024, 8, 15), False),  # done
    ]
    assert items[0].text == "Update the latency runbook to check database load before any firewall change"
