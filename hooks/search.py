"""MkDocs hooks: Hindsight's search glue lives in `hindsight.mkdocs.search`; this file only names it."""

from hindsight.mkdocs.search import (
    on_config,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_shutdown,
    on_startup,
)

__all__ = ["on_config", "on_page_markdown", "on_post_build", "on_post_page", "on_shutdown", "on_startup"]
