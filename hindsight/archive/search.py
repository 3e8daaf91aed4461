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
from pathlib import Path, PurePosixPath

BUNDLE = "pagefind"
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
"""Pagefind's own search UIs: the site searches through its theme's box instead."""


class SearchError(Exception):
    """Pagefind could not write the index; the message says why."""


def write_index(site: Path, pages: Sequence[PurePosixPath], root: str, ignore: str, timeout: float) -> None:
    """Index the built `pages` (paths under `site`) into `site`/pagefind/, replacing any earlier bundle.

    Only the element matching the CSS selector `root`, less what matches `ignore`, is searchable.
    Pagefind indexes a folder, so it is given one holding links to exactly these pages. No pages, no bundle.
    """
    output = site / BUNDLE
    shutil.rmtree(output, ignore_errors=True)
    if not pages:
        return  # nothing to find; Pagefind refuses an empty site, and the search box finds nothing
    with tempfile.TemporaryDirectory(prefix="hindsight-search-") as chosen:
        for page in pages:
            link = Path(chosen, page)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to((site / page).resolve())
        command = [sys.executable, "-m", "pagefind", "--site", chosen, "--output-path", str(output)]
        command += ["--root-selector", root, "--exclude-selectors", ignore, "--force-language", "en", "--quiet"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SearchError(f"Pagefind did not run: {error}") from None
    if done.returncode != 0:
        raise SearchError(f"Pagefind failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}")
    for pattern in UNUSED:
        for path in output.glob(pattern):
            path.unlink()
