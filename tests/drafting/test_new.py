"""`new`: a draft from the template that never overwrites, and the guidance the template holds."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from hindsight.cli import check
from hindsight.drafting.new import new, slugify
from hindsight.drafting.template import guidance, render
from hindsight.project import load_site
from hindsight.reading.leftovers import template_leftovers
from tests.conftest import ROOT, copy_site


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Checkout crawled for three hours", "checkout-crawled-for-three-hours"),
        ("Disk full: logs ate /var", "disk-full-logs-ate-var"),
        ("Café DNS — déjà vu", "cafe-dns-deja-vu"),
        ("<script>", "script"),
        ("🔥🔥", "postmortem"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_new_writes_a_draft_with_every_required_part_and_never_overwrites(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    loaded = load_site(site.root / "mkdocs.yml")
    out = io.StringIO()
    assert new(loaded, "Disk full: logs ate /var", date(2026, 11, 28), out) == 0
    target = site.posts / "2026-11-28-disk-full-logs-ate-var.md"
    assert (
        out.getvalue()
        == "hindsight: wrote docs/postmortems/2026-11-28-disk-full-logs-ate-var.md (a draft: remove 'draft: true' when it is ready)\n"
    )
    text = target.read_text()
    assert text.startswith('---\ntitle: "Disk full: logs ate /var"\ndate: 2026-11-28\n')
    target.write_text(text + "edited\n")
    again = io.StringIO()
    assert new(loaded, "Disk full: logs ate /var", date(2026, 11, 28), again) == 1
    assert "already exists" in again.getvalue()
    assert target.read_text().endswith("edited\n")
    report = io.StringIO()
    assert check(loaded, report) == 0
    warnings = report.getvalue().splitlines()
    # The template has every section, field and required tag: only its length is short.
    assert len(warnings) == 2
    assert "words of prose, fewer than 400" in warnings[0]
    assert warnings[1] == "hindsight: 1 postmortem checked: 1 warning in 1 draft"


def test_guidance_left_in_a_published_postmortem_is_one_line_each(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    loaded = load_site(site.root / "mkdocs.yml")
    new(loaded, "Queue stalled", date(2026, 11, 28), io.StringIO())
    path = site.posts / "2026-11-28-queue-stalled.md"
    filler = " ".join(["We measured everything twice before changing anything."] * 60)
    text = (
        path.read_text()
        .replace("draft: true\n", "")
        .replace("What can be improved or fixed, broadly speaking.", filler)
    )
    path.write_text(text)
    out = io.StringIO()
    assert check(loaded, out) == 1
    shown = "docs/postmortems/2026-11-28-queue-stalled.md"
    hint = "replace it with what happened, in your own words (or keep draft: true until you can)"
    lines = text.splitlines()

    def at(needle: str) -> int:
        return next(number for number, line in enumerate(lines, 1) if needle in line)

    expected = [
        ("One or two sentences", "One or two sentences for executives: what broke, for whom, for how long."),
        ("services:", "name the service"),
        ("impact:", "What users saw, in one line."),
        ("root_cause:", "The root cause, in one line."),
        ("From 09:00", "From 09:00 to 10:30 UTC (1 hour 30 minutes), describe what was down or slow, what"),
        ("users experienced", "users experienced, how many of them (%), and the root cause in one sentence."),
        ("[detected]", "How it was detected: a monitoring alert, an engineer, a customer."),
        ("[action]", "What was investigated first, and what we assumed."),
        ("[misleading]", "The path that looked right and was not."),
        ("[escalated]", "To which team or person it was escalated."),
        ("[mitigated]", "What stopped the bleeding."),
        ("[resolved]", "How it was resolved and how we knew."),
        ("Explain in detail", "Explain in detail what caused the issue, and in detail how it was fixed."),
        ("A concrete task", "A concrete task, e.g. add monitoring on server memory @owner"),
        ("Another concrete task", "Another concrete task, e.g. patch the Nginx configuration"),
    ]
    assert out.getvalue().splitlines() == [
        f'{shown}:{at(needle)}: guidance from the template is still here: "{quoted}" - {hint}'
        for needle, quoted in expected
    ] + [f"hindsight: 1 postmortem checked: {len(expected)} problems in 1 postmortem"]


def test_the_template_with_every_guidance_replaced_is_valid(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    loaded = load_site(site.root / "mkdocs.yml")
    new(loaded, "Queue stalled", date(2026, 11, 28), io.StringIO())
    path = site.posts / "2026-11-28-queue-stalled.md"
    text = path.read_text().replace("draft: true\n", "")
    for number, phrase in enumerate(sorted(guidance(), key=len, reverse=True)):
        text = text.replace(phrase, "ops" if phrase.startswith("@") else f"Our own words number {number}.")
    filler = " ".join(["We measured everything twice before changing anything."] * 60)
    path.write_text(text.replace("## Root Cause and Resolution\n", f"## Root Cause and Resolution\n\n{filler}\n"))
    out = io.StringIO()
    assert check(loaded, out) == 0, out.getvalue()


@pytest.mark.parametrize(
    ("line", "leftover"),
    [
        ("- [ ] Rotate the logs, e.g. add monitoring on server memory @owner", "@owner"),
        ("- [ ] A concrete task, e.g. rotate the logs nightly", "A concrete task, e.g."),
        ("impact: what users SAW,\n  in one line.", "what users SAW, in one line."),
        ("- [ ] Page @ownership team", None),
        ("```\nWhat users saw, in one line.\n```", None),
    ],
)
def test_leftovers_in_the_writer_s_own_shapes(line: str, leftover: str | None) -> None:
    text = f"# x\n\n{line}\n"
    code = [(3, 6)] if line.startswith("```") else []
    found = template_leftovers("x.md", text, code)
    assert [p.message for p in found] == (
        [] if leftover is None else [f'guidance from the template is still here: "{leftover}"']
    )
    assert all(p.line == 3 for p in found)


def test_the_guide_shows_the_template_as_new_writes_it() -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    block = guide.split("## Template", 1)[1].split("````markdown\n", 1)[1].split("````", 1)[0]
    assert block == render("Search results went stale for an hour", date(2025, 7, 1))


def test_a_draft_may_hold_guidance(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    loaded = load_site(site.root / "mkdocs.yml")
    new(loaded, "Queue stalled", date(2026, 11, 28), io.StringIO())
    out = io.StringIO()
    check(loaded, out)
    assert "guidance" not in out.getvalue()
