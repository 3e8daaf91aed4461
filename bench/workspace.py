"""A throwaway copy of the site, with Hindsight switched on or off.

The benchmark must never write into the real docs/ (other people work there),
and the "off" build must differ from the "on" build only by Hindsight, so
both configs are derived from the project's own mkdocs.yml as text: comments,
`!!python/name:` tags and key order stay exactly as the lead wrote them.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

# hindsight/ too: other people edit the project while a run takes its 20 minutes, and hooks/
# from one moment with hindsight/ from another fail to import. Each copy runs its own package.
COPIED = ("mkdocs.yml", "docs", "overrides", "hooks", "hindsight")
# mkdocs-macros settings that shape how every page is rendered, not what our module adds;
# the "off" variant keeps them, so both variants pay the same Jinja cost per page.
MACROS_GENERIC = frozenset(
    {
        "render_by_default",
        "on_undefined",
        "on_error_fail",
        "force_render_paths",
        "verbose",
        "j2_block_start_string",
        "j2_block_end_string",
        "j2_variable_start_string",
        "j2_variable_end_string",
        "j2_comment_start_string",
        "j2_comment_end_string",
        "j2_extensions",
    }
)


@dataclass(frozen=True)
class Workspace:
    """A site copy: `mkdocs.yml` is the project's config, `mkdocs-off.yml` the same without Hindsight."""

    root: Path
    post_dir: Path

    @property
    def on(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def off(self) -> Path:
        return self.root / "mkdocs-off.yml"

    @property
    def plain(self) -> Path:
        """What a user would pick instead: Material + blog + mkdocs-macros (no module), no hooks, no custom_dir."""
        return self.root / "mkdocs-plain.yml"

    @property
    def no_cards(self) -> Path:
        """The project's config with Hindsight on but `extra.postmortem.cards: false`."""
        return self.root / "mkdocs-nocards.yml"

    @property
    def card_cache(self) -> Path:
        """Where the hook keeps drawn cards (hooks/postmortems.py CARD_CACHE is `.cache/hindsight/cards` under it)."""
        return self.root / ".cache" / "hindsight"


def load(text: str) -> dict[str, Any]:
    """mkdocs' own loader: it understands `!ENV` and `!!python/name:` where safe_load fails."""
    return yaml_load(text)


def plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """Options of a plugin entry in the `plugins:` list, {} if listed bare, None if absent."""
    plugins = config.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else ((e, {}) if isinstance(e, str) else next(iter(e.items())) for e in plugins)
    )
    for entry, options in entries:
        if entry in (name, f"material/{name}"):
            return dict(options or {})
    return None


def _block_end(lines: list[str], start: int, indent: int, top_level_list: bool) -> int:
    """Index after the YAML block that begins at `start`: deeper lines, and `- ` lines for a top-level key."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        stripped = line.lstrip()
        deeper = stripped and len(line) - len(stripped) > indent
        if not (deeper or not stripped or (top_level_list and stripped.startswith("- ") and not line[0].isspace())):
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def drop_hooks(text: str) -> str:
    """Remove the top-level `hooks:` key, whatever its form (block list, flow list)."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if re.match(r"hooks\s*:", line):
            return "".join(lines[:index] + lines[_block_end(lines, index, 0, True) :])
    return text


