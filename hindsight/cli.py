"""`python -m hindsight check|review|new|import`: argument handling only; the work is in reading/ and drafting/."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from hindsight.archive.chase import overdue_summary
from hindsight.archive.published import published
from hindsight.archive.repeats import by_earlier, by_later, find_repeats
from hindsight.config import ConfigError
from hindsight.drafting.importing import import_files
from hindsight.drafting.new import new
from hindsight.project import Site, load_site
from hindsight.reading.parse import read_postmortem
from hindsight.reading.scorecard import scorecard, scorecard_text
from hindsight.reading.site import checked_site
from hindsight.sharing.export import archive_record, export_json

CONFIG_EXIT = "2  mkdocs.yml cannot be read or has a bad setting (one line per setting, on stderr)"

CHECK = f"""\
Check postmortems against the format contract, as `mkdocs build` does, without building:
every postmortem of the site, or only the FILEs named (pre-commit passes the files a commit changes;
mkdocs.yml among them means every file). Macros in the site's other pages are checked too.
Writes nothing. Prints one line per problem, `path:line: what is wrong - how to fix it`,
drafts' problems last, then (for the whole site) one line on open tasks past their due date, if any, then one
count line. --json prints every postmortem (facts, timeline, tasks, factors, repeats) and every problem instead.

exit codes:
  0  no problem outside drafts (drafts only ever warn)
  1  a problem in a postmortem that is not a draft, or in another page
  {CONFIG_EXIT}
"""

REVIEW = """\
Print the peer review scorecard of each postmortem FILE: what a reviewer checks, found or missing.
Writes nothing.

exit codes:
  0  every FILE was read and has no problem
  1  a FILE has problems too (`check` lists them)
  2  a FILE is not a file, or mkdocs.yml cannot be read or has a bad setting
"""

NEW = f"""\
Start a postmortem from the template: writes docs/postmortems/<today>-<title-slug>.md (the blog's post_dir)
with every required field, section and timeline tag, and `draft: true`. Never overwrites a file.

exit codes:
  0  written (the path is printed)
  1  that file already exists: nothing written
  {CONFIG_EXIT}; or the title is empty
"""


IMPORT = f"""\
Bring existing postmortems in: each FILE (the assignment's format, a document pasted as Markdown, or plain text
with section names on their own lines) becomes a contract postmortem in the postmortem folder (or DIR), named
<date>-<title-slug>.md. The front matter is drafted from the writer's own text, headings, timeline and tasks are
written in their canonical form, every sentence is kept as written, and the result is marked `draft: true`.
Never overwrites a file. Prints the path written, then what it could not find, as problem lines at the lines
of the file it wrote (`path:line: what is wrong - how to fix it`); `check` then says what is left.

exit codes:
  0  every FILE was written
  1  a FILE could not be read, or its target already exists (the others are still written)
  {CONFIG_EXIT}
"""


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=argparse.SUPPRESS,
        help="the site's mkdocs.yml (default: ./mkdocs.yml); before or after the command",
    )
    parser = argparse.ArgumentParser(
        prog="python -m hindsight",
        description="Check, review, start and import postmortems for a Hindsight site. `COMMAND --help` says more.",
        parents=[config],
        formatter_class=formatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="check postmortems as the build does",
        description=CHECK,
        parents=[config],
        formatter_class=formatter,
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="check only these files")
    check.add_argument(
        "--json", action="store_true", help="print every postmortem and every problem as JSON (same exit code)"
    )
    reviewing = commands.add_parser(
        "review",
        help="print the peer review scorecard of postmortems",
        description=REVIEW,
        parents=[config],
        formatter_class=formatter,
    )
    reviewing.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="postmortem files, e.g. docs/postmortems/x.md"
    )
    make = commands.add_parser(
        "new",
        help="start a draft postmortem from the template",
        description=NEW,
        parents=[config],
        formatter_class=formatter,
    )
    make.add_argument("title", help='the title, e.g. "Checkout crawled for three hours"')
    bring = commands.add_parser(
        "import",
        help="turn plain postmortems into draft contract postmortems",
        description=IMPORT,
        parents=[config],
        formatter_class=formatter,
    )
    bring.add_argument("files", nargs="+", type=Path, metavar="FILE", help="plain postmortems (Markdown or text)")
    bring.add_argument("--into", type=Path, metavar="DIR", help="write here instead of the postmortem folder")
    return parser


def _site(config_file: Path, err: TextIO) -> Site | None:
    try:
        return load_site(config_file)
    except OSError as error:
        print(
            f"hindsight: cannot read {config_file}: {error.strerror}"
            " - run from the site's folder or pass -f path/to/mkdocs.yml",
            file=err,
        )
    except ConfigError as error:
        for line in error.problems:
            print(f"{config_file}: {line}", file=err)
    except Exception as error:  # a broken mkdocs.yml is a user mistake, not a crash
        print(f"{config_file}: cannot be read: {error}", file=err)
    return None


def check(
    site: Site,
    out: TextIO,
    files: list[Path] | None = None,
    config_file: Path | None = None,
    today: date | None = None,
    as_json: bool = False,
) -> int:
    found = checked_site(site, files, config_file)
    report, today = found.report, today or date.today()
    late = overdue_summary(published(found.postmortems), today) if files is None else None  # pre-commit: no nagging
    if as_json:
        repeats = find_repeats(published(found.postmortems))
        record = archive_record(
            found.postmortems, site.config, today, by_later(repeats), by_earlier(repeats), found.pages, report.summary()
        )
        record["overdue"] = late
        out.write(export_json(record))
        return 1 if report.failed else 0
    for problem in (*report.errors, *report.warnings):
        print(problem, file=out)
    if late is not None:
        print(late, file=out)
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config_file: Path = getattr(args, "config_file", Path("mkdocs.yml"))
    site = _site(config_file, sys.stderr)
    if site is None:
        return 2
    try:
        if args.command == "check":
            return check(site, sys.stdout, args.files or None, config_file, as_json=args.json)
        if args.command == "import":
            return import_files(site, args.files, args.into, date.today(), sys.stdout)
        if args.command == "review":
            return review(site, args.files, sys.stdout)
        return new(site, args.title, date.today(), sys.stdout)
    except BrokenPipeError:  # `check | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
