"""Reminders for late work in the build log, as `extra.postmortem.chase` asks (off, warn or fail)."""

from __future__ import annotations

import logging
from datetime import date

from hindsight.archive.chase import overdue_reminders, repeat_reminders
from hindsight.archive.published import published
from hindsight.mkdocs.handoff import Build
from hindsight.model import Problem


def chase(build: Build, log: logging.Logger) -> int:
    """Log the reminders asked for; the count of those that must fail the build (never under serve)."""
    settings, today = build.config, date.today()
    wanted: list[tuple[str, list[Problem]]] = []
    if settings.chase_overdue != "off":
        wanted.append((settings.chase_overdue, overdue_reminders(published(build.postmortems.values()), today)))
    if settings.chase_repeats != "off":
        wanted.append((settings.chase_repeats, repeat_reminders(build.found_repeats().all, today)))
    failing = 0
    for level, found in wanted:
        for line in found:
            (log.error if level == "fail" and not build.serving else log.warning)(str(line))
        if level == "fail":
            failing += len(found)
    return failing
