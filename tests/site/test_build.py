"""End to end: real `mkdocs build` and `python -m hindsight` runs on sites in temp dirs.

Problem lines are a contract with writers (see the format's "What the build does
with a problem"): the expected lines below are hard-coded on purpose, so a change
of line number, message or hint fails here.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from collections.abc import Callable
from datetime import date

import pytest
import yaml

from tests.conftest import EXAMPLE_COUNT, ROOT, VALID, Site, mutate

MakeSite = Callable[..., Site]

BUILD_LINE = re.compile(r"^(ERROR|WARNING) +-  (docs/\S+:\d+: .*)$", re.MULTILINE)
CHECK_LINE = re.compile(r"^(docs/\S+:\d+: .*)$", re.MULTILINE)
COUNT_LINE = re.compile(r"^(?:(?:ERROR|WARNING|INFO) +-  )?(hindsight: .*)$", re.MULTILINE)
ABORTED = "Aborted with a BuildError!"


def _example_fronts() -> dict[str, dict[str, object]]:
    """Each example postmortem's front matter, by file stem."""
    fronts = {}
    for path in (ROOT / "docs" / "postmortems").rglob("*.md"):
        fronts[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
    return fronts


EXAMPLE_FRONTS = _example_fronts()
EXAMPLES = {stem: str(front["title"]) for stem, front in EXAMPLE_FRONTS.items()}
"""Each example's title by file stem."""

_FIRST_ROOT_CAUSE_PARAGRAPH = VALID[VALID.index("The new category filter") : VALID.index("```sql")]
_TOO_SHORT = mutate(
    "We spent the first ninety minutes defending the shop against an attacker who did not exist.\n\n",
    "",
    mutate(_FIRST_ROOT_CAUSE_PARAGRAPH, ""),
)

# (id, postmortem text, the one problem line `python -m hindsight check` prints for it as docs/postmortems/x.md)
BROKEN: list[tuple[str, str, str]] = [
    (
        "missing-severity",
        mutate("severity: SEV1\n", ""),
        "docs/postmortems/x.md:18: missing required field 'severity' - add it to the front matter: severity: SEV2",
    ),
    (
        "broken-yaml",
        mutate("title: Checkout crawled for three hours\n", "title: [Checkout crawled\n"),
        "docs/postmortems/x.md:3: front matter is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
        " - fix the YAML syntax; quote values that contain ': ' or start with a special character",
    ),
    (
        "time-without-timezone",
        mutate("start: 2024-08-15 14:30 UTC\n", "start: 2024-08-15 14:30:00\n"),
        "docs/postmortems/x.md:8: start '2024-08-15 14:30:00' has no timezone - add a timezone, e.g. 2024-08-15 14:30 UTC, 2024-08-15T14:30:00+02:00 or 2024-08-15 14:30 Europe/Paris",
    ),
    (
        "missing-timeline-section",
        mutate("## Timeline\n", ""),
        'docs/postmortems/x.md:40: missing section "## Timeline" - add "## Timeline" after "## Issue Summary"',
    ),
    (
        "no-misleading-entry",
        mutate("[misleading] ", ""),
        "docs/postmortems/x.md:29: the timeline never names a misleading investigation or debugging path - add an entry such as - 15:15 UTC - [misleading] Suspected a DDoS and tightened the firewall.",
    ),
    (
        "no-task-list",
        mutate("- [x] Add a composite", "- Add a composite").replace("- [ ] ", "- "),
        'docs/postmortems/x.md:57: section "## Corrective and Preventative Measures" has no task list - add at least one task: - [ ] Add an index on orders(customer_id) @ada due:2024-09-01, or put your list under a line "Tasks:"',
    ),
    (
        "end-before-start",
        mutate("end: 2024-08-15 17:45 UTC", "end: 2024-08-15 12:45 UTC"),
        "docs/postmortems/x.md:9: end (2024-08-15 12:45 UTC) is not after start (2024-08-15 14:30 UTC) - check the dates, times and timezones of start and end",
    ),
    (
        "too-few-words",
        _TOO_SHORT,
        "docs/postmortems/x.md:20: the postmortem has 398 words of prose, fewer than 400 - say more in Root Cause and Resolution and in the measures",
    ),
]


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def build_problems(result: subprocess.CompletedProcess[str], level: str | None = None) -> list[str]:
    """The `path:line: message - hint` lines mkdocs logged, optionally only those at one level."""
    return [line for lvl, line in BUILD_LINE.findall(output(result)) if level is None or lvl == level]


def count_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return COUNT_LINE.findall(output(result))


def test_examples_build_strict_and_publish_every_postmortem(make_site: MakeSite) -> None:
    site = make_site(examples=True)
    result = site.build("--strict")
    assert result.returncode == 0, output(result)
    assert "Traceback" not in output(result)
    assert build_problems(result) == []
    assert count_lines(result) == [f"hindsight: {EXAMPLE_COUNT} postmortems checked, no problems"]
    assert "[macros]" not in output(result), "mkdocs-macros' INFO chatter is back in the writer's log"
    for stem, title in EXAMPLES.items():
        page = site.root / "site" / "postmortems" / stem / "index.html"
        assert page.is_file(), f"{stem} was not published"
        assert title in html.unescape(page.read_text(encoding="utf-8")), f"{stem}: title {title!r} not on its page"


def test_check_passes_on_examples(make_site: MakeSite) -> None:
    site = make_site(examples=True)
    result = site.check()
    assert result.returncode == 0, output(result)
    lines = result.stdout.splitlines()
    assert lines[-1] == f"hindsight: {EXAMPLE_COUNT} postmortems checked, no problems"
    assert len(lines) == 2 and lines[0].startswith("overdue: "), "the examples have overdue tasks, in one line"


@pytest.mark.parametrize(("text", "expected"), [pytest.param(text, line, id=name) for name, text, line in BROKEN])
def test_one_broken_rule_fails_the_build_with_its_line(make_site: MakeSite, text: str, expected: str) -> None:
    site = make_site({"x.md": text})
    result = site.build()
    out = output(result)
    assert result.returncode == 1, out
    assert f"ERROR   -  {expected}\n" in out
    assert build_problems(result) == [expected]
    assert count_lines(result) == ["hindsight: 1 postmortem checked: 1 problem in 1 postmortem"]
    assert ABORTED in out
    assert "Traceback" not in out


def test_all_problems_of_all_postmortems_are_reported_together(make_site: MakeSite) -> None:
    # Without Hindsight, Material's blog plugin stops the build at a post without a date
    # or with unreadable front matter, before any other problem is reported.
    site = make_site(
        {
            "no-date.md": mutate("date: 2024-08-16\n", ""),
            "broken-yaml.md": mutate("title: Checkout crawled for three hours\n", "title: [Checkout crawled\n"),
            "valid.md": VALID,
        }
    )
    result = site.build()
    out = output(result)
    assert result.returncode == 1, out
    assert set(build_problems(result, "ERROR")) == {
        "docs/postmortems/no-date.md:18: missing required field 'date' - add it to the front matter: date: 2024-08-16",
        "docs/postmortems/broken-yaml.md:3: front matter is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
        " - fix the YAML syntax; quote values that contain ': ' or start with a special character",
    }
    assert len(build_problems(result)) == 2
    assert count_lines(result) == ["hindsight: 3 postmortems checked: 2 problems in 2 postmortems"]
    assert out.index("no-date.md:18") < out.index("hindsight: 3 postmortems")
    assert out.index("broken-yaml.md:3") < out.index("hindsight: 3 postmortems")
    assert ABORTED in out
    assert "Traceback" not in out


def test_a_broken_draft_warns_and_builds(make_site: MakeSite) -> None:
    site = make_site({"x.md": mutate("severity: SEV1\n", "draft: true\n")})
    result = site.build()
    out = output(result)
    assert result.returncode == 0, out
    assert build_problems(result, "ERROR") == []
    assert build_problems(result, "WARNING") == [
        "docs/postmortems/x.md:19: missing required field 'severity' - add it to the front matter: severity: SEV2"
    ]
    assert count_lines(result) == ["hindsight: 1 postmortem checked: 1 warning in 1 draft"]
    assert "Traceback" not in out


def test_check_prints_the_same_lines_as_the_build(make_site: MakeSite) -> None:
    site = make_site({f"{name}.md": text for name, text, _ in BROKEN} | {"valid.md": VALID})
    expected = {line.replace("docs/postmortems/x.md:", f"docs/postmortems/{name}.md:") for name, _, line in BROKEN}
    built = site.build()
    checked = site.check()
    assert built.returncode == 1, output(built)
    assert checked.returncode == 1, output(checked)
    assert set(build_problems(built)) == expected
    assert set(CHECK_LINE.findall(checked.stdout)) == expected
    summary = f"hindsight: {len(BROKEN) + 1} postmortems checked: {len(BROKEN)} problems in {len(BROKEN)} postmortems"
    assert count_lines(built) == [summary]
    assert checked.stdout.splitlines()[-1] == summary
    assert "Traceback" not in output(built) + output(checked)


def _alias_bomb() -> str:
    names = "abcdefghi"
    fields = ["a: &a [" + ",".join(["x"] * 9) + "]"]
    fields += [
        f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]" for previous, name in itertools.pairwise(names)
    ]
    return mutate(
        "tags: [postgres, performance, indexing, checkout]\n", "tags: [postgres]\n" + "\n".join(fields) + "\n"
    )


