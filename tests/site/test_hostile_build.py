"""Every hostile fixture through `python -m hindsight check` and `mkdocs build`: the same lines, the same exit code.

One site holds them all (one build, one check), so the comparison is per line,
and nothing may crash, hang, print a traceback or write into docs/.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.conftest import Site
from tests.fixtures.hostile import hostile

MakeSite = Callable[..., Site]

BUILD_LINE = re.compile(r"^(?:ERROR|WARNING) +-  (docs/postmortems/\S+:\d+: .*)$", re.MULTILINE)
CHECK_LINE = re.compile(r"^(docs/postmortems/\S+:\d+: .*)$", re.MULTILINE)


def test_check_and_build_agree_on_every_hostile_fixture(make_site: MakeSite) -> None:
    cases = hostile()
    site = make_site({f"2024-08-15-{case.name}.md": case.content for case in cases})
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
