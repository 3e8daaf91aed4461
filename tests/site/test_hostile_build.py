"""Every hostile fixture through `python -m hindsight check` and `mkdocs build`: the same lines, the same exit code.

One site holds them all (one build, one check), so the comparison is per line,
and nothing may crash, hang, print a traceback or write into docs/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import VALID, Site, mutate
from tests.fixtures.hostile import MARK, PWNED, TRACKER, hostile, payloads

MakeSite = Callable[..., Site]

BUILD_LINE = re.compile(r"^(?:ERROR|WARNING) +-  (docs/postmortems/\S+:\d+: .*)$", re.MULTILINE)
CHECK_LINE = re.compile(r"^(docs/postmortems/\S+:\d+: .*)$", re.MULTILINE)


def test_check_and_build_agree_on_every_hostile_fixture(make_site: MakeSite, tmp_path: Path) -> None:
    cases = hostile()
    site = make_site({f"2024-08-15-{case.name}.md": case.content for case in cases})
    # a postmortem folder reached through a link inside the project: both read it
    shared = site.root / "shared-postmortems"
    shared.mkdir()
    (shared / "2024-08-16-linked-folder.md").write_text(mutate("severity: SEV1\n", ""), encoding="utf-8")
    (site.posts / "linked").symlink_to(shared, target_is_directory=True)
    # a postmortem that is a link to a file outside the project: refused by name, never published
    secret = tmp_path / "outside.md"
    secret.write_text(VALID.replace("Checkout crawled", "Outside text"), encoding="utf-8")
    (site.posts / "2024-08-16-outside.md").symlink_to(secret)
    before = site.snapshot()
    checked = site.check()
    built = site.build()
    for output in (checked.stdout + checked.stderr, built.stdout + built.stderr):
        assert "Traceback" not in output and "RecursionError" not in output, output[-3000:]
    check_lines = sorted(CHECK_LINE.findall(checked.stdout))
    build_lines = sorted(BUILD_LINE.findall(built.stderr))
    assert check_lines == build_lines
    assert checked.returncode == 1 and built.returncode == 1
    for case in cases:
        mine = [line for line in check_lines if line.startswith(f"docs/postmortems/2024-08-15-{case.name}.md:")]
        for fragment in case.expected:
            assert any(fragment in line for line in mine), (case.name, fragment, mine)
    assert site.snapshot() == before
    assert not list(site.root.rglob(PWNED)), "a template in a postmortem ran a shell command"
    assert any(
        line.startswith("docs/postmortems/linked/2024-08-16-linked-folder.md:") and "'severity'" in line
        for line in check_lines
    )
    assert (
        f"docs/postmortems/2024-08-16-outside.md:1: this file is a link to {secret.resolve().as_posix()},"
        in "\n".join(check_lines)
    )
    published = "".join(p.read_text(errors="replace") for p in (site.root / "site").rglob("*.html"))
    assert "Outside text" not in published


def test_payloads_in_valid_postmortems_are_published_dead(make_site: MakeSite) -> None:
    """Every page the build writes (the posts, home, archive, categories, feed, search index) holds no live payload."""
    site = make_site({f"2024-08-15-{case.name}.md": case.content for case in payloads()})
    built = site.build()
    assert built.returncode == 0, built.stderr[-3000:]
    out = site.root / "site"
    written = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.suffix in (".html", ".xml", ".json", ".svg")
    }
    assert any(name.startswith("postmortems/2024-08-15-payload-") for name in written)
    for name, text in written.items():
        lowered = text.lower()
        for sign in (f"<script>window.{MARK}", f'onerror="window.{MARK}', "javascript:alert", f'src="{TRACKER}'):
            assert sign.lower() not in lowered, (name, sign)
        if name.endswith(".html"):
            assert f"url({TRACKER})" not in text and f'<iframe src="{TRACKER}"' not in text, name
    timeline = written["postmortems/2024-08-15-payload-timeline/index.html"]
    assert f'href="{TRACKER}"' in timeline, "a remote image in the timeline is shown as a link"
    ordered = written["postmortems/2024-08-15-payload-ordered-timeline/index.html"]
    assert 'class="hs-timeline' in ordered or "hs-event" in ordered


def test_a_team_that_trusts_its_writers_publishes_their_html(make_site: MakeSite) -> None:
    case = next(case for case in payloads() if case.name == "payload-body-script")
    site = make_site({"2024-08-15-trusted.md": case.content})
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  postmortem:\n", "  postmortem:\n    trusted_html: true\n", 1))
    assert site.build().returncode == 0
    page = (site.root / "site" / "postmortems" / "2024-08-15-trusted" / "index.html").read_text(encoding="utf-8")
    assert f"<script>window.{MARK}=1;alert(1)</script>" in page