def _huge_log() -> str:
    log = "\n".join(
        f"2024-08-15T14:{i % 60:02d}:{i % 57:02d}Z web-{i % 7} GET /checkout/{i} 504 upstream timed out after 30000 ms"
        for i in range(40_000)
    )
    text = mutate("```sql\n", "```text\n" + log + "\n```\n\n```sql\n")
    assert len(text.encode("utf-8")) > 3_000_000
    return text


def test_bad_input_never_gives_a_traceback(make_site: MakeSite) -> None:
    site = make_site(
        {
            "empty.md": b"",
            "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "latin1.md": mutate("Grace Lindholm", "Gr\u00e2ce Lindholm").encode("latin-1"),
            "bomb.md": _alias_bomb(),
            "crlf-bom.md": b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"),
            "huge-log.md": _huge_log(),
        }
    )
    result = site.build()  # Site.run's timeout (120 s) bounds a hang
    out = output(result)
    assert result.returncode == 1, out
    assert "Traceback" not in out
    problems = build_problems(result, "ERROR")
    assert (
        'docs/postmortems/empty.md:1: file is empty - start from the template: python -m hindsight new "Title"'
        in problems
    )
    assert (
        "docs/postmortems/binary.md:1: file is binary, not Markdown - replace it with a Markdown postmortem or move it out of the postmortem folder"
        in problems
    )
    assert "docs/postmortems/latin1.md:16: file is not UTF-8 (byte 0xe2) - save the file as UTF-8" in problems
    bomb = "docs/postmortems/bomb.md:27: field 'i' expands to more than 10,000 values through YAML aliases - write the value out without anchors (&) and aliases (*)"
    assert bomb in problems
    named = {line.split(":", 1)[0] for line in problems}
    assert named == {f"docs/postmortems/{name}.md" for name in ("empty", "binary", "latin1", "bomb")}
    assert count_lines(result)[-1].startswith("hindsight: 6 postmortems checked: ")


