"""`mkdocs serve` survives each crash, hang and flood fixture as a writer saves it, and shows its problem."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from tests.conftest import VALID, Site
from tests.fixtures.hostile import hostile
from tests.site.test_serve import START_TIMEOUT, Server

MakeSite = Callable[..., Site]

# One of each class that once killed or hung the server or the build.
SAVED = ("deep-yaml", "deep-yaml-small", "alias-bytes", "deep-list", "deep-emphasis", "year-9999", "utf-16",
         "links-javascript", "template", "jinja-loop", "jinja-flood", "dst-gap")  # fmt: skip


def test_serve_survives_each_hostile_file_saved_over_a_good_one(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"x.md": VALID})
    post = site.posts / "x.md"
    cases = {case.name: case for case in hostile()}
    server = Server(site, tmp_path / "serve.log")
    try:

        def up() -> bool:
            try:
                return server.get("/")[0] == 200
            except OSError:
                return False

        server.wait_until(up, "the server answers on /", timeout=START_TIMEOUT)
        for name in SAVED:
            case = cases[name]
            post.write_bytes(case.content if isinstance(case.content, bytes) else case.content.encode("utf-8"))

            def shown(fragment: str = case.expected[0].split(" - ")[0]) -> bool:
                assert server.get("/")[0] == 200
                status, page = server.get("/postmortems/x/")
                assert status == 200, page
                return "hindsight-problems" in page and fragment in html.unescape(page)

            server.wait_until(shown, f"the page shows the problem of {name}")
        assert server.process.poll() is None, server.output()
    finally:
        server.stop()
    assert "Traceback" not in server.output()
