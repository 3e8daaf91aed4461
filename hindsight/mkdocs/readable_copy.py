"""A copy of a broken postmortem that MkDocs and the blog can always read.

The blog plugin raises on the first post it cannot read, which stops a build
before all problems are reported and hangs `mkdocs serve`. A postmortem with
problems is therefore published from this copy: valid front matter, the same
body. The problems themselves are shown on the page and in the log.
"""

from __future__ import annotations

import atexit
import os
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


WITHHELD = (
    "*This postmortem is not shown: its text is nested too deeply, or holds too many Markdown marks, to publish."
    " The problem above says where.*\n"
)
"""The body of a page whose own body would crash Markdown (see hindsight.reading.depth)."""


@dataclass
class ReadableCopies:
    """The readable copies of one build, in a temp folder outside docs/ (the originals are never touched)."""

    folder: Path | None = None

    def publish(self, file: File, postmortem: Postmortem, authors: Collection[str] | None) -> None:
        """Point MkDocs at a readable copy of `file`."""
        if self.folder is None:
            self.folder = copy_folder()
        copy = self.folder / file.src_uri
        copy.parent.mkdir(parents=True, exist_ok=True)
        stem = PurePosixPath(file.src_uri).stem
        copy.write_text(readable_source(postmortem, stem, date.today(), authors), encoding="utf-8")
        file.abs_src_path = str(copy)

    def remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


_PREFIX = "hindsight-copies-"


def copy_folder() -> Path:
    """A fresh temp folder for one build's readable copies, removed at exit and, after a kill, by the next build.

    A build stopped by Ctrl-C runs `atexit`; one killed outright cannot, so
    every new folder first sweeps away those whose process is gone.
    """
    _sweep()
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _sweep() -> None:
    for stale in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = stale.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's build
    return True
