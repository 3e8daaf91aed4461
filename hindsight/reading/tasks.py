"""Tasks of the corrective section: `- [ ]` items, or any list item under a Tasks line."""

from __future__ import annotations

import re
from datetime import date

from hindsight.model import Problem, Task

_TASK = re.compile(r"^\[(?P<mark>[ xX])\]\s+(?P<text>.*)$", re.DOTALL)
_OWNER = re.compile(r"(?<![\w`])@(?P<owner>[A-Za-z0-9][\w.\-]*)")
_DUE = re.compile(r"\bdue:(?P<due>\S+)")
_DONE = re.compile(r"\bdone:(?P<done>\S+)")


def task_words(text: str) -> str:
    """A task's words without its `@owner` and `due:` tokens (the action items show those in columns of their own)."""
    return " ".join(_OWNER.sub("", _DUE.sub("", text), count=1).split())


def checkbox(content: str) -> re.Match[str] | None:
    """`[ ] text` or `[x] text`: a task list item."""
    return _TASK.match(content)


def read_task(path: str, line: int, text: str, done: bool, problems: list[Problem]) -> Task:
    """A task with its owner (`@name`), due date (`due:YYYY-MM-DD`) and done date (`done:YYYY-MM-DD`).

    Bad dates and empty tasks are problems.
    """
    text = " ".join(text.split())
    owner = _OWNER.search(text)
    due_match = _DUE.search(text)
    due: date | None = None
    if due_match:
        try:
            due = date.fromisoformat(due_match["due"])
        except ValueError:
            problems.append(
                Problem(
                    path,
                    line,
                    f"task due date {due_match['due']!r} is not a date",
                    "write due:YYYY-MM-DD, e.g. due:2024-09-01",
                )
            )
    done_match = _DONE.search(text)
    done_on: date | None = None
    if done_match:
        try:
            done_on = date.fromisoformat(done_match["done"])
        except ValueError:
            problems.append(
                Problem(
                    path,
                    line,
                    f"task done date {done_match['done']!r} is not a date",
                    "write done:YYYY-MM-DD, e.g. done:2024-09-03",
                )
            )
    if not _DONE.sub("", _DUE.sub("", _OWNER.sub("", text))).strip():
        problems.append(
            Problem(
                path, line, "task has no text", "say what will be done, e.g. - [ ] Add an index on orders(customer_id)"
            )
        )
    return Task(line, text, done, owner["owner"] if owner else None, due, done_on)
