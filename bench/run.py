"""Speed at scale: how Hindsight's build, check, serve and pages behave with many postmortems.

    python bench/run.py [--sizes 100,500,1000] [--quick] [--skip-serve] [--skip-lighthouse] [--cards-size 500] [--profile 500]

Prints figures only; nothing here asserts a time, because timings depend on
the machine. What it does fail on is a broken premise: a generated corpus the
validator rejects, a build that exits non-zero, an "off" config that still
loads Hindsight. See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import audit
import corpus
import hostile
import profiling
import serving
import weight
import workspace
from timing import PROJECT, BenchError, Run, median, python, run_ok
from workspace import Workspace

DEFAULT_SIZES = (100, 300, 500, 1000)
SEED = 20240815
CARDS_LINE = re.compile(r"social cards: (\d+) drawn, (\d+) from the cache")
CARDS_TARGET = 1.15  # issue 5: a cached second build with cards costs at most this times a build without


@dataclass
class Sample:
    """Everything measured at one N."""

    n: int
    on: list[Run] = field(default_factory=list)
    off: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    size: weight.SiteSize | None = None
    pages: list[weight.PageWeight] = field(default_factory=list)

    @property
    def on_s(self) -> float:
        return median([r.seconds for r in self.on])

    @property
    def off_s(self) -> float:
        return median([r.seconds for r in self.off])

    @property
    def plain_s(self) -> float:
        return median([r.seconds for r in self.plain])

    @property
    def plain_cpu(self) -> float:
        return median([r.cpu_s for r in self.plain])

    @property
    def on_cpu(self) -> float:
        return median([r.cpu_s for r in self.on])

    @property
    def off_cpu(self) -> float:
        return median([r.cpu_s for r in self.off])


@dataclass(frozen=True)
class Target:
    what: str
    figure: str
    met: bool | None  # None: not measured in this run, or not decidable from it


TARGETS: list[Target] = []


def target(what: str, figure: str, met: bool | None) -> None:
    """Record a target of issue 14 beside its figure, and say it at once."""
    TARGETS.append(Target(what, figure, met))
    say(f"  TARGET {what}: {figure} -> {_verdict(met)}")


def _verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("met" if met else "NOT met")


def say(text: str = "") -> None:
    """Progress goes out as it happens: a full run takes many minutes."""
    print(text, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="postmortem counts, comma-separated (default: 100,300,500,1000; the curve of issue 14 adds 2000,5000)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="2 timed builds per variant instead of 3, 2 serve edits, 1 Lighthouse run"
    )
    parser.add_argument("--skip-serve", action="store_true", help="do not time mkdocs serve rebuilds")
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run Lighthouse")
    parser.add_argument(
        "--serve-sizes",
        default="100,500,2000",
        help="N for the serve timings: save -> reloaded page for a prose edit, a break and its fix (default: 100,500,2000)",
    )
    parser.add_argument(
        "--warm-size",
        type=int,
        default=1000,
        help="N for the cold vs warm build (one postmortem changed) (default: 1000)",
    )
    parser.add_argument(
        "--search-size",
        type=int,
        default=None,
        metavar="N",
        help="also build N postmortems once (cards off) to measure a reader's first search there, e.g. 10000",
    )
    parser.add_argument(
        "--lighthouse-size", type=int, default=None, help="N for Lighthouse (default: the largest size)"
    )
    parser.add_argument("--cards-size", type=int, default=500, help="N for the social card timings (default: 500)")
    parser.add_argument(
        "--skip-cards",
        action="store_true",
        help="do not time social cards (the 'on' builds still use a warm card cache)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=None,
        metavar="N",
        help="also cProfile one Hindsight build at this N and print where the time goes",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"corpus seed (default: {SEED})")
    parser.add_argument(
        "--hostile", action="store_true", help="also time check and build on each hostile input (bench/hostile.py)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temp sites, profiles and Lighthouse reports, and print where"
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error(f"--sizes takes whole numbers separated by commas, e.g. 100,500,1000 - not {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs at least one count of 1 or more")
    try:
        args.serve_sizes = sorted({int(size) for size in args.serve_sizes.split(",") if size.strip()})
    except ValueError:
        parser.error(f"--serve-sizes takes whole numbers separated by commas, not {args.serve_sizes!r}")
    return args


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def git_revision() -> str:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return done.stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def print_header(args: argparse.Namespace, config: dict[str, object]) -> None:
    macros = workspace.plugin_options(config, "macros")
    say("# Hindsight benchmark")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    say(
        f"project {PROJECT} at {git_revision()}; Python {platform.python_version()} on {platform.machine()}, {_cores()} cores, load average {load}"
    )
    say(
        f"mkdocs {package_version('mkdocs')}, mkdocs-material {package_version('mkdocs-material')}, mkdocs-macros-plugin {package_version('mkdocs-macros-plugin')}"
    )
    say(
        f"sizes {args.sizes}, seed {args.seed}, {'quick: 2' if args.quick else '3'} timed builds per variant, alternating on/off"
    )
    say("code: mkdocs.yml, docs/, overrides/, hooks/ and hindsight/ copied once at the start; every N runs that copy")
    say(
        f"off variant: no hooks:, {'macros kept without our module' if macros is not None else 'macros not in mkdocs.yml (only hooks dropped)'}"
    )
    if workspace.cards_enabled(config):
        say(
            "social cards: on in mkdocs.yml; an untimed 'on' build first fills the card cache, so every timed 'on' build takes its cards from the cache"
        )
    else:
        say("social cards: off in mkdocs.yml (extra.postmortem.cards: false); no card timings")
    say()


def _cores() -> str:
    return str(os.cpu_count() or "?")


def prepare(source: Path, root: Path, n: int, seed: int) -> Workspace:
    """A site copy with N generated postmortems that the validator accepts, or a loud failure."""
    space = workspace.create(source, root)
    started = time.perf_counter()
    corpus.generate(space.post_dir, n, seed)
    say(
        f"N={n}: generated {n} postmortems in {time.perf_counter() - started:.1f} s under {space.post_dir.relative_to(root)}"
    )
    return space


def check_valid(space: Workspace, n: int, work: Path) -> float:
    """`python -m hindsight check` must accept every post; returns its time."""
    done = run_ok(python("-m", "hindsight", "check"), space.root, 60 + 0.2 * n, work / f"check-{n}.log")
    problems = [line for line in done.output.splitlines() if re.search(r"\.md:\d+: ", line)]
    counted = re.search(r"(\d+) postmortems? checked", done.output)
    if problems or (counted and int(counted[1]) != n):
        shown = "\n".join(problems[:20] or done.output.splitlines()[-5:])
        raise BenchError(
            f"the generated corpus is not valid ({len(problems)} problems, {counted[1] if counted else '?'} checked, {n} expected):\n{shown}"
        )
    return done.seconds


def build(
    space: Workspace, variant: str, n: int, work: Path, attempt: int, label: str | None = None, site: str | None = None
) -> Run:
    """One timed `mkdocs build` of one variant ("on", "off", "plain" or "nocards") into site-<site or variant>/."""
    config = {"on": space.on, "off": space.off, "plain": space.plain, "nocards": space.no_cards}[variant]
    name = label or variant
    command = python("-m", "mkdocs", "build", "-f", config.name, "-d", str(space.root / f"site-{site or variant}"))
    done = run_ok(command, space.root, 300 + 2.0 * n, work / f"build-{n}-{name}-{attempt}.log")
    cards = card_counts(done)
    shown = f"; social cards: {cards[0]} drawn, {cards[1]} from the cache" if cards else ""
    say(
        f"  build {name:5} #{attempt + 1}: {done.seconds:6.2f} s wall, {done.cpu_s:6.2f} s CPU, peak RSS {done.max_rss_mib:6.1f} MiB{shown}"
    )
    return done


def card_counts(done: Run) -> tuple[int, int] | None:
    """(drawn, from the cache) from the hook's `social cards:` line; None if the build logged none (cards off)."""
    found = CARDS_LINE.findall(done.output)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def warm_card_cache(space: Workspace, n: int, work: Path) -> None:
    """One untimed 'on' build, so the timed ones find every card in the cache, as any build after the first does."""
    if not workspace.cards_enabled(workspace.load(space.on.read_text(encoding="utf-8"))):
        return
    done = build(space, "on", n, work, 0, "warm-up")
    cards = card_counts(done)
    if cards is None:
        raise BenchError(
            "cards are on in mkdocs.yml but the build logged no 'social cards: N drawn, M from the cache' line"
        )
    say(
        "  (warm-up: untimed; it fills the social card cache, so the timed 'on' builds below take every card from the cache)"
    )


