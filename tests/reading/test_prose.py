"""Words and sentences as a reader counts them: abbreviations do not end a sentence, macros are not words."""

from __future__ import annotations

import pytest

from hindsight.reading.prose import count_sentences, count_words, strip_templates


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("The cache fell over. We restarted it.", 2),
        ("Traffic rose, e.g. from bots. Then it fell.", 2),
        ("One region, i.e. eu-west, was down. The rest held.", 2),
        ("Disks, queues, etc. Filled up.", 1),
        ("Postgres vs. MySQL was not the question. The index was.", 2),
        ("Ada J. Okafor paged the team. They came.", 2),
        ("It broke! Why? Nobody knew.", 3),
        ("No final stop", 1),
        ("Version 2.4 shipped. 3 hosts failed.", 2),
        ('He said "stop." Then we stopped.', 2),
        ("", 0),
        ("   ", 0),
    ],
)
def test_sentences(text: str, sentences: int) -> None:
    assert count_sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The on-call engineer's pager", 4),
        ("p99 went from 120ms to 9.5s", 6),
        ("{{ key_facts() }} Two words", 2),
        ("{% if x %}kept{% endif %}", 1),
        ("snake_case_name", 3),
        ("— – …", 0),
        ("Überlast im Rechenzentrum", 3),
    ],
)
def test_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_templates_are_stripped_whole() -> None:
    assert strip_templates("a {{ b }} c {# d #} e").split() == ["a", "c", "e"]
