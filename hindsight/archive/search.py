"""The site's search index, in chunks: Pagefind over the built pages.

One search index file grows with every postmortem (5.5 MB at a thousand), and
a reader who searches once downloads all of it. Pagefind splits the index by
word and keeps each page's text in its own fragment, so a search fetches the
chunks for the words typed and the fragments of the results it shows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

BUNDLE = "pagefind"
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
"""Pagefind's own search UIs: the site searches through its theme's box instead."""


class SearchError(Exception):
    """Pagefind could not write the index; the message says why."""


@dataclass
class Indexing:
    """A Pagefind run writing `site`/pagefind/ from a folder of links to the chosen pages."""

    site: Path
    chosen: Path
    process: subprocess.Popen[str] | None

    def finish(self, timeout: float) -> None:
        """Wait for the index; SearchError if Pagefind failed or took longer than `timeout` seconds."""
        try:
            if self.process is None:
                return
            try:
                out, _ = self.process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
                raise SearchError(f"Pagefind did not finish within {timeout:.0f} s") from None
            if self.process.returncode != 0:
                raise SearchError(f"Pagefind failed (exit {self.process.returncode}): {out.strip()[-500:]}")
            for pattern in UNUSED:
                for path in (self.site / BUNDLE).glob(pattern):
                    path.unlink(missing_ok=True)
        finally:
            shutil.rmtree(self.chosen, ignore_errors=True)

    def done(self) -> bool:
        return self.process is None or self.process.poll() is not None

    def stop(self) -> None:
        """Abandon the run (a newer build replaces it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.chosen, ignore_errors=True)


def start_index(site: Path, pages: Sequence[PurePosixPath], root: str, ignore: str) -> Indexing:
    """Start indexing the built `pages` (paths under `site`) into `site`/pagefind/, replacing any earlier bundle.

    Only the element matching the CSS selector `root`, less what matches `ignore`, is searchable.
    Pagefind indexes a folder, so it is given one holding links to exactly these pages. No pages, no bundle.
    """
    output = site / BUNDLE
    shutil.rmtree(output, ignore_errors=True)
    chosen = Path(tempfile.mkdtemp(prefix="hindsight-search-"))
    if not pages:
        return Indexing(site, chosen, None)  # nothing to find; Pagefind refuses an empty site
    for page in pages:
        link = chosen / page
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to((site / page).resolve())
    command = [sys.executable, "-m", "pagefind", "--site", str(chosen), "--output-path", str(output)]
    command += ["--root-selector", root, "--exclude-selectors", ignore, "--force-language", "en", "--quiet"]
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True
        )
    except OSError as error:
        shutil.rmtree(chosen, ignore_errors=True)
        raise SearchError(f"Pagefind did not run: {error}") from None
    return Indexing(site, chosen, process)


def write_index(site: Path, pages: Sequence[PurePosixPath], root: str, ignore: str, timeout: float) -> None:
    """`start_index`, waited for."""
    start_index(site, pages, root, ignore).finish(timeout)
