from __future__ import annotations

from hindsight.model import Facts, Postmortem, Problem
from hindsight.reading.report import Report
from hindsight.templating import problems_html


def _postmortem(path: str, problems: int, draft: bool = False) -> Postmortem:
    facts = Facts(draft=draft)
    return Postmortem(
        path, facts, {}, problems=[Problem(path, n + 1, f"problem {n}", "fix it") for n in range(problems)]
    )


def test_problem_line_format() -> None:
    assert (
        str(Problem("docs/postmortems/a.md", 14, "missing section", "add it"))
        == "docs/postmortems/a.md:14: missing section - add it"
    )


def test_drafts_warn_and_the_rest_fail() -> None:
    report = Report.of(
        [_postmortem("b.md", 2), _postmortem("a.md", 1), _postmortem("d.md", 1, draft=True), _postmortem("ok.md", 0)]
    )
    assert report.failed
    assert [str(p) for p in report.errors] == [
        "a.md:1: problem 0 - fix it",
        "b.md:1: problem 0 - fix it",
        "b.md:2: problem 1 - fix it",
    ]
    assert [p.path for p in report.warnings] == ["d.md"]
    assert report.summary() == "hindsight: 4 postmortems checked: 3 problems in 2 postmortems, 1 warning in 1 draft"


def test_clean_and_draft_only_reports_pass() -> None:
    assert Report.of([_postmortem("a.md", 0)]).summary() == "hindsight: 1 postmortem checked, no problems"
    drafts = Report.of([_postmortem("a.md", 2, draft=True)])
    assert not drafts.failed
    assert drafts.summary() == "hindsight: 1 postmortem checked: 2 warnings in 1 draft"


def test_problem_banner_escapes_what_the_writer_typed() -> None:
    problem = Problem(
        "docs/postmortems/a.md", 3, "severity '<script>alert(1)</script>' is not a configured level", "use SEV1 & co"
    )
    html = problems_html([problem], draft=False)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "SEV1 &amp; co" in html
    assert 'class="admonition failure hindsight-problems"' in html
    assert "1 problem in this postmortem" in html
    assert 'class="admonition warning hindsight-problems"' in problems_html([problem], draft=True)
