"""Keep code literal through a template engine.

mkdocs-macros renders a whole page as one Jinja template, so Helm's
`{{ .Values.tag }}`, GitHub's `${{ secrets.TOKEN }}` or a Jinja example in a
code block would be run, or break the page. Before rendering, every fenced
or indented code block and every inline code span is held behind a placeholder
of the page's one scheme (`hindsight.page.slots`); afterwards it is put back.
A placeholder keeps the line count of what it replaced, so template errors
still point at the right line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from hindsight.lines import normalise_newlines, split_lines
from hindsight.page.slots import Slots

_md = MarkdownIt("commonmark").enable("table")
_BACKTICKS = re.compile(r"`+")


@dataclass
class Protected:
    """Text with its code held out (`hindsight.page.slots`); `restore` puts the code back."""

    text: str
    slots: Slots = field(default_factory=Slots)

    @property
    def nonce(self) -> str:
        return self.slots.nonce

    def restore(self, text: str) -> str:
        return self.slots.restore(text)


def code_blocks(markdown: str) -> list[tuple[int, int]]:
    """Line ranges (first, one past the last; from 0) of fenced and indented code, by a CommonMark parser."""
    return [
        (token.map[0], token.map[1])
        for token in _md.parse(markdown)
        if token.type in ("fence", "code_block") and token.map
    ]


def protect(markdown: str, blocks: Sequence[tuple[int, int]] | None = None, slots: Slots | None = None) -> Protected:
    """Hold code out of `markdown`; `blocks` are its code blocks when a parse already found them.

    The placeholders are the page's own (`slots`), so the page has one scheme for all it holds.
    """
    markdown = normalise_newlines(markdown)
    result = Protected(markdown, slots if slots is not None else Slots())
    lines = split_lines(markdown)
    if blocks is None:
        blocks = code_blocks(markdown)
    blocks = [(start, min(end, len(lines))) for start, end in blocks if 0 <= start < len(lines)]
    block_starts = dict(blocks)
    units = _inline_units(markdown) if "`" in markdown else {}
    out: list[str] = []
    number = 0
    while number < len(lines):
        if number in block_starts:
            end = block_starts[number]
            out.append(_swap("".join(lines[number:end]), result))
            number = end
            continue
        end = max(units.get(number, number + 1), number + 1)
        out.append(_protect_spans("".join(lines[number:end]), result))
        number = end
    result.text = "".join(out)
    return result


def _inline_units(markdown: str) -> dict[int, int]:
    """Where a code span may run: the lines of each block's inline text, as the parser grouped them.

    A span never crosses from a heading into the next line, or from one list item into the next,
    so grouping lines by blank lines alone would pair backticks the parser keeps apart.
    """
    return {token.map[0]: token.map[1] for token in _md.parse(markdown) if token.type == "inline" and token.map}


def _swap(piece: str, result: Protected) -> str:
    """A placeholder for `piece`, followed by as many newlines as `piece` holds."""
    trailing = len(piece) - len(piece.rstrip("\n"))
    body = piece[: len(piece) - trailing] if trailing else piece
    return result.slots.hold(body) + "\n" * body.count("\n") + "\n" * trailing


def _protect_spans(paragraph: str, result: Protected) -> str:
    """Inline code spans, by CommonMark's rule: a run of n backticks closes at the next run of exactly n."""
    out: list[str] = []
    position = 0
    runs = list(_BACKTICKS.finditer(paragraph))
    by_length: dict[int, list[int]] = {}
    for number, run in enumerate(runs):
        by_length.setdefault(len(run[0]), []).append(number)
    index = 0
    while index < len(runs):
        opening = runs[index]
        start, length = opening.start(), len(opening[0])
        if _escaped(paragraph, start):  # the escaped backtick opens nothing, the rest of its run may; any run may close
            start, length = start + 1, length - 1
        same = by_length.get(length, [])
        after = bisect.bisect_right(same, index)  # the next run of the same length: linear, not a scan per run
        closing_index = same[after] if after < len(same) and length else None
        if closing_index is None:
            index += 1
            continue
        closing = runs[closing_index]
        out.append(paragraph[position:start])
        out.append(_swap(paragraph[start : closing.end()], result))
        position = closing.end()
        index = closing_index + 1
    out.append(paragraph[position:])
    return "".join(out)


def _escaped(text: str, at: int) -> bool:
    """A backtick after an odd number of backslashes is a literal backtick."""
    slashes = 0
    while at - slashes - 1 >= 0 and text[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1
