"""Guidance from the `new` template left in a postmortem that is meant to be published.

A draft is expected to hold some; once `draft: true` is gone, a line such as
"What users saw, in one line." would be published as the postmortem's impact.
The phrases come from the template itself (`hindsight.drafting.template`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from hindsight.drafting.template import guidance
from hindsight.model import Problem

HINT = "replace it with what happened, in your own words (or keep draft: true until you can)"


@cache
def _pattern() -> re.Pattern[str]:
    """One pass over the text finds every phrase, longest first, across line breaks and in any case."""
    alternatives = []
    for phrase in sorted(guidance(), key=len, reverse=True):
        words = r"\s+".join(re.escape(word) for word in phrase.split())
        before = r"(?<![\w@])" if re.match(r"[\w@]", phrase) else ""
        after = r"(?!\w)" if re.search(r"\w$", phrase) else ""
        alternatives.append(before + words + after)
    return re.compile("|".join(alternatives), re.IGNORECASE)


@cache
def _phrases() -> tuple[str, ...]:
    return tuple(" ".join(phrase.lower().split()) for phrase in guidance())


def template_leftovers(path: str, text: str, code_lines: Sequence[tuple[int, int]] = ()) -> list[Problem]:
    """One problem per line that still holds template guidance (code blocks aside), quoting the guidance."""
    if not text:
        return []
    flat = " ".join(text.lower().split())
    if not any(phrase in flat for phrase in _phrases()):
        return []  # the common case, found by plain substring search: the pattern is slow on a text without any
    problems: dict[int, Problem] = {}
    line, position = 1, 0
    for match in _pattern().finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if line in problems or any(start <= line < end for start, end in code_lines):
            continue
        quoted = " ".join(match[0].split())
        problems[line] = Problem(path, line, f'guidance from the template is still here: "{quoted}"', HINT)
    return list(problems.values())
