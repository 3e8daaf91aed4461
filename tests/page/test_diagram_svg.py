from __future__ import annotations

import re
from xml.etree import ElementTree

from hindsight.page.diagram_svg import WIDTH, static_diagram, static_svg
from hindsight.page.mermaid import LIGHT, THEME_CSS, THEME_VARIABLES, diagram_source, short_label
from tests.conftest import VALID, mutate, parse


def test_the_static_drawing_has_every_bar_and_axis_label() -> None:
    svg = static_svg(parse(VALID))
    assert svg is not None
    root = ElementTree.fromstring(str(svg))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for label in (
        "Users affected (3h 15m)",
        "Undetected for 4m",
        "Detour: Spiky traffic graphs…",
        "Resolved after 3h 15m",
    ):
        assert label in texts
    assert {"Impact", "Detection", "Investigation", "Escalation", "Mitigation", "Resolution"} <= set(texts)
    assert "14:30" in texts and "17:30" in texts
    assert root.get("role") == "img" and "Users affected" in (root.get("aria-label") or "")


def test_labels_stay_inside_the_drawing() -> None:
    diagram = static_diagram(parse(VALID))
    assert diagram is not None
    for shape in diagram.shapes:
        width = len(shape.label) * 6.6
        left = shape.label_x - (width if shape.label_anchor == "end" else 0)
        assert left >= 0 and left + width <= WIDTH + 1, shape


def test_writer_text_is_escaped_in_the_drawing() -> None:
    text = mutate("[misleading] Spiky traffic", "[misleading] <b>&</b> Spiky traffic")
    svg = str(static_svg(parse(text)))
    assert "<b>" not in svg and "&lt;b&gt;&amp;&lt;/b&gt;" in svg
    ElementTree.fromstring(svg)


def test_no_drawing_without_start_and_end() -> None:
    assert static_svg(parse(mutate("start: 2024-08-15 14:30 UTC\n", ""))) is None


def test_the_source_stands_alone_with_literal_colours() -> None:
    source = diagram_source(parse(VALID))
    assert source is not None
    assert "var(" not in source, "another renderer has no page to take colours from"
    assert "var(" not in THEME_CSS and all("var(" not in value for value in THEME_VARIABLES.values())
    for colour in (LIGHT["impact"], LIGHT["investigate"], LIGHT["detour"], LIGHT["text"]):
        assert colour in source
    assert re.search(r"\.grid \.tick text\{[^}]*font-size:1[3-9]px", source), "axis labels at least 13 px"


def test_short_labels_end_on_a_word() -> None:
    assert short_label("Suspected a DDoS and tightened the firewall rules") == "Suspected a DDoS and…"
    assert short_label("Paged") == "Paged"