def measure_builds(space: Workspace, sample: Sample, work: Path, repeats: int) -> None:
    """On, off and plain alternate, so drift (thermal, cache, neighbours) hits all alike."""
    for attempt in range(repeats):
        sample.on.append(build(space, "on", sample.n, work, attempt))
        sample.off.append(build(space, "off", sample.n, work, attempt))
        sample.plain.append(build(space, "plain", sample.n, work, attempt))
    redrawn = [cards[0] for cards in map(card_counts, sample.on) if cards and cards[0]]
    if redrawn:
        say(
            f"  note: timed 'on' builds drew {redrawn} social cards although nothing changed: the card cache did not hold"
        )
    for _ in range(repeats):
        sample.check.append(check_valid(space, sample.n, work))
    measure_check(space, sample.n, work, repeats)
    on_pages, off_pages = (weight.site_size(space.root / f"site-{v}").html_pages for v in ("on", "off"))
    if on_pages != off_pages:
        say(f"  note: on built {on_pages} HTML pages, off {off_pages}: the variants differ in more than Hindsight")
    for variant, runs in (("on", sample.on), ("off", sample.off), ("plain", sample.plain)):
        warnings = [line for line in runs[-1].output.splitlines() if line.startswith("WARNING")]
        if warnings:
            say(f"  note: the {variant} build logged {len(warnings)} warnings, e.g. {warnings[0][:160]}")


