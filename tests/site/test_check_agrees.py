"""`check` says what the build says: the same problem lines, count line and exit code, macros included."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import VALID, Site, mutate
from tests.site.test_build import build_problems, count_lines, output

MakeSite = Callable[..., Site]

ROOT_CAUSE = "## Root Cause and Resolution\n"


def with_text(text: str, page: str = VALID) -> str:
    return mutate(ROOT_CAUSE, f"{ROOT_CAUSE}\n{text}\n", page)


CASES = {
    "unknown-macro": {"x.md": with_text("We read the graphs {{ key_fact() }} that night.")},
    "syntax-error": {"x.md": with_text("The query {% if %} was ordinary.")},
    "unknown-filter": {"x.md": with_text("It was {{ 'slow' | shout }}.")},
    "several-pages": {
        "x.md": with_text("First {{ nope }} here."),
        "y.md": with_text("Then {{ other() }} there.").replace("severity: SEV1", "severity: SEV2"),
    },
    # the build does not render a draft (serve shows its problems on the page)
    "in-a-draft": {"x.md": with_text("A {{ nope }} draft.").replace("tags: [postgres", "draft: true\ntags: [postgres")},
    "what-renders": {
        "x.md": with_text("A badge {{ severity_badge('SEV2') }}, `{{ code }}`, {#custom-id}.").replace(
            "tags: [postgres", "ticket: OPS-12\ntags: [postgres"
        )
    },
    # a page calls macros and nothing else: no variables (front matter, config), filters, loops, attributes
    "only-macros": {
        "x.md": with_text(
            "Site {{ config.site_name }}, ticket {{ ticket }}, {{ maybe | default('none') }}, {{ 6*7 }}."
        ).replace("tags: [postgres", "ticket: OPS-12\ntags: [postgres")
    },
    "timeline-text": {
        "x.md": mutate("[detected] A monitoring alert", "[detected] A {{ monitoring }} alert"),
    },
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_print_the_same_lines(make_site: MakeSite, case: str) -> None:
    site = make_site(CASES[case])
    built = site.build()
    checked = site.check()
    assert "Traceback" not in output(built) + output(checked)
    lines = [line for line in checked.stdout.splitlines() if not line.startswith("overdue: ")]
    assert lines[:-1] == build_problems(built), output(built)
    assert lines[-1:] == count_lines(built)
    assert checked.returncode == built.returncode
    if case in ("what-renders", "timeline-text", "in-a-draft"):
        assert built.returncode == 0 and lines == ["hindsight: 1 postmortem checked, no problems"], output(built)
    else:
        assert "macro" in checked.stdout


def test_a_component_on_another_page_fails_check_as_it_fails_the_build(make_site: MakeSite) -> None:
    site = make_site({"x.md": VALID})
    guide = site.root / "docs" / "guide.md"
    source = guide.read_text(encoding="utf-8") + "\n\n{{ key_facts() }}\n"
    guide.write_text(source, encoding="utf-8")
    built, checked = site.build(), site.check()
    expected = (
        f"docs/guide.md:{source.count(chr(10))}: key_facts() shows the current postmortem, and this page is not one"
        " - use it in a postmortem, or give a level: {{ severity_badge('SEV2') }}"
    )
    assert build_problems(built) == [expected]
    assert [line for line in checked.stdout.splitlines() if not line.startswith("overdue: ")] == [
        expected,
        "hindsight: 1 postmortem checked: 1 problem in 1 other page",
    ]
    assert checked.returncode == built.returncode == 1
