"""A copy of a broken postmortem that MkDocs and the blog can always read.

The blog plugin raises on the first post it cannot read, which stops a build
before all problems are reported and hangs `mkdocs serve`. A postmortem with
problems is therefore published from this copy: valid front matter, the same
body. The problems themselves are shown on the page and in the log.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import yaml

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