def measure_weight(space: Workspace, sample: Sample, first_post: str) -> None:
    site = space.root / "site-on"
    sample.size = weight.site_size(site)
    reason = weight.browser_missing()
    if reason:
        say(f"  page weight: skipped: {reason}")
        return
    started = time.perf_counter()
    sample.pages = weight.page_weights(site, {"postmortem": post_url(site, first_post), "home": "/"})
    say(f"  page weight measured in Chromium in {time.perf_counter() - started:.0f} s")


def post_url(site: Path, stem: str) -> str:
    """The built URL of a post, found in the output rather than guessed from post_url_format."""
    found = sorted(site.rglob(f"{stem}/index.html"))
    if not found:
        raise BenchError(f"no built page for post {stem} in {site}")
    return "/" + found[0].parent.relative_to(site).as_posix() + "/"


def first_post(space: Workspace) -> Path:
    return sorted(space.post_dir.rglob("*.md"))[0]


def report_sample(sample: Sample) -> None:
    on_rss = max(r.max_rss_mib for r in sample.on)
    off_rss = max(r.max_rss_mib for r in sample.off)
    say(
        f"  median build on {sample.on_s:.2f} s, off {sample.off_s:.2f} s (ratio {sample.on_s / sample.off_s:.2f}), "
        f"plain Material blog {sample.plain_s:.2f} s (ratio {sample.on_s / sample.plain_s:.2f}); check {median(sample.check):.2f} s"
    )
    say(
        f"  median CPU on / plain: {sample.on_cpu / sample.plain_cpu:.2f} (on {sample.on_cpu:.2f} s, plain {sample.plain_cpu:.2f} s)"
    )
    say(
        f"  median CPU on {sample.on_cpu:.2f} s, off {sample.off_cpu:.2f} s, ratio {sample.on_cpu / sample.off_cpu:.2f} (CPU time is robust to other load; wall time is not)"
    )
    say(f"  peak RSS on {on_rss:.1f} MiB, off {off_rss:.1f} MiB")
    if sample.size:
        size = sample.size
        cards = (
            f"; social cards {size.card_files} PNGs, {size.card_bytes / weight.MIB:.1f} MiB" if size.card_files else ""
        )
        say(
            f"  site {size.total_bytes / weight.MIB:.1f} MiB in {size.files} files ({size.html_pages} HTML pages); search_index.json {size.search_index_bytes / weight.KIB:.0f} KiB{cards}"
        )
    if sample.pages:
        say(
            "  page weight in Chromium, cold cache, KiB of response bodies as served (uncompressed), gz = text bodies gzipped -6:"
        )
    for page in sample.pages:
        report_page(page)
    say()


