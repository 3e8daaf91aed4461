"""Ticket keys become tracker links, escaped for HTML and for Markdown."""

from __future__ import annotations

import pytest

from hindsight.page.tickets import ticket_keys, ticket_url, tickets_html, tickets_markdown

PATTERN = "https://tracker.example.com/browse/{key}"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Move to cert-manager (OPS-142) @tomas", ["OPS-142"]),
        ("OPS-142 and INFRA-7, again OPS-142", ["OPS-142", "INFRA-7"]),
        ("utf-8, sha-256, SHA-256sum, x/OPS-1, OPS-12a, A-1", []),
        ("see #OPS-9 or ops-9", []),
    ],
)
def test_ticket_keys(text: str, keys: list[str]) -> None:
    assert ticket_keys(text) == keys


def test_a_key_is_percent_encoded_into_the_pattern() -> None:
    assert ticket_url("OPS-142", PATTERN) == "https://tracker.example.com/browse/OPS-142"
    assert ticket_url("OPS-1", "https://t.example/?q=key%3D{key}&x=1") == "https://t.example/?q=key%3DOPS-1&x=1"


def test_html_escapes_the_text_and_the_url() -> None:
    html = tickets_html('<b>Fix</b> OPS-142 & "quote"', "https://t.example/?a=1&b={key}")
    assert html == (
        '&lt;b&gt;Fix&lt;/b&gt; <a class="hs-ticket" href="https://t.example/?a=1&amp;b=OPS-142">OPS-142</a>'
        " &amp; &#34;quote&#34;"
    )
    assert tickets_html("<i>OPS-1</i>", None) == "&lt;i&gt;OPS-1&lt;/i&gt;"


def test_markdown_links_only_in_task_items() -> None:
    text = "\n".join(
        [
            "We track it as OPS-142.",
            "- [ ] Finish the move (OPS-142) @tomas due:2025-11-14",
            "- [x] Already linked [OPS-7](https://x.example/OPS-7)",
            "- plain OPS-9 bullet",
            "- [ ] Close `OPS-3` and OPS-4",
        ]
    )
    assert tickets_markdown(text, PATTERN).split("\n") == [
        "We track it as OPS-142.",
        "- [ ] Finish the move ([OPS-142](<https://tracker.example.com/browse/OPS-142>)) @tomas due:2025-11-14",
        "- [x] Already linked [OPS-7](https://x.example/OPS-7)",
        "- plain OPS-9 bullet",
        "- [ ] Close `OPS-3` and [OPS-4](<https://tracker.example.com/browse/OPS-4>)",
    ]
    assert tickets_markdown(text, None) == text
    assert (
        tickets_markdown("- [ ] OPS-1", "https://t.example/a b>{key}")
        == "- [ ] [OPS-1](<https://t.example/a%20b%3EOPS-1>)"
    )
