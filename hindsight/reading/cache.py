"""Parsed postmortems kept by content, so an unchanged archive is not parsed again.

The key of an entry is everything a parse depends on: the file's bytes and
the path shown in its problem lines, the settings, the known authors, and the
code that parses (Hindsight's own files, markdown-it-py's and PyYAML's
versions). Change any of them and the entry is simply not found. The cache is
bounded by the archive: each save keeps only the entries the run just used.
Entries are pickled, and a fresh copy is unpickled for every use, so nothing a
build does to a postmortem reaches the cache.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Collection
from importlib.metadata import version
from pathlib import Path

import hindsight
from hindsight.config import Config
from hindsight.model import Postmortem
from hindsight.reading.parse import outside_root, parse_postmortem, read_postmortem

FILE = "parsed.pickle"
FORMAT = b"hindsight parsed v1\n"


@functools.cache
def code_version() -> bytes:
    """What the parse's code is: Hindsight's files, and the versions of the parsers it drives."""
    digest = hashlib.sha256()
    package = Path(hindsight.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".md", ".txt", ".json"}:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("markdown-it-py", "PyYAML"):
        digest.update(f"{name}={version(name)}\0".encode())
    return digest.digest()


def key(path: str, raw: bytes, config: Config, authors: Collection[str] | None) -> bytes:
    """The entry's key: a digest of everything the parse of `raw` depends on."""
    digest = hashlib.sha256(code_version())
    known = "\0".join(sorted(authors)) if authors is not None else "\1"
    for part in (path.encode(), repr(config).encode(), known.encode(), raw):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.digest()


class ParseCache:
    """Parsed postmortems by key, loaded from and saved to one file (or kept in memory only, `folder=None`)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.entries: dict[bytes, bytes] = self._load()
        self.used: dict[bytes, bytes] = {}
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[bytes, bytes]:
        if self.folder is None:
            return {}
        try:
            data = (self.folder / FILE).read_bytes()
        except OSError:
            return {}
        if not data.startswith(FORMAT):
            return {}
        try:
            entries = pickle.loads(data[len(FORMAT) :])
        except Exception:  # a damaged or foreign cache is no cache
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, path: str, raw: bytes, config: Config, authors: Collection[str] | None) -> Postmortem | None:
        """A fresh copy of the parse of `raw`, if it is cached; None if not."""
        entry = key(path, raw, config, authors)
        stored = self.entries.get(entry) or self.used.get(entry)
        if stored is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[entry] = stored
        postmortem = pickle.loads(stored)
        return postmortem if isinstance(postmortem, Postmortem) else None

    def put(self, path: str, raw: bytes, config: Config, authors: Collection[str] | None, parsed: Postmortem) -> None:
        self.used[key(path, raw, config, authors)] = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)

    def parse(self, path: str, raw: bytes, config: Config, authors: Collection[str] | None = None) -> Postmortem:
        """`parse_postmortem`, from the cache when it has the answer."""
        cached = self.get(path, raw, config, authors)
        if cached is not None:
            return cached
        parsed = parse_postmortem(path, raw, config, authors)
        self.put(path, raw, config, authors, parsed)
        return pickle.loads(self.used[key(path, raw, config, authors)])  # type: ignore[no-any-return]

    def read(
        self, path: str, source: Path, config: Config, authors: Collection[str] | None = None, root: Path | None = None
    ) -> Postmortem:
        """`read_postmortem`, from the cache when it has the answer; an unreadable or linked-out file is not cached."""
        if outside_root(source, root):
            return read_postmortem(path, source, config, authors, root)
        try:
            raw = source.read_bytes()
        except OSError:
            return read_postmortem(path, source, config, authors, root)
        return self.parse(path, raw, config, authors)

    def keep_only_used(self) -> None:
        """Forget every entry this run did not use: the cache never outgrows the archive."""
        self.entries, self.used = self.used, {}

    def save(self) -> None:
        """Keep this run's entries (only those) for the next run; a cache that cannot be written is skipped."""
        self.keep_only_used()
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".parsed-")
            with os.fdopen(handle, "wb") as out:
                out.write(FORMAT + pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.folder / FILE)
        except OSError:
            pass
