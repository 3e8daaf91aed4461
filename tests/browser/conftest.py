"""Browser fixtures: the real site, built once per session, served from loopback, seen by Chromium.

Nothing here may reach the internet: every request whose host is not loopback is
aborted and recorded, so a test can assert that a page asked for no CDN.
Chromium and the npm packages are prerequisites, not options: when one is
missing every browser test fails with the command that installs it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

try:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, Request, Route, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
except ModuleNotFoundError as error:  # fail with the fix, not a bare import error
    raise ImportError(
        f"the browser tests need Playwright ({error}) - install it with: pip install -r requirements-dev.txt"
    ) from error

from tests.conftest import ROOT, Site, copy_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / "node_modules"
MERMAID_JS = NODE_MODULES / "mermaid" / "dist" / "mermaid.min.js"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Every URL but http(s) to loopback; a regex (unlike a callable) lets loopback requests skip the route entirely.
NOT_LOOPBACK = re.compile(r"^(?!https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:/|$))")
POSTS = ROOT / "docs" / "postmortems"
EXAMPLE = POSTS / "2024-08-15-checkout-crawled.md"
DESKTOP = (1440, 900)
PHONE = (375, 812)

# Material renders a diagram into a closed shadow root; force them open so tests can look inside.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  window.__hsShadowRoots = [];
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, Object.assign({}, init, { mode: "open" }));
    window.__hsShadowRoots.push(root);
    return root;
  };
})();
"""

# Where diagrams are: Hindsight's figure, and Mermaid sources Material or Hindsight's script will draw.
DIAGRAMS = ".hs-diagram, pre.mermaid, pre.hs-mermaid"
# Mermaid marks its root svg with aria-roledescription (the diagram type); count them everywhere, shadow roots included.
DIAGRAM_SVGS = "() => [document, ...(window.__hsShadowRoots || [])].reduce((n, root) => n + root.querySelectorAll('svg[aria-roledescription]').length, 0)"


def _missing_prerequisites() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} is missing - install it with: apt-get install -y chromium (or run .ci/run)")
    for path in (MERMAID_JS, AXE_JS):
        if not path.is_file():
            missing.append(f"{path.relative_to(ROOT)} is missing - install the npm packages with: npm ci (in {ROOT})")
    return missing


@pytest.fixture(scope="session", autouse=True)
def _prerequisites() -> None:
    """Fail, never skip: CI must not go green without having run the browser tests."""
    missing = _missing_prerequisites()
    if missing:
        pytest.fail("browser tests cannot run:\n" + "\n".join(missing), pytrace=False)


# ---------------------------------------------------------------------------
# Postmortem sources


@dataclass(frozen=True)
class Example:
    path: Path
    front: dict[str, Any]
    timeline: int  # bullets under the Timeline heading

    @property
    def url(self) -> str:
        return f"/postmortems/{self.path.stem}/"

    @property
    def id(self) -> str:
        return self.path.stem


def read_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    front = yaml.safe_load(head)
    assert isinstance(front, dict), path
    bullets, inside = 0, False
    for line in body.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == "Timeline"
        elif inside and line.startswith("- "):
            bullets += 1
    return Example(path, front, bullets)


EXAMPLES = [read_example(path) for path in sorted(POSTS.rglob("*.md"))]


# ---------------------------------------------------------------------------
# Built and served sites


@dataclass
class Served:
    site: Site
    out: Path
    url: str  # http://127.0.0.1:<port>, no trailing slash


class _QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a page's dozens of assets share a few connections

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed tab drops its connections
            super().handle_error(request, client_address)


def _build(target: Path, extra: dict[str, str] | None = None, npm: bool = True) -> Site:
    """The project's site with the example postmortems (plus `extra`), built; `npm`: with node_modules."""
    site = copy_site(target, extra, examples=True)
    if npm:
        (site.root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    if extra:
        checked = site.check()
        assert checked.returncode == 0, f"hindsight check failed:\n{checked.stdout}{checked.stderr}"
    built = site.build()
    assert built.returncode == 0, f"mkdocs build failed:\n{built.stdout}{built.stderr}"
    return site


def _serve(site: Site) -> Iterator[Served]:
    out = site.root / "site"
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="hindsight-site", daemon=True)
    thread.start()
    try:
        yield Served(site, out, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory, _prerequisites: None) -> Iterator[Served]:
    """The example site, built with a real `mkdocs build` and served from 127.0.0.1."""
    yield from _serve(_build(tmp_path_factory.mktemp("browser") / "site-src"))


# ---------------------------------------------------------------------------
# The evil postmortem: hostile text in every field, code that must stay literal

HTML = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>'
JINJA = "{{ 7*7 }}"
MERMAID = "a --> b; click x call alert(1) %% #35; : ;"
EVIL_WORD = "Zanzibar"  # unique to the evil postmortem, for the search test
EVIL_NAME = "2024-09-02-zanzibar-evil-input.md"
EVIL_URL = "/postmortems/2024-09-02-zanzibar-evil-input/"
CODE_LINES = (
    'image: "repo/app:{{ .Values.image.tag }}"',
    "token: ${{ secrets.TOKEN }}",
    "{% if x %}{% endif %}",
)
INLINE_CODE = "{{ x | default('y') }}"


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {EXAMPLE.name}"
    return text.replace(old, new)


