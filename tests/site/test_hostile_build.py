"""Every hostile fixture through `python -m hindsight check` and `mkdocs build`: the same lines, the same exit code.

One site holds them all (one build, one check), so the comparison is per line,
and nothing may crash, hang, print a traceback or write into docs/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import VALID, Site, mutate
from tests.fixtures.hostile import PWNED, hostile

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
    assert f"docs/postmortems/2024-08-16-outside.md:1: this file is a link to {secret.resolve().as_posix()}," in "\n".join(
        check_lines
    )
    published = "".join(p.read_text(errors="replace") for p in (site.root / "site").rglob("*.html"))
    assert "Outside text" not in published
