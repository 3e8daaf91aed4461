"""Front matter fields to typed Facts, with a problem for each bad field."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from yaml.nodes import ScalarNode

from hindsight.config import Config
from hindsight.model import Facts, Problem
from hindsight.reading.frontmatter import FrontMatter
from hindsight.reading.material import material_problems, plain_text_problem
from hindsight.reading.prose import count_sentences
from hindsight.reading.times import YEAR_HINT, TimeError, check_year, parse_timestamp

REQUIRED = (
    "title",
    "date",
    "severity",
    "summary",
    "start",
    "end",
    "services",
    "users_affected",
    "impact",
    "root_cause",
)
OPTIONAL = ("detected", "authors", "reviewers", "categories", "tags", "draft", "factors", "related", "reviewed")
FIELDS = REQUIRED + OPTIONAL

EXAMPLES = {
    "title": "title: Checkout crawled for three hours",
    "date": "date: 2024-08-16",
    "severity": "severity: SEV2",
    "summary": "summary: An unindexed query pinned database CPU; 75% of shoppers saw timeouts.",
    "start": "start: 2024-08-15 14:30 UTC",
    "end": "end: 2024-08-15 17:45 UTC",
    "detected": "detected: 2024-08-15 14:30 UTC",
    "services": "services: [checkout, product catalog]",
    "users_affected": "users_affected: 75%",
    "impact": "impact: Slow pages, timeouts and failed orders.",
    "root_cause": "root_cause: An unindexed query saturated the database CPU.",
    "authors": "authors: [ada]",
    "reviewers": "reviewers: [grace]",
    "categories": "categories: [Database]",
    "tags": "tags: [postgres]",
    "draft": "draft: true",
    "factors": "factors: [config-change, monitoring-gap]",
    "related": "related: [2025-01-09-certificate-expiry]",
    "reviewed": "reviewed: 2024-08-20",
}

# Keys that Material, MkDocs or the blog read: never taken for misspellings.
KNOWN_OTHER = frozenset(
    {
        "slug",
        "pin",
        "hide",
        "template",
        "links",
        "readtime",
        "description",
        "icon",
        "status",
        "search",
        "comments",
        "subtitle",
        "social",
        "title_full",
        "ticket",
        "render_macros",
        "ignore_macros",
    }
)

# Keys Material reads from page.meta, with the type its templates expect.
MATERIAL_TYPES: dict[str, type] = {
    "hide": list,
    "pin": bool,
    "slug": str,
    "readtime": int,
    "description": str,
    "icon": str,
    "status": str,
    "subtitle": str,
    "template": str,
    "search": dict,
}


def fits_material(name: str, value: object) -> bool:
    """Whether Material's templates can use this value of a key they read (a bool is no number)."""
    wanted = MATERIAL_TYPES.get(name)
    return wanted is None or type(value) is wanted or (isinstance(value, wanted) and not isinstance(value, bool))


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")


@dataclass
class _Reader:
    path: str
    front: FrontMatter
    problems: list[Problem]

    def line(self, name: str) -> int:
        return self.front.lines.get(name, self.front.close_line)

    def problem(self, name: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, self.line(name), message, hint or f"write it as {EXAMPLES[name]}"))

    def text(self, name: str, *, one_line: bool = False) -> str | None:
        value = self.front.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(name, f"{name!r} must be text, not {_kind(value)}")
            return None
        value = value.strip()
        if not value:
            self.problem(name, f"{name!r} is empty")
            return None
        if one_line and "\n" in value:
            self.problem(name, f"{name!r} must be one line", f"shorten it to one line, e.g. {EXAMPLES[name]}")
        return value

    def names(self, name: str, *, plain: bool = False) -> list[str]:
        value = self.front.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                name,
                f"{name!r} must be a list, not {_kind(value)}",
                f"write it as a list in brackets: {EXAMPLES[name]}",
            )
            return []
        items: list[str] = []
        for index, item in enumerate(value, 1):
            if not isinstance(item, str) or not item.strip():
                self.problem(
                    name, f"{name!r} item {index} must be text, not {_kind(item)}", f"write it as {EXAMPLES[name]}"
                )
            elif plain and (why := plain_text_problem(item)) is not None:
                self.problem(name, f"{name!r} item {index} {why}", f"name it with words only, e.g. {EXAMPLES[name]}")
            else:
                items.append(item.strip())
        return items

    def time(self, name: str) -> datetime | None:
        node = self.front.nodes.get(name)
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.value == "":
            self.problem(name, f"{name!r} must be a date and time, not {_kind(self.front.data.get(name))}")
            return None
        try:
            return parse_timestamp(node.value)
        except TimeError as error:
            joiner = " " if error.message.startswith("'") else ": "
            self.problem(name, f"{name}{joiner}{error.message}", error.hint)
            return None


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (date, datetime)):
        return "a date"
    return type(value).__name__


