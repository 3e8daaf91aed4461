"""The core knows nothing of MkDocs: only `hindsight/mkdocs/` may import MkDocs, Material or mkdocs-macros."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

ENGINE = ("mkdocs", "material", "mkdocs_macros")
CORE = sorted(p for p in (ROOT / "hindsight").rglob("*.py") if "mkdocs" not in p.relative_to(ROOT / "hindsight").parts)


def engine_imports(source: str) -> list[str]:
    """Top-level names of engine packages a module imports (absolute imports only; relative ones stay inside)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [name for name in names if name.split(".")[0] in ENGINE]
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_core_module_imports_no_engine(path: Path) -> None:
    assert engine_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import mkdocs",
        "from mkdocs.structure.pages import Page",
        "from material.plugins.blog import x",
        "import mkdocs_macros.plugin",
    ],
)
def test_the_check_sees_an_engine_import(source: str) -> None:
    assert engine_imports(source) != []


def test_hooks_only_import_the_glue() -> None:
    for hook in (ROOT / "hooks").glob("*.py"):
        tree = ast.parse(hook.read_text(encoding="utf-8"))
        defined = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        assert defined == [], f"{hook.name} defines code: move it to hindsight/mkdocs/"
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert modules and all(m and m.startswith("hindsight.mkdocs.") for m in modules)
