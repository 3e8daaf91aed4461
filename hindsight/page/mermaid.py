"""The outage diagram: a Mermaid gantt chart made from the timeline.

Writers never type Mermaid; their timeline text becomes task labels, so every
label is escaped for Mermaid in one pass. In gantt labels `:` ends the label,
`#` and `;` end the task, `%%` starts a comment and a leading keyword such as
`click` becomes a statement. Mermaid decodes `#NN;` back into the character,
so anything that is not a letter, digit or space is written that way, and so
is a label's first character.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hindsight.model import Postmortem, Tag, TimelineEntry, elapsed
from hindsight.reading.times import format_duration

VENDORED_MERMAID = Path(__file__).resolve().parent.parent / "vendor" / "mermaid"
"""Mermaid's ES module build, shipped as package data (see its README.md), so diagrams draw offline."""
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = "chunks/mermaid.esm.min"

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
_STAMP = "%Y-%m-%d %H:%M"
MAX_LABEL = 30

# Gantt bars take their colours from the page (CSS custom properties inherit
# into Material's shadow root), so one diagram suits the light and dark palettes.
THEME_CSS = " ".join(
    (
        ".grid .tick line{stroke:var(--hs-diagram-grid)}",
        ".grid .tick text,text.sectionTitle{fill:var(--hs-diagram-fg)!important}",
        ".section0,.section2{fill:var(--hs-diagram-band);opacity:1}",
        ".section1,.section3{fill:transparent}",
        ".task{fill:var(--hs-diagram-task);stroke:var(--hs-diagram-task)}",
        "text.taskText{fill:var(--hs-diagram-task-fg)!important}",
        "text.critText0,text.critText1,text.critText2,text.critText3{fill:var(--hs-severity-ink)!important}",
        "text.activeText0,text.activeText1,text.activeText2,text.activeText3{fill:var(--hs-diagram-investigate-fg)!important}",
        "text.doneText0,text.doneText1,text.doneText2,text.doneText3{fill:var(--hs-diagram-fix-fg)!important}",
        "text.activeCritText0,text.activeCritText1,text.activeCritText2,text.activeCritText3{fill:var(--hs-diagram-detour-fg)!important}",
        ".active0,.active1,.active2,.active3{fill:var(--hs-diagram-investigate);stroke:var(--hs-diagram-investigate)}",
        ".crit0,.crit1,.crit2,.crit3{fill:var(--hs-severity);stroke:var(--hs-severity)}",
        ".activeCrit0,.activeCrit1,.activeCrit2,.activeCrit3"
        "{fill:var(--hs-diagram-detour);stroke:var(--hs-diagram-detour-edge);stroke-dasharray:4 3}",
        ".done0,.done1,.done2,.done3{fill:var(--hs-diagram-fix);stroke:var(--hs-diagram-fix)}",
        ".milestone{fill:var(--hs-diagram-milestone);stroke:var(--hs-diagram-milestone)}",
        ".today{display:none}",
    )
)


def escape_label(text: str, limit: int = MAX_LABEL) -> str:
    """Text made safe for a gantt task label, shortened on a word boundary."""
    words = " ".join(text.split())
    if len(words) > limit:
        cut = words[: limit - 1].rsplit(" ", 1)[0] or words[: limit - 1]
        words = cut.rstrip(" ,.;:-") + "…"
    return "".join(ch if ch in _PLAIN and index else f"#{ord(ch)};" for index, ch in enumerate(words))


@dataclass(frozen=True)
class Bar:
    section: str
    label: str
    start: datetime
    end: datetime | None
    style: str = ""

    def line(self, zone_of: datetime) -> str:
        """Mermaid reads stamps as wall clocks: they are written in the start's fixed offset, so a bar across a
        daylight-saving change keeps its true length."""
        zone = timezone(zone_of.utcoffset() or timedelta(0))
        first = self.start.astimezone(zone).strftime(_STAMP)
        tags = [self.style] if self.style else []
        if self.end is None:
            return f"    {escape_label(self.label)} :{', '.join([*tags, 'milestone', first, '0m'])}"
        last = self.end.astimezone(zone).strftime(_STAMP)
        return f"    {escape_label(self.label)} :{', '.join([*tags, first, last])}"


