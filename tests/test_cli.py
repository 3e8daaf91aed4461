from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from hindsight.cli import check, main
from hindsight.project import load_site
from hindsight.reading import site as checking
from tests.conftest import EXAMPLE_COUNT, ROOT, VALID, copy_site, mutate


def test_check_passes_on_the_examples() -> None:
    out = io.StringIO()
    assert check(load_site(ROOT / "mkdocs.yml"), out, today=date(2025, 11, 1)) == 0
    assert out.getvalue().splitlines() == [
        "overdue: 15 open tasks past their due date in 5 postmortems;"
        " longest overdue: docs/postmortems/2024-08-15-checkout-crawled.md:65 (@marcus, due 2024-08-23)",
        f"hindsight: {EXAMPLE_COUNT} postmortems checked, no problems",
    ]
    early = io.StringIO()
    assert check(load_site(ROOT / "mkdocs.yml"), early, today=date(2024, 8, 1)) == 0
    assert early.getvalue() == f"hindsight: {EXAMPLE_COUNT} postmortems checked, no problems\n"


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
    monkeypatch.setattr(checking, "PARALLEL_FROM", 2)
    assert check(load_site(site.root / "mkdocs.yml"), parallel) == 1
    assert parallel.getvalue() == serial.getvalue()
    assert "docs/postmortems/a.md:4: severity 'SEV7'" in parallel.getvalue()


def test_drafts_alone_do_not_fail_check(tmp_path: Path) -> None:
    site = copy_site(
        tmp_path,
        {"a.md": mutate("tags: [postgres", "draft: true\ntags: [postgres").replace("severity: SEV1", "severity: low")},
    )
    assert check(load_site(site.root / "mkdocs.yml"), io.StringIO()) == 0


def test_main_reports_a_missing_config_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(tmp_path / "nope.yml"), "check"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_main_reports_a_bad_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("slack_hours: 12", "slack_hours: soon"))
    assert main(["-f", str(config), "check"]) == 2
    assert (
        "extra.postmortem.timeline.slack_hours: must be a whole number of hours up to 8760 (a year) - e.g. 12"
        in capsys.readouterr().err
    )


def test_folders_named_md_are_skipped_and_broken_links_are_problems(tmp_path: Path) -> None:
    site = copy_site(tmp_path, {"ok.md": VALID})
    (site.posts / "notes.md").mkdir()
    (site.posts / "gone.md").symlink_to(tmp_path / "nowhere.md")
    out = io.StringIO()
    assert check(load_site(site.root / "mkdocs.yml"), out, today=date(2024, 8, 1)) == 1
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


def test_check_files_checks_just_those_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = mutate("severity: SEV1", "severity: SEV7")
    site = copy_site(tmp_path, {"a.md": broken, "b.md": VALID.replace("SEV1", "SEV2"), "c.md": broken})
    config = site.root / "mkdocs.yml"
    assert main(["-f", str(config), "check", str(site.posts / "b.md")]) == 0
    assert capsys.readouterr().out == "hindsight: 1 postmortem checked, no problems\n"
    assert main(["check", str(site.posts / "a.md"), str(site.posts / "b.md"), "-f", str(config)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/postmortems/a.md:4: severity 'SEV7' is not a configured level - use one of SEV1, SEV2, SEV3, SEV4, SEV5 (configured in mkdocs.yml)",
        "hindsight: 2 postmortems checked: 1 problem in 1 postmortem",
    ]
    assert main(["check", "-f", str(config), str(site.root / "docs" / "assets" / "nothing.png")]) == 0
    assert capsys.readouterr().out == "hindsight: 0 postmortems checked, no problems\n"
    assert main(["check", "-f", str(config), str(config), str(site.posts / "b.md")]) == 1, "mkdocs.yml means every file"
    assert capsys.readouterr().out.splitlines()[-1] == "hindsight: 3 postmortems checked: 2 problems in 2 postmortems"
    authors = site.root / "docs" / ".authors.yml"
    assert main(["check", "-f", str(config), str(authors)]) == 1, "so does the authors file"
    assert capsys.readouterr().out.splitlines()[-1] == "hindsight: 3 postmortems checked: 2 problems in 2 postmortems"


def test_check_files_keeps_the_rules_across_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path, {"x.md": VALID, "sub/x.md": VALID.replace("SEV1", "SEV2")})
    guide = site.root / "docs" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n{{ nope() }}\n", encoding="utf-8")
    config = site.root / "mkdocs.yml"
    assert main(["check", "-f", str(config), str(site.posts / "x.md")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/postmortems/x.md:1: file name 'x' is also used by docs/postmortems/sub/x.md: both would publish at the same URL - rename one of the two files",
        "hindsight: 1 postmortem checked: 1 problem in 1 postmortem",
    ]
    assert main(["check", "-f", str(config), str(guide)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"docs/guide.md:{guide.read_text().count(chr(10))}: unknown macro or variable: 'nope'")
    assert out[1] == "hindsight: 0 postmortems checked: 1 problem in 1 other page"


def test_check_a_file_outside_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_site(tmp_path, {})
    outside = tmp_path / "elsewhere" / "draft.md"
    outside.parent.mkdir()
    outside.write_text(mutate("severity: SEV1", "severity: SEV9"), encoding="utf-8")
    assert main(["check", "-f", str(site.root / "mkdocs.yml"), str(outside)]) == 1
    assert "severity 'SEV9' is not a configured level" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (
            "check",
            ["only the FILEs named", "Writes nothing", "exit codes:", "0  no problem", "1  a problem", "2  mkdocs.yml"],
        ),
        (
            "import",
            ["--into DIR", "postmortem folder", "draft: true", "Never overwrites", "exit codes:", "0  every FILE"],
        ),
        ("review", ["scorecard", "Writes nothing", "exit codes:", "2  a FILE is not a file"]),
        (
            "new",
            [
                "docs/postmortems/<today>-<title-slug>.md",
                "Never overwrites",
                "exit codes:",
                "1  that file already exists",
            ],
        ),
    ],
)
def test_each_command_says_what_it_does_where_it_writes_and_its_exit_codes(
    command: str, says: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "-f CONFIG_FILE, --config-file CONFIG_FILE" in text
    for words in says:
        assert words in text, words
