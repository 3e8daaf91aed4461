"""Mermaid served from the site itself, from the copy shipped in the Python package (no npm, no CDN)."""

from __future__ import annotations

import shutil
from pathlib import Path

from hindsight.page.mermaid import MERMAID_CHUNKS, MERMAID_ENTRY, VENDORED_MERMAID

TARGET = "assets/javascripts/mermaid"


SITE_MERMAID = f"{TARGET}/{MERMAID_ENTRY}"
"""The site path of Mermaid's ES module: every build copies it there from the Python package."""


def copy_mermaid(site_dir: Path) -> None:
    """Mermaid's ES module entry and its chunks: pages load only what a gantt chart needs.

    A file already there with the same size is left alone, so a serve rebuild copies nothing.
    """
    target = site_dir / TARGET
    names = [MERMAID_ENTRY, *(f"{MERMAID_CHUNKS}/{p.name}" for p in (VENDORED_MERMAID / MERMAID_CHUNKS).glob("*.mjs"))]
    for name in names:
        there = target / name
        if not there.is_file() or there.stat().st_size != (VENDORED_MERMAID / name).stat().st_size:
            there.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(VENDORED_MERMAID / name, there)
