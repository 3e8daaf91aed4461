"""The outage diagram drawn at build time as a static SVG, from the same bars as the Mermaid chart.

Printing, saving as PDF from a headless browser, and reading without
JavaScript all get this drawing: Mermaid draws in the browser only once the
diagram nears the viewport, which a print made straight after opening a page
never waits for. Geometry is computed here; the template (autoescaped) only
places it, so every label from a postmortem is text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from markupsafe import Markup

from hindsight.colour import ink
from hindsight.model import Postmortem, elapsed
from hindsight.page.mermaid import _TICKS, LIGHT, Bar, bars, short_label
from hindsight.templating import block

WIDTH = 720
LEFT = 112  # the section names
RIGHT = 12
TOP = 28  # the axis labels
ROW = 28
BAR = 20
FONT = 12
CHAR = 6.6  # average advance of a 12 px sans-serif character, for placing labels
MOST_TICKS = 8

_FILL = {
    "": (LIGHT["task"], LIGHT["task_text"]),
    "active": (LIGHT["investigate"], LIGHT["investigate_text"]),
    "active, crit": (LIGHT["detour"], LIGHT["detour_text"]),
    "done": (LIGHT["fix"], LIGHT["fix_text"]),
}


@dataclass(frozen=True)
class Shape:
    kind: str  # "bar" or "milestone"
    x: float
    y: float
    width: float
    fill: str
    stroke: str
    dashed: bool
    label: str
    label_x: float
    label_anchor: str  # start or end
    label_fill: str


@dataclass(frozen=True)
class Band:
    y: float
    height: float
    name: str
    shaded: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class StaticDiagram:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    left: int
    top: int
    bottom: float
    colours: dict[str, str]
    description: str


def _step_minutes(span: timedelta) -> int:
    minutes = span.total_seconds() / 60
    for step, _unit in _TICKS:
        if minutes / step <= MOST_TICKS:
            return step
    return 4 * 10080


def _ticks(start: datetime, end: datetime, x_of: object, long_axis: bool) -> list[Tick]:
    zone = timezone(start.utcoffset() or timedelta(0))
    local = start.astimezone(zone)
    step = _step_minutes(elapsed(start, end))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    since = int((local - midnight).total_seconds() // 60)
    first = midnight + timedelta(minutes=-(-since // step) * step)
    ticks = []
    moment = first
    while moment <= end.astimezone(zone):
        label = f"{moment.day} {moment:%b %H:%M}" if long_axis else f"{moment:%H:%M}"
        ticks.append(Tick(x_of(moment), label))  # type: ignore[operator]
        moment += timedelta(minutes=step)
    return ticks


def _shape(bar: Bar, y: float, x_of: object, plot_right: float, impact: tuple[str, str]) -> Shape:
    label = short_label(bar.label)
    text_width = len(label) * CHAR
    fill, text_fill = impact if bar.style == "crit" else _FILL.get(bar.style, _FILL[""])
    stroke = LIGHT["detour_edge"] if bar.style == "active, crit" else fill
    x = x_of(bar.start)  # type: ignore[operator]
    if bar.end is None:
        fill = LIGHT["milestone"]
        after = x + 10
        inside = False
        width = 0.0
    else:
        width = max(2.0, x_of(bar.end) - x)  # type: ignore[operator]
        after = x + width + 6
        inside = text_width + 12 <= width
    if inside:
        return Shape("bar", x, y, width, fill, stroke, bar.style == "active, crit", label, x + 6, "start", text_fill)
    if after + text_width <= plot_right + RIGHT:
        label_x, anchor = after, "start"
    else:
        label_x, anchor = x - (10 if bar.end is None else 6), "end"
    kind = "milestone" if bar.end is None else "bar"
    return Shape(kind, x, y, width, fill, stroke, bar.style == "active, crit", label, label_x, anchor, LIGHT["text"])


def static_diagram(postmortem: Postmortem, impact_colour: str | None = None) -> StaticDiagram | None:
    parts = bars(postmortem)
    start, end = postmortem.facts.start, postmortem.facts.end
    if not parts or start is None or end is None:
        return None
    span = elapsed(start, end).total_seconds() or 1.0
    plot_right = WIDTH - RIGHT

    def x_of(moment: datetime) -> float:
        return LEFT + elapsed(start, moment).total_seconds() / span * (plot_right - LEFT)

    colour = impact_colour or LIGHT["impact"]
    impact = (colour, ink(colour))
    shapes: list[Shape] = []
    bands: list[Band] = []
    for index, bar in enumerate(parts):
        y = TOP + index * ROW
        if not bands or bands[-1].name != bar.section:
            bands.append(Band(y, ROW, bar.section, len(bands) % 2 == 0))
        else:
            last = bands[-1]
            bands[-1] = Band(last.y, last.height + ROW, last.name, last.shaded)
        shapes.append(_shape(bar, y + (ROW - BAR) / 2, x_of, plot_right, impact))
    bottom = TOP + len(parts) * ROW
    long_axis = elapsed(start, end) > timedelta(hours=20) or start.date() != end.astimezone(start.tzinfo).date()
    description = (
        f"Outage diagram: {len(parts)} bars from {start:%H:%M} to {end.astimezone(start.tzinfo):%H:%M}: "
        + "; ".join(shape.label for shape in shapes)
    )
    return StaticDiagram(
        WIDTH,
        int(bottom + 8),
        tuple(shapes),
        tuple(bands),
        tuple(_ticks(start, end, x_of, long_axis)),
        LEFT,
        TOP,
        bottom,
        LIGHT,
        description,
    )


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def static_svg(postmortem: Postmortem, impact_colour: str | None = None) -> Markup | None:
    """The static drawing as inline SVG, or None when start and end are unknown."""
    diagram = static_diagram(postmortem, impact_colour)
    if diagram is None:
        return None
    return block("diagram-static.svg.html", d=diagram, n=_number, bar=BAR, font=FONT)
