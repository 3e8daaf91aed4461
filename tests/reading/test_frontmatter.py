from __future__ import annotations

import pytest

from hindsight.reading.frontmatter import MAX_EXPANDED_VALUES, decode, split
from tests.conftest import PATH, VALID


def test_valid_front_matter_keeps_fields_and_their_lines() -> None:
    parts = split(PATH, VALID)
    assert parts.problems == []
    assert parts.front is not None
    assert parts.front.lines["title"] == 2
    assert parts.front.lines["tags"] == 18
    assert parts.front.close_line == 19
    assert parts.body_line == 20
    assert parts.body.startswith("\n## Issue Summary")


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"", 1, "file is empty"),
        (b"  \n\n", 1, "file is empty"),
        (b"\x00\x01PNG", 1, "file is binary, not Markdown"),
        ("---\ntitle: caf\xe9\n---\n".encode("latin-1"), 2, "file is not UTF-8 (byte 0xe9)"),
    ],
)
def test_unreadable_files(raw: bytes, line: int, message: str) -> None:
    text, problems = decode(PATH, raw)
    if text is not None:
        problems = split(PATH, text).problems
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_bom_and_crlf_are_read_as_plain_text() -> None:
    text, problems = decode(PATH, b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode())
    assert problems == []
    assert text == VALID


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# Title\n\nNo front matter.", 1, "no front matter: the file must start with a '---' line"),
        ("---\ntitle: x\n", 1, "front matter is not closed"),
        ("---\n---\nbody", 2, "front matter is empty"),
        ("---\n- a\n- b\n---\n", 2, "front matter is not a set of 'field: value' lines"),
        (
            "---\ntitle: x\nseverity: [SEV1\n---\n",
            4,
            "front matter is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
        (
            "---\ntitle: x\n  bad: indent\n---\n",
            3,
            "front matter is not valid YAML: mapping values are not allowed in this context",
        ),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "field 'title' is given twice (first at line 2)"),
        ("---\n1: x\n---\n", 2, "field name '1' is not a plain name"),
        (
            "---\nx: !!python/object:os.system ls\n---\n",
            2,
            "front matter is not valid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
    ],
)
def test_front_matter_problems_point_at_their_line(text: str, line: int, message: str) -> None:
    problems = split(PATH, text).problems
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_alias_bomb_is_refused_by_field_without_expanding_it() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):
        name, prev = chr(97 + index), chr(96 + index)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    parts = split(PATH, "---\n" + "\n".join(levels) + "\ntitle: ok\n---\n")
    refused = {p.message.split("'")[1] for p in parts.problems}
    assert refused == {"e", "f", "g", "h", "i"}
    assert all(f"more than {MAX_EXPANDED_VALUES:,} values" in p.message for p in parts.problems)
    assert parts.front is not None
    assert set(parts.front.data) == {"a", "b", "c", "d", "title"}
