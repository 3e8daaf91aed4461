"""A fact `import` guessed is a problem at its line until the writer confirms it and deletes the comment."""

from __future__ import annotations

import pytest

from hindsight.reading.guesses import HINT, guessed
from tests.conftest import VALID, lines, mutate, parse


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "severity: SEV2  # guess: from 75% of users affected",
            "severity SEV2 is a guess (from 75% of users affected)",
        ),
        ("date: 2024-08-16 # guess", "date 2024-08-16 is a guess"),
        ('services: ["search"]  # guess: the subject of a sentence', "services is a guess (the subject of a sentence)"),
        ('title: "Fix # guess: not a comment"', None),
        ("severity: SEV2  # reviewed by ops", None),
        ("  - item  # guess: inside a list", None),
    ],
)
def test_guess_comments(line: str, message: str | None) -> None:
    found = guessed("x.md", f"---\n{line}\n---\n", 3)
    assert [(p.line, p.message, p.hint) for p in found] == ([] if message is None else [(2, message, HINT)])


def test_a_guess_is_a_problem_in_a_draft_too() -> None:
    text = mutate("severity: SEV1", "severity: SEV1  # guess: from 75% of users affected")
    text = mutate("tags: [postgres", "draft: true\ntags: [postgres", text)
    assert lines(parse(text)) == [
        f"docs/postmortems/x.md:4: severity SEV1 is a guess (from 75% of users affected) - {HINT}"
    ]


def test_no_comment_no_problem() -> None:
    assert lines(parse(VALID)) == []
