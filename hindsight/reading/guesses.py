"""Facts that `import` guessed: each front matter line it marked `# guess: why` is a problem until confirmed.

A plain postmortem has no severity and rarely a publication date, so `import`
writes its best guess with the reason in a YAML comment. The comment is the
marker: the build and `check` name the line until the writer confirms the
value and deletes the comment. Drafts included, since a guess is a fact to
settle, not work in progress.
"""

from __future__ import annotations

import re

from hindsight.model import Problem

MARK = "# guess:"
HINT = "confirm it or change it, then delete the '# guess' comment"
_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?P<value>.*?)\s#\s*guess\b:?\s*(?P<why>.*)$")


def guessed(path: str, text: str, close_line: int) -> list[Problem]:
    """One problem per front matter line (2 to `close_line`, the closing `---`) that carries a guess comment."""
    problems: list[Problem] = []
    head = text.split("\n", close_line)[1 : close_line - 1]
    if not any("guess" in line for line in head):
        return problems  # the front matter of nearly every postmortem: one scan
    for number, line in enumerate(head, start=2):
        match = _LINE.match(line)
        if match is None or match["value"].count('"') % 2 or match["value"].count("'") % 2:
            continue  # a '#' inside a quoted value is text, not a comment
        value = match["value"].strip()
        why = match["why"].strip().rstrip(".")
        shown = f"{match['key']} {value}" if value and not value.startswith(("[", "{", ">", "|")) else match["key"]
        problems.append(Problem(path, number, f"{shown} is a guess" + (f" ({why})" if why else ""), HINT))
    return problems
