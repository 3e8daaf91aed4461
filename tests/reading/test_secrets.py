"""Likely secrets are problems at their line; documentation examples, placeholders and allowed lines are not."""

from __future__ import annotations

import pytest

from hindsight.reading.secrets import ALLOW, find_secrets
from tests.conftest import lines, mutate, parse

# Built from pieces so that no scanner flags this test file itself.
AWS = "AKIA" + "Z7XQ3J5KD2LMN4PQ"
GITHUB = "ghp_" + "a1B2" * 9
JWT = "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"export AWS_ACCESS_KEY_ID={AWS}", "an AWS access key (AKIA...)"),
        ('aws_secret_access_key = "' + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + 'zzzzzzzzzz"', "an AWS secret access key"),
        ("-----BEGIN RSA " + "PRIVATE KEY-----", "a private key"),
        ("-----BEGIN OPENSSH " + "PRIVATE KEY-----", "a private key"),
        ("-----BEGIN " + "PRIVATE KEY-----", "a private key"),
        (f"Authorization: token {GITHUB}", "a GitHub token (ghp_...)"),
        ("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop", "a GitHub token"),
        ("glpat-" + "x" * 20, "a GitLab token"),
        ("xoxb-" + "1234567890-abcdefghij", "a Slack token"),
        ("https://hooks.slack.com/services/" + "T0001/B0002/abcdefghijkl", "a Slack webhook"),
        ("sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "a Stripe secret key"),
        ("AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "a Google API key"),
        ("npm_" + "a" * 36, "an npm token"),
        (f"Bearer {JWT}", "a JSON web token"),
        ("DefaultEndpointsProtocol=https;AccountKey=" + "A" * 44, "an Azure storage key"),
        ("DATABASE_URL=postgres://app:" + "s3cr3tPa55@db.internal:5432/orders", "a password in a URL (app:***@)"),
    ],
)
def test_likely_secrets_are_found(text: str, kind: str) -> None:
    problems = find_secrets("x.md", f"first line\n{text}\n")
    assert [(p.line, p.message.startswith(f"this line holds what looks like {kind}")) for p in problems] == [(2, True)]


@pytest.mark.parametrize(
    "text",
    [
        "AKIA" + "IOSFODNN7EXAMPLE",  # AWS's own documentation key
        "postgres://app:****@db.internal/orders",
        "postgres://app:${DB_PASSWORD}@db.internal/orders",
        "postgres://app:<password>@db.internal/orders",
        "postgres://app:password@db.internal/orders",
        "https://user@example.com/x and https://example.com:8080/path at 12:30 UTC",
        "ghp_short",
        "The key starts with AKIA and was rotated.",
        f"postgres://app:s3cr3tPa55@db.internal/orders  # {ALLOW}",
    ],
)
def test_examples_placeholders_and_allowed_lines_are_not_secrets(text: str) -> None:
    assert find_secrets("x.md", text) == []


def test_the_allow_marker_may_stand_on_the_line_above() -> None:
    assert find_secrets("x.md", f"<!-- {ALLOW} -->\n{AWS}\n") == []
    assert len(find_secrets("x.md", f"<!-- {ALLOW} -->\n\n{AWS}\n")) == 1


def test_a_secret_in_a_code_block_of_a_postmortem_is_a_problem_at_its_file_line() -> None:
    text = mutate("```sql\n", f"```sql\n-- {AWS}\n")
    found = [line for line in lines(parse(text)) if "looks like" in line]
    line = text.split("\n").index(f"-- {AWS}") + 1
    assert found == [
        f"docs/postmortems/x.md:{line}: this line holds what looks like an AWS access key (AKIA...) - remove it"
        f" (and rotate it, if it was real); if it is not a secret, add '{ALLOW}' to the line"
    ]


def test_a_secret_in_the_front_matter_is_found_too() -> None:
    text = mutate("tags: [postgres, performance, indexing, checkout]\n", f"tags: [postgres]\nticket: {GITHUB}\n")
    assert any(
        line.startswith("docs/postmortems/x.md:19: this line holds what looks like a GitHub")
        for line in lines(parse(text))
    )


def test_pathological_text_is_scanned_in_linear_time() -> None:
    text = "://" + ":" * 200_000 + "a:b" * 100_000 + "x" * 100_000 + "\n"
    assert find_secrets("x.md", text) == []
