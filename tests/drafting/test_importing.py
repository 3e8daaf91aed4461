"""`import`: plain postmortems in, draft contract postmortems out, with what is left to settle at its lines."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight import DEFAULT
from hindsight.cli import main
from hindsight.drafting.importing import draft
from hindsight.model import Tag
from hindsight.reading.parse import parse_postmortem
from tests.conftest import FIXTURES, ROOT, copy_site
from tests.test_no_renderer_raises import postmortem_text

PLAIN = FIXTURES / "plain"
TODAY = date(2026, 12, 4)
GUESS = "confirm it or change it, then delete the '# guess' comment"


def front(text: str) -> dict[str, object]:
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def drafted(text: str, name: str = "plain") -> str:
    return draft(text, DEFAULT, TODAY, name).text


def sentences(text: str) -> list[str]:
    """The writer's sentences, as running text (list markers, times and emphasis aside)."""
    found = []
    for line in text.splitlines():
        if re.match(r"^\s*(?:TITLE:|#|\*\*[^*]+\*\*:?$|```)", line):
            continue  # headings, bold section names, fences: written anew
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).replace("**", "").replace("<br>", "\n")
        for part in line.split("\n"):
            part = re.sub(r"^\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?:?\s*(?:-\s+)?", "", part.strip())
            found += [s for s in re.split(r"(?<=[.!?])\s+", part) if len(s.split()) >= 3]
    return found


def kept(source: str, result: str) -> list[str]:
    """Sentences of the source that the result does not hold word for word."""
    body = " ".join(result.split("---\n", 2)[2].split())
    return [s for s in sentences(source) if " ".join(s.split()) not in body]


SEED = Path("shared") / "seeds" / "000_35cd7e97933fe9fc.txt"


def sample() -> str:
    """The assignment's sample, read at test time from ../shared/ and never copied (someone else's prose)."""
    found = next((base / SEED for base in ROOT.parents if (base / SEED).is_file()), None)
    assert found is not None, f"the assignment is not at ../{SEED} beside the project"
    return found.read_text(encoding="utf-8").split("SOLUTION\n", 1)[1].split("**Repo:**", 1)[0]


def test_the_assignment_s_sample_after_one_import_builds_with_only_what_its_text_lacks(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    source = tmp_path / "sample.txt"
    source.write_text(sample(), encoding="utf-8")
    result = site.run("-m", "hindsight", "import", str(source))
    name = "docs/postmortems/2024-08-15-e-commerce-platform-outage-due-to-unoptimized-database-query.md"
    guesses = [
        f"{name}:3: date 2024-08-15 is a guess (the day of the incident: write the day it is published) - {GUESS}",
        f"{name}:4: severity SEV2 is a guess (from 75% of users affected) - {GUESS}",
    ]
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"hindsight: wrote {name} from {source} (a draft: check it, then remove 'draft: true')",
        *guesses,
        "hindsight: 1 postmortem imported, 2 things to settle (listed above)",
    ]
    text = (site.root / name).read_text(encoding="utf-8")
    facts = front(text)
    assert facts["title"] == "E-commerce Platform Outage Due to Unoptimized Database Query"
    assert (facts["start"], facts["end"]) == ("2024-08-15 14:30 UTC", "2024-08-15 17:45 UTC")
    assert facts["users_affected"] == "75%"
    assert facts["services"] == ["e-commerce platform"]
    assert facts["impact"] == "Slow page loads, frequent timeouts, and failed transactions."
    assert str(facts["root_cause"]).startswith("The root cause was identified as an unoptimized database query")
    assert facts["draft"] is True
    assert kept(sample(), text) == []
    parsed = parse_postmortem(name, text.encode(), DEFAULT)
    assert [entry.tag for entry in parsed.timeline] == [
        Tag.DETECTED,
        Tag.ACTION,
        Tag.DETECTED,
        Tag.MISLEADING,
        Tag.DETECTED,
        Tag.ESCALATED,
        Tag.ACTION,
        Tag.ACTION,
        Tag.RESOLVED,
    ]
    assert len(parsed.tasks) == 6 and not any(task.done for task in parsed.tasks)
    assert re.search(r"^- 14:30 UTC - \[detected\] ", text, re.MULTILINE)

    built = site.build()
    assert built.returncode == 0, built.stdout + built.stderr
    assert re.findall(r"^WARNING +-  (docs/postmortems/\S+:\d+: .*)$", built.stderr, re.MULTILINE) == guesses
    published = site.root / name
    published.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    failed = site.build()
    assert failed.returncode == 1
    assert re.findall(r"^ERROR +-  (docs/postmortems/\S+:\d+: .*)$", failed.stderr, re.MULTILINE) == guesses


