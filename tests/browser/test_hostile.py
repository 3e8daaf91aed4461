"""Every hostile fixture under a real `mkdocs serve`, opened in Chromium: no dialog, no request off the site.

The server publishes each file as it would under a writer's own `mkdocs serve`
(a broken one from its readable copy, with its problems on the page), so the
pages of the crash, flood and payload fixtures are all there to open.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Dialog

from tests.browser.conftest import NODE_MODULES, Served, Tabs
from tests.conftest import ROOT, Site, copy_site
from tests.fixtures.hostile import MARK, hostile, payloads
from tests.site.test_serve import START_TIMEOUT, Server, free_port


class _QuietServer(Server):
    """`mkdocs serve` without live reload, whose long poll would keep every page from going idle."""

    def __init__(self, site: Site, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self._log_file = log.open("wb")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--no-livereload"]
        self.process = subprocess.Popen(
            command, cwd=site.root, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )


def test_no_hostile_page_opens_a_dialog_or_asks_another_host_for_anything(tmp_path: Path, tabs: Tabs) -> None:
    cases = [*hostile(), *payloads()]
    site = copy_site(tmp_path / "site-src", {f"2024-08-15-{case.name}.md": case.content for case in cases})
    (site.root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    server = _QuietServer(site, tmp_path / "serve.log")
    try:
        server.wait_until(lambda: _answers(server), "the server answers", timeout=START_TIMEOUT * 3)
        home = server.get("/")[1]
        listings = sorted(set(re.findall(r'href="\.?/?((?:category|archive)/[^"#]*)"', home)))
        paths = ["/", *(f"/{path}" for path in listings), *(f"/postmortems/2024-08-15-{case.name}/" for case in cases)]
        served = Served(site, site.root / "site", f"http://127.0.0.1:{server.port}")
        dialogs: list[str] = []
        off_site: list[str] = []
        for path in paths:
            tab = tabs.open(served)

            def on_dialog(dialog: Dialog, where: str = path) -> None:
                dialogs.append(f"{where}: {dialog.type} {dialog.message}")
                dialog.dismiss()

            tab.page.on("dialog", on_dialog)
            tab.goto(path)
            tab.page.mouse.wheel(0, 20_000)  # bring the diagram near the viewport: its scripts load too
            tab.page.wait_for_load_state("networkidle")
            assert tab.page.evaluate(f"() => typeof window.{MARK}") == "undefined", f"a payload ran on {path}"
            off_site += [f"{path}: {url}" for url in tab.aborted]
            tab.page.context.close()
            tabs.opened.remove(tab)
        assert (dialogs, off_site) == ([], [])
        assert len(paths) >= len(cases) + 1
        assert server.process.poll() is None, server.output()
        assert "Traceback" not in server.output()
    finally:
        server.stop()


def _answers(server: Server) -> bool:
    try:
        return server.get("/")[0] == 200
    except OSError:
        return False
