"""Whatever the parser returns, every renderer takes it: generated postmortems, parsed, then rendered by each part.

The text is built from the shapes writers use (front matter fields with good
and bad values, headings in every form, timeline lines with and without
times, zones and tags, task lists, prose, code fences left open), so the
parser returns postmortems with no timeline, no sections, no tasks or no times.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight import DEFAULT
from hindsight.archive.actions import Link, actions_html, collect_actions
from hindsight.archive.listing import browse, browse_html, chips_html
from hindsight.archive.repeats import find_repeats, follow_up
from hindsight.archive.stats import compute_stats, stats_html
from hindsight.model import Postmortem
from hindsight.page.components import (
    badge_html,
    diagram_html,
    facts_html,
    label_task_boxes,
    masthead_html,
    timeline_html,
)
from hindsight.page.compose import compose
from hindsight.page.mermaid import diagram_source
from hindsight.page.readtime import readtime
from hindsight.reading.scorecard import scorecard, scorecard_text
from hindsight.sharing.cards import draw_card, postmortem_card
from hindsight.sharing.feed import feed_entry, feed_xml
from hindsight.sharing.previews import meta_html, postmortem_meta
from tests.conftest import parse

SECTION_NAMES = [
    "Issue Summary",
    "Summary",
    "Overview",
    "Timeline",
    "Timeline (all times EAT)",
    "Timeline - Nov 4",
    "Incident Timeline",
    "Root Cause and Resolution",
    "Root Causes",
    "Resolution",
    "Corrective and Preventative Measures",
    "Corrective Measures",
    "Follow-up",
    "Lessons learned",
    "Tasks",
    "",
]
HEADING_FORMS = ["## {}", "### {}", "# {}", "#### {}", "##{}", "**{}:**", "{}", "<h2>{}</h2>", "{}:"]
TIMES = ["14:30", "9:05", "10:30 AM", "9:00 pm", "10:30 A.M.", "23:59:59", "15.25", "25:61", "12:00 AM", "0:00", ""]
ZONES = [
    "",
    " UTC",
    " EAT",
    " (UTC)",
    " +03:00",
    " UTC+3",
    " GMT-5",
    " IST",
    " CST",
    " Europe/Paris",
    " Mars/Base",
    " Z",
]
DATES = ["", "2024-08-15 ", "Nov 4, ", "4 November 2024 ", "2024-02-30 "]
SEPARATORS = [" - ", " – ", " — ", ": ", " :- ", " ", ""]
TAGS = ["", "[detected] ", "[escalated] ", "[bogus] ", "[] "]
WORDS = [
    "An alert fired.",
    "We assumed the cache was cold.",
    "Paged the storage team.",
    "Rolled back the release.",
    "Service restored.",
    "Looked at the graphs.",
    "",
    "`code` and <b>html</b> and {{ x }}",
]
MARKUP = ["{}", "**{}**", "*{}*", "`{}`", "**{}:**"]
LIST_MARKS = ["- ", "* ", "+ ", "1. ", "", "    ", "    - "]
STAMPS = [
    "2024-08-15 14:30 UTC",
    "2024-08-15 17:45 UTC",
    "2024-08-15 9:10 AM EAT",
    "2024-08-15 14:30",
    "2024-08-15 14:30 IST",
    "2024-08-15T14:30:00+05:30",
    "2024-08-14 23:00 PST",
    "not a time",
    "",
]


@st.composite
def timeline_line(draw: st.DrawFn) -> str:
    time = draw(st.sampled_from(DATES)) + draw(st.sampled_from(TIMES)) + draw(st.sampled_from(ZONES))
    time = draw(st.sampled_from(MARKUP)).format(time) if time.strip() else time
    text = draw(st.sampled_from(TAGS)) + draw(st.sampled_from(WORDS))
    line = draw(st.sampled_from(LIST_MARKS)) + time + draw(st.sampled_from(SEPARATORS)) + text
    if draw(st.booleans()):
        line += draw(st.sampled_from(["<br>", "\\\n", "\n"])) + draw(st.sampled_from(TIMES)) + " - " + "Then more."
    return line


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["heading", "timeline", "task", "prose", "fence"]))
    if kind == "heading":
        return draw(st.sampled_from(HEADING_FORMS)).format(draw(st.sampled_from(SECTION_NAMES)))
    if kind == "timeline":
        return "\n".join(draw(st.lists(timeline_line(), min_size=1, max_size=4)))
    if kind == "task":
        mark = draw(st.sampled_from(["- [ ] ", "- [x] ", "- ", "1. "]))
        return mark + draw(st.sampled_from(["Add an alert @ada due:2024-09-01", "due:2024-13-01", "@bo", "Fix it"]))
    if kind == "fence":
        return draw(st.sampled_from(["```\ncode\n```", "```text\nnever closed", "    indented words here"]))
    return draw(st.text(alphabet="abc def. ,\n*_#-[]()<>`{}%:", max_size=60))


@st.composite
def postmortem_text(draw: st.DrawFn) -> str:
    front = ""
    if draw(st.integers(0, 4)):
        fields = {
            "title": st.sampled_from(["Payments failed", "", "<script>x</script>", "'unclosed"]),
            "date": st.sampled_from(["2024-08-16", "yesterday", "2024-02-30"]),
            "severity": st.sampled_from(["SEV1", "SEV3", "SEV9", "[]"]),
            "summary": st.sampled_from(["Payments failed for an hour.", "", "One. Two. Three."]),
            "start": st.sampled_from(STAMPS),
            "end": st.sampled_from(STAMPS),
            "detected": st.sampled_from(STAMPS),
            "services": st.sampled_from(["[payments]", "[]", "payments", "[a, b, c]"]),
            "users_affected": st.sampled_from(["75%", "150", "lots"]),
            "impact": st.sampled_from(["Cards declined.", ""]),
            "root_cause": st.sampled_from(["An expired certificate.", ""]),
            "draft": st.sampled_from(["true", "false", "maybe"]),
        }
        chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=len(fields)))
        lines = [f"{name}: {draw(fields[name])}" for name in chosen]
        closing = draw(st.sampled_from(["---\n", "---\n", ""]))
        front = "---\n" + "\n".join(lines) + "\n" + closing
    body = "\n\n".join(draw(st.lists(block(), max_size=14)))
    return front + body + "\n"


def render_everything(postmortem: Postmortem) -> None:
    """Every component and page part, for one postmortem and for an archive made of it."""
    config, authors = DEFAULT, {"ada": "Ada"}
    if postmortem.facts.severity:
        badge_html(postmortem.facts.severity, config)
    facts_html(postmortem, config, authors)
    timeline_html(postmortem)
    diagram_source(postmortem)
    diagram_html(postmortem)
    masthead_html(postmortem, config, badge=None, facts=None)
    composed = compose(postmortem, postmortem.body.lstrip("\n"), config, authors)
    page = composed.slots.fill(composed.slots.restore(composed.markdown))
    label_task_boxes(page)
    readtime(page, 200)
    links = {postmortem.path: Link("postmortems/x/", postmortem.facts.title or "x")}
    view = browse([postmortem], config, links)
    browse_html(view)
    chips_html(view, "browse/")
    postmortem_card(postmortem, config, "Postmortems")
    meta_html(postmortem_meta(postmortem, config, "Postmortems", "https://example.org/", "x/", "x.png"))
    entry = feed_entry(postmortem, config, "https://example.org/x/")
    feed_xml("Postmortems", "https://example.org/", "d", "https://example.org/feed.xml", [entry] if entry else [])
    stats_html(compute_stats([postmortem], config))
    actions_html(collect_actions([postmortem], links, date(2024, 9, 1)))
    scorecard_text(scorecard(postmortem, config))
    for repeat in find_repeats([postmortem, postmortem]):
        follow_up(repeat, date(2024, 9, 1))


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(postmortem_text())
def test_no_renderer_raises_on_any_parsed_postmortem(text: str) -> None:
    postmortem = parse(text)
    for problem in postmortem.problems:
        assert problem.line >= 1 and problem.message and problem.hint
    render_everything(postmortem)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(postmortem_text())
def test_social_cards_draw_for_any_parsed_postmortem(text: str) -> None:
    assert draw_card(postmortem_card(parse(text), DEFAULT, "Postmortems")).startswith(b"\x89PNG")


def test_an_empty_postmortem_renders() -> None:
    """No front matter, no sections, no timeline, no tasks, no times."""
    postmortem = parse("")
    assert postmortem.timeline == [] and postmortem.sections == [] and postmortem.tasks == []
    render_everything(postmortem)
