"""`check` knows the names mkdocs-macros gives a page, and reads the plugin's settings as the plugin does."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, StrictUndefined

from hindsight.page.jinja import MACROS, Dialect
from hindsight.project import MACROS_PLUGIN_FILTERS, MACROS_PLUGIN_VARIABLES, load_site
from tests.conftest import ROOT

LATER = {"page", "navigation", "files"}
"""Variables the plugin sets per page (on_nav, on_page_markdown), after its on_config."""


def test_check_names_what_the_plugin_defines() -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    plugin: Any = config.plugins["macros"]
    builtin = Environment()
    extra = set(config.extra)
    names = (set(plugin.variables) | set(plugin.env.globals)) - set(builtin.globals) - set(MACROS) - extra
    assert names == MACROS_PLUGIN_VARIABLES - LATER
    assert set(plugin.env.filters) - set(builtin.filters) == MACROS_PLUGIN_FILTERS
    assert set(plugin.env.globals) >= set(MACROS)

    site = load_site(ROOT / "mkdocs.yml")
    assert site.macros is not None
    env = plugin.env
    assert site.macros.dialect == Dialect(
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
    )
    assert site.macros.names.strict is issubclass(env.undefined, StrictUndefined)
    assert site.macros.names.variables >= extra | set(MACROS)