def report_page(page: weight.PageWeight) -> None:
    view = page.viewport
    say(f"  {page.label} {page.path} on {view.name} {view.width}x{view.height}:")
    for phase, what in (
        (page.cold, "cold load, no scrolling"),
        (page.diagram, "+ diagram scrolled into view"),
        (page.search, "+ search focused and a word typed"),
    ):
        note = f" [{phase.note}]" if phase.note else ""
        if not phase.files:
            say(f"    {what}: nothing fetched{note}")
            continue
        say(
            f"    {what}: {weight.kib(phase.total_bytes)} KiB in {len(phase.files)} file{'s' if len(phase.files) != 1 else ''}, gz {weight.kib(phase.gzip_bytes)} KiB{note}"
        )
        say(f"      largest KiB: {weight.describe(phase.largest())}")
    for url in page.blocked:
        say(f"    BLOCKED non-loopback request: {url}")
    for problem in page.problems:
        say(f"    problem: {problem}")


SERVE_TARGETS = {100: 1.0, 500: 1.5, 2000: 3.0}


def listing_pages(site: Path, post: Path) -> list[str]:
    """URLs of the built pages, other than the post's own, that link to it: listings, browse, action items."""
    link = f'{post.stem}/"'  # every link to the post ends in its file name (titles repeat across a large corpus)
    found = []
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        if path.startswith(("postmortems/", "assets/")):
            continue
        if link in page.read_text(encoding="utf-8"):
            found.append("/" if path == "." else f"/{path}/")
    return found


def measure_serve(space: Workspace, work: Path, rounds: int, plain_build_s: float | None) -> None:
    """Under a plain `mkdocs serve`: first page with an empty card cache, then save -> page for three edits."""
    post = first_post(space)
    site = space.root / "site-on"
    page = post_url(site, post.stem)
    listings = [url for url in listing_pages(site, post) if url != page]
    n = sum(1 for _ in space.post_dir.rglob("*.md"))
    say(f"## mkdocs serve at N={n}: edit {post.relative_to(space.root)}, poll {page} every 50 ms")
    shutil.rmtree(space.card_cache / "cards", ignore_errors=True)
    first = serving.time_first_serve(space.root, page, work / f"serve-{n}-first.log", 300 + 1.0 * n)
    say(f"  first mkdocs serve, card cache empty: the post answers after {first:.2f} s")
    if n == 500:
        if plain_build_s is None:
            target(
                "first serve at N=500, empty card cache, within a mkdocs build", f"{first:.2f} s (no build timed)", None
            )
        else:
            target(
                "first serve at N=500, empty card cache, within a mkdocs build of the same site",
                f"{first:.2f} s against {plain_build_s:.2f} s",
                first <= plain_build_s,
            )
    others = ["/stats/"]
    result = serving.time_edits(
        space.root, post, page, listings, others, work / f"serve-{n}.log", rounds, 300 + 1.0 * n
    )
    say(f"  checked after each rebuild: {', '.join(listings)} (the title), {', '.join(others)} (answers)")
    for kind, times in result.seconds.items():
        shown = ", ".join(f"{t:.2f}" for t in times)
        say(f"  {kind:5}: save -> page shows it: median {median(times):.2f} s ({shown})")
        if n in SERVE_TARGETS:
            limit = SERVE_TARGETS[n]
            target(
                f"serve N={n} save -> page, {kind} edit, at most {limit} s",
                f"{median(times):.2f} s",
                median(times) <= limit,
            )
    for line in result.wrong:
        say(f"  WRONG: {line}")
    target(
        f"serve N={n}: listings, browse, action items and stats right after every rebuild",
        f"{len(result.wrong)} wrong of {(len(listings) + len(others)) * 3 * rounds} checks",
        not result.wrong,
    )
    say()


