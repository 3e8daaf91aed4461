"""Problems across postmortems are values: returned, then handed on as new postmortems; nothing is edited."""

from __future__ import annotations

import pytest

from hindsight import DEFAULT, parse_postmortem
from hindsight.reading.across import across_problems, with_problems
from hindsight.reading.rules import check_file_names
from tests.conftest import AUTHORS, VALID, mutate, parse


def test_clashing_file_names_are_returned_not_appended() -> None:
    first, second = parse(VALID), parse(VALID)
    postmortems = {"postmortems/2024/x.md": first, "postmortems/2025/x.md": second}
    problems = check_file_names(postmortems)
    assert [problem.path for problem in problems] == [second.path]
    assert "both would publish at the same URL" in problems[0].message
    assert first.problems == [] and second.problems == [], "the parsed postmortems are untouched"


@pytest.mark.parametrize("names", [["a.md", "b.md"], ["postmortems/a.md", "postmortems/deep/b.md"]])
def test_distinct_file_names_have_no_problem(names: list[str]) -> None:
    assert check_file_names({name: parse(VALID) for name in names}) == []


def test_with_problems_makes_new_values_and_keeps_the_rest() -> None:
    related = mutate("date: 2024-08-16\n", "date: 2024-08-16\nrelated: [no-such-postmortem]\n")
    lone, linked = parse_postmortem("docs/postmortems/a.md", VALID.encode(), DEFAULT, AUTHORS), parse(related)
    postmortems = {"a.md": lone, "b.md": linked}
    problems = across_problems({"b.md": linked})
    assert [problem.message for problem in problems] and all(p.path == linked.path for p in problems)
    checked = with_problems({"b.md": linked, "a.md": lone}, problems)
    assert checked["b.md"] is not linked and checked["b.md"].problems == sorted(problems, key=lambda p: p.line)
    assert linked.problems == [], "the parse is not edited"
    assert checked["a.md"] is lone, "a postmortem without new problems is the same value"
    assert list(checked) == ["b.md", "a.md"] and set(postmortems) == set(checked)
