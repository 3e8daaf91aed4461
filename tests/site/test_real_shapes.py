"""Real builds and a real `mkdocs serve` of postmortems written the way writers really write them.

The reproduction of issue 9: a valid postmortem whose only timeline bullet is
`- 10:00 AM: The alert fired.` once crashed every build and stopped serve
before "Serving on". Now that bullet is read; a bullet that yields no entry at
all is kept too, so the no-entry path stays covered end to end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, VALID, Site, mutate
from tests.site.test_build import build_problems, output
from tests.site.test_components_build import page
from tests.site.test_serve import START_TIMEOUT, Server

MakeSite = Callable[..., Site]

STUDENT = (FIXTURES / "real" / "student.md").read_text(encoding="utf-8")
REPRODUCTION = "- 10:00 AM: The alert fired."
NO_ENTRY = "- Around ten the alert fired."


def only_bullet(bullet: str) -> str:
    """The valid postmortem with one timeline bullet instead of nine."""
    head, rest = VALID.split("## Timeline\n", 1)
    return head + f"## Timeline\n\n{bullet}\n\n## Root Cause" + rest.split("## Root Cause", 1)[1]


def test_a_real_shaped_postmortem_builds_strict_with_every_component(make_site: MakeSite) -> None:
    site = make_site({"x.md": STUDENT}, examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    body = page(site)
    assert body.count('class="hs-timeline"') == 1
    assert body.count('<li class="hs-event') == 7
    assert '<li class="hs-event hs-event--misleading" data-tag="misleading">' in body
    assert '<li class="hs-event hs-event--escalated" data-tag="escalated">' in body
    assert body.count('<pre class="hs-mermaid">') == 1
    assert re.search(r"<dt>Duration</dt><dd>2h 5m</dd>", body)
    assert "11 June 2024, 09:05 EAT" in body
    # the writer's bullets are replaced by the component, numbered item included
    assert "<strong>9:20 AM:</strong>" not in body and "<code>10:02</code>" not in body


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        (
            REPRODUCTION,
            [
                "docs/postmortems/x.md:29: the timeline never says what actions were taken"
                " - add an entry such as - 14:35 UTC - [action] On-call checked the web servers: healthy.",
                "docs/postmortems/x.md:29: the timeline never names a misleading investigation or debugging path"
                " - add an entry such as - 15:15 UTC - [misleading] Suspected a DDoS and tightened the firewall.",
                "docs/postmortems/x.md:29: the timeline never says who the incident was escalated to"
                " - add an entry such as - 16:00 UTC - [escalated] Paged the database team.",
                "docs/postmortems/x.md:29: the timeline never says how the incident was resolved"
                " - add an entry such as - 17:45 UTC - [resolved] Latency back to normal.",
            ],
        ),
        (
            NO_ENTRY,
            [
                "docs/postmortems/x.md:31: timeline entry 'Around ten the alert fired.' does not start with a time"
                " - start it with the time, e.g. - 14:30 UTC - What happened"
            ],
        ),
    ],
)
def test_the_crash_reproduction_builds_with_its_problems_and_no_traceback(
    make_site: MakeSite, bullet: str, expected: list[str]
) -> None:
    site = make_site({"x.md": only_bullet(bullet)})
    result = site.build()
    out = output(result)
    assert "Traceback" not in out
    assert result.returncode == 1, out
    problems = [line for line in build_problems(result, "ERROR") if "words of prose" not in line]
    assert problems == sorted(expected)


def test_serve_starts_and_shows_the_reproduction(make_site: MakeSite, tmp_path: Path) -> None:
    loose = mutate("## Issue Summary\n", "**Issue Summary:**\n", only_bullet(REPRODUCTION))
    site = make_site({"x.md": loose})
    post = site.posts / "x.md"
    server = Server(site, tmp_path / "serve.log")
    try:

        def up() -> bool:
            try:
                return server.get("/")[0] == 200
            except OSError:  # not listening yet
                return False

        server.wait_until(up, "the server answers on /", timeout=START_TIMEOUT)
        status, body = server.get("/postmortems/x/")
        assert status == 200, body
        assert body.count('<li class="hs-event') == 1
        assert '<li class="hs-event hs-event--detected" data-tag="detected">' in body
        assert "hindsight-problems" in body and "escalated to" in body
        assert re.search(r'<h2 id="issue-summary">Issue Summary', body), "the bold line shows as the heading to write"
        assert "<strong>Issue Summary:</strong>" not in body

        post.write_text(only_bullet(NO_ENTRY), encoding="utf-8")

        def no_entry_shown() -> bool:
            status, body = server.get("/postmortems/x/")
            assert status == 200, body
            return "does not start with a time" in body

        server.wait_until(no_entry_shown, "the page shows the bullet that has no time")
        status, body = server.get("/postmortems/x/")
        assert '<li class="hs-event' not in body
        assert "Around ten the alert fired." in body, "a timeline with no entry keeps the writer's bullet"
        assert server.process.poll() is None, server.output()
    finally:
        server.stop()
    log = server.output()
    assert "Traceback" not in log
    assert "Serving on" in log
