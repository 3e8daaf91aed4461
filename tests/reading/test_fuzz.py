"""Whatever a writer types, the parser answers with problems, never an exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hindsight.model import Postmortem
from tests.conftest import VALID, parse

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.dates(), st.datetimes()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
fields = st.sampled_from(
    [
        "title",
        "date",
        "severity",
        "summary",
        "start",
        "end",
        "detected",
        "services",
        "users_affected",
        "impact",
        "root_cause",
        "authors",
        "draft",
        "hide",
        "pin",
        "tags",
    ]
)


def _ok(postmortem: Postmortem, source: str | bytes, garbage: bool = False) -> None:
    """Every problem is at a line of the file, says what and how; a file that is no postmortem has one at least."""
    raw = source.encode("utf-8") if isinstance(source, str) else source
    last = max(1, raw.count(b"\n") + raw.count(b"\r") + 1)  # a generous bound: CR and CRLF also end lines
    for problem in postmortem.problems:
        assert 1 <= problem.line <= last, f"{problem} is outside the file's {last} lines"
        assert problem.message and problem.hint and problem.path == postmortem.path
    if garbage:
        assert postmortem.problems, "a file that is no postmortem got no problem"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    for source in (text, "---\n" + text, "---\n" + text + "\n---\n" + text):
        _ok(parse(source), source, garbage=True)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes(raw: bytes) -> None:
    _ok(parse(raw), raw, garbage=True)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(fields | st.text(max_size=12), values, max_size=8))
def test_any_yaml_front_matter(front: dict[str, object]) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + VALID.split("---\n", 2)[2]
    _ok(parse(text), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789:-–— []UTCZ+abcdefghijklmnopqrstuvwxyz.!?/\n", max_size=60), max_size=8))
def test_any_timeline(entries: list[str]) -> None:
    timeline = "## Timeline\n\n" + "\n".join(f"- {entry}" for entry in entries) + "\n\n"
    text = VALID.replace("## Timeline\n", timeline + "## Old timeline\n")
    _ok(parse(text), text)