def test_three_styles_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path / "site")
    files = [PLAIN / "assignment-style.txt", PLAIN / "pasted-document.md", PLAIN / "missing-facts.txt"]
    assert main(["import", "-f", str(site.root / "mkdocs.yml"), *map(str, files)]) == 0
    out = capsys.readouterr().out.splitlines()
    written = sorted(site.posts.glob("*.md"))
    assert [path.name for path in written] == [
        "2024-11-04-payments-api-answered-with-502s.md",
        "2025-03-03-login-service-locked-out-mobile-users.md",
        f"{date.today().isoformat()}-search-results-went-stale.md",
    ]
    texts = {path.name.split("-", 3)[3]: path.read_text(encoding="utf-8") for path in written}
    for source in files:
        assert kept(source.read_text(encoding="utf-8"), "\n".join(texts.values())) == [], source.name

    login = texts["login-service-locked-out-mobile-users.md"]
    facts = front(login)
    assert (facts["start"], facts["end"]) == ("2025-03-03 10:05 EAT", "2025-03-03 12:40 EAT")
    assert facts["users_affected"] == "40%" and facts["severity"] == "SEV3"
    assert facts["services"] == ["login", "mobile app"]
    assert "- 10:45 EAT - [misleading] We suspected a bad app release" in login
    assert "- 12:40 EAT - [resolved] Failed logins back to normal" in login
    assert "Tasks\n\n- [ ] Add the mobile app to the key rotation runbook.\n" in login

    payments = texts["payments-api-answered-with-502s.md"]
    facts = front(payments)
    assert (facts["start"], facts["end"]) == ("2024-11-04 09:02 PST", "2024-11-04 10:31 PST")
    assert facts["services"] == ["payments API"]
    assert facts["root_cause"] == "A connection pool that was too small for the new worker count was the root cause."
    assert "- 09:10 - [action] The on-call engineer restarted two workers" in payments
    assert "- 09:18 - [mitigated] Traffic graphs looked normal" in payments, "two events in one bullet: two entries"
    assert "## Root Cause and Resolution\n" in payments and "### Resolution\n" in payments
    assert "```\n## Timeline\n- 10:00 - this line is a log, not an event\n" in payments, "code stays as typed"
    assert "- [ ] Alert when the proxy refuses connections. @ana" in payments
    assert "## Lessons learned\n" in payments
    assert payments.index("*Written by the payments team") < payments.index("## Issue Summary")

    stale = texts["search-results-went-stale.md"]
    name = f"docs/postmortems/{date.today().isoformat()}-search-results-went-stale.md"
    lines = stale.splitlines()

    def at(prefix: str) -> int:
        return next(number for number, line in enumerate(lines, 1) if line.startswith(prefix))

    close = lines.index("---", 1) + 1
    assert (
        f"{name}:{at('start:')}: start 09:10 is a guess (the first timeline entry: write when the impact began;"
        f" the text gives no date and no timezone) - {GUESS}" in out
    )
    assert (
        f"{name}:{close}: missing required field 'end' - add it to the front matter: end: 2024-08-15 17:45 UTC" in out
    )
    assert (
        f"{name}:{close}: missing required field 'users_affected' - add it to the front matter: users_affected: 75%"
        in out
    )
    assert (
        f"{name}:{at('severity:')}: severity SEV3 is a guess (the text does not say how bad it was: pick the level)"
        f" - {GUESS}" in out
    )
    assert "- 09:10 - [detected] A customer reported that new products were missing from search." in stale
    assert "Action items\n\n- [ ] Alert when the index is older than one hour.\n" in stale
    assert out[-1].startswith("hindsight: 3 postmortems imported, ")


def test_import_never_overwrites_and_writes_into_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path / "site")
    config = str(site.root / "mkdocs.yml")
    source = str(PLAIN / "assignment-style.txt")
    into = tmp_path / "drafts"
    assert main(["import", source, "--into", str(into), "-f", config]) == 0
    target = into / "2025-03-03-login-service-locked-out-mobile-users.md"
    before = target.read_text(encoding="utf-8")
    target.write_text(before + "edited\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-f", config, "import", source, "--into", str(into)]) == 1
    out = capsys.readouterr().out
    assert "already exists - nothing written for" in out
    assert target.read_text(encoding="utf-8") == before + "edited\n"
    assert not list(site.posts.glob("*.md")), "--into is where it writes"


