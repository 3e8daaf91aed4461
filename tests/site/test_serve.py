"""End to end: a real `mkdocs serve` never dies of a postmortem problem and shows it on the page.

MkDocs' dev server holds every request while a rebuild runs, and holds them
forever if a rebuild raises; so a request that does not answer within its
timeout is a failure here, and every wait is bounded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, VALID, Site, mutate

MakeSite = Callable[..., Site]

START_TIMEOUT = 60.0
REBUILD_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(self, site: Site, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self._log_file = log.open("wb")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--livereload"]
        self.process = subprocess.Popen(
            command, cwd=site.root, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )

    def get(self, path: str) -> tuple[int, str]:
        """Status and body; raises if the server does not answer within REQUEST_TIMEOUT."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = REBUILD_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.process.poll() is None, f"the server died while waiting until {what}:\n{self.output()}"
            assert time.monotonic() < deadline, (
                f"timed out after {timeout:.0f} s waiting until {what}:\n{self.output()}"
            )
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()


def test_serve_shows_problems_on_the_page_and_survives_them(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"x.md": VALID})
    post = site.posts / "x.md"
    server = Server(site, tmp_path / "serve.log")
    try:

        def up() -> bool:
            try:
                return server.get("/")[0] == 200
            except OSError:  # not listening yet
                return False

        server.wait_until(up, "the server answers on /", timeout=START_TIMEOUT)
        status, page = server.get("/postmortems/x/")
        assert status == 200, page
        assert "Checkout crawled for three hours" in page
        assert "hindsight-problems" not in page
        server.wait_until(lambda: server.get("/pagefind/pagefind.js")[0] == 200, "the search index is written")

        # Break it: the page shows the problem, and the site keeps answering meanwhile.
        post.write_text(mutate("## Timeline\n", ""), encoding="utf-8")

        def banner_shown() -> bool:
            assert server.get("/")[0] == 200
            status, page = server.get("/postmortems/x/")
            assert status == 200, page
            return "hindsight-problems" in page and "missing section" in page

        server.wait_until(banner_shown, "the page shows the missing section")

        # Fix it: the banner goes away.
        post.write_text(VALID, encoding="utf-8")

        def banner_gone() -> bool:
            status, page = server.get("/postmortems/x/")
            assert status == 200, page
            return "hindsight-problems" not in page

        server.wait_until(banner_gone, "the banner is gone after the fix")

        # A post Material's blog plugin cannot read on its own neither kills the server nor hangs requests.
        site.write("y.md", mutate("title: Checkout crawled for three hours\n", "title: [Checkout crawled\n"))

        def yaml_problem_shown() -> bool:
            started = time.monotonic()
            assert server.get("/")[0] == 200
            assert time.monotonic() - started < REQUEST_TIMEOUT
            status, page = server.get("/postmortems/y/")
            return status == 200 and "hindsight-problems" in page and "not valid YAML" in page

        server.wait_until(yaml_problem_shown, "the broken-YAML post shows its problem")

        # A bad setting on a rebuild is reported, and the server keeps serving with the defaults.
        config = site.root / "mkdocs.yml"
        config.write_text(
            mutate('colour: "#b71c1c"', 'colour: "blue-ish"', config.read_text(encoding="utf-8")), encoding="utf-8"
        )
        bad_setting = "ERROR   -  mkdocs.yml: extra.postmortem.severities[0].colour: 'blue-ish' is not a colour - use a hex colour like '#b71c1c'"
        server.wait_until(lambda: bad_setting in server.output(), "the bad setting is logged")
        server.wait_until(lambda: server.get("/")[0] == 200, "the server answers after the bad setting")
        assert server.get("/")[0] == 200
        assert "hindsight-problems" not in server.get("/postmortems/x/")[1]
        assert server.process.poll() is None, server.output()
    finally:
        server.stop()

    log = server.output()
    assert "Traceback" not in log
    assert not (site.root / ".cache" / "hindsight" / "cards").exists(), (
        "serve draws no social card: they wait for a build"
    )
    assert "social cards:" not in log
    assert (
        'WARNING -  docs/postmortems/x.md:40: missing section "## Timeline" - add "## Timeline" after "## Issue Summary"\n'
        in log
    )
    assert (
        "WARNING -  docs/postmortems/y.md:3: front matter is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
        " - fix the YAML syntax; quote values that contain ': ' or start with a special character\n"
    ) in log
    assert "ERROR   -  docs/" not in log
    assert "An error happened during the rebuild" not in log