@pytest.mark.parametrize(
    ("postmortems", "code"),
    [
        pytest.param(
            {
                "no-date.md": mutate("date: 2024-08-16\n", ""),
                "broken-yaml.md": mutate("title: Checkout crawled for three hours\n", "title: [Checkout crawled\n"),
                "draft.md": mutate("severity: SEV1\n", "draft: true\n"),
            },
            1,
            id="failing",
        ),
        pytest.param(
            {"draft.md": mutate("severity: SEV1\n", "severity: SEV1\ndraft: true\n", mutate("## Timeline\n", ""))},
            0,
            id="passing",
        ),
    ],
)
def test_a_build_never_touches_docs(make_site: MakeSite, postmortems: dict[str, str], code: int) -> None:
    # Postmortems with problems are published from a readable copy: it must never land in docs/.
    site = make_site(postmortems, examples=True)
    before = site.snapshot()
    result = site.build()
    assert result.returncode == code, output(result)
    assert site.snapshot() == before


def test_new_writes_one_draft_that_does_not_break_the_build(make_site: MakeSite) -> None:
    site = make_site(examples=True)
    before = site.snapshot()
    days = {date.today().isoformat()}
    first = site.run("-m", "hindsight", "new", "Disk full: logs ate /var")
    days.add(date.today().isoformat())
    assert first.returncode == 0, output(first)
    after = site.snapshot()
    added = set(after) - set(before)
    assert len(added) == 1, added
    (name,) = added
    assert name.startswith("postmortems/")
    assert "/" not in name.removeprefix("postmortems/")
    assert name.endswith(".md")
    assert any(name.removeprefix("postmortems/").startswith(day + "-") for day in days), name
    assert {key: value for key, value in after.items() if key != name} == before
    assert re.search(r"^draft: true$", after[name].decode("utf-8"), re.MULTILINE)

    again = site.run("-m", "hindsight", "new", "Disk full: logs ate /var")
    assert again.returncode == 1, output(again)
    assert "already exists" in output(again)
    assert site.snapshot() == after

    result = site.build()
    assert result.returncode == 0, output(result)
    assert build_problems(result, "ERROR") == []
    assert "Traceback" not in output(result)


def test_a_bad_setting_in_mkdocs_yml_is_named_without_a_traceback(make_site: MakeSite) -> None:
    site = make_site(examples=True)
    config = site.root / "mkdocs.yml"
    config.write_text(
        mutate('colour: "#b71c1c"', 'colour: "blue-ish"', config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = site.build()
    out = output(result)
    assert result.returncode != 0, out
    assert "extra.postmortem.severities[0].colour" in out
    assert "Traceback" not in out
    checked = site.check()
    assert checked.returncode != 0, output(checked)
    assert "extra.postmortem.severities[0].colour" in output(checked)
    assert "Traceback" not in output(checked)
