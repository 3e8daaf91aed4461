"""Where a site keeps its postmortems, read without loading MkDocs.

The `check` command must be fast and must agree with the build about which
files are postmortems, so both resolve the blog's folders through here.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment

from hindsight.config import Config, load_config
from hindsight.page.jinja import MACROS, Dialect, Names


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags need no code to run here."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_LenientLoader.add_multi_constructor("!", _unknown_tag)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


@dataclass(frozen=True)
class BlogPaths:
    """The blog plugin's settings Hindsight follows.

    Folders (relative to docs_dir, POSIX form), the excerpt separator, the read-time speed.
    """

    post_dir: str
    authors_file: str | None
    separator: str = "<!-- more -->"
    words_per_minute: int | None = 265
    """None when the blog shows no read time."""

    @classmethod
    def from_blog_config(cls, blog: Mapping[str, Any]) -> BlogPaths:
        root = posixpath.normpath(str(blog.get("blog_dir", "blog")))
        post_dir = posixpath.normpath(str(blog.get("post_dir", "{blog}/posts")).format(blog=root))
        authors = None
        if blog.get("authors", True):
            authors = posixpath.normpath(str(blog.get("authors_file", "{blog}/.authors.yml")).format(blog=root))
        separator = str(blog.get("post_excerpt_separator") or "<!-- more -->")
        words_per_minute = (
            int(blog.get("post_readtime_words_per_minute") or 265) if blog.get("post_readtime", True) else None
        )
        return cls(post_dir, authors, separator, words_per_minute)

    def is_postmortem(self, src_uri: str) -> bool:
        return src_uri.endswith(".md") and (self.post_dir == "." or src_uri.startswith(self.post_dir + "/"))


MACROS_PLUGIN_VARIABLES = frozenset(
    {"config", "environment", "extra", "files", "filters", "filters_builtin", "git", "macros", "navigation", "page"}
    | {"plugin", "context", "fix_url", "macros_info", "now"}
)
"""The variables and macros mkdocs-macros 1.5.0 gives every page (a glue test compares them with the plugin's)."""
MACROS_PLUGIN_FILTERS = frozenset({"pretty", "relative_url"})


@dataclass(frozen=True)
class MacroSite:
    """The macros plugin's settings `check` follows: delimiters, names, which pages it renders."""

    dialect: Dialect
    names: Names
    render_by_default: bool = True

    def renders(self, meta: Mapping[str, object]) -> bool:
        """Whether mkdocs-macros renders a page with this front matter."""
        wanted = meta.get("render_macros")
        return wanted is not False and (self.render_by_default or wanted is True)

    @classmethod
    def from_plugin_config(cls, options: Mapping[str, Any], extra: Mapping[str, Any]) -> MacroSite:
        default = Dialect()
        dialect = Dialect(
            *(
                str(options.get(f"j2_{key}_string") or fallback)
                for key, fallback in (
                    ("block_start", default.block_start),
                    ("block_end", default.block_end),
                    ("variable_start", default.variable_start),
                    ("variable_end", default.variable_end),
                    ("comment_start", "{#"),
                    ("comment_end", "#}"),
                )
            )
        )
        builtin = Environment()
        names = Names(
            MACROS_PLUGIN_VARIABLES | frozenset(MACROS) | frozenset(str(key) for key in extra),
            frozenset(builtin.filters) | MACROS_PLUGIN_FILTERS,
            frozenset(builtin.tests),
            strict=options.get("on_undefined") == "strict",
        )
        return cls(dialect, names, bool(options.get("render_by_default", True)))


@dataclass(frozen=True)
class Site:
    root: Path
    docs_dir: Path
    blog: BlogPaths
    config: Config
    macros: MacroSite | None = None
    """None when the site does not use mkdocs-macros (its pages are then never templates)."""

    def postmortems(self) -> Iterator[tuple[str, Path]]:
        """(docs-relative URI, path) of every postmortem, skipping dot-files as MkDocs does.

        Folders are walked as MkDocs walks them, through symbolic links (a
        folder seen twice, as in a link loop, is walked once).
        """
        base = self.docs_dir / self.blog.post_dir
        found: list[Path] = []
        seen: set[str] = set()
        for folder, folders, names in os.walk(base, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                folders.clear()
                continue
            seen.add(real)
            folders[:] = [name for name in folders if not name.startswith(".")]
            found.extend(Path(folder) / name for name in names if name.endswith(".md") and not name.startswith("."))
        for path in sorted(found):
            uri = path.relative_to(self.docs_dir).as_posix()
            if any(part.startswith(".") for part in Path(uri).parts) or path.is_dir():
                continue
            yield uri, path

    def other_pages(self) -> Iterator[tuple[str, Path]]:
        """(docs-relative URI, path) of every Markdown page that is not a postmortem (the guide, stats, ...)."""
        for path in sorted(self.docs_dir.rglob("*.md")):
            uri = path.relative_to(self.docs_dir).as_posix()
            if any(part.startswith(".") for part in Path(uri).parts) or path.is_dir() or self.blog.is_postmortem(uri):
                continue
            yield uri, path

    def authors(self) -> dict[str, str] | None:
        return read_authors(self.docs_dir / self.blog.authors_file) if self.blog.authors_file else None

    def display_path(self, path: Path) -> str:
        """Paths in problem lines are relative to the project root."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return path.as_posix()


def read_authors(path: Path) -> dict[str, str]:
    """Author ids the blog knows, with their display names; an unreadable file knows none (the blog says why)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        return {}
    return {
        str(key): str(value.get("name") or key) if isinstance(value, dict) else str(key)
        for key, value in authors.items()
    }


def load_site(config_file: Path) -> Site:
    """Read the parts of mkdocs.yml that say where postmortems are and how to check them."""
    data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_LenientLoader) or {}
    root = config_file.parent
    docs_dir = root / str(data.get("docs_dir", "docs"))
    blog: Mapping[str, Any] = {}
    macros: Mapping[str, Any] | None = None
    for entry in data.get("plugins") or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in ("blog", "material/blog"):
            blog = options or {}
        if name == "macros":
            macros = options or {}
    extra = data.get("extra") or {}
    return Site(
        root,
        docs_dir,
        BlogPaths.from_blog_config(blog),
        load_config(extra.get("postmortem")),
        MacroSite.from_plugin_config(macros, extra) if macros is not None else None,
    )
