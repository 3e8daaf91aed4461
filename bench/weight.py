"""What the built site weighs: on disk, and for a reader's browser.

Page weight is measured, not estimated: the built site is served from
127.0.0.1 and opened in headless Chromium (Playwright), in a fresh browser
context each time, so the cache is cold. Three phases, each counted on its own:

- **cold**: the page loads and sits there, nobody scrolls; network idle, then 2 s more.
- **diagram**: the outage diagram is scrolled into view, so Hindsight's loader
  imports Mermaid's ES module build and the chunks a gantt chart needs.
- **search**: the search box is focused and a word typed, so Material's held
  request for `search/search_index.json` goes out (hindsight-search.js).

Bytes are the lengths of the response bodies (`Response.body()`) of every
request the page and its workers made. The benchmark's server sends files
uncompressed, so that is what crossed the wire, headers aside; the gzip
figure is an estimate of a real host: every text body (HTML, CSS, JS, JSON,
SVG, XML) gzipped at level 6, images and fonts as they are. Every request
that is not to loopback is aborted and reported: there should be none.
"""

from __future__ import annotations

import gzip
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import serving

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Request, Response

KIB = 1024
MIB = 1024 * 1024
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Every URL except http(s) to loopback: loopback requests never enter the route handler.
NOT_LOOPBACK = re.compile(r"^(?!https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:/|$))")
TEXT_TYPES = re.compile(r"text/|javascript|json|svg|xml")
TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map")
QUIET_S = 0.5  # "network idle": no request in flight for this long, as Playwright's networkidle
EXTRA_S = 2.0  # then this much more, for anything started late (timers, idle callbacks)
TIMEOUT_S = 60.0
SEARCH_WORD = "database"  # in every kind of incident the corpus writes about


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool


DESKTOP = Viewport("desktop", 1440, 900, False)
PHONE = Viewport("phone", 375, 812, True)
VIEWPORTS = (DESKTOP, PHONE)


@dataclass(frozen=True)
class SiteSize:
    total_bytes: int
    files: int
    html_pages: int
    search_index_bytes: int
    card_files: int
    card_bytes: int


def site_size(site: Path) -> SiteSize:
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"
    cards = [p for p in files if p.suffix == ".png" and "cards" in p.relative_to(site).parts[:-1]]
    return SiteSize(
        sum(p.stat().st_size for p in files),
        len(files),
        sum(1 for p in files if p.suffix == ".html"),
        index.stat().st_size if index.exists() else 0,
        len(cards),
        sum(p.stat().st_size for p in cards),
    )


@dataclass(frozen=True)
class Fetched:
    """One response: where from (site path, or the whole URL if it left loopback), its type and its size."""

    path: str
    kind: str  # Playwright's resource type: document, stylesheet, script, fetch, xhr, image, ...
    status: int
    bytes: int  # body length as received; the server does not compress
    gzip_bytes: int  # estimate: text bodies gzipped at level 6, others as they are


@dataclass(frozen=True)
class Phase:
    name: str
    files: tuple[Fetched, ...]
    note: str = ""

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    @property
    def gzip_bytes(self) -> int:
        return sum(f.gzip_bytes for f in self.files)

    def largest(self, count: int = 4) -> list[Fetched]:
        return sorted(self.files, key=lambda f: -f.bytes)[:count]


@dataclass(frozen=True)
class PageWeight:
    """One page at one viewport: what each phase downloaded, and anything that went wrong."""

    label: str
    path: str
    viewport: Viewport
    cold: Phase
    diagram: Phase
    search: Phase
    blocked: tuple[str, ...] = ()  # non-loopback requests, aborted
    problems: tuple[str, ...] = ()  # page errors, console errors, failed requests, bodies we could not read


