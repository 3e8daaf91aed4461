"""A site's postmortems (all, or the files named) read and checked as the build will: what `check` runs.

The build finds the same problems (it parses every postmortem in its own
event, and asks `hindsight.page.jinja` before rendering a page), so `check`
prints the build's lines and exit code without building.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from hindsight.config import Config
from hindsight.model import Facts, Postmortem, Problem
from hindsight.page.jinja import page_source, page_template, postmortem_problems, template_problems
from hindsight.project import MacroSite, Site
from hindsight.reading.across import across_problems, with_problems
from hindsight.reading.cache import ParseCache
from hindsight.reading.parse import outside_root, parse_postmortem, read_postmortem
from hindsight.reading.report import Report

CACHE = Path(".cache/hindsight")
"""Where check and the build keep parsed postmortems between runs (beside mkdocs.yml, with the social cards)."""
PARALLEL_FROM = 200
"""Below this many postmortems a second process costs more than it saves."""

Job = tuple[str, Path, Config, Collection[str] | None, MacroSite | None, Path]


def _with_macros(postmortem: Postmortem, macros: MacroSite | None, config: Config) -> Postmortem:
    """What its macros would do in the build, as a new value (the parse is not edited).

    A draft is not rendered by `mkdocs build` (the blog leaves it out), so its macros are news only under serve.
    """
    if macros is None or postmortem.is_draft or not macros.renders(postmortem.meta):
        return postmortem
    found = postmortem_problems(postmortem, macros.names.with_variables(postmortem.meta), macros.dialect, config)
    if not found:
        return postmortem
    return replace(postmortem, problems=sorted({*postmortem.problems, *found}, key=lambda p: (p.line, p.message)))


Parse = tuple[str, bytes, Config, Collection[str] | None]


def _parse(job: Parse) -> Postmortem:
    return parse_postmortem(*job)


def read_all(jobs: dict[str, Job], cache: ParseCache | None = None) -> dict[str, Postmortem]:
    """Parse every postmortem the cache does not know (a large archive over the machine's cores), then its macros."""
    cache = cache if cache is not None else ParseCache()
    found: dict[str, Postmortem] = {}
    todo: dict[str, Parse] = {}
    for uri, (path, source, config, authors, _, root) in jobs.items():
        try:
            raw = None if outside_root(source, root) else source.read_bytes()
        except OSError:
            raw = None
        if raw is None:  # unreadable, or a link out of the project: read_postmortem says which, uncached
            found[uri] = read_postmortem(path, source, config, authors, root)
            continue
        cached = cache.get(path, raw, config, authors)
        if cached is None:
            todo[uri] = (path, raw, config, authors)
        else:
            found[uri] = cached
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) < PARALLEL_FROM or workers < 2:
        parsed = {uri: _parse(job) for uri, job in todo.items()}
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunks = max(1, len(todo) // (workers * 4))
            parsed = dict(zip(todo, pool.map(_parse, todo.values(), chunksize=chunks), strict=True))
    for uri, postmortem in parsed.items():
        cache.put(*todo[uri], postmortem)
    return {uri: _with_macros(found.get(uri) or parsed[uri], jobs[uri][4], jobs[uri][2]) for uri in jobs}


def page_problems(site: Site, pages: Iterable[Path]) -> list[Problem]:
    """Macro problems of the site's other pages (the guide, stats): the build renders them too."""
    macros = site.macros
    if macros is None:
        return []
    problems: list[Problem] = []
    for path in pages:
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


@dataclass(frozen=True)
class Selection:
    """What to check: postmortems by docs URI (or by their own path, outside docs/), and other pages."""

    postmortems: dict[str, Path]
    pages: list[Path]


def select(site: Site, files: Iterable[Path] | None, config_file: Path | None = None) -> Selection:
    """Every postmortem and page, or only the files named (as pre-commit names them).

    mkdocs.yml or the blog's authors file among the files means everything: a
    setting or an author changes what every postmortem must hold. A Markdown file outside docs/ is checked as a
    postmortem (a file `import` wrote elsewhere, say); other files are not
    Markdown pages and are left alone.
    """
    postmortems = dict(site.postmortems())
    pages = [path for _, path in site.other_pages()]
    named = None if files is None else [Path(os.path.abspath(path)) for path in files]
    everyone = [config_file] if config_file is not None else []
    if site.blog.authors_file:
        everyone.append(site.docs_dir / site.blog.authors_file)  # authors are checked in every postmortem
    if named is None or any(Path(os.path.abspath(path)) in named for path in everyone):
        return Selection(postmortems, pages)
    docs = Path(os.path.abspath(site.docs_dir))
    by_path = {Path(os.path.abspath(path)): uri for uri, path in postmortems.items()}
    page_set = {Path(os.path.abspath(path)) for path in pages}
    chosen: dict[str, Path] = {}
    chosen_pages: list[Path] = []
    for path in named:
        if path in by_path:
            chosen[by_path[path]] = path
        elif path in page_set:
            chosen_pages.append(path)
        elif path.suffix == ".md" and not path.is_relative_to(docs):
            chosen[site.display_path(path)] = path
    return Selection(chosen, chosen_pages)


@dataclass(frozen=True)
class Checked:
    report: Report
    postmortems: list[Postmortem]
    """The selected postmortems, as checked (for the overdue line and `check --json`)."""
    pages: list[Problem]


def check_site(site: Site, files: Iterable[Path] | None = None, config_file: Path | None = None) -> Report:
    """All problems of the selected postmortems and pages, as the build reports them."""
    return checked_site(site, files, config_file).report


def checked_site(site: Site, files: Iterable[Path] | None = None, config_file: Path | None = None) -> Checked:
    """The report, with the checked postmortems themselves."""
    selection = select(site, files, config_file)
    authors = site.authors()
    known = frozenset(authors) if authors is not None else None
    cache = ParseCache(site.root / CACHE)
    postmortems = read_all(
        {
            uri: (site.display_path(path), path, site.config, known, site.macros, site.root)
            for uri, path in selection.postmortems.items()
        },
        cache,
    )
    if files is None:
        cache.save()  # only a whole check: the cache then holds exactly the archive's postmortems
    everyone: dict[str, Postmortem] = {
        uri: Postmortem(site.display_path(path), Facts(), {}) for uri, path in site.postmortems()
    }
    everyone.update((uri, postmortems[uri]) for uri in everyone.keys() & postmortems.keys())  # may clash with any
    checked = with_problems(postmortems, across_problems(everyone))
    pages = page_problems(site, selection.pages)
    return Checked(Report.of(checked.values(), pages), list(checked.values()), pages)
