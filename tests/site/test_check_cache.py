"""`check` keeps parsed postmortems in .cache/hindsight/: a second run says exactly what a first run says."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import VALID, Site, mutate

MakeSite = Callable[..., Site]
BROKEN = mutate("severity: SEV1", "severity: SEV9")


def test_a_cached_check_says_the_same_and_sees_every_edit(make_site: MakeSite) -> None:
    site = make_site({"a.md": VALID, "b.md": BROKEN})
    first = site.check()
    assert (site.root / ".cache" / "hindsight" / "parsed.pickle").is_file()
    second = site.check()
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert "b.md:" in first.stdout and first.returncode == 1
    site.write("b.md", VALID)
    fixed = site.check()
    assert (fixed.returncode, fixed.stdout.splitlines()[-1]) == (0, "hindsight: 2 postmortems checked, no problems")
    site.write("a.md", BROKEN)
    assert "a.md:" in site.check().stdout, "an edit is seen at once"
