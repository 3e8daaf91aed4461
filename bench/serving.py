"""Servers for the benchmark: `mkdocs serve` to time a rebuild, a static one for Lighthouse.

MkDocs' dev server holds every request while a rebuild runs, so a request is
allowed a long timeout; every other wait has a deadline too, and servers are
stopped (and killed if they ignore it) in `finally` blocks, so nothing hangs.
"""

from __future__ import annotations

import functools
import gzip
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from timing import BenchError, child_env, kill_group, python, tail

POLL = 0.05
REQUEST_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, str]:
    """Status and body; connection errors (server not up yet) are status 0."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (OSError, TimeoutError):
        return 0, ""


def wait_for(
    condition: Callable[[], bool], what: str, timeout: float, alive: Callable[[], bool] = lambda: True
) -> float:
    """Seconds until `condition` holds, polling every 50 ms; raises on timeout or a dead server."""
    started = time.perf_counter()
    while not condition():
        if not alive():
            raise BenchError(f"the server died while waiting until {what}")
        if time.perf_counter() - started > timeout:
            raise BenchError(f"timed out after {timeout:.0f} s waiting until {what}")
        time.sleep(POLL)
    return time.perf_counter() - started


@dataclass
class DevServer:
    """A running `mkdocs serve`, in its own session so it can be stopped with all its threads."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Ctrl-C first, as a writer would, so MkDocs removes its temp site; then force."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                kill_group(self.process)
                self.process.wait(timeout=15)


