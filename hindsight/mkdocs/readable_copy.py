"""A copy of a broken postmortem that MkDocs and the blog can always read.

The blog plugin raises on the first post it cannot read, which stops a build
before all problems are reported and hangs `mkdocs serve`. A postmortem with
problems is therefore published from this copy: valid front matter, the same
body. The problems themselves are shown on the page and in the log.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import yaml
from mkdocs.structure.files import File

from hindsight.model import Postmortem
from hindsight.reading.facts import fits_material
from hindsight.reading.material import without_unsafe_keys

Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def readable_source(postmortem: Postmortem, fallback_title: str, today: date, authors: Collection[str] | None) -> str:
    facts = postmortem.facts
    meta = {key: value for key, value in without_unsafe_keys(postmortem.meta).items() if fits_material(key, value)}
    meta["title"] = facts.title or fallback_title
    meta["date"] = facts.date or today
    meta["authors"] = [name for name in facts.authors if authors is None or name in authors]
    meta["categories"] = facts.categories
    meta["draft"] = facts.draft
    front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{WITHHELD if postmortem.withheld else postmortem.body}"


WITHHELD = "*This postmortem is not shown: its text is nested too deeply to publish. The problem above says where.*\n"
"""The body of a page whose own body would crash Markdown (see hindsight.reading.depth)."""


@dataclass
class ReadableCopies:
    """The readable copies of one build, in a temp folder outside docs/ (the originals are never touched)."""

    folder: Path | None = None

    def publish(self, file: File, postmortem: Postmortem, authors: Collection[str] | None) -> None:
        """Point MkDocs at a readable copy of `file`."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="hindsight-"))
        copy = self.folder / file.src_uri
        copy.parent.mkdir(parents=True, exist_ok=True)
        stem = PurePosixPath(file.src_uri).stem
        copy.write_text(readable_source(postmortem, stem, date.today(), authors), encoding="utf-8")
        file.abs_src_path = str(copy)

    def remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
