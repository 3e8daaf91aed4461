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


def _ok(postmortem: Postmortem) -> None:
    assert isinstance(postmortem.problems, list)
    for problem in postmortem.problems:
        assert problem.line >= 1 and problem.message and problem.hint


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _ok(parse(text))
    _ok(parse("---\n" + text))
    _ok(parse("---\n" + text + "\n---\n" + text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes(raw: bytes) -> None:
    _ok(parse(raw))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(fields | st.text(max_size=12), values, max_size=8))
def test_any_yaml_front_matter(front: dict[str, object]) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + VALID.split("---\n", 2)[2]
    _ok(parse(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789:-–— []UTCZ+abcdefghijklmnopqrstuvwxyz.!?/\n", max_size=60), max_size=8))
def test_any_timeline(entries: list[str]) -> None:
    timeline = "## Timeline\n\n" + "\n".join(f"- {entry}" for entry in entries) + "\n\n"
    _ok(parse(VALID.replace("## Timeline\n", timeline + "## Old timeline\n")))
