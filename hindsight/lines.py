"""The one definition of a line, for every stage of the pipeline.

A line ends at LF. CRLF and CR are folded to LF when a file is decoded, as
CommonMark, Python-Markdown and Jinja read them. Nothing else ends a line:
Python's `str.splitlines` also breaks at U+2028, U+2029, NEL, form feed and
vertical tab, which markdown-it treats as ordinary characters, so a piece of
code that splits with it sees different lines than the parser that found the
code blocks.
"""

from __future__ import annotations


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its LF (the last one may have none); never splits elsewhere."""
    if not text:
        return []
    lines = [line + "\n" for line in text.split("\n")]
    if text.endswith("\n"):
        lines.pop()
    else:
        lines[-1] = lines[-1][:-1]
    return lines


def one_line(text: str | None) -> str:
    """`text` on one line, each run of whitespace (line breaks too) one space: for cards, previews and the feed."""
    return " ".join((text or "").split())
