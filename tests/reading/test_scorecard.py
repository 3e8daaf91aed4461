"""The review scorecard: every requirement of the assignment, met with its evidence, or missed."""

from __future__ import annotations

import pytest

from hindsight.config import DEFAULT
from hindsight.reading.scorecard import scorecard, scorecard_text
from tests.conftest import VALID, mutate, parse

MET = {
    "Duration, with start and end times and timezone": "3h 15m, 14:30-17:45 UTC",
    "Impact: which service was down or slow": "checkout, product catalog, storefront",
    "Impact: what users experienced": "Product pages and checkout slowed to a crawl; most shoppers saw timeouts and failed"
    " order…",
    "Impact: how many % of users were affected": "75% of users",
    "The root cause": "An unindexed product-catalog query saturated the primary database CPU at peak traffic.",
    "When the issue was detected": "14:34 UTC, 4m after it began",
    "How it was detected": "A monitoring alert fired for checkout p95 latency above 5 seconds, soon followed by store…",
    "Actions taken: what was investigated": "4 actions, first: The on-call engineer checked the web tier, load"
    " balancers and network. All healthy, which…",
    "Misleading paths taken": "Spiky traffic graphs suggested a DDoS, so we tightened firewall and rate-limit rules."
    " Lat…",
    "Whom it was escalated to": "The incident commander paged the database on-call team and the backend lead who owns"
    " the…",
    "How it was resolved": "Database CPU settled near 35%, and latency and error rates returned to their usual levels.",
    "What caused it and how it was fixed, in detail": "161 words of prose",
    "What can be improved": "32 words of prose",
    "A list of specific tasks": "4 tasks, 4 with an owner, 4 with a due date",
    "Brief: 400 to 600 words": "513 words",
}


def test_every_requirement_of_the_valid_postmortem_is_met_with_its_evidence() -> None:
    card = scorecard(parse(VALID), DEFAULT)
    assert {item.requirement: item.evidence for item in card.items} == MET
    assert all(item.met for item in card.items)
    assert (card.met, card.total) == (15, 15)
    assert [item.part for item in card.items][::5] == ["Issue Summary", "Timeline", "Timeline"]


def _drop_tagged(tag: str) -> str:
    return "\n".join(line for line in VALID.split("\n") if f"[{tag}]" not in line)


ROOT_SECTION = VALID[VALID.index("The new category filter") : VALID.index("## Corrective")]
PROSE = "The query itself was ordinary; what failed was our ability to see its cost before production did."

MISSED = [
    ("Duration, with start and end times and timezone", mutate("end: 2024-08-15 17:45 UTC\n", ""), "no start and end"),
    (
        "Impact: which service was down or slow",
        mutate("services: [checkout, product catalog, storefront]\n", ""),
        "no services",
    ),
    ("Impact: what users experienced", mutate("impact: Product pages", "impacts: Product pages"), "no impact"),
    ("Impact: how many % of users were affected", mutate("users_affected: 75%\n", ""), "no users_affected"),
    ("The root cause", mutate("root_cause: An", "cause: An"), "no root_cause"),
    (
        "When the issue was detected",
        mutate("detected: 2024-08-15 14:34 UTC\n", "", _drop_tagged("detected")),
        "no [detected] entry or detected: time",
    ),
    ("How it was detected", _drop_tagged("detected"), "no [detected] entry says how"),
    (
        "Actions taken: what was investigated",
        VALID.replace("[action]", "[misleading]").replace("15:00 UTC - Support", "15:00 UTC - [detected] Support"),
        "no [action] entry",
    ),
    ("Misleading paths taken", _drop_tagged("misleading"), "no [misleading] entry"),
    ("Whom it was escalated to", _drop_tagged("escalated"), "no [escalated] entry"),
    ("How it was resolved", _drop_tagged("resolved").replace("[mitigated]", ""), "no [resolved] or [mitigated] entry"),
    (
        "What caused it and how it was fixed, in detail",
        mutate(ROOT_SECTION, "It was the index.\n\n"),
        "only 4 words of prose: explain it in more detail",
    ),
    (
        "What can be improved",
        mutate(PROSE, "").replace(
            "A DDoS theory should also need evidence from the edge before anyone edits the firewall.", ""
        ),
        "no prose in the corrective section",
    ),
    (
        "A list of specific tasks",
        "\n".join(line for line in VALID.split("\n") if not line.startswith("- [")),
        "no task list",
    ),
    ("Brief: 400 to 600 words", mutate(ROOT_SECTION, ROOT_SECTION * 3), "835 words"),
]


@pytest.mark.parametrize(("requirement", "text", "evidence"), MISSED, ids=[m[0] for m in MISSED])
def test_each_requirement_can_be_missed(requirement: str, text: str, evidence: str) -> None:
    card = scorecard(parse(text), DEFAULT)
    item = next(item for item in card.items if item.requirement == requirement)
    assert (item.met, item.evidence) == (False, evidence)


def test_the_printed_scorecard() -> None:
    card = scorecard(parse(mutate("tags:", "reviewed: 2024-08-20\ntags:", _drop_tagged("misleading"))), DEFAULT)
    text = scorecard_text(card)
    assert text.splitlines()[:4] == [
        "Review scorecard: docs/postmortems/x.md",
        "Checkout crawled for three hours",
        "Issue Summary:",
        "  ✓ Duration, with start and end times and timezone: 3h 15m, 14:30-17:45 UTC",
    ]
    assert "  ✗ Misleading paths taken: no [misleading] entry" in text.splitlines()
    assert text.splitlines()[-2:] == [
        "14 of 15 requirements met.",
        "Reviewed by Grace Lindholm, Marcus Bell on 20 Aug 2024.",
    ]
    unreviewed = scorecard(parse(mutate("reviewers: [Grace Lindholm, Marcus Bell]\n", "")), DEFAULT)
    assert scorecard_text(unreviewed).endswith(
        "Not reviewed yet: ask a peer, then add reviewers: [name] and reviewed: YYYY-MM-DD."
    )