def strip_macros(text: str, options: dict[str, Any]) -> str:
    """Replace the macros entry by one that loads no module: only generic Jinja settings survive."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = re.match(r"(\s*)-\s+(?:material/)?macros\b", line)
        if match:
            kept = {key: value for key, value in options.items() if key in MACROS_GENERIC}
            entry = f"{match[1]}- macros: {json.dumps(kept)}\n" if kept else f"{match[1]}- macros\n"
            return "".join([*lines[:index], entry, *lines[_block_end(lines, index, len(match[1]), False) :]])
    raise ValueError("mkdocs.yml lists the macros plugin but no '- macros' line was found to rewrite")


def off_variant(text: str) -> str:
    """mkdocs.yml without Hindsight: no hooks, and mkdocs-macros (if listed) without our module."""
    config = load(text)
    result = drop_hooks(text)
    macros = plugin_options(config, "macros")
    if macros is not None:
        result = strip_macros(result, macros)
    check_off(result)
    return result


def check_off(text: str) -> None:
    """Fail loudly if the rewrite left Hindsight in, or changed anything else."""
    config = load(text)
    if "hooks" in config:
        raise ValueError("the off variant still has hooks:")
    macros = plugin_options(config, "macros")
    if macros is not None and set(macros) - MACROS_GENERIC:
        raise ValueError(f"the off variant's macros entry still has options {sorted(set(macros) - MACROS_GENERIC)}")


def plain_variant(text: str) -> str:
    """A plain Material blog of the same posts: Material's defaults, the same blog settings and pages.

    No hooks, no `custom_dir`, no Markdown extensions beyond MkDocs' own, no theme features or palette;
    mkdocs-macros without a module (generic Jinja settings only). Written as JSON, which YAML reads.
    """
    config = load(text)
    theme = config.get("theme") or {}
    blog = plugin_options(config, "blog")
    if blog is None:
        raise ValueError("mkdocs.yml has no blog plugin: there is no plain blog to compare with")
    macros = plugin_options(config, "macros")
    plugins: list[Any] = ["search", {"blog": blog}]
    if macros is not None:
        plugins.append({"macros": {k: v for k, v in macros.items() if k in MACROS_GENERIC}})
    plain: dict[str, Any] = {
        key: config[key] for key in ("site_name", "site_url", "site_description", "docs_dir", "nav") if key in config
    }
    plain["theme"] = {"name": "material", "language": theme.get("language", "en"), "font": False}
    plain["plugins"] = plugins
    result = "# The benchmark's plain Material blog of the same posts (see bench/workspace.py).\n" + json.dumps(
        plain, indent=2
    )
    checked = load(result)
    if "hooks" in checked or "custom_dir" in checked["theme"] or "markdown_extensions" in checked:
        raise ValueError("the plain variant still carries Hindsight's hooks, theme or Markdown settings")
    return result


def cards_enabled(config: dict[str, Any]) -> bool:
    """Hindsight draws social cards unless `extra.postmortem.cards` is false (the default is true)."""
    extra = config.get("extra") or {}
    postmortem = extra.get("postmortem") if isinstance(extra, dict) else None
    return not (isinstance(postmortem, dict) and postmortem.get("cards") is False)


# MkDocs merges a config into the one it INHERITs key by key (dicts deeply), so this changes
# exactly one setting and leaves everything else - comments, tags, order - in mkdocs.yml itself.
NO_CARDS = """\
# The benchmark's "no cards" variant: the project's config with social cards off.
INHERIT: mkdocs.yml
extra:
  postmortem:
    cards: false
"""


def write_no_cards(space: Workspace) -> None:
    """mkdocs-nocards.yml beside mkdocs.yml, checked with MkDocs' own loader (which follows INHERIT)."""
    space.no_cards.write_text(NO_CARDS, encoding="utf-8")
    with space.no_cards.open("rb") as stream:
        merged = yaml_load(stream)
    if cards_enabled(merged) or merged.get("site_name") != load(space.on.read_text(encoding="utf-8")).get("site_name"):
        raise ValueError(f"{space.no_cards.name} does not turn cards off on top of mkdocs.yml")


def blog_post_dir(config: dict[str, Any], docs_dir: Path) -> Path:
    """Where the blog plugin looks for posts (same resolution as hindsight.project)."""
    blog = plugin_options(config, "blog") or {}
    root = str(blog.get("blog_dir", "blog"))
    return (docs_dir / str(blog.get("post_dir", "{blog}/posts")).format(blog=root)).resolve()


def snapshot(project: Path, target: Path) -> Path:
    """The site and Hindsight's code as they are now; every N of a run is built from this one copy."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
        elif source.exists():
            shutil.copy2(source, target / name)
    if (project / "node_modules").exists():
        (target / "node_modules").symlink_to((project / "node_modules").resolve())
    return target


def create(source: Path, target: Path, keep_examples: bool = False) -> Workspace:
    """Copy a snapshot into `target`; the example posts go unless asked for, so N is exact."""
    snapshot(source, target)
    text = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = load(text)
    post_dir = blog_post_dir(config, target / str(config.get("docs_dir", "docs")))
    if not keep_examples and post_dir.is_dir():
        for child in post_dir.iterdir():
            if not child.name.startswith("."):
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    space = Workspace(target, post_dir)
    space.off.write_text(off_variant(text), encoding="utf-8")
    space.plain.write_text(plain_variant(text), encoding="utf-8")
    write_no_cards(space)
    return space
