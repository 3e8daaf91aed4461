"""The repeat finder: pairs it must find, pairs it must not, and what became of the earlier tasks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hindsight.archive.repeats import (
    by_earlier,
    cause_words,
    find_repeats,
    follow_up,
    related_problems,
    similar_causes,
)
from hindsight.model import Facts, Postmortem, Task

CERT_2025 = "An internal TLS certificate on the gateway-to-auth connection expired without being renewed."
CERT_AGAIN = "The auth service's internal TLS certificate expired again because its renewal was never automated."
CHECKOUT = "An unindexed product-catalog query saturated the primary database CPU at peak traffic."
QUEUE = "An unbounded template cache in a new worker release leaked memory until pods were OOM-killed."
PRICING = 'The flag config workflow rendered the Helm chart without the EU values file, so the symbol fell back to "$".'


def pm(
    name: str,
    day: str,
    services: list[str],
    factors: list[str] | None = None,
    cause: str | None = None,
    related: list[str] | None = None,
    tasks: list[Task] | None = None,
) -> Postmortem:
    start = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    facts = Facts(
        title=name, start=start, date=start.date(), services=services, factors=factors or [], root_cause=cause
    )
    facts.related = related or []
    return Postmortem(f"docs/postmortems/{name}.md", facts, {}, tasks=tasks or [], field_lines={"related": 7})


def pairs(*postmortems: Postmortem) -> list[tuple[str, str]]:
    return [(r.later.facts.title or "", r.earlier.facts.title or "") for r in find_repeats(postmortems)]


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        (CERT_2025, CERT_AGAIN, True),
        ("The TLS certificate expired.", CERT_2025, True),
        (CERT_2025, CHECKOUT, False),
        (CHECKOUT, "A missing index made the orders query saturate database CPU.", True),
        (QUEUE, CHECKOUT, False),
        (PRICING, CERT_2025, False),
        (QUEUE, "A worker release leaked memory in its template cache.", True),
        (None, CERT_2025, False),
        ("The disk filled.", "The disk filled up again.", False),
    ],
)
def test_similar_causes(first: str | None, second: str, alike: bool) -> None:
    assert similar_causes(first, second) is alike
    assert similar_causes(second, first) is alike


def test_cause_words_are_stemmed_and_drop_small_words() -> None:
    assert cause_words("The certificates expired; renewal was not renewed") == {"certificat", "expir", "renew"}


def test_a_shared_service_and_factor_is_a_repeat() -> None:
    old = pm("old", "2025-01-09", ["auth service", "api gateway"], ["expired-secret"], CERT_2025)
    new = pm("new", "2025-10-14", ["Auth  Service"], ["expired-secret", "monitoring-gap"], "Something else.")
    [repeat] = find_repeats([old, new])
    assert (repeat.earlier, repeat.later) == (old, new)
    assert repeat.services == ("Auth Service",) and repeat.factors == ("expired-secret",)
    assert not repeat.linked and not repeat.similar_cause
    assert repeat.on == date(2025, 10, 14)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # same service, different factors (even with alike causes: the writers' factors win)
        (
            pm("old", "2025-01-09", ["auth service"], ["expired-secret"], CERT_2025),
            pm("new", "2025-10-14", ["auth service"], ["deploy"], CERT_AGAIN),
        ),
        # same factor, no shared service
        (
            pm("old", "2025-01-09", ["auth service"], ["expired-secret"], CERT_2025),
            pm("new", "2025-10-14", ["checkout"], ["expired-secret"], CERT_AGAIN),
        ),
        # no factors, shared service, unlike causes
        (pm("old", "2025-01-09", ["checkout"], None, CHECKOUT), pm("new", "2025-10-14", ["checkout"], None, QUEUE)),
        # the same day and hour is not "before"
        (
            pm("old", "2025-01-09", ["auth service"], ["expired-secret"]),
            pm("new", "2025-01-09", ["auth service"], ["expired-secret"]),
        ),
    ],
)
def test_pairs_that_are_not_repeats(old: Postmortem, new: Postmortem) -> None:
    assert find_repeats([old, new]) == []


def test_without_factors_an_alike_cause_on_a_shared_service_is_a_repeat() -> None:
    old = pm("old", "2024-08-15", ["checkout"], ["software-bug"], CHECKOUT)
    new = pm(
        "new",
        "2025-02-01",
        ["checkout", "search"],
        None,
        "A missing index made the orders query saturate database CPU.",
    )
    [repeat] = find_repeats([new, old])
    assert repeat.similar_cause and repeat.factors == ()


def test_related_links_pair_up_whatever_the_facts_and_either_way() -> None:
    old = pm("old", "2024-08-15", ["checkout"], ["software-bug"], CHECKOUT)
    new = pm("new", "2025-02-01", ["search"], ["deploy"], QUEUE, related=[])
    old.facts.related = ["new"]
    [repeat] = find_repeats([old, new])
    assert repeat.linked and repeat.later is new


def test_chains_list_every_predecessor_newest_first() -> None:
    first = pm("first", "2024-01-01", ["auth service"], ["expired-secret"])
    second = pm("second", "2025-01-01", ["auth service"], ["expired-secret"])
    third = pm("third", "2026-01-01", ["auth service"], ["expired-secret"])
    assert pairs(first, third, second) == [("third", "second"), ("third", "first"), ("second", "first")]
    assert [r.later.facts.title for r in by_earlier(find_repeats([first, second, third]))[first.path]] == [
        "second",
        "third",
    ]


def test_follow_up_counts_open_overdue_and_done_after_the_repeat() -> None:
    tasks = [
        Task(10, "Renew by hand", True, "tomas", date(2025, 1, 9), date(2025, 1, 9)),
        Task(11, "Automate renewal", False, "tomas", date(2025, 2, 28)),
        Task(12, "Alert on expiry", True, "ada", date(2025, 1, 24), date(2025, 10, 20)),
        Task(13, "Runbook", True, "tomas", None),
        Task(14, "Backup approvers", False, None, date(2026, 6, 1)),
    ]
    old = pm("old", "2025-01-09", ["auth service"], ["expired-secret"], tasks=tasks)
    new = pm("new", "2025-10-14", ["auth service"], ["expired-secret"])
    [repeat] = find_repeats([old, new])
    counts = follow_up(repeat, today=date(2026, 1, 1))
    assert (counts.total, counts.open, counts.overdue) == (5, 2, 1)
    assert (counts.done_after, counts.done_before, counts.done_undated) == (1, 1, 1)
    assert counts.due_before_repeat == 2
    assert follow_up(repeat, today=date(2026, 7, 1)).overdue == 2


def test_related_names_must_be_postmortems() -> None:
    old = pm("2025-01-09-certificate-expiry", "2025-01-09", ["auth service"])
    new = pm("new", "2025-10-14", ["auth service"], related=["2025-01-09-certificate-expiri", "new", "nothing-like"])
    assert [str(p) for p in related_problems([old, new])] == [
        "docs/postmortems/new.md:7: related '2025-01-09-certificate-expiri' is not the file name of a postmortem"
        " - write 2025-01-09-certificate-expiry",
        "docs/postmortems/new.md:7: related 'new' is this postmortem itself - remove it",
        "docs/postmortems/new.md:7: related 'nothing-like' is not the file name of a postmortem"
        " - give a file name from docs/postmortems/ without .md, e.g. 2025-01-09-certificate-expiry",
    ]


def _every_pair(postmortems: list[Postmortem]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...], bool, bool]]:
    """The finder's rule applied to every pair of the square, as the reference the indexed finder must match."""
    dated = sorted(
        ((p.facts.start, p) for p in postmortems if p.facts.start is not None),
        key=lambda item: (item[0], item[1].path),
        reverse=True,
    )
    found = []
    for index, (when, later) in enumerate(dated):
        for other_when, earlier in dated[index + 1 :]:
            if not other_when < when:
                continue
            first = {" ".join(s.split()).casefold(): " ".join(s.split()) for s in earlier.facts.services}
            second = {" ".join(s.split()).casefold(): " ".join(s.split()) for s in later.facts.services}
            services = tuple(second[key] for key in second if key in first)
            names = (earlier.path.rsplit("/", 1)[-1][:-3], later.path.rsplit("/", 1)[-1][:-3])
            linked = names[0] in later.facts.related or names[1] in earlier.facts.related
            factors = tuple(f for f in later.facts.factors if f in earlier.facts.factors)
            similar = not (earlier.facts.factors and later.facts.factors) and similar_causes(
                earlier.facts.root_cause, later.facts.root_cause
            )
            if linked or (services and (factors or similar)):
                found.append((later.path, earlier.path, services, factors, similar, linked))
    return found


@pytest.mark.parametrize("seed", range(8))
def test_the_indexed_finder_finds_what_comparing_every_pair_finds(seed: int) -> None:
    import random

    rng = random.Random(seed)
    causes = [CERT_2025, CERT_AGAIN, CHECKOUT, QUEUE, PRICING, None]
    names = [f"p{index}" for index in range(40)]
    postmortems = [
        pm(
            name,
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            rng.sample(["api", "Auth  Service", "auth service", "db", "queue", "web"], rng.randint(0, 2)),
            rng.sample(["config", "capacity", "expiry"], rng.randint(0, 1)),
            rng.choice(causes),
            rng.sample(names, rng.randint(0, 1)),
        )
        for name in names
    ]
    got = [
        (r.later.path, r.earlier.path, r.services, r.factors, r.similar_cause, r.linked)
        for r in find_repeats(postmortems)
    ]
    assert got == _every_pair(postmortems)
    assert got, "the sample has repeats to compare"