def read_facts(
    path: str, front: FrontMatter, config: Config, authors: Collection[str] | None = None
) -> tuple[Facts, list[Problem]]:
    """Check every field of the contract and return what could be read."""
    problems: list[Problem] = []
    r = _Reader(path, front, problems)
    data = front.data
    for name in REQUIRED:
        if name not in data and not front.broken:
            problems.append(
                Problem(
                    path,
                    front.close_line,
                    f"missing required field {name!r}",
                    f"add it to the front matter: {EXAMPLES[name]}",
                )
            )
        elif data.get(name) is None and name in data:
            r.problem(name, f"{name!r} is empty")
    _misspellings(r)
    problems.extend(material_problems(path, data, r.line))
    for name, wanted in MATERIAL_TYPES.items():
        if name in data and not fits_material(name, data[name]):
            r.problems.append(
                Problem(
                    path,
                    r.line(name),
                    f"{name!r} must be {_kind(wanted())}, not {_kind(data[name])}",
                    "fix or remove it: Material reads this field",
                )
            )

    facts = Facts()
    facts.title = r.text("title", one_line=True)
    facts.summary = r.text("summary")
    if facts.summary and count_sentences(facts.summary) > 2:
        r.problem(
            "summary",
            f"'summary' has {count_sentences(facts.summary)} sentences",
            "keep it to 1 or 2 sentences: executives and link previews read it",
        )
    facts.impact = r.text("impact")
    facts.root_cause = r.text("root_cause", one_line=True)
    facts.date = _date(r)
    facts.severity = _severity(r, config)
    facts.start, facts.end, facts.detected = r.time("start"), r.time("end"), r.time("detected")
    facts.services = r.names("services")
    if "services" in data and isinstance(data["services"], list) and not facts.services:
        r.problem("services", "'services' lists no service", "name at least one: " + EXAMPLES["services"])
    facts.users_affected = _percent(r)
    facts.authors = r.names("authors")
    if authors is not None:
        for name in facts.authors:
            if name not in authors:
                known = ", ".join(sorted(authors)) or "none yet"
                r.problem(
                    "authors",
                    f"author {name!r} is not in the authors file",
                    f"add {name} to .authors.yml or use one of: {known}",
                )
    facts.reviewers = r.names("reviewers")
    _check_reviewers(r, facts.reviewers, authors)
    facts.factors = _factors(r, config)
    facts.related = [name.removesuffix(".md") for name in r.names("related")]
    facts.reviewed = _reviewed(r)
    facts.categories = r.names("categories", plain=True)
    facts.tags = r.names("tags", plain=True)
    draft = data.get("draft")
    if draft is not None and not isinstance(draft, bool):
        r.problem("draft", f"'draft' must be true or false, not {_kind(draft)}")
    facts.draft = draft is True
    if (
        config.review_required
        and not facts.draft
        and len(facts.reviewers) < config.review_required
        and not front.broken
    ):
        required = config.review_required
        r.problems.append(
            Problem(
                path,
                r.line("reviewers"),
                f"{'no reviewer' if not facts.reviewers else f'{len(facts.reviewers)} reviewer(s)'} named;"
                f" this site asks for {required} before publishing",
                "ask a peer to review it (python -m hindsight review FILE prints the checklist), then add"
                " reviewers: [name]; or keep draft: true until then",
            )
        )
    return facts, problems


def nearest(word: str, choices: Collection[str]) -> str | None:
    """The closest of `choices` to a misspelt `word` (case and spaces ignored), if any is close."""
    norm = {re.sub(r"[\s_]+", "-", c.strip().lower()): c for c in choices}
    close = difflib.get_close_matches(re.sub(r"[\s_]+", "-", word.strip().lower()), list(norm), n=1, cutoff=0.6)
    return norm[close[0]] if close else None


def _factors(r: _Reader, config: Config) -> list[str]:
    keys: list[str] = []
    for name in r.names("factors"):
        factor = config.factor(name) or next(
            (f for f in config.factors if f.label.lower() == name.lower() or f.key == name.lower().replace(" ", "-")),
            None,
        )
        if factor is None:
            by_label = {f.label: f.key for f in config.factors}
            guess = nearest(name, [f.key for f in config.factors]) or by_label.get(nearest(name, by_label) or "")
            known = ", ".join(f.key for f in config.factors) or "none (extra.postmortem.factors is empty)"
            hint = f"write {guess}" if guess else f"use one of {known} (configured in mkdocs.yml)"
            r.problem("factors", f"contributing factor {name!r} is not a configured factor", hint)
        elif factor.key not in keys:
            keys.append(factor.key)
    return keys


