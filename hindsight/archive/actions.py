"""Every corrective task across postmortems: what is still open, who owns it, what is late.

A postmortem's tasks are its promises; listing them in one place, open and
overdue first, is how the team sees which ones are slipping. `today` is always
passed in, so a build is reproducible and tests need no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from hindsight.archive.published import date_text, published
from hindsight.model import Postmortem, Task
from hindsight.reading.tasks import task_words
from hindsight.templating import template


@dataclass(frozen=True)
class Link:
    """Where a postmortem lives on the site, as the MkDocs glue knows it."""

    url: str
    title: str


@dataclass(frozen=True)
class ActionItem:
    task: Task
    path: str  # the postmortem's path, as in `Postmortem.path`
    link: Link | None  # None when the caller gave no URL for the postmortem
    title: str  # the postmortem's title, for display
    overdue: bool

    @property
    def text(self) -> str:
        """The task without its `@owner` and `due:` tokens, which have their own columns."""
        return task_words(self.task.text) or self.task.text


@dataclass(frozen=True)
class TaskCounts:
    open: int
    done: int

    @property
    def total(self) -> int:
        return self.open + self.done

    def __str__(self) -> str:
        return f"{self.open} open, {self.done} done"


def task_counts(postmortem: Postmortem) -> TaskCounts:
    """Open and done tasks of one postmortem, for its card in the list of posts."""
    done = sum(1 for task in postmortem.tasks if task.done)
    return TaskCounts(len(postmortem.tasks) - done, done)


def is_overdue(task: Task, today: date) -> bool:
    """Open, with a due date before `today`; a done task is never overdue."""
    return not task.done and task.due is not None and task.due < today


def collect_actions(postmortems: Iterable[Postmortem], links: Mapping[str, Link], today: date) -> list[ActionItem]:
    """Tasks of all published postmortems: open first, then by due date (none last).

    `links` maps `Postmortem.path` to its page (a Postmortem is mutable, so not
    hashable). Ties keep a stable order: postmortem path, then line.
    """
    items: list[ActionItem] = []
    for postmortem in published(postmortems):
        link = links.get(postmortem.path)
        title = link.title if link else (postmortem.facts.title or postmortem.path)
        for task in postmortem.tasks:
            items.append(ActionItem(task, postmortem.path, link, title, is_overdue(task, today)))
    items.sort(
        key=lambda item: (item.task.done, item.task.due is None, item.task.due or date.min, item.path, item.task.line)
    )
    return items


def actions_html(items: list[ActionItem]) -> str:
    """The action items page body: one table, overdue rows marked in words as well as colour."""
    open_items = [item for item in items if not item.task.done]
    overdue = sum(1 for item in open_items if item.overdue)
    return template("actions.html").render(
        items=items, open=len(open_items), done=len(items) - len(open_items), overdue=overdue, day=date_text
    )
