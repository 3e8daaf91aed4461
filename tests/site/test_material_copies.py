"""What Hindsight takes over from Material by name or by copy fails a test when Material's original changes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import pytest

from tests.conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

COPIED = {
    "partials/copyright.html": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
}
"""Material 9.8.1's partials that overrides/ copies, by the SHA-256 of Material's file."""


@pytest.mark.parametrize("partial", sorted(COPIED))
def test_copied_partials_start_from_materials_current_file(partial: str) -> None:
    original = hashlib.sha256((MATERIAL / partial).read_bytes()).hexdigest()
    assert original == COPIED[partial], (
        f"Material's {partial} changed: compare it with overrides/{partial}, carry the change over, "
        "then record the new hash here"
    )
    assert (OVERRIDES / partial).is_file()


def test_the_search_worker_material_starts_is_hindsights() -> None:
    """Material names its search worker by a hash in base.html; overrides/ answers at exactly that path."""
    named = re.findall(
        r'"search": "(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"',
        (MATERIAL / "base.html").read_text(encoding="utf-8"),
    )
    assert len(named) == 1, (
        "Material's base.html no longer names one search worker: see overrides/assets/javascripts/workers/"
    )
    ours = OVERRIDES / named[0]
    assert ours.is_file(), f"Material now starts {named[0]}: rename overrides/assets/javascripts/workers/'s file to it"
    assert "pagefind" in ours.read_text(encoding="utf-8")
    assert [p.name for p in (OVERRIDES / "assets/javascripts/workers").iterdir()] == [ours.name]
