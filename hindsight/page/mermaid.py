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

# The light palette as literal colours, so the source reads the same in any
# Mermaid (mermaid-cli, a wiki, GitHub): bars in colour, text that contrasts
# with what it sits on. The page recolours it for its dark palette and the
# postmortem's severity (hindsight.css), overriding these rules.
LIGHT = {
    "text": "#1f2328",
    "grid": "#d0d7de",
    "band": "#f6f8fa",
    "task": "#546e7a",
    "task_text": "#ffffff",
    "impact": "#b71c1c",
    "impact_text": "#ffffff",
    "investigate": "#1565c0",
    "investigate_text": "#ffffff",
    "detour": "#fff1e5",
    "detour_edge": "#a84300",
    "detour_text": "#6b2b00",
    "fix": "#2e7d32",
    "fix_text": "#ffffff",
    "milestone": "#37474f",
}
AXIS_FONT_PX = 13


def _theme_css(c: dict[str, str]) -> str:
    numbered = range(4)

    def each(prefix: str) -> str:
        return ",".join(f"{prefix}{n}" for n in numbered)

    return " ".join(
        (
            f".grid .tick line{{stroke:{c['grid']}}}",
            f".grid .tick text{{fill:{c['text']}!important;font-size:{AXIS_FONT_PX}px}}",
            f"text.sectionTitle{{fill:{c['text']}!important}}",
            f".section0,.section2{{fill:{c['band']};opacity:1}}",
            ".section1,.section3{fill:transparent}",
            f".task{{fill:{c['task']};stroke:{c['task']}}}",
            f"text.taskText{{fill:{c['task_text']}!important}}",
            f"{each('text.critText')}{{fill:{c['impact_text']}!important}}",
            f"{each('text.activeText')}{{fill:{c['investigate_text']}!important}}",
            f"{each('text.doneText')}{{fill:{c['fix_text']}!important}}",
            f"{each('text.activeCritText')}{{fill:{c['detour_text']}!important}}",
            f"text.taskTextOutsideLeft,text.taskTextOutsideRight{{fill:{c['text']}!important}}",
            f"{each('.active')}{{fill:{c['investigate']};stroke:{c['investigate']}}}",
            f"{each('.crit')}{{fill:{c['impact']};stroke:{c['impact']}}}",
            f"{each('.activeCrit')}{{fill:{c['detour']};stroke:{c['detour_edge']};stroke-dasharray:4 3}}",
            f"{each('.done')}{{fill:{c['fix']};stroke:{c['fix']}}}",
            f".milestone{{fill:{c['milestone']};stroke:{c['milestone']}}}",
            ".today{display:none}",
        )
    )


THEME_CSS = _theme_css(LIGHT)
THEME_VARIABLES = {  # for a renderer that ignores themeCSS: the same palette through Mermaid's own variables
    "fontSize": "14px",
    "textColor": LIGHT["text"],
    "gridColor": LIGHT["grid"],
    "sectionBkgColor": LIGHT["band"],
    "altSectionBkgColor": "#ffffff",
    "sectionBkgColor2": LIGHT["band"],
    "taskBkgColor": LIGHT["task"],
    "taskBorderColor": LIGHT["task"],
    "taskTextColor": LIGHT["task_text"],
    "taskTextLightColor": LIGHT["task_text"],
    "taskTextOutsideColor": LIGHT["text"],
    "taskTextDarkColor": LIGHT["text"],
    "activeTaskBkgColor": LIGHT["investigate"],
    "activeTaskBorderColor": LIGHT["investigate"],
    "critBkgColor": LIGHT["impact"],
    "critBorderColor": LIGHT["impact"],
    "doneTaskBkgColor": LIGHT["fix"],
    "doneTaskBorderColor": LIGHT["fix"],
}


def short_label(text: str, limit: int = MAX_LABEL) -> str:
    """A bar's label on one line, shortened on a word boundary (the drawn and the static diagram say the same)."""
    words = " ".join(text.split())
    if len(words) > limit:
        cut = words[: limit - 1].rsplit(" ", 1)[0] or words[: limit - 1]
        words = cut.rstrip(" ,.;:-") + "…"
    return words


def escape_label(text: str, limit: int = MAX_LABEL) -> str:
    """Text made safe for a gantt task label, shortened on a word boundary."""
    words = short_label(text, limit)
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
            "themeVariables": THEME_VARIABLES,
            "themeCSS": THEME_CSS,
            "gantt": {
                "useWidth": 720,  # one width, scaled to the column; phones scroll it at full size (a cue says so)
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
