"""The build and `check` share parsed postmortems by content: each sees every edit, neither goes stale."""

from __future__ import annotations

import pickle
from collections.abc import Callable

from hindsight.reading.cache import FILE, FORMAT
from tests.conftest import VALID, Site, mutate
from tests.site.test_build import build_problems, output

MakeSite = Callable[..., Site]
BROKEN = mutate("severity: SEV1", "severity: SEV9")


def _entries(site: Site) -> int:
    data = (site.root / ".cache" / "hindsight" / FILE).read_bytes()
    assert data.startswith(FORMAT)
    return len(pickle.loads(data[len(FORMAT) :]))


def test_builds_and_checks_share_the_cache_and_see_every_edit(make_site: MakeSite) -> None:
    site = make_site({"a.md": VALID, "b.md": VALID.replace("Checkout crawled", "Checkout crawled again")})
    first = site.build()
    assert first.returncode == 0, output(first)
    assert _entries(site) == 2
    site.write("b.md", BROKEN)
    broken = site.build()
    assert broken.returncode == 1
    assert any("b.md:" in line and "SEV9" in line for line in build_problems(broken)), output(broken)
    assert "b.md:" in site.check().stdout, "check reads the same cache and sees the same edit"
    site.write("b.md", VALID.replace("Checkout crawled", "Checkout crawled again"))
    (site.posts / "a.md").unlink()
    fixed = site.build()
    assert fixed.returncode == 0, output(fixed)
    assert _entries(site) == 1, "a removed postmortem leaves the cache with the next build"
