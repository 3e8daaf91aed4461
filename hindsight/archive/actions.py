"""Every corrective task across postmortems: what is still open, who owns it, what is late.

A postmortem's tasks are its promises; listing them in one place, open and
overdue first, is how the team sees which ones are slipping. `today` is always
passed in, so a build is reproducible and tests need no clock.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from hindsight.archive.published import date_text, published
from hindsight.model import Postmortem, Task
from hindsight.page.tickets import tickets_html
from hindsight.reading.tasks import task_words
from hindsight.templating import block, template


def _days(days: int) -> str:
    """`3 days`, `5 weeks`, `14 months`: an age at a glance."""
    if days < 14:
        return f"{days} day{'' if days == 1 else 's'}"
    if days < 61:
        return f"{days // 7} weeks"
    return f"{round(days / 30.44)} months"


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
    age_days: int | None = None
    """Days since the postmortem was published (when the task was promised), for an open task."""
    late_days: int | None = None
    """Days past its due date, for an overdue task."""

    @property
    def age(self) -> str:
        return _days(self.age_days) if self.age_days is not None else "-"

    @property
    def late(self) -> str:
        return _days(self.late_days) if self.late_days is not None else ""

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
        opened = postmortem.facts.date
        for task in postmortem.tasks:
            overdue = is_overdue(task, today)
            age = (today - opened).days if opened is not None and not task.done and opened <= today else None
            late = (today - task.due).days if overdue and task.due is not None else None
            items.append(ActionItem(task, postmortem.path, link, title, overdue, age, late))
    items.sort(
        key=lambda item: (item.task.done, item.task.due is None, item.task.due or date.min, item.path, item.task.line)
    )
    return items


def overdue_items(items: Iterable[ActionItem]) -> list[ActionItem]:
    """Open tasks past their due date, longest overdue first (then postmortem path and line)."""
    late = [item for item in items if item.overdue]
    late.sort(key=lambda item: (-(item.late_days or 0), item.path, item.task.line))
    return late


def owner_anchor(owner: str | None) -> str:
    """The id of an owner's group on the action items page: `owner-ada`, `owner-nobody`."""
    slug = re.sub(r"[^a-z0-9]+", "-", (owner or "nobody").lower()).strip("-") or "x"
    return f"owner-{slug}"


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    link: Link | None
    items: tuple[ActionItem, ...]

    @property
    def open(self) -> int:
        return sum(1 for item in self.items if not item.task.done)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


def by_owner(items: Iterable[ActionItem]) -> list[Group]:
    """Open tasks per owner (A to Z, nobody last), in the page's order."""
    owners: dict[str, list[ActionItem]] = {}
    for item in items:
        if not item.task.done:
            owners.setdefault(item.task.owner or "", []).append(item)
    names = sorted(owners, key=lambda name: (name == "", name.lower()))
    return [
        Group(owner_anchor(name or None), f"@{name}" if name else "nobody", None, tuple(owners[name])) for name in names
    ]


def by_postmortem(items: Iterable[ActionItem]) -> list[Group]:
    """Every task per postmortem, the one with most overdue first, then most open."""
    found: dict[str, list[ActionItem]] = {}
    for item in items:
        found.setdefault(item.path, []).append(item)
    groups = [
        Group(f"postmortem-{index}", group[0].title, group[0].link, tuple(group))
        for index, group in enumerate(found.values(), 1)
    ]
    groups.sort(key=lambda g: (-g.overdue, -g.open, g.items[0].path))
    return groups


def actions_html(items: list[ActionItem], tickets: str | None = None) -> str:
    """The action items page: one table (overdue marked in words as well as colour), then by owner and postmortem."""
    open_items = [item for item in items if not item.task.done]
    overdue = sum(1 for item in open_items if item.overdue)
    return template("actions.html").render(
        items=items,
        open=len(open_items),
        done=len(items) - len(open_items),
        overdue=overdue,
        day=date_text,
        owners=by_owner(items),
        postmortems=by_postmortem(items),
        owner_anchor=owner_anchor,
        task_html=lambda item: tickets_html(item.text, tickets),
    )


def overdue_html(
    items: list[ActionItem],
    actions_url: str,
    tickets: str | None = None,
    top: int = 5,
    repeated: Collection[str] = (),
) -> Markup:
    """The home page's reminder: how many tasks are overdue, and the longest overdue by name.

    Tasks of postmortems in `repeated` (paths of outages that happened again)
    come first: that their fix is late is what the team most needs to see.
    """
    late = overdue_items(items)
    late.sort(key=lambda item: item.path not in repeated)
    return block(
        "overdue.html",
        count=len(late),
        postmortems=len({item.path for item in late}),
        top=late[:top],
        actions_url=actions_url,
        owner_anchor=owner_anchor,
        task_html=lambda item: tickets_html(item.text, tickets),
        repeated=repeated,
    )
