"""Hostile input at size: the time and peak memory of `check` and `mkdocs build` on each kind, printed.

    python bench/hostile.py            # or: python bench/run.py --hostile

One site per case: the valid fixture plus one generated hostile postmortem
(a 50,000-deep YAML value, an alias flood, a 20 MB log, 4,000 services, ...).
Nothing here asserts a time: the figures are the bounds the issue asks about
(no case past 60 s or 1 GiB), read by a person on their machine.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import PROJECT, BenchError, Run, python, run

VALID = (PROJECT / "tests" / "fixtures" / "valid.md").read_text(encoding="utf-8")
TIMEOUT = 300.0


def _front(extra: str) -> str:
    return VALID.replace("tags: [postgres, performance, indexing, checkout]\n", f"tags: [postgres]\n{extra}\n", 1)


def _body(extra: str) -> str:
    return VALID.replace("## Root Cause and Resolution\n", f"## Root Cause and Resolution\n\n{extra}\n", 1)


def _log(megabytes: int) -> str:
    line = "2024-08-15T14:31:02Z ERROR pool exhausted url=postgres://app@db.internal/orders waited=5012ms\n"
    return _body("```text\n" + line * (megabytes * 1_000_000 // len(line)) + "```")


CASES: dict[str, Callable[[], str]] = {
    "yaml nested 50,000 deep (100 KB)": lambda: _front("ticket: " + "[" * 50_000 + "]" * 50_000),
    "yaml nested 150 deep (block style)": lambda: _front(
        "ticket:\n" + "".join(" " * level + "-\n" for level in range(1, 150))
    ),
    "yaml alias: 30 KB x 9,000": lambda: _front(f"ticket: &big {'x' * 30_000}\nnotes: [{', '.join(['*big'] * 9_000)}]"),
    "a 20 MB log in a code block": lambda: _log(20),
    "4,000 services": lambda: VALID.replace(
        "services: [checkout, product catalog, storefront]",
        "services: [" + ", ".join(f"service-{index}" for index in range(4_000)) + "]",
        1,
    ),
    "a list 5,000 deep": lambda: _body("".join("  " * level + "- x\n" for level in range(5_000))),
    "emphasis 100,000 deep": lambda: _body("**a " * 100_000),
    "200,000 backtick runs": lambda: _body("` `` " * 200_000),
    "template flood {{ 'x' * 10**9 }}": lambda: _body("{{ 'x' * 1000000000 }}"),
    "template loop 10**10": lambda: _body(
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    ),
    "year 9999": lambda: VALID.replace("end: 2024-08-15 17:45 UTC", "end: 9999-12-31 23:59 UTC", 1),
}


def _site(root: Path, name: str, text: str) -> None:
    root.mkdir(parents=True)
    for part in ("mkdocs.yml", "hooks", "overrides", "docs"):
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    posts = root / "docs" / "postmortems"
    shutil.rmtree(posts)
    posts.mkdir()
    (posts / "2024-08-15-valid.md").write_text(VALID, encoding="utf-8")
    (posts / f"2024-08-16-{name}.md").write_text(text, encoding="utf-8")
    if (PROJECT / "node_modules").is_dir():
        (root / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)


def _figure(done: Run | str) -> str:
    if isinstance(done, str):
        return f"{done:>28}"
    return f"{done.seconds:7.2f} s {done.max_rss_mib:7.0f} MiB  exit {done.returncode}"


def measure(work: Path, say: Callable[[str], None] = print) -> None:
    """One line per case: check and build, each with its wall time, peak memory and exit code."""
    say("")
    say("Hostile input (one site per case: the valid fixture and one hostile file)")
    say(f"  {'case':38} {'check':>28}   {'mkdocs build':>28}")
    for index, (label, make) in enumerate(CASES.items()):
        root = work / f"hostile-{index}"
        _site(root, f"case-{index}", make())
        figures: list[Run | str] = []
        for command in (python("-m", "hindsight", "check"), python("-m", "mkdocs", "build", "-q")):
            try:
                figures.append(run(command, root, TIMEOUT, root / "log.txt"))
            except BenchError:
                figures.append(f"past {TIMEOUT:.0f} s")
        say(f"  {label:38} {_figure(figures[0])}   {_figure(figures[1])}")
        shutil.rmtree(root, ignore_errors=True)
    say("  (exit 1 is expected: each hostile file is refused with a problem line)")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hindsight-hostile-bench-") as work:
        measure(Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
