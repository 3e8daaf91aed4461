"""Likely secrets in a postmortem: cloud keys, private keys, tokens, passwords in URLs.

Postmortems quote logs and configs, and a published page is public. Each
pattern is specific (a provider's key prefix, a PEM header, `user:pass@` in a
URL), so a hit is worth a look; a line that holds a known non-secret says so
with `hindsight: allow-secret` on it or on the line above. Every pattern is
linear: literal prefixes, bounded possessive runs, no nested repetition.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from hindsight.model import Problem

ALLOW = "hindsight: allow-secret"
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class _Kind:
    name: str
    needles: tuple[str, ...]
    """Substrings one of which every match holds: a text without them is skipped at the speed of `in`."""
    pattern: re.Pattern[str]


_KINDS = (
    _Kind(
        "an AWS access key",
        ("AKIA", "ASIA"),
        re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}+(?![A-Za-z0-9])"),
    ),
    _Kind(
        "an AWS secret access key",
        ("ecret_access_key", "ecretAccessKey", "ECRET_ACCESS_KEY"),
        re.compile(r"(?i)secret_?access_?key[\"']?\s{0,5}+[:=]\s{0,5}+[\"']?[A-Za-z0-9/+]{40}+(?![A-Za-z0-9/+])"),
    ),
    _Kind(
        "a private key",
        ("PRIVATE KEY",),
        re.compile(r"-----BEGIN (?:[A-Z0-9]{1,20}+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"),
    ),
    _Kind(
        "a GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        re.compile(r"(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+)"),
    ),
    _Kind("a GitLab token", ("glpat-",), re.compile(r"glpat-[A-Za-z0-9_-]{20,}+")),
    _Kind("a Slack token", ("xox",), re.compile(r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}+")),
    _Kind(
        "a Slack webhook",
        ("hooks.slack.com/services/",),
        re.compile(r"hooks\.slack\.com/services/T[A-Za-z0-9_]++/B[A-Za-z0-9_]++/[A-Za-z0-9_]{8,}+"),
    ),
    _Kind("a Stripe secret key", ("_live_",), re.compile(r"(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{20,}+")),
    _Kind("a Google API key", ("AIza",), re.compile(r"AIza[0-9A-Za-z_-]{35}+(?![0-9A-Za-z_-])")),
    _Kind("an npm token", ("npm_",), re.compile(r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}+(?![A-Za-z0-9])")),
    _Kind("a SendGrid key", ("SG.",), re.compile(r"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}+\.[A-Za-z0-9_-]{43}+")),
    _Kind("an Azure storage key", ("AccountKey=",), re.compile(r"AccountKey=[A-Za-z0-9+/=]{40,}+")),
    _Kind(
        "a JSON web token",
        ("eyJ",),
        re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}+\.eyJ[A-Za-z0-9_-]{10,}+\.[A-Za-z0-9_-]{10,}+"),
    ),
    _Kind(
        "a password in a URL",
        ("://",),
        re.compile(r"://(?P<user>[^\s/:@\"'<>]{1,200}+):(?P<password>[^\s/@\"'<>]{1,200}+)@(?=[A-Za-z0-9\[])"),
    ),
)

_PLACEHOLDER = re.compile(r"^(?:[*xX.#-]+|<[^>]*>|\$\{?[^}]*\}?|\{\{?[^}]*\}?\}|%[sd(].*|\[[^\]]*\]|\.\.\.)$")
_PLACEHOLDER_WORDS = frozenset(
    {"password", "passwd", "pass", "pwd", "secret", "redacted", "changeme", "example", "hunter2", "token", "xxx"}
)


def _placeholder(kind: _Kind, match: re.Match[str]) -> bool:
    """Documentation examples and redacted values are not secrets."""
    if "EXAMPLE" in match.group().upper():
        return True
    if kind.name == "a password in a URL":
        password = match["password"]
        return bool(_PLACEHOLDER.match(password)) or password.lower() in _PLACEHOLDER_WORDS
    return False


def _preview(text: str) -> str:
    shown = text.lstrip(":/-")[:4]
    return f"{shown}..." if shown else "..."


def find_secrets(path: str, text: str) -> list[Problem]:
    """One problem per line that holds a likely secret, at that line (file lines, from 1)."""
    hits: dict[int, tuple[_Kind, re.Match[str]]] = {}
    starts: list[int] | None = None
    for kind in _KINDS:
        if not any(needle in text for needle in kind.needles):
            continue
        for match in kind.pattern.finditer(text):
            if _placeholder(kind, match):
                continue
            if starts is None:
                starts = [0, *(newline.end() for newline in _NEWLINE.finditer(text))]
            number = bisect.bisect_right(starts, match.start())
            hits.setdefault(number, (kind, match))
    if not hits or starts is None:
        return []
    problems = []
    for number, (kind, match) in sorted(hits.items()):
        line = _line(text, starts, number)
        above = _line(text, starts, number - 1) if number > 1 else ""
        if ALLOW in line or ALLOW in above:
            continue
        secret = f"{match['user']}:***@" if kind.name == "a password in a URL" else _preview(match.group())
        problems.append(
            Problem(
                path,
                number,
                f"this line holds what looks like {kind.name} ({secret})",
                f"remove it (and rotate it, if it was real); if it is not a secret, add '{ALLOW}' to the line",
            )
        )
    return problems


def _line(text: str, starts: list[int], number: int) -> str:
    begin = starts[number - 1]
    end = starts[number] - 1 if number < len(starts) else len(text)
    return text[begin:end]
