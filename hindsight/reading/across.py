"""Problems that take more than one postmortem to see: two files with one name, a `related:` that names none.

`check` and the build both ask `across_problems` after reading every
postmortem, and both hand the result on as new values (`with_problems`): a
parsed postmortem is never edited, so what it says does not depend on who
asked first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from hindsight.archive.repeats import related_problems
from hindsight.model import Postmortem, Problem
from hindsight.reading.rules import check_file_names


def across_problems(postmortems: Mapping[str, Postmortem]) -> list[Problem]:
    """Problems between the postmortems (by docs path): clashing file names, `related:` names."""
    return check_file_names(postmortems) + related_problems(postmortems.values())


def with_problems(postmortems: Mapping[str, Postmortem], problems: Iterable[Problem]) -> dict[str, Postmortem]:
    """The same postmortems, each with the problems at its path added (new values; the given ones are untouched)."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    return {
        uri: replace(postmortem, problems=_sorted([*postmortem.problems, *by_path[postmortem.path]]))
        if postmortem.path in by_path
        else postmortem
        for uri, postmortem in postmortems.items()
    }


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.line, p.message))
