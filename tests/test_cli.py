from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from hindsight import cli
from hindsight.cli import check, main, new, slugify
from hindsight.project import load_site
from tests.conftest import ROOT, VALID, copy_site, mutate


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


def test_check_passes_on_the_examples() -> None:
    out = io.StringIO()
    assert check(load_site(ROOT / "mkdocs.yml"), out) == 0
    assert out.getvalue() == "hindsight: 5 postmortems checked, no problems\n"


def test_check_reports_every_problem_then_a_count(tmp_path: Path) -> None:
    site = copy_site(
        tmp_path,
        {
            "a.md": mutate("severity: SEV1", "severity: SEV7"),
            "sub/b.md": "",
            "c.md": mutate("tags: [postgres", "draft: true\ntags: [postgres").replace(
                "severity: SEV1", "severity: low"
            ),
        },
    )
    out = io.StringIO()
    assert check(load_site(site.root / "mkdocs.yml"), out) == 1
    assert out.getvalue().splitlines() == [
        "docs/postmortems/a.md:4: severity 'SEV7' is not a configured level - use one of SEV1, SEV2, SEV3, SEV4, SEV5 (configured in mkdocs.yml)",
        'docs/postmortems/sub/b.md:1: file is empty - start from the template: python -m hindsight new "Title"',
        "docs/postmortems/c.md:4: severity 'low' is not a configured level - use one of SEV1, SEV2, SEV3, SEV4, SEV5 (configured in mkdocs.yml)",
        "hindsight: 3 postmortems checked: 2 problems in 2 postmortems, 1 warning in 1 draft",
    ]


def test_a_large_archive_is_checked_in_parallel_with_the_same_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site(
        tmp_path,
        {
            "a.md": mutate("severity: SEV1", "severity: SEV7"),
            "sub/b.md": "",
            "c.md": VALID,
            "d.md": VALID.replace("SEV1", "SEV2"),
        },
    )
    serial, parallel = io.StringIO(), io.StringIO()
    assert check(load_site(site.root / "mkdocs.yml"), serial) == 1
    monkeypatch.setattr(cli, "PARALLEL_FROM", 2)
    assert check(load_site(site.root / "mkdocs.yml"), parallel) == 1
    assert parallel.getvalue() == serial.getvalue()
    assert "docs/postmortems/a.md:4: severity 'SEV7'" in parallel.getvalue()


def test_drafts_alone_do_not_fail_check(tmp_path: Path) -> None:
    site = copy_site(
        tmp_path,
        {"a.md": mutate("tags: [postgres", "draft: true\ntags: [postgres").replace("severity: SEV1", "severity: low")},
    )
    assert check(load_site(site.root / "mkdocs.yml"), io.StringIO()) == 0


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


def test_template_with_draft_removed_and_prose_added_is_valid(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    loaded = load_site(site.root / "mkdocs.yml")
    new(loaded, "Queue stalled", date(2026, 11, 28), io.StringIO())
    path = site.posts / "2026-11-28-queue-stalled.md"
    filler = " ".join(["We measured everything twice before changing anything."] * 60)
    path.write_text(
        path.read_text()
        .replace("draft: true\n", "")
        .replace("What can be improved or fixed, broadly speaking.", filler)
    )
    assert check(loaded, io.StringIO()) == 0


def test_main_reports_a_missing_config_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(tmp_path / "nope.yml"), "check"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_main_reports_a_bad_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("slack_hours: 12", "slack_hours: soon"))
    assert main(["-f", str(config), "check"]) == 2
    assert "extra.postmortem.timeline.slack_hours: must be a whole number of hours up to 8760 (a year) - e.g. 12" in capsys.readouterr().err


def test_folders_named_md_are_skipped_and_broken_links_are_problems(tmp_path: Path) -> None:
    site = copy_site(tmp_path, {"ok.md": VALID})
    (site.posts / "notes.md").mkdir()
    (site.posts / "gone.md").symlink_to(tmp_path / "nowhere.md")
    out = io.StringIO()
    assert check(load_site(site.root / "mkdocs.yml"), out) == 1
    assert out.getvalue().splitlines() == [
        "docs/postmortems/gone.md:1: cannot read the file (No such file or directory) - check that it is a readable file, not a folder or a broken link",
        "hindsight: 2 postmortems checked: 1 problem in 1 postmortem",
    ]


def test_two_files_with_one_name_would_share_a_url(tmp_path: Path) -> None:
    site = copy_site(tmp_path, {"2024/outage.md": VALID, "2025/outage.md": VALID})
    out = io.StringIO()
    assert check(load_site(site.root / "mkdocs.yml"), out) == 1
    assert out.getvalue().splitlines()[0] == (
        "docs/postmortems/2025/outage.md:1: file name 'outage' is also used by docs/postmortems/2024/outage.md: both would publish at the same URL - rename one of the two files"
    )
