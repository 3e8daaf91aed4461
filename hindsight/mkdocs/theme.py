"""What the theme overrides (`overrides/`) read from a page's context: `hindsight`, a `PageLook`."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from hindsight.config import Severity


@dataclass(frozen=True)
class PageLook:
    """What the theme overrides need to dress a page: severity colours, preview tags, whether to load Mermaid."""

    severity: str | None
    colour: str | None
    ink: str | None
    diagram: bool
    mermaid: str | None
    """The site's own Mermaid (ES module, shipped in the Python package), on pages with a diagram."""
    meta: Markup


def page_look(level: Severity | None, content: str | None, mermaid: str | None, meta: Markup) -> PageLook:
    """A page's look from its severity, its rendered content and its preview tags."""
    diagram = content is not None and 'class="hs-mermaid"' in content
    return PageLook(
        severity=level.key if level else None,
        colour=level.colour if level else None,
        ink=level.ink if level else None,
        diagram=diagram,
        mermaid=mermaid if diagram else None,
        meta=meta,
    )
