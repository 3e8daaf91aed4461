"""Copy the pinned Mermaid from node_modules into hindsight/vendor/mermaid/ (run after `npm ci` on an upgrade).

The site's diagrams use this copy, so a pip-only install draws them offline;
tests/page/test_vendored_mermaid.py fails until the copy matches what npm pins.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "mermaid"
TARGET = ROOT / "hindsight" / "vendor" / "mermaid"
CHUNKS = Path("chunks") / "mermaid.esm.min"


def main() -> None:
    version = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))["version"]
    shutil.rmtree(TARGET / "chunks", ignore_errors=True)
    (TARGET / CHUNKS).mkdir(parents=True)
    shutil.copyfile(SOURCE / "dist" / "mermaid.esm.min.mjs", TARGET / "mermaid.esm.min.mjs")
    for chunk in sorted((SOURCE / "dist" / CHUNKS).glob("*.mjs")):
        shutil.copyfile(chunk, TARGET / CHUNKS / chunk.name)
    shutil.copyfile(SOURCE / "LICENSE", TARGET / "LICENSE")
    (TARGET / "VERSION").write_text(version + "\n", encoding="utf-8")
    print(f"mermaid {version} copied to {TARGET.relative_to(ROOT)}; update the integrity in its README.md")


if __name__ == "__main__":
    main()
