"""How deeply a body nests, measured before any Markdown engine sees it.

Python-Markdown recurses for every level of list, block quote, indented block,
`markdown`-enabled HTML and emphasis, and a few hundred levels end the build
with RecursionError. One linear pass over the lines outside code blocks
estimates the nesting from what opens it (indentation, `>`, list markers,
unclosed `**`/`_`/`[` runs); a body beyond the bound is refused by line, and
the page shows a notice instead of the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hindsight.limits import MAX_INLINE_MARKS, MAX_MARKDOWN_DEPTH
from hindsight.lines import split_lines

_CONTAINER = re.compile(r"[ \t]{0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*")
_INLINE = re.compile(r"\*+|_+|\[|\]")
_HTML_OPEN = re.compile(r"^[ \t]*<[A-Za-z][^>]*\bmarkdown\b")
_HTML_CLOSE = re.compile(r"^[ \t]*</[A-Za-z]")


def _indent(line: str) -> int:
    columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
    return columns


def _containers(line: str) -> int:
    count, position = 0, len(line) - len(line.lstrip(" \t"))
    while (match := _CONTAINER.match(line, position)) is not None and match.end() > position:
        count += 1
        position = match.end()
    return count


def too_deep(body: str, first_line: int, code: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """(estimated depth, file line) of the first line nested deeper than MAX_MARKDOWN_DEPTH, else None.

    `code` holds the file lines of code blocks (first, one past the last), whose text nests nothing.
    """
    ranges = sorted(code)
    next_range = 0
    inline = 0
    html = 0
    for index, line in enumerate(split_lines(body)):
        number = first_line + index
        while next_range < len(ranges) and ranges[next_range][1] <= number:
            next_range += 1
        if next_range < len(ranges) and ranges[next_range][0] <= number:
            continue
        if not line.strip():
            inline = 0
            continue
        if _HTML_OPEN.match(line):
            html += 1
        elif _HTML_CLOSE.match(line):
            html = max(html - 1, 0)
        block = _indent(line) // 2 + _containers(line)
        deepest = inline
        for match in _INLINE.finditer(line):
            run = match.group()
            before = line[match.start() - 1] if match.start() else " "
            after = line[match.end()] if match.end() < len(line) else " "
            if run == "[":
                inline += 1
            elif run == "]":
                inline = max(inline - 1, 0)
            elif not after.isspace() and (before.isspace() or not before.isalnum()):
                inline += 1
            elif not before.isspace() and (after.isspace() or not after.isalnum()):
                inline = max(inline - 1, 0)
            deepest = max(deepest, inline)
        depth = block + deepest + html
        if depth > MAX_MARKDOWN_DEPTH:
            return depth, number
    return None


def too_busy(body: str, first_line: int, code: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """(marks so far, file line) where the body outside code passes MAX_INLINE_MARKS inline marks, else None."""
    if sum(body.count(mark) for mark in _MARKS) <= MAX_INLINE_MARKS:
        return None  # most bodies: code blocks included, far below the bound
    ranges = sorted(code)
    next_range = 0
    marks = 0
    for index, line in enumerate(split_lines(body)):
        number = first_line + index
        while next_range < len(ranges) and ranges[next_range][1] <= number:
            next_range += 1
        if next_range < len(ranges) and ranges[next_range][0] <= number:
            continue
        marks += sum(line.count(mark) for mark in _MARKS)
        if marks > MAX_INLINE_MARKS:
            return marks, number
    return None


_MARKS = ("`", "*", "_", "[")
