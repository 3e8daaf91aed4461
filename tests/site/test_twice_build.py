"""A real build of a site with a repeat chain: both panels, the home page's overdue list, the JSON, the reminders."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import VALID, Site, mutate
from tests.site.test_build import BUILD_LINE, output

MakeSite = Callable[..., Site]

TAGS = "tags: [postgres, performance, indexing, checkout]\n"
EARLIER = mutate(TAGS, TAGS + "factors: [software-bug]\nreviewed: 2024-08-20\n")
LATER = (
    mutate("factors: [software-bug]\nreviewed: 2024-08-20\n", "factors: [software-bug, monitoring-gap]\n", EARLIER)
    .replace("title: Checkout crawled for three hours", "title: Checkout crawled <again> & again")
    .replace("date: 2024-08-16", "date: 2025-02-03")
    .replace("start: 2024-08-15 14:30 UTC", "start: 2025-02-01 14:30 UTC")
    .replace("end: 2024-08-15 17:45 UTC", "end: 2025-02-01 17:45 UTC")
    .replace("detected: 2024-08-15 14:34 UTC", "detected: 2025-02-01 14:34 UTC")
    .replace("due:2024-", "due:2099-")
    .replace("@priya due:2099-09-13", "OPS-142 @priya due:2099-09-13")
)
REMINDERS = [
    "docs/postmortems/2024-08-15-earlier.md:64: it happened again on 2025-02-01 (2025-02-01-later) and this task is"
    " still open, due 2024-09-13 (@priya): Run EXPLAIN for changed queries against a production-sized snapshot in CI"
    " and fail on large sequential scans - finish it first: the repeat shows it matters",
    "docs/postmortems/2024-08-15-earlier.md:65: it happened again on 2025-02-01 (2025-02-01-later) and this task is"
    " still open, due 2024-08-30 (@ada): Alert on database CPU above 80% for 5 minutes and on connection pool"
    " saturation - finish it first: the repeat shows it matters",
    "docs/postmortems/2024-08-15-earlier.md:66: it happened again on 2025-02-01 (2025-02-01-later) and this task is"
    " still open, due 2024-08-23 (@marcus): Update the latency runbook to check database load before any firewall"
    " change - finish it first: the repeat shows it matters",
]


def chain_site(make_site: MakeSite, chase: str = "{overdue: off, repeats: off}") -> Site:
    site = make_site({"2024-08-15-earlier.md": EARLIER, "2025-02-01-later.md": LATER})
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = mutate("    chase: {overdue: off, repeats: off}", f"    chase: {chase}", text)
    text = mutate(
        'tickets: "https://tracker.example.com/browse/{key}"', "tickets: 'https://t.example/?a=1&k={key}'", text
    )
    config.write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    from tests.conftest import copy_site

    def make(postmortems: dict[str, str]) -> Site:
        return copy_site(tmp_path_factory.mktemp("twice") / "site-src", postmortems)

    site = chain_site(make)
    result = site.build()
    assert result.returncode == 0, output(result)
    assert BUILD_LINE.findall(result.stderr) == [], "reminders are off by default"
    return site


def read(site: Site, *parts: str) -> str:
    return (site.root / "site" / Path(*parts)).read_text(encoding="utf-8")


def test_the_later_page_says_it_failed_before_above_its_masthead(built: Site) -> None:
    page = read(built, "postmortems", "2025-02-01-later", "index.html")
    panel = page[page.index('<aside class="admonition warning hs-repeat"') :]
    panel = panel[: panel.index("</aside>")]
    assert page.index("hs-repeat") < page.index('class="hs-masthead"'), "the panel comes before the key facts"
    assert '<p class="admonition-title">This failed before</p>' in panel
    assert '<a href="../2024-08-15-earlier/">Checkout crawled for three hours</a>' in panel
    assert '<time datetime="2024-08-15">15 Aug 2024</time>' in panel
    assert "(checkout, product catalog, storefront; software bug)" in panel
    assert "<strong>its fix was not finished</strong>, 3 of 4 tasks still open (3 overdue)." in panel


def test_the_earlier_page_says_it_happened_again_with_a_link_back(built: Site) -> None:
    page = read(built, "postmortems", "2024-08-15-earlier", "index.html")
    assert '<p class="admonition-title">It happened again</p>' in page
    assert (
        '<a href="../2025-02-01-later/">Checkout crawled &lt;again&gt; &amp; again</a>,'
        ' <time datetime="2025-02-01">1 Feb 2025</time>, when 3 of the tasks below were not done yet.'
    ) in page
    assert "This failed before" not in page


def test_the_scorecard_is_folded_at_the_end(built: Site) -> None:
    page = read(built, "postmortems", "2024-08-15-earlier", "index.html")
    assert '<details class="hs-review">\n<summary>Review scorecard: 15 of 15 requirements met, reviewed by' in page
    assert "Grace Lindholm, Marcus Bell on 20 Aug 2024</summary>" in page
    assert "3h 15m, 14:30-17:45 UTC" in page
    assert page.index('class="hs-review"') > page.index("Corrective and Preventative Measures")


def test_the_home_page_names_the_overdue_tasks_of_the_repeat_first(built: Site) -> None:
    home = read(built, "index.html")
    section = home[home.index('<details class="hs-overdue"') :]
    section = section[: section.index("</details>")]
    assert '<strong id="hs-overdue-title">3 tasks overdue</strong>, first:' in section
    assert "Promised in 1 postmortem and past their due date." in section
    names = re.findall(r'<span class="hs-overdue__task">(.*?)</span>', section)
    assert names == [
        "Update the latency runbook to check database load before any firewall change",
        "Alert on database CPU above 80% for 5 minutes and on connection pool saturation",
        "Run EXPLAIN for changed queries against a production-sized snapshot in CI and fail on large sequential scans",
    ]
    assert section.count("its outage happened again") == 3
    assert '<a href="actions/#owner-marcus">@marcus</a>' in section
    assert section.count('<a href="postmortems/2024-08-15-earlier/">Checkout crawled for three hours</a>') == 3


def test_ticket_keys_link_on_the_page_and_the_action_items(built: Site) -> None:
    page = read(built, "postmortems", "2025-02-01-later", "index.html")
    assert '<a href="https://t.example/?a=1&amp;k=OPS-142">OPS-142</a>' in page
    actions = read(built, "actions", "index.html")
    assert '<a class="hs-ticket" href="https://t.example/?a=1&amp;k=OPS-142">OPS-142</a>' in actions
    assert '<section class="hs-actions-group" id="owner-priya"' in actions
    assert '<th scope="col">Age</th>' in actions


def test_json_beside_each_page_matches_the_facts(built: Site) -> None:
    later = json.loads(read(built, "postmortems", "2025-02-01-later", "index.json"))
    earlier = json.loads(read(built, "postmortems", "2024-08-15-earlier", "index.json"))
    assert later["title"] == "Checkout crawled <again> & again"
    assert later["url"] == "https://postmortems.example.com/postmortems/2025-02-01-later/"
    assert (later["start"], later["end"], later["duration_minutes"]) == (
        "2025-02-01T14:30:00+00:00",
        "2025-02-01T17:45:00+00:00",
        195.0,
    )
    assert later["severity"] == {"key": "SEV1", "label": "Critical"}
    assert later["factors"] == [
        {"key": "software-bug", "label": "Software bug"},
        {"key": "monitoring-gap", "label": "Monitoring gap"},
    ]
    assert later["users_affected_percent"] == 75.0
    assert [entry["tag"] for entry in later["timeline"]][:2] == ["detected", "action"]
    assert later["tasks"][1]["tickets"] == [{"key": "OPS-142", "url": "https://t.example/?a=1&k=OPS-142"}]
    [before] = later["repeats"]["before"]
    assert before["name"] == "2024-08-15-earlier"
    assert before["tasks"] == {"total": 4, "open": 3, "overdue": 3, "done_after_repeat": 0}
    assert earlier["repeats"]["again"] == [
        {"name": "2025-02-01-later", "title": "Checkout crawled <again> & again", "start": "2025-02-01T14:30:00+00:00"}
    ]
    assert earlier["reviewed"] == "2024-08-20" and earlier["problems"] == []
    raw = read(built, "postmortems", "2025-02-01-later", "index.json")
    assert "<" not in raw and "&" not in raw and "\\u003cagain\\u003e" in raw


def test_check_json_prints_every_postmortem_and_problem(make_site: MakeSite) -> None:
    site = make_site({"2024-08-15-earlier.md": EARLIER, "broken.md": mutate("severity: SEV1", "severity: SEV9")})
    result = site.run("-m", "hindsight", "check", "--json")
    assert result.returncode == 1, output(result)
    data = json.loads(result.stdout)
    assert [p["name"] for p in data["postmortems"]] == ["2024-08-15-earlier", "broken"]
    assert data["postmortems"][1]["published"] is False
    assert [p["text"] for p in data["problems"]] == [
        "docs/postmortems/broken.md:4: severity 'SEV9' is not a configured level"
        " - use one of SEV1, SEV2, SEV3, SEV4, SEV5 (configured in mkdocs.yml)"
    ]
    assert data["summary"] == "hindsight: 2 postmortems checked: 1 problem in 1 postmortem"
    assert data["overdue"].startswith("overdue: 3 open tasks past their due date in 1 postmortem;")


def test_repeat_reminders_warn_when_configured(make_site: MakeSite) -> None:
    site = chain_site(make_site, "{overdue: off, repeats: warn}")
    result = site.build()
    assert result.returncode == 0, output(result)
    assert BUILD_LINE.findall(result.stderr) == [("WARNING", line) for line in REMINDERS]


def test_repeat_reminders_fail_the_build_when_configured(make_site: MakeSite) -> None:
    site = chain_site(make_site, "{overdue: warn, repeats: fail}")
    result = site.build()
    assert result.returncode == 1, output(result)
    found = BUILD_LINE.findall(result.stderr)
    overdue = [line for level, line in found if level == "WARNING"]
    assert [line for level, line in found if level == "ERROR"] == REMINDERS
    assert overdue == [
        "docs/postmortems/2024-08-15-earlier.md:66: task overdue since 2024-08-23 (@marcus): Update the latency runbook"
        " to check database load before any firewall change"
        " - finish it and tick it (- [x]), or agree a new due date and write it as due:YYYY-MM-DD",
        "docs/postmortems/2024-08-15-earlier.md:65: task overdue since 2024-08-30 (@ada): Alert on database CPU above"
        " 80% for 5 minutes and on connection pool saturation"
        " - finish it and tick it (- [x]), or agree a new due date and write it as due:YYYY-MM-DD",
        "docs/postmortems/2024-08-15-earlier.md:64: task overdue since 2024-09-13 (@priya): Run EXPLAIN for changed"
        " queries against a production-sized snapshot in CI and fail on large sequential scans"
        " - finish it and tick it (- [x]), or agree a new due date and write it as due:YYYY-MM-DD",
    ]
    assert "hindsight: 3 late task(s) and extra.postmortem.chase says fail" in result.stderr
    assert html.escape("<") not in result.stderr


def test_factors_on_the_page_the_listing_the_browse_page_and_the_stats(built: Site) -> None:
    later = read(built, "postmortems", "2025-02-01-later", "index.html")
    assert "<dt>Contributing factors</dt><dd>Software bug, Monitoring gap</dd>" in later
    earlier = read(built, "postmortems", "2024-08-15-earlier", "index.html")
    assert "<dt>Reviewed by</dt><dd>Grace Lindholm, Marcus Bell on 20 Aug 2024</dd>" in earlier
    home = read(built, "index.html")
    assert '<span class="hs-factor" title="Contributing factors: Software bug">Software bug</span>' in home
    assert '<span class="hs-factor" title="Contributing factors: Software bug, Monitoring gap">Software bug +1</span>' in home
    browse = read(built, "browse", "index.html")
    group = browse[browse.index('<section class="hs-browse__group" id="factor-software-bug">') :]
    group = group[: group.index("</section>")]
    assert group.count("<li>") == 2 and "Checkout crawled &lt;again&gt; &amp; again" in group
    assert 'id="factor-monitoring-gap"' in browse and 'id="factor-deploy"' not in browse
    stats = read(built, "stats", "index.html")
    table = stats[stats.index('<table class="hindsight-trends-table">') :]
    assert '<th scope="col" title="A defect in our own code">Software bug</th>' in table
    assert '<tr><th scope="row">2024 Q3</th><td>0</td><td>1</td><td>0</td></tr>' in table
    assert '<tr><th scope="row">2025 Q1</th><td>1</td><td>1</td><td>1</td></tr>' in table