def evil_postmortem() -> str:
    """The checkout example with hostile text in the title, facts, timeline and a code block."""
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    text = EXAMPLE.read_text(encoding="utf-8")
    text = _replace(
        text,
        "title: Checkout crawled for three hours",
        f"title: {q(f'{EVIL_WORD} {HTML} sum {JINJA} graph {MERMAID}')}",
    )
    text = _replace(text, "date: 2024-08-16", "date: 2024-09-03")
    for day in ("14:30", "17:45", "14:34"):
        text = _replace(text, f"2024-08-15 {day} UTC", f"2024-09-02 {day} UTC")
    text = _replace(
        text,
        "summary: >-\n  A new product-catalog query without a supporting index pinned database CPU\n  during the afternoon peak, and three in four shoppers hit timeouts for over three hours.",
        "summary: "
        + q(f"Summary {HTML} sum {JINJA} graph {MERMAID} and the catalog query pinned database CPU for three hours."),
    )
    text = _replace(
        text,
        "impact: Product pages and checkout slowed to a crawl; most shoppers saw timeouts and failed orders.",
        "impact: " + q(f"Impact {HTML} sum {JINJA} graph {MERMAID} and most shoppers saw timeouts."),
    )
    text = _replace(
        text,
        "root_cause: An unindexed product-catalog query saturated the primary database CPU at peak traffic.",
        "root_cause: " + q(f"Cause {HTML} sum {JINJA} graph {MERMAID} from an unindexed query."),
    )
    text = _replace(
        text, "services: [checkout, product catalog, storefront]", "services: " + q(["checkout", HTML, JINJA, MERMAID])
    )
    text = _replace(
        text, "- 14:34 UTC - [detected] A monitoring alert fired", f"- 14:34 UTC - [detected] Alert {HTML} fired"
    )
    text = _replace(text, "- 15:00 UTC - Support tickets", f"- 15:00 UTC - Tickets sum {JINJA} and support tickets")
    text = _replace(
        text,
        "- 15:45 UTC - [action] A database engineer",
        f"- 15:45 UTC - [action] Graph {MERMAID} then a database engineer",
    )
    text = _replace(
        text,
        "In staging, with a few thousand items, it took 30 milliseconds.",
        "In staging, with a few thousand items, it took 30 milliseconds; the chart template "
        f"reads `{INLINE_CODE}` and the deploy files are below.\n\n```yaml\n" + "\n".join(CODE_LINES) + "\n```\n\n",
    )
    return text


@pytest.fixture(scope="session")
def served_without_npm(tmp_path_factory: pytest.TempPathFactory, _prerequisites: None) -> Iterator[Served]:
    """The example site built without node_modules, as on a machine that never ran `npm ci`."""
    yield from _serve(_build(tmp_path_factory.mktemp("browser-no-npm") / "site-src", npm=False))


@pytest.fixture(scope="session")
def evil(tmp_path_factory: pytest.TempPathFactory, _prerequisites: None) -> Iterator[Served]:
    """The example site plus the evil postmortem, checked, built and served."""
    yield from _serve(_build(tmp_path_factory.mktemp("browser-evil") / "site-src", {EVIL_NAME: evil_postmortem()}))


# ---------------------------------------------------------------------------
# Chromium


@pytest.fixture(scope="session")
def playwright_driver(_prerequisites: None) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@dataclass
class Tab:
    """One page in its own context, with everything it asked for and everything that went wrong."""

    page: Page
    base: str
    requested: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def goto(self, path: str, idle: bool = True) -> Page:
        """Open a page; with `idle`, also wait until nothing has been asked of the network for 500 ms."""
        response = self.page.goto(self.base + path, wait_until="networkidle" if idle else "load")
        assert response is not None and response.ok, f"GET {path}: {response.status if response else 'no response'}"
        return self.page

    def problems(self) -> list[str]:
        return (
            [f"aborted non-loopback request: {url}" for url in self.aborted]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)

    def wait_for_diagrams(self, timeout: float = 5_000) -> bool:
        """Wait until Material has replaced every `pre.mermaid` (at once on pages without one).

        False if one is still there after `timeout`: the diagram tests say why, the rest go on.
        """
        try:
            self.page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=timeout)
        except PlaywrightTimeoutError:
            return False
        return True

    def diagram_svgs(self) -> int:
        """Mermaid's SVGs (`svg[aria-roledescription]`) in the page and in every shadow root."""
        count = self.page.evaluate(DIAGRAM_SVGS)
        assert isinstance(count, int)
        return count

    def mermaid_from_site(self) -> list[str]:
        """Mermaid files this page loaded from the site itself (under /assets/javascripts/)."""
        return [
            url
            for url in self.requested
            if urlsplit(url).hostname in LOOPBACK
            and urlsplit(url).path.startswith("/assets/javascripts/")
            and "mermaid" in url
        ]

    def draw_diagrams(self, strict: bool = True, timeout: float = 5_000) -> bool:
        """Scroll every diagram into view (they may be drawn lazily), wait for their SVGs, scroll back up.

        `strict`: fail, saying why, when the page has no diagram or one is not drawn; else return False.
        """
        diagrams = self.page.locator(DIAGRAMS)
        if diagrams.count() == 0:
            assert not strict, f"no diagram on {self.page.url} (none of {DIAGRAMS})"
            return False
        expected = max(1, self.page.locator(".hs-diagram").count())
        figures = self.page.locator(".hs-diagram")  # our figures stay put; their source is hidden, then replaced
        targets = figures if figures.count() else diagrams
        try:
            for index in range(targets.count()):
                targets.nth(index).scroll_into_view_if_needed()
            self.page.wait_for_function(f"() => ({DIAGRAM_SVGS})() >= {expected}", timeout=timeout)
        except PlaywrightTimeoutError:
            if not strict:
                return False
            raise AssertionError(
                f"{self.diagram_svgs()} of {expected} Mermaid svg(s) on {self.page.url} after {timeout / 1000:g}s; "
                f"unrendered sources: {self.page.locator('pre.mermaid, pre.hs-mermaid').count()}; "
                f"Mermaid files from the site: {self.mermaid_from_site() or 'none'}; {'; '.join(self.problems()) or 'no errors'}"
            ) from None
        finally:
            self.page.evaluate("() => window.scrollTo(0, 0)")
        return True


