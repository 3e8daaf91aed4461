"""Lighthouse scores for the built site, with Debian's chromium and the pinned npm package.

Scores move between runs (simulated throttling on a 2-core machine), so each
page is audited three times and every category reported as its median.
Lighthouse is optional: without `bench/node_modules` the benchmark says how
to install it instead of failing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from timing import BenchError, median, tail

BENCH = Path(__file__).resolve().parent
CLI = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "total-byte-weight",
)
TIMEOUT = 240.0


@dataclass(frozen=True)
class Scores:
    url: str
    categories: dict[str, float]  # median score, 0-100
    metrics: dict[str, float]  # median numeric value (ms, bytes or unitless)
    runs: int


def missing() -> str | None:
    """Why Lighthouse cannot run here, with the fix; None if it can."""
    if not CLI.is_file():
        return f"Lighthouse is not installed for bench/ - run: npm ci --prefix bench   (needs {BENCH / 'package-lock.json'})"
    if shutil.which("node") is None:
        return "node is not on PATH - install Node.js 18+ (e.g. apt-get install nodejs npm)"
    if not Path(os.environ.get("CHROME_PATH", CHROME)).exists():
        return f"no Chromium at {os.environ.get('CHROME_PATH', CHROME)} - apt-get install chromium or set CHROME_PATH"
    return None


def _one(url: str, report: Path) -> dict[str, object]:
    command = [
        "node",
        str(CLI),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME)}
    log = report.with_suffix(".log")
    with log.open("wb") as out:
        try:
            done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise BenchError(f"Lighthouse timed out after {TIMEOUT:.0f} s on {url}\n{tail(log)}") from None
    if done.returncode != 0 or not report.is_file():
        raise BenchError(f"Lighthouse failed (exit {done.returncode}) on {url}\n{tail(log)}")
    data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return data


def audit(url: str, label: str, work: Path, runs: int) -> Scores:
    """Median of `runs` Lighthouse runs (mobile preset, the default); reports stay in `work`."""
    reports = [_one(url, work / f"lighthouse-{label}-{i}.json") for i in range(runs)]
    categories = {name: median([_score(r, name) for r in reports]) for name in CATEGORIES}
    metrics = {name: median([_metric(r, name) for r in reports]) for name in METRICS}
    return Scores(url, categories, metrics, runs)


def _score(report: dict[str, object], name: str) -> float:
    categories = report.get("categories")
    entry = categories.get(name) if isinstance(categories, dict) else None
    score = entry.get("score") if isinstance(entry, dict) else None
    return float(score) * 100 if isinstance(score, int | float) else float("nan")


def _metric(report: dict[str, object], name: str) -> float:
    audits = report.get("audits")
    entry = audits.get(name) if isinstance(audits, dict) else None
    value = entry.get("numericValue") if isinstance(entry, dict) else None
    return float(value) if isinstance(value, int | float) else float("nan")
