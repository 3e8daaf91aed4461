"""`python -m hindsight check` and `python -m hindsight new "Title"`.

`check` gives the same lines and the same exit code as `mkdocs build`, in a
fraction of its time; `new` starts a postmortem from the template.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import TextIO

from hindsight.archive.repeats import add_related_problems
from hindsight.config import Config, ConfigError
from hindsight.model import Postmortem, Problem
from hindsight.page.jinja import page_source, page_template, postmortem_problems, template_problems
from hindsight.project import MacroSite, Site, load_site
from hindsight.reading.parse import read_postmortem
from hindsight.reading.report import Report
from hindsight.reading.rules import check_file_names
from hindsight.reading.scorecard import scorecard, scorecard_text


def slugify(title: str) -> str:
    """A file name from a title: ASCII, lower case, dashes, at most 60 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "postmortem"


PARALLEL_FROM = 200
"""Below this many postmortems a second process costs more than it saves."""


Job = tuple[str, Path, Config, Collection[str] | None, MacroSite | None]


def _read(job: Job) -> Postmortem:
    """Parse one postmortem, and find what its macros would do in the build (a new value, the parse is not edited).

    A draft is not rendered by `mkdocs build` (the blog leaves it out), so its macros are news only under serve.
    """
    path, source, config, authors, macros = job
    postmortem = read_postmortem(path, source, config, authors)
    if macros is None or postmortem.is_draft or not macros.renders(postmortem.meta):
        return postmortem
    found = postmortem_problems(postmortem, macros.names.with_variables(postmortem.meta), macros.dialect)
    if not found:
        return postmortem
    return replace(postmortem, problems=sorted({*postmortem.problems, *found}, key=lambda p: (p.line, p.message)))


def other_page_problems(site: Site) -> list[Problem]:
    """Macro problems of the site's other pages (the guide, stats): the build renders them too."""
    macros = site.macros
    if macros is None:
        return []
    problems: list[Problem] = []
    for _, path in site.other_pages():
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports an unreadable page itself
        markdown, meta, line = page_source(source)
        if not macros.renders(meta):
            continue
        page = page_template(markdown, None, line)
        names = macros.names.with_variables(meta)
        problems += template_problems(
            site.display_path(path), page.protected.text, page.line, names, macros.dialect, postmortem=False
        )
    return problems


def read_all(jobs: dict[str, Job]) -> dict[str, Postmortem]:
    """Parse every postmortem; a large archive is spread over the machine's cores (the parse is most of `check`)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return {uri: _read(job) for uri, job in jobs.items()}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(
            zip(jobs, pool.map(_read, jobs.values(), chunksize=max(1, len(jobs) // (workers * 4))), strict=True)
        )


def check(site: Site, out: TextIO) -> int:
    authors = site.authors()
    known = frozenset(authors) if authors is not None else None
    postmortems = read_all(
        {uri: (site.display_path(path), path, site.config, known, site.macros) for uri, path in site.postmortems()}
    )
    check_file_names(postmortems)
    add_related_problems(postmortems.values())
    report = Report.of(postmortems.values(), other_page_problems(site))
    for problem in report.errors:
        print(problem, file=out)
    for problem in report.warnings:
        print(problem, file=out)
    print(report.summary(), file=out)
    return 1 if report.failed else 0


def review(site: Site, paths: list[Path], out: TextIO) -> int:
    """Print the review scorecard of each file: what a peer reviewer checks, found or missing."""
    authors = site.authors()
    known = frozenset(authors) if authors is not None else None
    status = 0
    for index, path in enumerate(paths):
        if index:
            print(file=out)
        if not path.is_file():
            print(
                f"hindsight: {path} is not a file - give the path of a postmortem, e.g. docs/postmortems/x.md", file=out
            )
            status = 2
            continue
        postmortem = read_postmortem(site.display_path(path), path, site.config, known)
        print(scorecard_text(scorecard(postmortem, site.config)), file=out)
        if postmortem.problems:
            status = max(status, 1)
            print(f"{len(postmortem.problems)} problem(s) too: python -m hindsight check lists them", file=out)
    return status


def new(site: Site, title: str, today: date, out: TextIO) -> int:
    title = " ".join(title.split())
    if not title:
        print('hindsight: the title is empty - give one: python -m hindsight new "Checkout crawled"', file=out)
        return 2
    target = site.docs_dir / site.blog.post_dir / f"{today.isoformat()}-{slugify(title)}.md"
    template = Template(files("hindsight").joinpath("templates/postmortem.md").read_text(encoding="utf-8"))
    text = template.substitute(
        title=json.dumps(title, ensure_ascii=False),
        today=today.isoformat(),
        due=(today + timedelta(days=30)).isoformat(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"hindsight: {site.display_path(target)} already exists - pick another title or edit that file", file=out)
        return 1
    print(f"hindsight: wrote {site.display_path(target)} (a draft: remove 'draft: true' when it is ready)", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hindsight", description="Check and start postmortems.")
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every postmortem without building the site")
    reviewing = commands.add_parser("review", help="print the peer review scorecard of postmortems")
    reviewing.add_argument("files", nargs="+", type=Path, help="postmortem files, e.g. docs/postmortems/x.md")
    make = commands.add_parser("new", help="write a new postmortem from the template")
    make.add_argument("title", help='the title, e.g. "Checkout crawled for three hours"')
    args = parser.parse_args(argv)
    try:
        site = load_site(args.config_file)
    except OSError as error:
        print(
            f"hindsight: cannot read {args.config_file}: {error.strerror}"
            " - run from the site's folder or pass -f path/to/mkdocs.yml",
            file=sys.stderr,
        )
        return 2
    except ConfigError as error:
        for line in error.problems:
            print(f"{args.config_file}: {line}", file=sys.stderr)
        return 2
    except Exception as error:  # a broken mkdocs.yml is a user mistake, not a crash
        print(f"{args.config_file}: cannot be read: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            return check(site, sys.stdout)
        if args.command == "review":
            return review(site, args.files, sys.stdout)
        return new(site, args.title, date.today(), sys.stdout)
    except BrokenPipeError:  # `check | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
