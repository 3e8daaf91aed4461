"""Postmortems as JSON, for dashboards and other sites that should not parse our HTML.

One record per postmortem: its facts, timeline, tasks, contributing factors and
repeats. The build writes each published one beside its page (`index.json`);
`python -m hindsight check --json` prints them all with every problem. The
text is JSON with `<`, `>`, `&` and the JavaScript line separators escaped, so
it stays inert even when a page inlines it in a `<script>` block.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from hindsight.archive.actions import is_overdue
from hindsight.archive.repeats import Repeat, began, follow_up, name_of
from hindsight.config import Config
from hindsight.model import Postmortem, Problem
from hindsight.page.tickets import ticket_keys, ticket_url

SCHEMA = "hindsight.postmortem/1"
_INERT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _minutes(delta: timedelta | None) -> float | None:
    return delta.total_seconds() / 60 if delta is not None else None


def _before(repeat: Repeat, today: date) -> dict[str, Any]:
    counts = follow_up(repeat, today)
    when = began(repeat.earlier)
    return {
        "name": name_of(repeat.earlier),
        "title": repeat.earlier.facts.title,
        "start": _iso(when),
        "services": list(repeat.services),
        "factors": list(repeat.factors),
        "similar_root_cause": repeat.similar_cause,
        "linked": repeat.linked,
        "tasks": {
            "total": counts.total,
            "open": counts.open,
            "overdue": counts.overdue,
            "done_after_repeat": counts.done_after,
        },
    }


def postmortem_record(
    postmortem: Postmortem,
    config: Config,
    today: date,
    before: Sequence[Repeat] = (),
    again: Sequence[Repeat] = (),
    url: str | None = None,
) -> dict[str, Any]:
    """Everything a dashboard needs about one postmortem, as plain JSON types."""
    facts = postmortem.facts
    level = config.severity(facts.severity) if facts.severity else None
    return {
        "schema": SCHEMA,
        "name": name_of(postmortem),
        "path": postmortem.path,
        "url": url,
        "draft": facts.draft,
        "published": not facts.draft and not postmortem.problems,
        "title": facts.title,
        "date": _iso(facts.date),
        "severity": {"key": level.key, "label": level.label} if level else None,
        "summary": facts.summary,
        "start": _iso(facts.start),
        "end": _iso(facts.end),
        "detected": _iso(postmortem.detected_at),
        "duration_minutes": _minutes(facts.duration),
        "time_to_detect_minutes": _minutes(postmortem.time_to_detect),
        "time_to_mitigate_minutes": _minutes(postmortem.time_to_mitigate),
        "time_to_resolve_minutes": _minutes(postmortem.time_to_resolve),
        "services": list(facts.services),
        "users_affected_percent": facts.users_affected,
        "impact": facts.impact,
        "root_cause": facts.root_cause,
        "factors": [
            {"key": key, "label": factor.label if (factor := config.factor(key)) else key} for key in facts.factors
        ],
        "authors": list(facts.authors),
        "reviewers": list(facts.reviewers),
        "reviewed": _iso(facts.reviewed),
        "categories": list(facts.categories),
        "tags": list(facts.tags),
        "words": postmortem.words,
        "timeline": [
            {"time": entry.when.isoformat(), "tag": entry.tag.value if entry.tag else None, "text": entry.text}
            for entry in postmortem.timeline
        ],
        "tasks": [
            {
                "line": task.line,
                "text": task.text,
                "done": task.done,
                "owner": task.owner,
                "due": _iso(task.due),
                "done_on": _iso(task.done_on),
                "overdue": is_overdue(task, today),
                "tickets": [
                    {"key": key, "url": ticket_url(key, config.tickets) if config.tickets else None}
                    for key in ticket_keys(task.text)
                ],
            }
            for task in postmortem.tasks
        ],
        "repeats": {
            "before": [_before(repeat, today) for repeat in before],
            "again": [
                {"name": name_of(r.later), "title": r.later.facts.title, "start": _iso(began(r.later))} for r in again
            ],
        },
        "problems": [problem_record(problem, postmortem.is_draft) for problem in postmortem.problems],
    }


def problem_record(problem: Problem, draft: bool) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "message": problem.message,
        "hint": problem.hint,
        "level": "warning" if draft else "error",
        "text": str(problem),
    }


def archive_record(
    postmortems: Iterable[Postmortem],
    config: Config,
    today: date,
    repeats_before: Mapping[str, Sequence[Repeat]],
    repeats_again: Mapping[str, Sequence[Repeat]],
    other_problems: Iterable[Problem] = (),
    summary: str = "",
) -> dict[str, Any]:
    """Every postmortem and every problem, as `check --json` prints them."""
    records = [
        postmortem_record(p, config, today, repeats_before.get(p.path, ()), repeats_again.get(p.path, ()))
        for p in sorted(postmortems, key=lambda p: p.path)
    ]
    problems = [problem for record in records for problem in record["problems"]]
    problems += [problem_record(problem, False) for problem in other_problems]
    return {
        "schema": "hindsight.archive/1",
        "postmortems": records,
        "problems": sorted(problems, key=lambda p: (p["path"], p["line"], p["message"])),
        "summary": summary,
    }


def export_json(record: Mapping[str, Any]) -> str:
    """JSON text that is also safe inside HTML (`</script>` cannot end a script block)."""
    text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=False)
    for raw, escaped in _INERT.items():
        text = text.replace(raw, escaped)
    return text + "\n"
