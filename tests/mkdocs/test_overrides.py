"""The copies of Material's partials in overrides/ are Material's files plus our listed changes, nothing else.

When Material is upgraded and one of its originals changes, the matching test
fails and names the file to compare: carry our changes over to the new
original (or drop the copy if Material now does the job), then update the list.
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from tests.conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

CHANGES: dict[str, list[tuple[str, str]]] = {
    "partials/header.html": [
        (
            GENERATED,
            "{#-\n  Hindsight: Material 9.8.1's partials/header.html, with the page title escaped\n"
            "  (Material writes a post's raw `title` here). Keep in step with Material.\n-#}\n",
        ),
        ('aria-label="{{ config.site_name }}"', 'aria-label="{{ config.site_name | e }}"'),
        ("            {{ config.site_name }}\n", "            {{ config.site_name | e }}\n"),
        ("{{ page.meta.title }}", "{{ page.meta.title | e }}"),
        ("              {{ page.title }}\n", "              {{ page.title | striptags | e }}\n"),
    ],
    "partials/source.html": [
        (
            GENERATED,
            "{#-\n  Hindsight: Material 9.8.1's partials/source.html without data-md-component,\n"
            "  so pages never call the GitHub API for stars and forks (offline intranets,\n"
            "  no third-party requests). The link itself stays.\n-#}\n",
        ),
        (' class="md-source" data-md-component="source">', ' class="md-source">'),
        ("{{ config.repo_name }}", "{{ config.repo_name | e }}"),
    ],
    "partials/content.html": [
        (
            GENERATED,
            "{#-\n  Hindsight: Material 9.8.1's partials/content.html, with the title escaped and\n"
            "  postmortems framed in their severity colour. Keep in step with Material.\n-#}\n",
        ),
        (
            '{% if "\\u003ch1" not in page.content %}\n',
            "{% if hindsight and hindsight.severity %}\n"
            '  <div class="hs-post" data-severity="{{ hindsight.severity | e }}" style="--hs-severity: '
            '{{ hindsight.colour | e }}; --hs-severity-ink: {{ hindsight.ink | e }}">\n'
            "{% endif %}\n"
            '{% if "\\u003ch1" not in page.content %}\n',
        ),
        (
            "  <h1>{{ page.title | d(config.site_name, true)}}</h1>\n",
            "  <h1>{{ page.title | d(config.site_name, true) | striptags | e }}</h1>\n",
        ),
        (
            "{{ page.content }}\n",
            "{{ page.content }}\n{% if hindsight and hindsight.severity %}\n  </div>\n{% endif %}\n",
        ),
    ],
    "partials/copyright.html": [
        (
            GENERATED,
            '{#-\n  Hindsight: Material 9.8.1\'s partials/copyright.html, plus a link to the feed.\n  The feed is linked here rather than with <link rel="alternate"> in the head:\n  Material fetches sitemap.xml (which grows with every postmortem) on every\n  page load for each such link, to switch languages. Keep in step with Material.\n-#}\n',
        ),
        (
            "  {% if not config.extra.generator == false %}\n",
            '  {% if config.site_url %}\n    <a class="hs-feed-link" href="{{ \'feed.xml\' | url }}" type="application/rss+xml">RSS feed of postmortems</a>\n  {% endif %}\n'
            + "  {% if not config.extra.generator == false %}\n",
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_copied_partial_is_materials_file_with_our_changes(name: str) -> None:
    original_path = MATERIAL / name
    original = original_path.read_text(encoding="utf-8")
    expected = original
    for old, new in CHANGES[name]:
        if expected.count(old) != 1:
            pytest.fail(
                f"Material's {original_path} changed since Hindsight copied it: {old!r} is no longer there once."
                f" Compare overrides/{name} with it, carry Hindsight's changes over, and update CHANGES in {__file__}"
            )
        expected = expected.replace(old, new)
    ours = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert ours == expected, (
        f"overrides/{name} is not Material's {original_path} plus the changes listed in {__file__}:"
        " either Material changed, or the copy was edited without updating the list"
    )


def test_every_copied_partial_is_compared() -> None:
    copies = {p.relative_to(ROOT / "overrides").as_posix() for p in (ROOT / "overrides" / "partials").glob("*.html")}
    assert copies - {"partials/search.html"} == set(CHANGES), "a new copy of a Material partial needs its comparison"
