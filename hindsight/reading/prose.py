"""Counting words and sentences the way a reader would."""

from __future__ import annotations

import re

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
# A sentence ends at . ! or ? followed by space and a capital, a digit or a quote, or at the end.
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Za-z])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)[.!?]+[\"')\]]*(?=\s+[A-Z0-9\"'(\[`]|\s*$)"
)


def strip_templates(text: str) -> str:
    """Macro calls are not prose."""
    return _TEMPLATE.sub(" ", text)


def count_words(text: str) -> int:
    return len(_WORD.findall(strip_templates(text)))


def count_sentences(text: str) -> int:
    """Sentences in a short text; a text without a final stop still counts as one."""
    stripped = text.strip()
    if not stripped:
        return 0
    ends = len(_SENTENCE_END.findall(stripped))
    if not re.search(r"[.!?][\"')\]]*\s*$", stripped):
        ends += 1
    return max(ends, 1)
