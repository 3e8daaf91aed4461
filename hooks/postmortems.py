"""MkDocs hooks: Hindsight's build glue lives in `hindsight.mkdocs.events`; this file only names it."""

from hindsight.mkdocs.events import (
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_shutdown,
    on_startup,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_shutdown",
    "on_startup",
]
