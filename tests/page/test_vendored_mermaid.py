"""The Mermaid shipped in the Python package is exactly the one npm pins, with its licence and provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hindsight.page.mermaid import MERMAID_CHUNKS, MERMAID_ENTRY, VENDORED_MERMAID
from tests.conftest import ROOT

NODE_MERMAID = ROOT / "node_modules" / "mermaid"


def pinned() -> dict[str, str]:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/mermaid"]
    assert isinstance(lock, dict)
    return lock


def test_the_version_is_the_one_package_json_and_the_lock_pin() -> None:
    version = (VENDORED_MERMAID / "VERSION").read_text(encoding="utf-8").strip()
    assert json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["mermaid"] == version
    assert pinned()["version"] == version
    readme = (VENDORED_MERMAID / "README.md").read_text(encoding="utf-8")
    assert f"`mermaid` {version}" in readme and pinned()["integrity"] in readme, "provenance recorded"
    assert "MIT License" in (VENDORED_MERMAID / "LICENSE").read_text(encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    files = {MERMAID_ENTRY: (root / MERMAID_ENTRY).read_bytes()}
    files |= {f"{MERMAID_CHUNKS}/{p.name}": p.read_bytes() for p in sorted((root / MERMAID_CHUNKS).glob("*.mjs"))}
    return files


def test_every_file_is_the_one_npm_installs() -> None:
    if not (NODE_MERMAID / "package.json").is_file():
        pytest.fail(f"{NODE_MERMAID} is missing - install the npm packages with: npm ci (in {ROOT})")
    assert json.loads((NODE_MERMAID / "package.json").read_text(encoding="utf-8"))["version"] == pinned()["version"]
    shipped, installed = _files(VENDORED_MERMAID), _files(NODE_MERMAID / "dist")
    assert sorted(shipped) == sorted(installed)
    changed = [name for name in shipped if shipped[name] != installed[name]]
    assert changed == [], "run python scripts/vendor_mermaid.py"


def test_the_package_data_includes_them() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"vendor/mermaid/*"' in text and f'"vendor/mermaid/{MERMAID_CHUNKS}/*"' in text