def test_a_file_that_is_not_text_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path / "site")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF\x00\x01")
    assert main(["import", "-f", str(site.root / "mkdocs.yml"), str(binary), str(tmp_path / "missing.txt")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        "scan.pdf:1: file is binary, not Markdown - replace it with a Markdown postmortem or move it out of the postmortem folder"
    )
    assert out[1].endswith(
        "missing.txt:1: cannot read the file (No such file or directory) - give the path of a text or Markdown file"
    )
    assert not list(site.posts.glob("*.md"))


@pytest.mark.parametrize(
    ("text", "title", "day"),
    [
        ("TITLE: Queue stalled - (May 2, 2025)\n\nIssue Summary\nIt stalled.\n", "Queue stalled", "2025-05-02"),
        ("# Queue stalled\n\n## Summary\nIt stalled on 2025-05-02.\n", "Queue stalled", "2025-05-02"),
        ("Queue stalled\n=============\n\nSummary\nIt stalled on 2 May 2025.\n", "Queue stalled", "2025-05-02"),
        ("**Queue stalled (May 2nd, 2025)**\n\nOverview\nIt stalled.\n", "Queue stalled", "2025-05-02"),
        ("Issue Summary\nIt stalled.\n", "Queue notes", TODAY.isoformat()),
    ],
)
def test_title_and_date(text: str, title: str, day: str) -> None:
    facts = front(drafted(text, "queue_notes"))
    assert (facts["title"], str(facts["date"])) == (title, day)


@pytest.mark.parametrize(
    ("summary", "start", "end"),
    [
        (
            "From 14:30 to 17:45 UTC on August 15, 2024, checkout was slow.",
            "2024-08-15 14:30 UTC",
            "2024-08-15 17:45 UTC",
        ),
        (
            "On 3 March 2025, between 9:00 AM and 11:15 AM EAT, sign-in failed.",
            "2025-03-03 09:00 EAT",
            "2025-03-03 11:15 EAT",
        ),
        (
            "Duration: 14:30 - 17:45 (UTC+3) on 2024-08-15\nCheckout was slow.",
            "2024-08-15 14:30 UTC+3",
            "2024-08-15 17:45 UTC+3",
        ),
        ("Duration: 2 hours 30 minutes\nFrom 23:00 UTC on 2024-08-15 onwards checkout was slow.", None, None),
        ("On 2024-08-15 from 23:10 to 01:20 UTC the queue stalled.", "2024-08-15 23:10 UTC", "2024-08-16 01:20 UTC"),
        ("From 10:00 to 11:00 on 2024-08-15 the queue stalled.", "2024-08-15 10:00", "2024-08-15 11:00"),
    ],
)
def test_impact_window_from_the_writer_s_sentence(summary: str, start: str | None, end: str | None) -> None:
    facts = front(drafted(f"Queue stalled\n\nIssue Summary\n{summary}\n"))
    assert (facts.get("start"), facts.get("end")) == (start, end)


def test_a_duration_and_the_first_entry_give_start_and_end_said_to_be_guesses() -> None:
    text = drafted(
        "Queue stalled\n\nIssue Summary\nDuration: 1 hour 15 minutes\nOn 2024-08-15 the queue stalled.\n\n"
        "Timeline\n- 9:30 PM GMT - The queue alert fired.\n- 10:45 PM GMT - Queue drained, back to normal.\n"
    )
    assert "start: 2024-08-15 21:30 GMT  # guess: the first timeline entry: write when the impact began\n" in text
    assert "end: 2024-08-15 22:45 GMT\n" in text
    assert "- 21:30 GMT - [detected] The queue alert fired." in text


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ("- 14:30 UTC - [action] We looked at the alert.", "- 14:30 UTC - [action] We looked at the alert."),
        ("* **10:30 AM:** Issue detected by a customer.", "- 10:30 - [detected] Issue detected by a customer."),
        ("1. 9:00 pm - Servers are updated.", "- 21:00 - [action] Servers are updated."),
        ("- **10:30 AM (UTC):** The alert fired.", "- 10:30 UTC - [detected] The alert fired."),
        (" * 12:02 AM EAT :- Report received from a user.", "- 00:02 EAT - [action] Report received from a user."),
        ("**23:00** – Paged the database team.", "- 23:00 - [escalated] Paged the database team."),
        ("- 15.25 - Rolled back the deploy.", "- 15:25 - [mitigated] Rolled back the deploy."),
        ("- 2024-08-16 00:10 UTC - Service restored.", "- 2024-08-16 00:10 UTC - [resolved] Service restored."),
    ],
)
def test_timeline_entries_in_canonical_form(line: str, entry: str) -> None:
    text = drafted(f"Queue stalled\n\nTimeline\n{line}\n")
    assert entry in text.splitlines()