class Tabs:
    """Pages, each in its own context that aborts and records every request not to loopback."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.opened: list[Tab] = []
        self.views: dict[tuple[str, str, tuple[int, int], bool], Tab] = {}

    def open(self, served: Served, viewport: tuple[int, int] = DESKTOP, dark: bool = False) -> Tab:
        """A fresh tab, for a test that acts on the page."""
        context = self.browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            color_scheme="dark" if dark else "light",
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        tab = Tab(page, served.url)

        def route(route: Route) -> None:
            if (
                urlsplit(route.request.url).hostname or ""
            ) in LOOPBACK:  # the regex is the filter; this is a safety net
                route.continue_()
            else:
                tab.aborted.append(route.request.url)
                route.abort()

        def on_request(request: Request) -> None:
            tab.requested.append(request.url)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                tab.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

        def on_error(error: Error) -> None:
            tab.page_errors.append(f"{error.name}: {error.message}")

        context.route(NOT_LOOPBACK, route)
        context.on("request", on_request)
        page.on("console", on_console)
        page.on("pageerror", on_error)
        self.opened.append(tab)
        return tab

    def view(self, served: Served, path: str, viewport: tuple[int, int] = DESKTOP, dark: bool = False) -> Tab:
        """A loaded page, shared by every test that only looks at it; do not act on it."""
        key = (served.url, path, viewport, dark)
        if key not in self.views:
            tab = self.open(served, viewport, dark)
            tab.goto(path)
            tab.wait_for_diagrams()
            self.views[key] = tab
        return self.views[key]

    def close(self) -> None:
        for tab in self.opened:
            tab.page.context.close()
        self.opened.clear()
        self.views.clear()


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Tabs]:
    """`tabs.open(served, viewport, dark)`: fresh pages, closed after the test."""
    opened = Tabs(browser)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def views(browser: Browser) -> Iterator[Tabs]:
    """`views.view(served, path, viewport, dark)`: loaded once per session, for tests that only look."""
    shared = Tabs(browser)
    yield shared
    shared.close()


def screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    """test-artifacts/<name>, once Material's header has settled from any scrolling (transitions snapped to their end)."""
    with contextlib.suppress(PlaywrightTimeoutError):  # a picture of an unsettled header is still a picture
        page.wait_for_function(
            "() => window.scrollY === 0 && !document.querySelector('.md-header__title--active')", timeout=2_000
        )
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


AXE_RUN = """async (ours) => {
  const result = await axe.run(document, { resultTypes: ['violations'], elementRef: true });
  const strip = (n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary });
  const found = { ours: [], page: [] };
  for (const v of result.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    const base = { id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl };
    const inside = v.nodes.filter((n) => n.element && n.element.closest(ours));
    if (inside.length) found.ours.push({ ...base, nodes: inside.map(strip) });
    found.page.push({ ...base, nodes: v.nodes.map(strip) });
  }
  return found;
}"""


@dataclass(frozen=True)
class AxeReport:
    """axe-core's serious and critical violations: inside elements matching `ours`, and on the whole page."""

    ours: list[dict[str, Any]]
    page: list[dict[str, Any]]


def run_axe(page: Page, ours: str) -> AxeReport:
    page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(AXE_RUN, ours)
    assert isinstance(found, dict)
    return AxeReport(found["ours"], found["page"])


def describe_axe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            html = " ".join(str(node["html"]).split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {html[:160]}")
            fixes = [line.strip() for line in str(node.get("failureSummary") or "").splitlines()[1:] if line.strip()]
            if fixes:
                lines.append(f"       {' | '.join(fixes)[:240]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