def measure_warm(space: Workspace, n: int, work: Path, repeats: int) -> None:
    """A cold build (Hindsight's caches emptied, social cards kept) against a warm one with one postmortem changed."""
    say(f"## Cold vs warm build at N={n} (cards stay cached in both: their cost is in the social cards section)")
    post = first_post(space)
    original = post.read_text(encoding="utf-8")
    cold, warm = [], []
    try:
        for attempt in range(repeats):
            for child in space.card_cache.iterdir() if space.card_cache.is_dir() else []:
                if child.name != "cards":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            cold.append(build(space, "on", n, work, attempt, "cold"))
            post.write_text(
                original.replace(
                    "## Root Cause and Resolution\n\n", f"## Root Cause and Resolution\n\nWarm{attempt} ", 1
                ),
                encoding="utf-8",
            )
            warm.append(build(space, "on", n, work, attempt, "warm"))
    finally:
        post.write_text(original, encoding="utf-8")
    ratio = median([r.seconds for r in warm]) / median([r.seconds for r in cold])
    cpu = median([r.cpu_s for r in warm]) / median([r.cpu_s for r in cold])
    say(
        f"  median cold {median([r.seconds for r in cold]):.2f} s, warm {median([r.seconds for r in warm]):.2f} s; CPU ratio {cpu:.2f}"
    )
    target(
        f"warm build / cold build at N={n}, at most 0.35",
        f"{ratio:.2f} (CPU {cpu:.2f})",
        ratio <= 0.35 if n == 1000 else None,
    )
    say()


def ratios(sample: Sample) -> None:
    """Against what a user would pick instead: a plain Material blog of the same posts (issue 14: at most 1.25)."""
    ratio = sample.on_s / sample.plain_s
    cpu = sample.on_cpu / sample.plain_cpu
    decided = ratio <= 1.25 if sample.n in (300, 1000) else None
    target(
        f"build on / plain Material blog at N={sample.n}, at most 1.25 (at N=300 and 1000)",
        f"{ratio:.2f} wall, {cpu:.2f} CPU (on / Hindsight off, theme kept: {sample.on_s / sample.off_s:.2f})",
        decided,
    )


def quiet_logs(sample: Sample) -> None:
    """What a writer's build log holds: no mkdocs-macros INFO chatter, no end-of-life notice."""
    lines = [line for line in sample.on[-1].output.splitlines() if line.strip()]
    chatter = [line for line in lines if "[macros]" in line and line.startswith("INFO")]
    notice = [line for line in lines if "end of life" in line]
    target(
        f"quiet log of a build at N={sample.n}: no mkdocs-macros INFO lines, no end-of-life notice",
        f"{len(chatter)} macros INFO and {len(notice)} notice lines of {len(lines)}",
        not chatter and not notice,
    )


def measure_check(space: Workspace, n: int, work: Path, repeats: int) -> None:
    """`python -m hindsight check` with its parse cache emptied (cold) and kept (warm)."""
    cold, warm = [], []
    cache = space.card_cache / "parsed.pickle"
    for _ in range(repeats):
        cache.unlink(missing_ok=True)
        cold.append(check_valid(space, n, work))
        warm.append(check_valid(space, n, work))
    say(f"  check: cold (no parse cache) median {median(cold):.2f} s, warm {median(warm):.2f} s")
    if n == 1000:
        target("check at N=1000 cold, under 2 s", f"{median(cold):.2f} s", median(cold) < 2)
        target("check at N=1000 warm, under 1 s", f"{median(warm):.2f} s", median(warm) < 1)


def measure_lighthouse(space: Workspace, work: Path, runs: int) -> None:
    """Four category scores for the home page and one postmortem, median of `runs`."""
    site = space.root / "site-on"
    n = sum(1 for _ in space.post_dir.rglob("*.md"))
    say(f"## Lighthouse 12 (mobile preset, Debian chromium, median of {runs}) at N={n}, served gzipped from 127.0.0.1")
    reason = audit.missing()
    if reason:
        say(f"  skipped: {reason}")
        say()
        return
    pages = {"home": "/", "postmortem": post_url(site, first_post(space).stem)}
    with serving.static_server(site) as base:
        for label, path in pages.items():
            scores = audit.audit(base + path, label, work, runs)
            cats = "  ".join(f"{name} {value:.0f}" for name, value in scores.categories.items())
            m = scores.metrics
            say(f"  {label:10} {path}: {cats}")
            target(
                f"Lighthouse {label} at N={n}: 100 in all four",
                cats,
                all(round(value) >= 100 for value in scores.categories.values()),
            )
            say(
                f"  {'':10} FCP {m['first-contentful-paint']:.0f} ms, LCP {m['largest-contentful-paint']:.0f} ms, TBT {m['total-blocking-time']:.0f} ms, "
                f"CLS {m['cumulative-layout-shift']:.3f}, transferred {m['total-byte-weight'] / weight.KIB:.0f} KiB"
            )
    say()