def test_a_time_zone_that_could_mean_three_is_kept_for_the_check_to_name() -> None:
    text = drafted("Queue stalled\n\nIssue Summary\nOn 2024-08-15 from 10:00 to 11:00 IST the queue stalled.\n")
    assert front(text)["start"] == "2024-08-15 10:00 IST"
    problems = parse_postmortem("x.md", text.encode(), DEFAULT).problems
    assert any("timezone 'IST' could mean India Standard Time (+05:30)" in p.message for p in problems)


@pytest.mark.parametrize(
    ("summary", "users", "severity"),
    [
        ("About 75% of our users could not pay.", "75%", "SEV2"),
        ("All users were logged out for an hour.", "100%", "SEV1"),
        ("Roughly 5 percent of requests were slow.", "5%", "SEV4"),
        ("Searches were slow for a while.", None, "SEV3"),
    ],
)
def test_users_affected_and_a_severity_said_to_be_a_guess(summary: str, users: str | None, severity: str) -> None:
    text = drafted(f"Queue stalled\n\nIssue Summary\n{summary}\n")
    facts = front(text)
    assert facts.get("users_affected") == users
    assert facts["severity"] == severity
    assert re.search(rf"^severity: {severity}  # guess: ", text, re.MULTILINE)


def test_a_front_matter_the_writer_already_had_is_kept() -> None:
    text = drafted(
        "---\ntitle: Own title\nseverity: SEV4\nticket: OPS-7\n---\n\nIssue Summary\nAll users saw errors.\n"
    )
    facts = front(text)
    assert (facts["title"], facts["severity"], facts["ticket"], facts["draft"]) == ("Own title", "SEV4", "OPS-7", True)
    assert "# guess" not in text.split("\n")[3]


def test_tasks_with_no_task_line_are_the_corrective_list_and_ticked_ones_stay_ticked() -> None:
    text = drafted(
        "Queue stalled\n\nCorrective Measures\nWe will watch the queue.\n\n- Alert on queue age.\n  More detail here.\n"
        "- [x] Drain script written.\n"
    )
    assert "- [ ] Alert on queue age.\n  More detail here.\n- [x] Drain script written.\n" in text
    assert "## Corrective and Preventative Measures\n" in text


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(postmortem_text(), st.text(), postmortem_text().map(lambda text: text.split("---\n")[-1])))
def test_any_text_drafts_a_postmortem_that_reads_back(text: str) -> None:
    result = draft(text, DEFAULT, TODAY, "notes")
    assert result.text.startswith("---\n") and result.title
    parsed = parse_postmortem("x.md", result.text.encode(), DEFAULT)
    assert parsed.facts.draft, [str(p) for p in parsed.problems]
    assert parsed.facts.title == result.title


def test_loose_headings_become_the_contract_s_headings() -> None:
    text = drafted((PLAIN / "loose-headings.md").read_text(encoding="utf-8"))
    facts = front(text)
    assert facts["title"] == "Chat messages arrived late", "an <h1> title loses its tags"
    assert (facts["start"], facts["end"]) == ("2024-11-04 14:00", "2024-11-04 15:30"), "no zone: the check says so"
    assert "# guess" not in text.split("start:", 1)[1].split("\n", 1)[0]
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "## Issue Summary",
        "## Timeline",
        "## Root Cause and Resolution",
        "## Corrective and Preventative Measures",
    ]
    assert "- 14:50 - [escalated] Escalated to the platform team." in text
    assert "**Tasks:**\n\n- [ ] Fix the retention setting\n- [ ] Alert on broker disk usage\n" in text
    problems = [str(p) for p in parse_postmortem("x.md", text.encode(), DEFAULT).problems]
    assert any("start '2024-11-04 14:00' has no timezone" in p for p in problems)


def test_a_zone_named_in_the_timeline_heading_dates_the_window() -> None:
    text = drafted(
        "Rides failed\n\nIssue Summary\nBookings failed for all riders on 2025-01-10.\n\n"
        "## Timeline (all times WAT)\n- 9:00 pm - Alerts fired for booking errors.\n"
        "- 9:40 pm - Rolled back the update and bookings were back to normal.\n"
    )
    facts = front(text)
    assert (facts["start"], facts["end"], facts["users_affected"]) == (
        "2025-01-10 21:00 WAT",
        "2025-01-10 21:40 WAT",
        "100%",
    )
    assert facts["severity"] == "SEV1"
