"""Ticket keys in task text (`OPS-142`) as links to the team's tracker.

The tracker's URL pattern comes from `extra.postmortem.tickets`, with `{key}`
where the key goes. The key is percent-encoded into the URL, and the URL is
escaped for the attribute it lands in, so no task text can become markup.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape

TICKET = re.compile(r"(?<![\w/.#-])(?P<key>[A-Z][A-Z0-9]{1,9}-[0-9]{1,7})(?![\w-])")
_CODE_SPAN = re.compile(r"(`+[^`]*?`+)")
_TASK_LINE = re.compile(r"^(?P<lead>\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\s)(?P<rest>.*)$")


def ticket_keys(text: str) -> list[str]:
    """The ticket keys in a task's text, in order, each once."""
    return list(dict.fromkeys(match["key"] for match in TICKET.finditer(text)))


def ticket_url(key: str, pattern: str) -> str:
    return pattern.replace("{key}", quote(key, safe=""))


def tickets_html(text: str, pattern: str | None) -> Markup:
    """Task text as HTML: escaped, with each ticket key a link when a pattern is configured."""
    if pattern is None:
        return escape(text)
    parts: list[str] = []
    last = 0
    for match in TICKET.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        key = match["key"]
        parts.append(f'<a class="hs-ticket" href="{escape(ticket_url(key, pattern))}">{escape(key)}</a>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def tickets_markdown(markdown: str, pattern: str | None) -> str:
    """Ticket keys in the page's task list items as Markdown links (code is swapped out before this runs)."""
    if pattern is None or not TICKET.search(markdown):
        return markdown
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        match = _TASK_LINE.match(line)
        if match is None or "](" in match["rest"] or not TICKET.search(match["rest"]):
            continue
        parts = _CODE_SPAN.split(match["rest"])  # odd parts are inline code: left as typed
        rest = "".join(
            part if index % 2 else TICKET.sub(lambda m: _link(m["key"], pattern), part)
            for index, part in enumerate(parts)
        )
        lines[index] = match["lead"] + rest
    return "\n".join(lines)


def _link(key: str, pattern: str) -> str:
    return f"[{key}](<{_markdown_url(ticket_url(key, pattern))}>)"


def _markdown_url(url: str) -> str:
    """A URL inside `<...>` in Markdown: no angle brackets, spaces or backslashes left as they are."""
    return re.sub(r"[<>\s\\]", lambda m: quote(m[0]), url)
