"""The `new` template, and the guidance it holds: the lines a writer must replace with their own words.

The guidance is read from the template itself, so the rule that finds it left
in a published postmortem (`hindsight.reading.leftovers`) cannot drift from it.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from string import Template

import yaml

_GUIDED_FIELDS = ("summary", "impact", "root_cause", "services")
_ENTRY = re.compile(r"^[-*+]\s+(?:\[[ xX]\]\s+)?(?:\d{1,2}:\d{2}(?:\s+\w+)?\s+-\s+)?(?:\[\w+\]\s+)?")
_PLACEHOLDER = "\x00"
_EXAMPLE = ", e.g. "


def template_source() -> str:
    return files("hindsight").joinpath("templates/postmortem.md").read_text(encoding="utf-8")


def render(title: str, today: date) -> str:
    """The template for one postmortem: its title (quoted for YAML), today's date, a due date a month out."""
    return Template(template_source()).substitute(
        title=json.dumps(title, ensure_ascii=False),
        today=today.isoformat(),
        due=(today + timedelta(days=30)).isoformat(),
    )


@cache
def guidance() -> tuple[str, ...]:
    """Every phrase of guidance in the template, in its order: field values, then each line of the body's text.

    A line is guidance as far as its first `$placeholder`; a task's "A concrete
    task, e.g." prefix is guidance on its own too, and so is the `@owner` it names.
    """
    text = Template(template_source()).safe_substitute(title='"x"', today="2000-01-01", due=_PLACEHOLDER)
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front) or {}
    phrases: list[str] = []
    for key in _GUIDED_FIELDS:
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                phrases.append(" ".join(item.split()))
    for raw in body.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "<!--", "{{", "{%")):
            continue
        line = _ENTRY.sub("", line).split(_PLACEHOLDER, 1)[0].strip()
        if line.endswith(" due:"):
            line = line.removesuffix(" due:")
        phrases.append(line)
        if _EXAMPLE in line:
            phrases.append(line.split(_EXAMPLE, 1)[0] + _EXAMPLE.rstrip())
        phrases += [word for word in line.split() if word.startswith("@")]
    return tuple(dict.fromkeys(phrase for phrase in phrases if phrase))