@contextmanager
def dev_server(root: Path, log: Path, dirty: bool, config: str = "mkdocs.yml") -> Iterator[DevServer]:
    port = free_port()
    command = python("-m", "mkdocs", "serve", "-f", config, "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else []))
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=root, env=child_env(root), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        server = DevServer(process, port, log)
        try:
            yield server
        except BenchError as error:
            raise BenchError(f"{error}\n--- mkdocs serve output ---\n{tail(log)}") from None
        finally:
            server.stop()


@dataclass(frozen=True)
class Rebuild:
    startup_s: float
    rebuilds_s: list[float]


def time_rebuilds(
    root: Path, post: Path, page: str, log: Path, dirty: bool, edits: int, start_timeout: float
) -> Rebuild:
    """Start serve, then time edit -> served page shows the edit, `edits` times."""
    original = post.read_text(encoding="utf-8")
    try:
        with dev_server(root, log, dirty) as server:
            startup = wait_for(
                lambda: fetch(server.url(page), 5)[0] == 200, "mkdocs serve answers", start_timeout, server.alive
            )
            times = []
            for attempt in range(edits):
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                marker = f"benchmark{os.getpid()}x{attempt}x{time.time_ns() % 10**9}"
                started = time.perf_counter()
                post.write_text(_with_marker(original, marker), encoding="utf-8")
                wait_for(_shows(server.url(page), marker), f"the page shows {marker}", start_timeout, server.alive)
                times.append(time.perf_counter() - started)
            return Rebuild(startup, times)
    finally:
        post.write_text(original, encoding="utf-8")


BANNER = "hindsight-problems"
"""The class of the problem banner a broken postmortem shows under serve (hindsight/templates/problems.html)."""


@dataclass(frozen=True)
class Edits:
    """Save -> reloaded page, per kind of edit, and which listing pages were wrong after each rebuild."""

    startup_s: float
    seconds: dict[str, list[float]]
    wrong: list[str]


def time_edits(
    root: Path, post: Path, page: str, titled: list[str], others: list[str], log: Path, rounds: int, timeout: float
) -> Edits:
    """Under a plain `mkdocs serve`: a prose edit (with a new title), a break (banner appears), the fix (it goes).

    Each is timed from the file write until the post's served page shows it; then every page in `titled`
    (those that list the post: home, archive, category, browse, action items) must show its current title
    (a broken post may leave them, as in a build), and every page must answer.
    """
    original = post.read_text(encoding="utf-8")
    seconds: dict[str, list[float]] = {"prose": [], "break": [], "fix": []}
    wrong: list[str] = []
    try:
        with dev_server(root, log, False) as server:
            startup = wait_for(
                lambda: fetch(server.url(page), 5)[0] == 200, "mkdocs serve answers", timeout, server.alive
            )
            for attempt in range(rounds):
                marker = f"benchmark{os.getpid()}x{attempt}x{time.time_ns() % 10**9}"
                edited = _with_title_marker(_with_marker(original, marker), marker)
                broken = _broken(edited)
                expected: list[tuple[str, str, bool, bool]] = [
                    ("prose", edited, True, False),  # kind, text, page shows the marker, page shows the banner
                    ("break", broken, True, True),
                    ("fix", original, False, False),
                ]
                for kind, text, marked, banner in expected:
                    time.sleep(1.0)  # let the watcher settle after the previous rebuild
                    started = time.perf_counter()
                    post.write_text(text, encoding="utf-8")
                    wait_for(
                        _in_state(server.url(page), marker, marked, banner),
                        f"the page shows the {kind} edit",
                        timeout,
                        server.alive,
                    )
                    seconds[kind].append(time.perf_counter() - started)
                    for listing in [*titled, *others]:
                        status, body = fetch(server.url(listing))
                        shown = marker in body
                        if status != 200 or (kind != "break" and listing in titled and shown != marked):
                            wrong.append(
                                f"after the {kind} edit, {listing} ({status}) {'shows' if shown else 'lacks'} the new title"
                            )
            return Edits(startup, seconds, wrong)
    finally:
        post.write_text(original, encoding="utf-8")


def _in_state(url: str, marker: str, marked: bool, banner: bool) -> Callable[[], bool]:
    def ready() -> bool:
        body = fetch(url)[1]
        return bool(body) and (marker in body) == marked and (BANNER in body) == banner

    return ready


def _with_title_marker(text: str, marker: str) -> str:
    """The marker at the end of the post's title, which every listing of the post shows."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("title: "):
            value = line[len("title: ") :].strip()
            if value.startswith('"') and value.endswith('"'):
                lines[index] = f'title: {value[:-1]} {marker}"'
            else:
                lines[index] = f"title: {value} {marker}"
            return "\n".join(lines)
    raise BenchError("the post to edit has no 'title:' line")


def _broken(text: str) -> str:
    """An unknown severity: a problem the writer must fix, shown as the banner under serve."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("severity: "):
            lines[index] = "severity: SEV9"
            return "\n".join(lines)
    raise BenchError("the post to edit has no 'severity:' line")


def time_first_serve(root: Path, page: str, log: Path, timeout: float) -> float:
    """Seconds from starting `mkdocs serve` until the post's page answers."""
    started = time.perf_counter()
    with dev_server(root, log, False) as server:
        wait_for(lambda: fetch(server.url(page), 5)[0] == 200, "mkdocs serve answers", timeout, server.alive)
        return time.perf_counter() - started


def _shows(url: str, marker: str) -> Callable[[], bool]:
    return lambda: marker in fetch(url)[1]


def _with_marker(text: str, marker: str) -> str:
    """One more word at the start of Root Cause and Resolution's prose: still a valid postmortem."""
    heading = "## Root Cause and Resolution\n\n"
    if heading not in text:
        raise BenchError("the post to edit has no '## Root Cause and Resolution' section")
    return text.replace(heading, f"{heading}{marker} ", 1)


class _Handler(SimpleHTTPRequestHandler):
    """Static files with gzip, as any real host serves them, so Lighthouse does not score a missing gzip."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            super().do_GET()  # the redirect to the slashed URL, so relative links resolve
            return
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml")
        if not compressible or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Plain(SimpleHTTPRequestHandler):
    """Static files exactly as they are on disk, for counting bytes: what the browser gets is the file."""

    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and hosts use

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        if os.fspath(path).endswith(
            (".mjs", ".js")
        ):  # module scripts must come with a JavaScript type, whatever /etc/mime.types says
            return "text/javascript"
        return super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed browser drops its connections mid-response
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)


@contextmanager
def static_server(site: Path, compress: bool = True) -> Iterator[str]:
    """The built site on 127.0.0.1 in a thread, gzipped as a real host would unless `compress` is off; yields the base URL."""
    handler = functools.partial(_Handler if compress else _Plain, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