def measure_cards(space: Workspace, n: int, work: Path, repeats: int) -> None:
    """No cards vs cards drawn into an empty cache vs cards from a warm cache; issue 5's target is warm / none <= 1.15."""
    if not workspace.cards_enabled(workspace.load(space.on.read_text(encoding="utf-8"))):
        say("## Social cards: off in mkdocs.yml (extra.postmortem.cards: false), nothing to time")
        say()
        return
    cache = space.card_cache.relative_to(space.root)
    say(
        f"## Social cards at N={n}: (a) cards: false, (b) cards on after deleting {cache}/, (c) cards on again with that cache warm"
    )
    say(
        f"   order a, b, c, a, b, c, ...; {repeats} of each, median; (b) and (c) build into site-cards/, (a) into site-nocards/"
    )
    none, cold, warm = [], [], []
    for attempt in range(repeats):
        none.append(build(space, "nocards", n, work, attempt, "nocards"))
        shutil.rmtree(space.card_cache, ignore_errors=True)
        cold.append(build(space, "on", n, work, attempt, "cards-cold", "cards"))
        warm.append(build(space, "on", n, work, attempt, "cards-warm", "cards"))
    if any(card_counts(r) for r in none):
        raise BenchError(
            "the cards: false build still logged a 'social cards:' line: mkdocs-nocards.yml did not turn cards off"
        )
    counts = {name: [card_counts(r) for r in runs] for name, runs in (("cold", cold), ("warm", warm))}
    if None in counts["cold"] + counts["warm"]:
        raise BenchError("a build with cards on logged no 'social cards: N drawn, M from the cache' line")
    cold_counts = [c for c in counts["cold"] if c]
    warm_counts = [c for c in counts["warm"] if c]
    (none_s, cold_s, warm_s), (none_cpu, cold_cpu, warm_cpu) = (
        [median([getattr(r, attr) for r in runs]) for runs in (none, cold, warm)] for attr in ("seconds", "cpu_s")
    )
    drawn = max(c[0] for c in cold_counts)
    redrawn = max(c[0] for c in warm_counts)
    say(f"  social cards logged: (b) {_counted(cold_counts)}; (c) {_counted(warm_counts)}")
    say(
        f"  median wall: (a) no cards {none_s:.2f} s, (b) first build with cards {cold_s:.2f} s, (c) second build, cache warm {warm_s:.2f} s"
    )
    say(f"  median CPU:  (a) {none_cpu:.2f} s, (b) {cold_cpu:.2f} s, (c) {warm_cpu:.2f} s")
    say(
        f"  drawing costs {1000 * (cold_s - none_s) / max(drawn, 1):.1f} ms a card ({drawn} drawn); the warm cache costs {1000 * (warm_s - none_s) / n:+.1f} ms a post"
    )
    ratio, cpu_ratio = warm_s / none_s, warm_cpu / none_cpu
    fastest = min(r.seconds for r in warm) / min(r.seconds for r in none)
    cycles = ", ".join(f"{c.seconds / a.seconds:.2f}" for a, c in zip(none, warm, strict=True))
    met = ratio <= CARDS_TARGET and redrawn == 0
    say(
        f"  warm cards / no cards: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (medians); fastest / fastest {fastest:.2f}; each cycle (c)/(a): {cycles}"
    )
    straddle = min(ratio, cpu_ratio, fastest) <= CARDS_TARGET < max(ratio, cpu_ratio, fastest)
    say(
        f"  target: at most {CARDS_TARGET} and no card redrawn ({redrawn} redrawn): {'met' if met else 'NOT met'} by the wall medians"
        f"{' (the figures fall on both sides of the target: the noise is as large as the margin; rerun on a quiet machine)' if straddle else ''}"
    )
    say()


def _counted(counts: list[tuple[int, int]]) -> str:
    """The `social cards:` lines of several builds, once if they all say the same."""
    lines = [f"{drawn} drawn, {cached} from the cache" for drawn, cached in counts]
    return f"{len(lines)}x {lines[0]}" if len(set(lines)) == 1 else "; ".join(lines)