def bars(postmortem: Postmortem) -> list[Bar]:
    """The outage's phases in order: impact, detection, investigation and detours, escalation, mitigation, end."""
    facts = postmortem.facts
    start, end = facts.start, facts.end
    if start is None or end is None or end <= start:
        return []
    detected = postmortem.detected_at or start
    mitigated = postmortem.mitigated_at or end
    entries = [entry for entry in postmortem.timeline if start <= entry.when <= end]
    result = [Bar("Impact", f"Users affected ({format_duration(end - start)})", start, end, "crit")]
    if detected > start:
        result.append(Bar("Detection", f"Undetected for {format_duration(detected - start)}", start, detected))
    else:
        result.append(Bar("Detection", "Detected at once", start, None))
    if mitigated > detected:
        result.append(
            Bar(
                "Investigation",
                f"Investigating ({format_duration(mitigated - detected)})",
                detected,
                mitigated,
                "active",
            )
        )
    for index, entry in enumerate(entries):
        after = entries[index + 1] if index + 1 < len(entries) else None
        if entry.tag is Tag.MISLEADING:
            until = _detour_end(entry, after, mitigated)
            result.append(Bar("Investigation", f"Detour: {entry.text}", entry.when, until, "active, crit"))
    result.extend(Bar("Escalation", entry.text, entry.when, None) for entry in entries if entry.tag is Tag.ESCALATED)
    if end > mitigated:
        result.append(
            Bar("Mitigation", f"Mitigated, recovering ({format_duration(end - mitigated)})", mitigated, end, "done")
        )
    else:
        result.append(Bar("Mitigation", "Mitigated", mitigated, None))
    result.append(Bar("Resolution", f"Resolved after {format_duration(end - start)}", end, None))
    return result


def _detour_end(entry: TimelineEntry, after: TimelineEntry | None, mitigated: datetime) -> datetime:
    """A detour lasts until the next entry, and at least a sliver so it stays visible."""
    until = after.when if after is not None else mitigated
    return max(until, entry.when + timedelta(minutes=1))


_TICKS = (
    (5, "minute"),
    (10, "minute"),
    (15, "minute"),
    (30, "minute"),
    (60, "hour"),
    (120, "hour"),
    (180, "hour"),
    (360, "hour"),
    (720, "hour"),
    (1440, "day"),
    (2880, "day"),
    (10080, "week"),
)


def tick_interval(span: timedelta, most: int = 8) -> str:
    """A round axis step that gives at most `most` ticks, so labels never overlap."""
    minutes = span.total_seconds() / 60
    for step, unit in _TICKS:
        if minutes / step <= most:
            size = {"minute": 1, "hour": 60, "day": 1440, "week": 10080}[unit]
            return f"{step // size}{unit}"
    return "4week"


def diagram_source(postmortem: Postmortem) -> str | None:
    """Mermaid source for the outage diagram, or None when start and end are unknown."""
    parts = bars(postmortem)
    start, end = postmortem.facts.start, postmortem.facts.end
    if not parts or start is None or end is None:
        return None
    span = elapsed(start, end)
    axis = (
        "%d %b %H:%M" if span > timedelta(hours=20) or start.date() != end.astimezone(start.tzinfo).date() else "%H:%M"
    )
    config = {
        "config": {
            "theme": "base",
            "themeCSS": THEME_CSS,
            "gantt": {
                "useWidth": 860,  # one width, scaled: phones scroll a legible chart instead of squeezing it
                "useMaxWidth": True,
                "barHeight": 24,
                "barGap": 6,
                "fontSize": 14,
                "sectionFontSize": 14,
                "leftPadding": 115,
                "topPadding": 40,
                "axisFormat": axis,
            },
        }
    }
    zone = start.strftime("%Z") or "local time"
    describe = (
        f"Impact from {start.strftime(_STAMP)} to {end.astimezone(start.tzinfo).strftime(_STAMP)} {zone}, "
        f"detected after {format_duration(postmortem.time_to_detect or timedelta())}, "
        f"resolved after {format_duration(span)}"
    )
    lines = [
        "---",
        json.dumps(config),  # JSON is YAML: no writer text reaches this line
        "---",
        "gantt",
        "    accTitle: Outage diagram",
        f"    accDescr: {describe}",  # built from times and durations only, never from writer text
        "    dateFormat YYYY-MM-DD HH:mm",
        f"    axisFormat {axis}",
        "    todayMarker off",
        f"    tickInterval {tick_interval(span)}",
    ]
    section = None
    for bar in parts:
        if bar.section != section:
            section = bar.section
            lines.append(f"    section {section}")
        lines.append(bar.line(start))
    return "\n".join(lines) + "\n"
