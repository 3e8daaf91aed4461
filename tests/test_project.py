"""What `check` reads from mkdocs.yml about the macros plugin."""

from __future__ import annotations

from pathlib import Path

import pytest

from hindsight.page.jinja import Dialect
from hindsight.project import MacroSite, load_site


def site_with(tmp_path: Path, plugins: str) -> MacroSite | None:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nextra:\n  team: ops\nplugins:\n{plugins}", encoding="utf-8")
    return load_site(tmp_path / "mkdocs.yml").macros


def test_no_macros_plugin_means_no_templates(tmp_path: Path) -> None:
    assert site_with(tmp_path, "  - search\n") is None


def test_plugin_defaults(tmp_path: Path) -> None:
    macros = site_with(tmp_path, "  - macros\n")
    assert macros is not None
    assert macros.dialect == Dialect(comment_start="{#", comment_end="#}")
    assert not macros.names.strict
    assert {"team", "config", "key_facts", "now"} <= macros.names.variables


def test_plugin_settings(tmp_path: Path) -> None:
    macros = site_with(
        tmp_path,
        "  - macros:\n      on_undefined: strict\n      render_by_default: false\n"
        "      j2_variable_start_string: '<<'\n      j2_variable_end_string: '>>'\n",
    )
    assert macros is not None
    assert macros.names.strict
    assert (macros.dialect.variable_start, macros.dialect.variable_end, macros.dialect.comment_start) == (
        "<<",
        ">>",
        "{#",
    )
    assert not macros.renders({}) and macros.renders({"render_macros": True})


@pytest.mark.parametrize(
    ("meta", "renders"), [({}, True), ({"render_macros": False}, False), ({"render_macros": True}, True)]
)
def test_a_page_can_opt_out(tmp_path: Path, meta: dict[str, object], renders: bool) -> None:
    macros = site_with(tmp_path, "  - macros\n")
    assert macros is not None and macros.renders(meta) is renders