def measure_profile(space: Workspace, n: int, work: Path) -> None:
    say(f"## cProfile of one Hindsight build at N={n} (cProfile itself slows calls down; compare shares, not seconds)")
    result = profiling.summarise(profiling.profile_build(space.root, work / f"build-{n}.prof", 600 + 2.0 * n))
    total = result.total_s or 1.0
    say(f"  total {result.total_s:.1f} s. Self time by package:")
    for name, seconds in result.by_group:
        if seconds / total >= 0.005:
            say(f"    {seconds:7.2f} s {100 * seconds / total:5.1f}%  {name}")
    say(
        "  Inclusive time of event handlers and hot spots (callees included; 'of which' lines are inside the line above):"
    )
    for name, seconds in result.by_handler:
        say(f"    {seconds:7.2f} s {100 * seconds / total:5.1f}%  {name}")
    say("  Top functions by cumulative time:")
    for function, cumulative, self_time, calls in result.top:
        say(f"    {cumulative:7.2f} s cum {self_time:6.2f} s self {calls:8d} calls  {function}")
    say()


def curve(samples: list[Sample]) -> None:
    """Per-postmortem cost as N grows; issue 14: at N=5000 at most 1.3x that at N=500."""
    by_n = {s.n: s for s in samples}
    if 500 in by_n and 5000 in by_n:
        growth = (by_n[5000].on_s / 5000) / (by_n[500].on_s / 500)
        target("per-postmortem build cost at N=5000 / at N=500, at most 1.3", f"{growth:.2f}", growth <= 1.3)
    else:
        target("per-postmortem build cost at N=5000 / at N=500, at most 1.3", "needs --sizes with 500 and 5000", None)


def targets_table() -> None:
    say("## Issue 14's targets, each beside its figure")
    say()
    say("| target | figure | verdict |")
    say("|---|---|---|")
    for t in TARGETS:
        say(f"| {t.what} | {t.figure} | {_verdict(t.met)} |")
    say()


def final_table(samples: list[Sample]) -> None:
    say(
        "| N | build on (s) | build off (s) | ratio | per-post on (ms) | check (s) | peak RSS (MB) | site MB | KiB/post |"
    )
    say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in samples:
        total = s.size.total_bytes if s.size else 0
        rss = max(r.max_rss_mib for r in s.on)
        cells = [
            str(s.n),
            f"{s.on_s:.2f}",
            f"{s.off_s:.2f}",
            f"{s.on_s / s.off_s:.2f}",
            f"{1000 * s.on_s / s.n:.1f}",
            f"{median(s.check):.2f}",
            f"{rss:.0f}",
        ]
        cells += [f"{total / weight.MIB:.1f}", f"{total / weight.KIB / s.n:.1f}"]
        say("| " + " | ".join(cells) + " |")
    say()
    say("MB = MiB (2^20 bytes); peak RSS is the largest of the 'on' builds; KiB/post = whole site / N.")
    say()
    say("| N | CPU on (s) | CPU off (s) | CPU ratio | per-post CPU on (ms) | fastest on (s) | fastest off (s) |")
    say("|---:|---:|---:|---:|---:|---:|---:|")
    for s in samples:
        fastest = [min(r.seconds for r in runs) for runs in (s.on, s.off)]
        say(
            f"| {s.n} | {s.on_cpu:.2f} | {s.off_cpu:.2f} | {s.on_cpu / s.off_cpu:.2f} | {1000 * s.on_cpu / s.n:.1f} | {fastest[0]:.2f} | {fastest[1]:.2f} |"
        )
    say()
    if not any(s.pages for s in samples):
        return
    say(
        "Page weight in Chromium, KiB (gz KiB): cold load with no scrolling, then what scrolling to the diagram and searching add."
    )
    say()
    say("| N | page | viewport | cold load | + diagram | + search | search_index.json on disk |")
    say("|---:|---|---|---:|---:|---:|---:|")
    for s in samples:
        for page in s.pages:
            cells = [
                f"{weight.kib(p.total_bytes)} ({weight.kib(p.gzip_bytes)})" if p.files else "0"
                for p in (page.cold, page.diagram, page.search)
            ]
            index = weight.kib(s.size.search_index_bytes) if s.size else "?"
            say(
                f"| {s.n} | {page.label} | {page.viewport.name} {page.viewport.width}x{page.viewport.height} | {' | '.join(cells)} | {index} |"
            )
    say()
    blocked = sorted({url for s in samples for page in s.pages for url in page.blocked})
    say(f"Non-loopback requests (blocked): {', '.join(blocked) if blocked else 'none'}")


