"""Which contract section a heading names, as writers really spell it.

A heading matches a section by its name, one of the alternatives writers use
("Incident Timeline", "Root Causes"), or either of those followed by a colon,
a suffix in parentheses or a suffix after a dash ("Timeline (all times PST)").
Lines that name a section without being an H2 or H3 heading (a bold line, a
plain line, `#`, `####`, `##Timeline`, `<h2>`) are found here too, so the
body reader can read them as that section and say which heading to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hindsight.config import SectionSpec

ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "summary": ("Summary", "Incident Summary", "Overview"),
    "timeline": ("Incident Timeline", "Timeline of Events"),
    "root_cause": ("Root Cause", "Root Causes", "Root Cause Analysis", "Cause and Resolution", "Resolution"),
    "corrective": (
        "Corrective Measures",
        "Preventative Measures",
        "Corrective Actions",
        "Follow-up",
        "Follow-ups",
        "Prevention",
        "Lessons and Next Steps",
    ),
}
"""The common alternative names of the format contract, per section key."""

TASK_LINES = frozenset({"tasks", "task", "task list", "tasks list", "todo", "to do", "action items", "next steps"})
"""Names of a heading or line whose list, inside the corrective section, counts as open tasks."""

_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
_SUFFIX = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|\s[-–—:|]\s.*)\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<title>[^*_\n]{1,80}?)\1\s*:?\s*$")
_EMPHASIS_LINE = re.compile(r"^\s*([*_])(?P<title>[^*_\n]{1,80}?)\1\s*:?\s*$")
_HASH_LINE = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})(?P<title>[^#\s][^\n]{0,80})$")
_HTML_HEADING = re.compile(r"^\s*<h(?P<level>[1-6])\b[^>]*>(?P<title>[^<\n]{1,80})</h(?P=level)\s*>\s*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def normalise_heading(title: str) -> str:
    """Match headings the way writers expect: case, punctuation, `&`, Preventive."""
    text = _ATTRS.sub("", title).strip().rstrip("#").strip().lower()
    text = text.replace("&", " and ")
    text = re.sub(r"\bpreventive\b", "preventative", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8)
def _names(specs: tuple[SectionSpec, ...]) -> dict[str, str]:
    """Every accepted name of every section, normalised, to its key (per configuration)."""
    table: dict[str, str] = {}
    for spec in specs:
        for name in (spec.name, *spec.aliases, *ALTERNATIVES.get(spec.key, ())):
            table.setdefault(normalise_heading(name), spec.key)
    return table


def section_key(title: str, specs: tuple[SectionSpec, ...]) -> str | None:
    """The key of the section a heading names, or None."""
    table = _names(specs)
    bare = _ATTRS.sub("", title).strip().rstrip(":").strip()
    key = table.get(normalise_heading(bare))
    if key is None:
        without = _SUFFIX.sub("", bare).rstrip(":").strip()
        if without != bare:
            key = table.get(normalise_heading(without))
    return key


def is_resolution(title: str) -> bool:
    """A lone "Resolution" heading: it completes a "Root Cause" section rather than repeating it."""
    return normalise_heading(_SUFFIX.sub("", title).rstrip(":")) == "resolution"


def is_task_line(text: str) -> bool:
    """`Tasks:`, `**Action items**`, `### TODO`: a line whose list holds the tasks."""
    line = text.strip()
    for pattern in (_BOLD_LINE, _EMPHASIS_LINE):
        if match := pattern.match(line):
            line = match["title"]
    return normalise_heading(line.rstrip(":")) in TASK_LINES


@dataclass(frozen=True)
class LooseHeading:
    """A line that names a section but is not read as an H2/H3 heading."""

    title: str
    why: str
    """Why it is not read as a heading, for the problem: "is bold text", "has no space after ##", ..."""


def loose_heading(line: str, specs: tuple[SectionSpec, ...]) -> LooseHeading | None:
    """A paragraph's first line written as a section name: bold, plain, or `#` without a space."""
    text = line.strip()
    if not text or len(text) > 90 or text[-1] in ".!?,;":
        return None
    for pattern, form in ((_BOLD_LINE, "bold text"), (_EMPHASIS_LINE, "italic text")):
        if match := pattern.match(text):
            title = match["title"].strip().rstrip(":").strip()
            return LooseHeading(title, f"is {form}") if section_key(title, specs) else None
    if match := _HASH_LINE.match(text):
        title = match["title"].strip().rstrip(":").strip()
        if section_key(title, specs):
            return LooseHeading(title, f"has no space after {match['hashes']}")
        return None
    title = text.rstrip(":").strip()
    if section_key(title, specs) and not re.search(r"[.!?]$", title):
        return LooseHeading(title, "is a plain line")
    return None


def html_heading(html: str, specs: tuple[SectionSpec, ...]) -> LooseHeading | None:
    """`<h2>Issue Summary</h2>`: a heading written in HTML."""
    first = html.strip().split("\n", 1)[0]
    match = _HTML_HEADING.match(first)
    if match is None:
        return None
    title = match["title"].strip().rstrip(":").strip()
    return LooseHeading(title, "is HTML") if section_key(title, specs) else None


def heading_like(line: str) -> str | None:
    """A line that looks like a heading of some kind, for the list shown when no section is found."""
    text = line.strip()
    if not text or len(text) > 90:
        return None
    if _BOLD_LINE.match(text) or _HASH_LINE.match(text) or _HTML_HEADING.match(text):
        return text
    if text.endswith(":") and len(text.split()) <= 6:
        return text
    return None
