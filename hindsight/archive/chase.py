"""Reminders for promises not kept: open tasks past their due date, and repeats whose earlier fix is late.

These are not problems of a postmortem (it is written fine; the work is late),
so they never stop a postmortem from publishing. They are lines in the same
`path:line: what - how` shape, at the task's own line; the glue logs them as
warnings or errors as `extra.postmortem.chase` says, and `check` prints one
summary line. `today` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hindsight.archive.actions import collect_actions, overdue_items
from hindsight.archive.repeats import Repeat, name_of
from hindsight.model import Postmortem, Problem

_FINISH = "finish it and tick it (- [x]), or agree a new due date and write it as due:YYYY-MM-DD"


def _owner(owner: str | None) -> str:
    return f"@{owner}" if owner else "no owner"


def overdue_reminders(postmortems: Iterable[Postmortem], today: date) -> list[Problem]:
    """One line per open task past its due date, in published postmortems, longest overdue first."""
    lines = []
    for item in overdue_items(collect_actions(postmortems, {}, today)):
        assert item.task.due is not None
        lines.append(
            Problem(
                item.path,
                item.task.line,
                f"task overdue since {item.task.due.isoformat()} ({_owner(item.task.owner)}): {item.text}",
                _FINISH,
            )
        )
    return lines


def repeat_reminders(repeats: Iterable[Repeat], today: date) -> list[Problem]:
    """One line per open, past-due task of an earlier postmortem that has since happened again."""
    lines = []
    for repeat in repeats:
        for item in overdue_items(collect_actions([repeat.earlier], {}, today)):
            assert item.task.due is not None
            lines.append(
                Problem(
                    item.path,
                    item.task.line,
                    f"it happened again on {repeat.on.isoformat()} ({name_of(repeat.later)}) and this task is"
                    f" still open, due {item.task.due.isoformat()} ({_owner(item.task.owner)}): {item.text}",
                    "finish it first: the repeat shows it matters",
                )
            )
    return sorted(set(lines), key=lambda p: (p.path, p.line, p.message))


def overdue_summary(postmortems: Iterable[Postmortem], today: date) -> str | None:
    """The one line `check` ends with when tasks are late: how many, where, and the longest overdue."""
    late = overdue_items(collect_actions(postmortems, {}, today))
    if not late:
        return None
    first = late[0]
    assert first.task.due is not None
    files = len({item.path for item in late})
    return (
        f"overdue: {len(late)} open task{'' if len(late) == 1 else 's'} past their due date in {files}"
        f" postmortem{'' if files == 1 else 's'}; longest overdue: {first.path}:{first.task.line}"
        f" ({_owner(first.task.owner)}, due {first.task.due.isoformat()})"
    )