def _check_reviewers(r: _Reader, reviewers: list[str], authors: Collection[str] | None) -> None:
    """Reviewers may be free names; one that looks like a misspelt id of the authors file is a problem."""
    if not authors:
        return
    for name in reviewers:
        if name in authors or not re.fullmatch(r"[a-z0-9][\w.\-]*", name):
            continue
        guess = nearest(name, authors)
        if guess is not None:
            r.problem(
                "reviewers",
                f"reviewer {name!r} is not in the authors file",
                f"write {guess} (from .authors.yml), or the reviewer's full name",
            )


def _reviewed(r: _Reader) -> date | None:
    value = r.front.data.get("reviewed")
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    r.problem("reviewed", f"'reviewed' must be a date, not {_kind(value)}", "write it unquoted as reviewed: 2024-08-20")
    return None


def _misspellings(r: _Reader) -> None:
    def norm(key: str) -> str:
        return re.sub(r"[\s\-]+", "_", key.strip().lower())

    for key in r.front.data:
        if key in FIELDS or key in KNOWN_OTHER:
            continue
        normal = norm(key)
        guess = normal if normal in FIELDS else None
        if guess is None:
            close = difflib.get_close_matches(normal, FIELDS, n=1, cutoff=0.8)
            guess = close[0] if close else None
        if guess is None and normal.replace("_", "") in {f.replace("_", "") for f in FIELDS}:
            guess = next(f for f in FIELDS if f.replace("_", "") == normal.replace("_", ""))
        if guess:
            r.problems.append(
                Problem(
                    r.path,
                    r.line(key),
                    f"unknown field {key!r} looks like a misspelling of {guess!r}",
                    f"rename it to {guess}",
                )
            )


def _date(r: _Reader) -> date | None:
    value = r.front.data.get("date")
    if value is None:
        return None
    if isinstance(value, dict):
        return _dates(r, value)
    if isinstance(value, date):
        return _in_range(r, "'date'", value.date() if isinstance(value, datetime) else value)
    if isinstance(value, str):
        try:
            date.fromisoformat(value.strip()[:10])
        except ValueError:
            r.problem(
                "date",
                f"'date' {value!r} is not a date",
                "write the publication date as YYYY-MM-DD, e.g. date: 2024-08-16",
            )
        else:
            r.problem(
                "date",
                f"'date' {value!r} is quoted or has extra text",
                "write the publication date unquoted as YYYY-MM-DD, e.g. date: 2024-08-16;"
                " incident times go in start and end",
            )
        return None
    r.problem("date", f"'date' must be a date, not {_kind(value)}")
    return None


def _in_range(r: _Reader, name: str, day: date) -> date | None:
    try:
        check_year(day)
    except TimeError as error:
        r.problem("date", f"{name}: {error.message}", YEAR_HINT)
        return None
    return day


def _dates(r: _Reader, value: dict[object, object]) -> date | None:
    """The blog's form `date: {created: 2024-08-16, updated: 2024-09-01}`: every value a date, `created` required."""
    created: date | None = None
    good = True
    for key, item in value.items():
        if not isinstance(item, date):
            r.problem(
                "date",
                f"'date.{key}' must be a date, not {_kind(item)}",
                f"write it as {key}: 2024-08-16 (YYYY-MM-DD, unquoted)",
            )
            good = False
            continue
        day = _in_range(r, f"'date.{key}'", item.date() if isinstance(item, datetime) else item)
        good = good and day is not None
        if key == "created":
            created = day
    if "created" not in value:
        r.problem(
            "date", "'date' has no 'created' date", "write date: {created: 2024-08-16} or simply date: 2024-08-16"
        )
    return created if good else None


def _severity(r: _Reader, config: Config) -> str | None:
    value = r.front.data.get("severity")
    if value is None:
        return None
    keys = ", ".join(level.key for level in config.severities)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        r.problem(
            "severity",
            f"'severity' must be one of {keys}, not {_kind(value)}",
            f"write it as severity: {config.severities[0].key}",
        )
        return None
    text = str(value).strip()
    level = config.severity(text) or config.severity(text.replace(" ", ""))
    if level is None:
        match = next((lv for lv in config.severities if re.sub(r"\D", "", lv.key) == text), None)
        hint = f"write severity: {match.key}" if match else f"use one of {keys} (configured in mkdocs.yml)"
        r.problem("severity", f"severity {text!r} is not a configured level", hint)
        return None
    return level.key


def _percent(r: _Reader) -> float | None:
    value = r.front.data.get("users_affected")
    if value is None:
        return None
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        match = _PERCENT.match(value)
        number = float(match.group(1)) if match else None
    if number is None:
        r.problem(
            "users_affected",
            f"'users_affected' must be a percentage, not {value!r}"
            if isinstance(value, str)
            else f"'users_affected' must be a percentage, not {_kind(value)}",
        )
        return None
    if not 0 <= number <= 100:
        r.problem(
            "users_affected",
            f"'users_affected' {value!r} is not between 0 and 100",
            "give the share of users hit, e.g. users_affected: 75%",
        )
        return None
    return number
