"""Print is a first-class reader: a PDF made by Chromium straight after load (never scrolled) has the diagram."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, EXAMPLE, Served, Tabs, read_example

CHECKOUT = read_example(EXAMPLE)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing - install it with: apt-get install -y poppler-utils (or run .ci/run)")
    return found


@pytest.fixture(scope="module")
def printed(served: Served) -> tuple[Path, list[str]]:
    """The checkout postmortem printed by `chromium --headless --print-to-pdf`, and the text of each page."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "postmortem-print.pdf"
    pdf.unlink(missing_ok=True)
    subprocess.run(
        [str(CHROMIUM), *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", served.url + CHECKOUT.url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages = text.split("\f")
    for number in (1, 2):
        target = ARTIFACTS / f"postmortem-print-page-{number}"
        subprocess.run(
            [
                _tool("pdftoppm"),
                "-png",
                "-r",
                "60",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(pdf),
                str(target),
            ],
            check=True,
            timeout=60,
        )
    return pdf, pages


def test_the_pdf_has_the_drawn_diagram_though_the_page_was_never_scrolled(printed: tuple[Path, list[str]]) -> None:
    _, pages = printed
    text = " ".join(" ".join(page.split()) for page in pages)
    for label in (
        "Users affected (3h 15m)",
        "Undetected for 4m",
        "Investigating (2h 56m)",
        "Detour: Spiky traffic graphs…",
        "Resolved after 3h 15m",
    ):
        assert label in text, f"{label!r} is not in the PDF: the diagram was left out"
    for section in ("Impact", "Detection", "Investigation", "Escalation", "Mitigation", "Resolution"):
        assert section in text
    assert "gantt" not in text and "dateFormat" not in text, "the diagram's source is not printed"


def test_the_pdf_pages_were_written_for_a_reviewer(printed: tuple[Path, list[str]]) -> None:
    pdf, pages = printed
    assert len([page for page in pages if page.strip()]) >= 2
    for number in (1, 2):
        png = ARTIFACTS / f"postmortem-print-page-{number}.png"
        assert png.read_bytes().startswith(b"\x89PNG"), png
    first = " ".join(pages[0].split())
    assert "Checkout crawled for three hours" in first and "SEV1" in first
    assert pdf.stat().st_size > 10_000


def test_a_heading_keeps_its_first_paragraph_on_its_page(printed: tuple[Path, list[str]]) -> None:
    _, pages = printed
    starts = {
        "Issue Summary": "On 15 August 2024",
        "Root Cause and Resolution": "The new category filter",
        "Corrective and Preventative Measures": "",
    }
    for heading, follows in starts.items():
        page = next((p for p in pages if re.search(rf"^\s*{re.escape(heading)}\s*$", p, re.MULTILINE)), None)
        assert page is not None, f"{heading!r} is not printed as a heading line"
        after = page[page.index(heading) + len(heading) :]
        assert after.strip(), f"{heading!r} is the last thing on its page"
        if follows:
            assert follows in " ".join(after.split()), f"{heading!r} is printed apart from its first paragraph"


def test_tasks_print_owner_and_due_date_as_words(printed: tuple[Path, list[str]]) -> None:
    _, pages = printed
    text = " ".join(" ".join(page.split()) for page in pages)
    assert "owner: Priya Raman" in text and "due 13 September 2024" in text
    assert "@priya" not in text and "due:2024" not in text
    assert "(done)" in text, "a done task says so in words, not only in colour"


def test_open_and_done_tasks_differ_in_black_and_white(served: Served, tabs: Tabs) -> None:
    tab = tabs.open(served)
    tab.goto(CHECKOUT.url)
    tab.page.emulate_media(media="print")
    styles = tab.page.evaluate(
        """() => [...document.querySelectorAll('.task-list-item .task-list-indicator')].map((e) => {
            const s = getComputedStyle(e, '::before');
            return {done: e.previousElementSibling.checked, background: s.backgroundColor, border: s.borderTopWidth, mask: s.maskImage || s.webkitMaskImage};
        })"""
    )
    done = [s for s in styles if s["done"]]
    open_ = [s for s in styles if not s["done"]]
    assert done and open_
    assert all(s["background"] == "rgb(0, 0, 0)" and s["mask"] != "none" for s in done), done
    assert all(s["background"] in ("rgba(0, 0, 0, 0)", "transparent") and s["border"] != "0px" for s in open_), open_