def browser_missing() -> str | None:
    """Why the browser measurement cannot run here, with the fix; None if it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ModuleNotFoundError:
        return "Playwright is not installed - run: pip install -r requirements-dev.txt"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} - run: apt-get install -y chromium"
    return None


def page_weights(site: Path, pages: dict[str, str], viewports: Sequence[Viewport] = VIEWPORTS) -> list[PageWeight]:
    """Each page (label -> site path like /postmortems/x/) at each viewport, in its own cold browser context."""
    from playwright.sync_api import sync_playwright

    results = []
    with serving.static_server(site, compress=False) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for label, path in pages.items():
                for viewport in viewports:
                    context = browser.new_context(
                        viewport={"width": viewport.width, "height": viewport.height},
                        is_mobile=viewport.mobile,
                        has_touch=viewport.mobile,
                        device_scale_factor=3 if viewport.mobile else 1,
                        service_workers="block",
                    )
                    try:
                        results.append(_measure(context, base, label, path, viewport))
                    finally:
                        context.close()
        finally:
            browser.close()
    return results


@dataclass
class _Traffic:
    """Every response of one context, and what is still in flight, so a phase can wait for quiet."""

    base: str
    responses: list[Response] = field(default_factory=list)
    in_flight: set[Request] = field(default_factory=set)
    last_event: float = field(default_factory=time.monotonic)
    blocked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counted: int = 0  # responses already given to a phase

    def started(self, request: Request) -> None:
        self.in_flight.add(request)
        self.last_event = time.monotonic()

    def ended(self, request: Request) -> None:
        self.in_flight.discard(request)
        self.last_event = time.monotonic()

    def received(self, response: Response) -> None:
        self.responses.append(response)

    def failed(self, request: Request) -> None:
        self.ended(request)
        if request.url not in self.blocked:
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def settle(self, page: Page, timeout: float = TIMEOUT_S) -> None:
        """Wait for network idle (nothing in flight for 0.5 s), then 2 s more, then idle again."""
        deadline = time.monotonic() + timeout
        for pause in (EXTRA_S, 0.0):
            while self.in_flight or time.monotonic() - self.last_event < QUIET_S:
                if time.monotonic() > deadline:
                    self.problems.append(
                        f"still {len(self.in_flight)} requests in flight after {timeout:.0f} s: {[r.url for r in self.in_flight][:3]}"
                    )
                    return
                page.wait_for_timeout(50)  # lets Playwright deliver the events
            if pause:
                page.wait_for_timeout(pause * 1000)

    def phase(self, name: str, note: str = "") -> Phase:
        """The responses since the last phase."""
        new, self.counted = self.responses[self.counted :], len(self.responses)
        return Phase(name, tuple(self._fetched(r) for r in new), note)

    def _fetched(self, response: Response) -> Fetched:
        url = response.url
        path = url[len(self.base) :] if url.startswith(self.base) else url
        try:
            body = response.body()
        except Exception as error:  # redirects have no body; a closed worker may lose it
            self.problems.append(f"no body for {path} ({response.status}): {str(error).splitlines()[0]}")
            body = b""
        content_type = response.headers.get("content-type", "")
        text = bool(TEXT_TYPES.search(content_type)) or urlsplit(url).path.endswith(TEXT_SUFFIXES)
        packed = len(gzip.compress(body, 6)) if text and body else len(body)
        return Fetched(path, response.request.resource_type, response.status, len(body), packed)


def _measure(context: BrowserContext, base: str, label: str, path: str, viewport: Viewport) -> PageWeight:
    from playwright.sync_api import ConsoleMessage, Error, Route
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    traffic = _Traffic(base)

    def block(route: Route) -> None:
        if (urlsplit(route.request.url).hostname or "") in LOOPBACK:  # the regex filters; this is a safety net
            route.continue_()
        else:
            traffic.blocked.append(route.request.url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" or (message.type == "warning" and "Hindsight" in message.text):
            traffic.problems.append(f"console {message.type}: {message.text[:200]}")

    def page_error(error: Error) -> None:
        traffic.problems.append(f"page error: {error.message[:200]}")

    context.set_default_timeout(TIMEOUT_S * 1000)
    context.route(NOT_LOOPBACK, block)
    context.on("request", traffic.started)
    context.on("requestfinished", traffic.ended)
    context.on("requestfailed", traffic.failed)
    context.on("response", traffic.received)  # Playwright wants a Python function, not a bound builtin
    page = context.new_page()
    page.on("console", console)
    page.on("pageerror", page_error)

    response = page.goto(base + path, wait_until="networkidle")
    if response is None or not response.ok:
        raise RuntimeError(f"GET {path}: {response.status if response else 'no response'}")
    traffic.settle(page)
    reached = page.locator(".hs-mermaid-drawn").count()
    cold = traffic.phase("cold", "the diagram was near enough to be drawn without scrolling" if reached else "")

    sources = page.locator("pre.hs-mermaid")
    if sources.count() == 0:
        diagram = traffic.phase("diagram", "already drawn on load" if reached else "no diagram on this page")
    else:
        page.locator(
            ".hs-diagram"
        ).first.scroll_into_view_if_needed()  # the source is hidden until drawn; its figure holds the place
        try:
            page.wait_for_selector(".hs-mermaid-drawn, pre.hs-mermaid--failed", timeout=TIMEOUT_S * 1000)
        except PlaywrightTimeout:
            traffic.problems.append(f"the diagram was not drawn within {TIMEOUT_S:.0f} s of scrolling to it")
        traffic.settle(page)
        drawn = page.locator(".hs-mermaid-drawn").count()
        diagram = traffic.phase("diagram", "drawn" if drawn else "NOT drawn")
    page.evaluate("() => window.scrollTo(0, 0)")

    search = traffic.phase("search", _search(page, traffic))
    return PageWeight(label, path, viewport, cold, diagram, search, tuple(traffic.blocked), tuple(traffic.problems))


def _search(page: Page, traffic: _Traffic) -> str:
    """Open search as a reader would (on a phone: the header's search button first), type a word, wait for results."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    if box.count() == 0:
        return "no search box on this page"
    button = page.locator(
        "label.md-header__button[for='__search']"
    )  # shown on narrow screens, where the box is folded away
    if button.count() and button.is_visible():
        button.click()
    else:
        box.click()
    box.press_sequentially(SEARCH_WORD, delay=40)  # focuses the box; Material searches on key events, not on fill()
    meta = page.locator(".md-search-result__meta")
    try:
        page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta'); return m && /\\d|No matching/.test(m.textContent); }",
            timeout=TIMEOUT_S * 1000,
        )
    except PlaywrightTimeout:
        traffic.problems.append(f"no search results within {TIMEOUT_S:.0f} s of typing {SEARCH_WORD!r}")
    traffic.settle(page)
    shown = " ".join(meta.inner_text().split()) if meta.count() else "no result counter"
    return f"typed {SEARCH_WORD!r}: {shown}"


def kib(value: int) -> str:
    return f"{value / KIB:.0f}"


def describe(files: Iterable[Fetched]) -> str:
    return ", ".join(f"{f.path.lstrip('/') or '/'} {kib(f.bytes)}" for f in files)
