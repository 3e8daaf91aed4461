"""mkdocs-macros module: Hindsight's macros live in `hindsight.mkdocs.macros`; this file only names them."""

from hindsight.mkdocs.macros import define_env, on_pre_page_macros

__all__ = ["define_env", "on_pre_page_macros"]
