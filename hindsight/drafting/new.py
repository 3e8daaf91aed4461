"""`python -m hindsight new "Title"`: a draft postmortem from the template, never over an existing file."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import TextIO

from hindsight.drafting.template import render
from hindsight.project import Site


def slugify(title: str) -> str:
    """A file name from a title: ASCII, lower case, dashes, at most 60 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "postmortem"


def post_folder(site: Site) -> Path:
    return site.docs_dir / site.blog.post_dir


def write_new(path: Path, text: str) -> bool:
    """Write a file that must not exist yet; False (and nothing written) when it does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def new(site: Site, title: str, today: date, out: TextIO) -> int:
    title = " ".join(title.split())
    if not title:
        print('hindsight: the title is empty - give one: python -m hindsight new "Checkout crawled"', file=out)
        return 2
    target = post_folder(site) / f"{today.isoformat()}-{slugify(title)}.md"
    if not write_new(target, render(title, today)):
        print(f"hindsight: {site.display_path(target)} already exists - pick another title or edit that file", file=out)
        return 1
    print(f"hindsight: wrote {site.display_path(target)} (a draft: remove 'draft: true' when it is ready)", file=out)
    return 0
