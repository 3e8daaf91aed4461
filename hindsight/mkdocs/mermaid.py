"""Mermaid served from the site itself when npm installed it (pages fall back to the CDN otherwise)."""

from __future__ import annotations

import shutil
from pathlib import Path

DIST = Path("node_modules/mermaid/dist")
ENTRY = "mermaid.esm.min.mjs"
CHUNKS = "chunks/mermaid.esm.min"
TARGET = "assets/javascripts/mermaid"


def site_mermaid(root: Path) -> str | None:
    """The site path of Mermaid's ES module, when the project has it; None means the page's script uses the CDN."""
    return f"{TARGET}/{ENTRY}" if (root / DIST / ENTRY).is_file() else None


def copy_mermaid(root: Path, site_dir: Path) -> None:
    """Mermaid's ES module entry and its chunks (no source maps): pages load only what a gantt chart needs."""
    dist, target = root / DIST, site_dir / TARGET
    if not (dist / ENTRY).is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dist / ENTRY, target / ENTRY)
    shutil.copytree(dist / CHUNKS, target / CHUNKS, ignore=shutil.ignore_patterns("*.map"), dirs_exist_ok=True)
