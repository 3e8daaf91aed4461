"""Where a Hindsight build spends its time, from a cProfile of `mkdocs build`.

Two views, because each answers a different question. Self time grouped by
package says which code burns the CPU (it adds up to the total, nothing is
counted twice). Inclusive time of each plugin's event handlers says which
feature costs what, callees included: the blog plugin's excerpt rendering
shows up as Markdown time in the first view and as blog time in the second.
"""

from __future__ import annotations

import pstats
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from timing import PROJECT, python, run_ok

# First match wins: path fragment -> group. Order matters (material/plugins/blog before material).
GROUPS = (
    ("/hooks/", "Hindsight: hooks/ (ours)"),
    ("/hindsight/", "Hindsight: hindsight/ (ours)"),
    ("/overrides/", "Hindsight: overrides/ templates (ours)"),
    ("/markdown_it/", "markdown-it-py (used only by Hindsight)"),
    ("/mkdocs_macros/", "mkdocs-macros plugin"),
    ("/material/plugins/blog/", "Material blog plugin"),
    ("/material/plugins/search/", "Material search plugin"),
    ("/material/", "Material (theme, other plugins)"),
    ("/mkdocs/", "MkDocs core"),
    ("/markdown/", "Python-Markdown"),
    ("/pymdownx/", "pymdown-extensions"),
    ("/pygments/", "Pygments"),
    ("/jinja2/", "Jinja2"),
    ("/templates/", "Jinja2 (compiled templates)"),
    ("/yaml/", "PyYAML"),
    ("/html/parser", "html.parser (stdlib)"),
    ("/json/", "json (stdlib)"),
    ("/re/", "re (stdlib)"),
)
# Event handlers whose inclusive time is a feature's cost; (file fragment, function name prefix).
HANDLERS = (
    ("/hooks/postmortems.py", "on_", "Hindsight hook hooks/postmortems.py (all events)"),
    ("/mkdocs_macros/plugin.py", "on_", "mkdocs-macros plugin (all events)"),
    ("/hooks/macros.py", "on_", "  of which: Hindsight's macros module hooks/macros.py (renders every page)"),
    ("/material/plugins/blog/plugin.py", "on_", "Material blog plugin (all events)"),
    ("/material/plugins/blog/structure/__init__.py", "render", "  of which: excerpt rendering (Excerpt.render)"),
    (
        "/material/plugins/blog/structure/__init__.py",
        "__init__",
        "  of which: Excerpt/Post/View setup (__init__, incl. a Markdown() per post)",
    ),
    ("/material/plugins/search/plugin.py", "on_", "Material search plugin (all events)"),
    ("/mkdocs/structure/pages.py", "render", "MkDocs Page.render (Markdown -> HTML of every page)"),
    (
        "/jinja2/environment.py",
        "render",
        "Jinja2 Template.render (theme templates; and page Markdown if macros renders it)",
    ),
    ("/mkdocs/commands/build.py", "build", "whole build (mkdocs.commands.build.build)"),
)


@dataclass(frozen=True)
class Profile:
    total_s: float
    by_group: list[tuple[str, float]]
    by_handler: list[tuple[str, float]]
    top: list[tuple[str, float, float, int]]  # function, cumulative, self, calls


def profile_build(root: Path, out: Path, timeout: float) -> Path:
    """cProfile one `mkdocs build` of the Hindsight site in `root`."""
    run_ok(
        python("-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "-q", "-d", str(root / "site-profile")),
        root,
        timeout,
        out.with_suffix(".log"),
    )
    return out


def _group(filename: str) -> str:
    for fragment, name in GROUPS:
        if fragment in filename:
            return name
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins and C code"
    return "other Python"


def summarise(path: Path, top: int = 25) -> Profile:
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = max((ct for (_, _, name), (_, _, _, ct, _) in raw.items() if name == "<module>"), default=0.0)
    groups: dict[str, float] = defaultdict(float)
    handlers: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, name), (_, calls, self_time, cumulative, _) in raw.items():
        groups[_group(filename)] += self_time
        for fragment, prefix, label in HANDLERS:
            if fragment in filename and name.startswith(prefix) and (prefix or not name.startswith("<")):
                handlers[label] += cumulative if not _recursive_inside(raw, (filename, line, name), fragment) else 0.0
        rows.append((f"{_short(filename)}:{line}({name})", cumulative, self_time, calls))
    rows.sort(key=lambda row: -row[1])
    return Profile(
        total,
        sorted(groups.items(), key=lambda item: -item[1]),
        [(label, handlers.get(label, 0.0)) for _, _, label in HANDLERS],
        rows[:top],
    )


def _recursive_inside(
    raw: dict[tuple[str, int, str], tuple[object, ...]], key: tuple[str, int, str], fragment: str
) -> bool:
    """True if every caller of `key` is itself in the same file, so its time is already in a caller's."""
    callers = raw[key][4]
    return isinstance(callers, dict) and bool(callers) and all(fragment in caller[0] for caller in callers)


def _short(filename: str) -> str:
    """Paths relative to site-packages or to the site copy, e.g. hooks/postmortems.py."""
    for marker in ("site-packages/", str(PROJECT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return re.sub(r"^.*/hindsight-bench-[^/]+/n\d+/", "", filename)