def measure_size(args: argparse.Namespace, n: int, work: Path) -> Sample:
    """All the measurements that need the site at N, while it exists."""
    space = prepare(work / "project", work / f"n{n}", n, args.seed)
    sample = Sample(n)
    sample.check.append(check_valid(space, n, work))  # the validity gate; its time is a warm-up, not reported
    sample.check.clear()
    warm_card_cache(space, n, work)
    measure_builds(space, sample, work, 2 if args.quick else 3)
    measure_weight(space, sample, first_post(space).stem)
    report_sample(sample)
    fetched = search_figure(sample.pages)
    if fetched is not None:
        target(
            f"a reader's first search at N={n} (the target is 300 KB at N=10000)",
            f"{fetched / 1000:.0f} KB",
            None,
        )
    ratios(sample)
    quiet_logs(sample)
    repeats = 2 if args.quick else 3
    extras: list[tuple[bool, Callable[[], None]]] = [
        (not args.skip_cards and n == args.cards_size, lambda: measure_cards(space, n, work, repeats)),
        (
            not args.skip_serve and n in args.serve_sizes,
            lambda: measure_serve(space, work, 1 if args.quick else 2, sample.on_s),
        ),
        (n == args.warm_size, lambda: measure_warm(space, n, work, repeats)),
        (args.profile == n, lambda: measure_profile(space, n, work)),
        (
            not args.skip_lighthouse and n == (args.lighthouse_size or max(args.sizes)),
            lambda: measure_lighthouse(space, work, 1 if args.quick else 3),
        ),
    ]
    for wanted, measure in extras:
        if wanted:
            measure()
    if not args.keep:
        shutil.rmtree(space.root, ignore_errors=True)
    return sample


SEARCH_TARGET = 300 * 1000


def search_figure(pages: list[weight.PageWeight]) -> int | None:
    """Bytes a reader's first search fetched (the largest over pages and viewports), if it was measured."""
    found = [page.search.total_bytes for page in pages if page.search.files]
    return max(found) if found else None


def measure_search(args: argparse.Namespace, n: int, work: Path) -> None:
    """One 'on' build at N (cards off: they are not what this measures), then the first search in Chromium."""
    space = prepare(work / "project", work / f"search{n}", n, args.seed)
    say(f"## A reader's first search at N={n} (one build, cards off)")
    done = build(space, "nocards", n, work, 0, "search", "on")
    say(f"  built in {done.seconds:.0f} s")
    reason = weight.browser_missing()
    if reason:
        target(f"first search at N={n}, at most 300 KB", f"skipped: {reason}", None)
        return
    pages = weight.page_weights(space.root / "site-on", {"home": "/"})
    for page in pages:
        report_page(page)
    fetched = search_figure(pages)
    target(
        f"a reader's first search at N={n}, at most 300 KB",
        f"{fetched / 1000:.0f} KB" if fetched is not None else "nothing fetched",
        fetched is not None and fetched <= SEARCH_TARGET if n >= 10000 else None,
    )
    if not args.keep:
        shutil.rmtree(space.root, ignore_errors=True)
    say()


def extra_sizes(args: argparse.Namespace) -> list[int]:
    """Sizes only needed for serve, cards, profile or Lighthouse get a site too (and a row in the table)."""
    wanted = set(args.serve_sizes) if not args.skip_serve else set()
    wanted |= {args.warm_size}
    wanted |= {args.cards_size} if not args.skip_cards else set()
    wanted |= {args.profile} if args.profile else set()
    wanted |= {args.lighthouse_size} if args.lighthouse_size and not args.skip_lighthouse else set()
    return sorted(wanted - set(args.sizes))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="hindsight-bench-"))
    try:
        source = workspace.snapshot(PROJECT, work / "project")
        print_header(args, workspace.load((source / "mkdocs.yml").read_text(encoding="utf-8")))
        if not args.skip_lighthouse and audit.missing():
            say(f"note: {audit.missing()}\n")
        for n in extra_sizes(args):
            args.sizes.append(n)
            say(f"N={n} is added to --sizes, for serve, cards, profile or Lighthouse")
        args.sizes.sort()
        samples = [measure_size(args, n, work) for n in args.sizes]
        if args.search_size:
            measure_search(args, args.search_size, work)
        say("## Results")
        final_table(samples)
        curve(samples)
        targets_table()
        if args.hostile:
            hostile.measure(work, say)
        return 0
    except BenchError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            say(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
