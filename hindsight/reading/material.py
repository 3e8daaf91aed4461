"""The front matter keys that Material, its blog and mkdocs-macros read themselves.

Their values go into Material's templates unescaped (link titles and URLs,
the nav's subtitle and status, an icon's file name, the template's name), or
change how the page is rendered, so each is checked here: a wrong type or a
value that would become markup or a live link is a problem line, in `check`
and in the build alike. Values that pass are plain text, safe URLs and names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from hindsight.model import Problem

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ICON = re.compile(r"^[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)+$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_MARKUP = re.compile(r"[<>\"`{}]|[\x00-\x1f\x7f]")
_URL_BAD = re.compile(r"[<>\"'`\s\\{}]|[\x00-\x1f\x7f]")
_HIDE = frozenset({"navigation", "toc", "footer", "feedback", "path", "tags", "outdated"})
_LINKS_EXAMPLE = "links: [{Runbook: https://wiki.example.com/runbook}, {The guide: guide.md}]"
_MAX_LINK_DEPTH = 3


def plain_text_problem(value: str) -> str | None:
    """Why `value` cannot be shown as plain text in a template that does not escape, or None."""
    found = _MARKUP.search(value)
    if found is None:
        return None
    char = found.group()
    return f"holds {char!r}" if char.isprintable() else f"holds the control character U+{ord(char):04X}"


def url_problem(url: str) -> str | None:
    """Why `url` is not a safe link target (only http, https, mailto and relative links are), or None."""
    if not url.strip():
        return "is empty"
    bad = _URL_BAD.search(url)
    if bad is not None:
        return "holds a space, quote, bracket or control character"
    scheme = _SCHEME.match(url)
    if scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES:
        return f"uses the {scheme.group(1).lower()}: scheme"
    return None


def material_problems(path: str, data: Mapping[str, object], line: Callable[[str], int]) -> list[Problem]:
    """One problem per Material or mkdocs-macros key whose value is wrong or unsafe."""
    return [Problem(path, line(name), message, hint) for name, message, hint in _checks(data)]


def without_unsafe_keys(data: Mapping[str, object]) -> dict[str, object]:
    """`data` without the keys `material_problems` refuses: what a readable copy may hand to Material."""
    refused = {name for name, _, _ in _checks(data)}
    return {key: value for key, value in data.items() if key not in refused}


def _checks(data: Mapping[str, object]) -> list[tuple[str, str, str]]:
    problems: list[tuple[str, str, str]] = []

    def problem(name: str, message: str, hint: str) -> None:
        problems.append((name, message, hint))

    if "template" in data:
        problem("template", "'template' cannot be set in a postmortem", "remove it: the blog gives every post its page")
    if "ignore_macros" in data:
        problem(
            "ignore_macros",
            "'ignore_macros' is not supported (mkdocs-macros refuses it)",
            "remove it; to show braces literally put them in `code` or write render_macros: false",
        )
    if "render_macros" in data and not isinstance(data["render_macros"], bool):
        problem("render_macros", "'render_macros' must be true or false", "write render_macros: false, or remove it")
    for name, pattern, example in (("icon", _ICON, "material/fire"), ("status", _NAME, "new")):
        value = data.get(name)
        if isinstance(value, str) and not pattern.match(value):
            problem(
                name,
                f"{name!r} {value[:60]!r} is not {'an' if name == 'icon' else 'a'} {name} name",
                f"write it as {name}: {example}, or remove it",
            )
    subtitle = data.get("subtitle")
    if isinstance(subtitle, str) and (why := plain_text_problem(subtitle)) is not None:
        problem("subtitle", f"'subtitle' {why}", "write it as plain text on one line")
    hide = data.get("hide")
    if isinstance(hide, list):
        for item in hide:
            if not isinstance(item, str) or item not in _HIDE:
                problem(
                    "hide",
                    f"'hide' item {str(item)[:40]!r} is not a part of the page",
                    f"use some of {', '.join(sorted(_HIDE))}",
                )
                break
    if "links" in data:
        why = _links_problem(data["links"], 1)
        if why is not None:
            problem("links", f"'links' {why}", f"write them as {_LINKS_EXAMPLE}")
    return problems


def _links_problem(value: object, depth: int) -> str | None:
    """The blog's related links: a list of `Title: url` or `Section: [...]` items."""
    if not isinstance(value, list):
        return "must be a list"
    if depth > _MAX_LINK_DEPTH:
        return f"are nested more than {_MAX_LINK_DEPTH} levels deep"
    for index, item in enumerate(value, 1):
        if not isinstance(item, dict) or len(item) != 1:
            return f"item {index} must be one 'Title: url' pair"
        ((title, target),) = item.items()
        if not isinstance(title, str) or not title.strip():
            return f"item {index} has no title"
        if (why := plain_text_problem(title)) is not None:
            return f"item {index} title {why}"
        if isinstance(target, list):
            inner = _links_problem(target, depth + 1)
            if inner is not None:
                return f"item {index} ({title[:40]}): {inner}"
            continue
        if not isinstance(target, str):
            return f"item {index} ({title[:40]}) must link to a URL"
        if (why := url_problem(target)) is not None:
            return f"item {index} ({title[:40]}) URL {why}"
    return None
