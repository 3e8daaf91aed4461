"""What one postmortem may put into the pipeline: the bounds every stage can rely on.

A writer's file is read by libyaml, Python-Markdown, Pillow and a browser, each
of which can crash, hang or balloon on input far beyond anything a postmortem
needs. The readers refuse such input by name with these bounds; the renderers
(listings, feed, search, stats) cap what one postmortem can add with them.
"""

from __future__ import annotations

MAX_YAML_DEPTH = 100
"""Nesting of front matter values (lists in lists, mappings in mappings); libyaml's composer recurses."""

MAX_FRONT_MATTER_CHARS = 64 * 1024
"""Characters of front matter text: a postmortem's facts fit in a few hundred."""

MAX_EXPANDED_VALUES = 10_000
"""Values of the front matter once YAML aliases are expanded."""

MAX_EXPANDED_BYTES = 256 * 1024
"""Characters of the front matter's text values once YAML aliases are expanded (every alias counts in full)."""

MAX_MARKDOWN_DEPTH = 50
"""Nesting of lists, block quotes, indented blocks, HTML blocks and emphasis in the body.

Python-Markdown recurses per level and raises RecursionError a few hundred levels down.
"""

MAX_INLINE_MARKS = 20_000
"""Backticks, asterisks, underscores and brackets in the body outside code: Python-Markdown spends a fraction of a
millisecond on each (200,000 backtick runs took over a minute); a log belongs in a code block."""

FIRST_YEAR = 1970
LAST_YEAR = 2999
"""Years of dates and incident times: every date computation (slack hours, quarters, durations) stays in range."""

MAX_QUARTERS = 200
"""Quarters the stats page draws (fifty years): a far-off date cannot fill the page with empty rows."""

MAX_TEXT_CHARS = 2_000
"""Characters of one front matter text (title, summary, impact, root cause, a service) shown in listings, the feed,
cards and the search index."""

MAX_SERVICES = 50
"""Services of one postmortem shown in listings, cards and the feed."""

MAX_FEED_ENTRIES = 100
"""Newest postmortems in feed.xml."""

MAX_SEARCH_CHARS = 200_000
"""Characters of one page's text in the search index (a 20 MB log is not searched whole)."""
