"""The glue in process, with real MkDocs objects: load_config, Files from the docs folder, Page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from hindsight.mkdocs import events
from hindsight.mkdocs.handoff import Build, build_of
from tests.conftest import VALID, copy_site, mutate

BROKEN = mutate("severity: SEV1\n", "severity: SEV9\n")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[MkDocsConfig, Files, Build]]:
    copy_site(tmp_path / "site", {"x.md": VALID, "broken.md": BROKEN})
    config = load_config(str(tmp_path / "site" / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    events.on_startup("build", False)
    events.on_config(config)
    files = events.on_files(get_files(config), config)
    build = build_of(config)
    assert build is not None
    yield config, files, build
    events.on_shutdown()


def page_of(files: Files, config: MkDocsConfig, src_uri: str) -> Page:
    file = files.get_file_from_path(src_uri)
    assert file is not None
    page = Page(None, file, config)
    page.read_source(config)
    return page


def test_on_files_reads_every_postmortem_and_publishes_a_broken_one_from_a_copy(site) -> None:  # type: ignore[no-untyped-def]
    config, files, build = site
    assert set(build.postmortems) == {"postmortems/x.md", "postmortems/broken.md"}
    assert build.postmortems["postmortems/x.md"].problems == []
    broken = files.get_file_from_path("postmortems/broken.md")
    assert broken is not None and broken.abs_src_path is not None
    docs = Path(config.docs_dir).resolve()
    assert not Path(broken.abs_src_path).resolve().is_relative_to(docs), "the readable copy lives outside docs/"
    assert build.postmortems["postmortems/broken.md"].problems[0].message.startswith("severity")
    folder = build.copies.folder
    Path(config.site_dir).mkdir(parents=True)
    events.on_post_build(config)
    assert folder is not None and not folder.exists(), "the copies go when the build ends"


def test_on_page_markdown_lays_out_a_postmortem_and_leaves_other_pages(site) -> None:  # type: ignore[no-untyped-def]
    config, files, build = site
    page = page_of(files, config, "postmortems/x.md")
    markdown = events.on_page_markdown(page.markdown or "", page, config, files)
    assert markdown.startswith("# Checkout crawled for three hours\n")
    assert "[detected]" not in markdown and "<!--hs:" in markdown
    assert build.composed["postmortems/x.md"].markdown == markdown
    assert "toc" in page.meta["hide"]
    html = build.slots_of("postmortems/x.md").fill(markdown)
    assert html.count('class="hs-facts"') == 1 and html.count('class="hs-timeline"') == 1
    guide = page_of(files, config, "guide.md")
    assert events.on_page_markdown(guide.markdown or "", guide, config, files) == guide.markdown


def test_on_env_reports_everything_and_fails_the_build(site, caplog) -> None:  # type: ignore[no-untyped-def]
    config, files, _ = site
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.hindsight"), pytest.raises(PluginError) as failure:
        events.on_env(None, config, files)  # type: ignore[arg-type]
    errors = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].startswith("docs/postmortems/broken.md:")
    assert str(failure.value) == "hindsight: 2 postmortems checked: 1 problem in 1 postmortem"


def test_serve_only_warns(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    copy_site(tmp_path / "site", {"broken.md": BROKEN})
    config = load_config(str(tmp_path / "site" / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    events.on_startup("serve", False)
    try:
        events.on_config(config)
        files = events.on_files(get_files(config), config)
        with caplog.at_level(logging.INFO, logger="mkdocs.hooks.hindsight"):
            events.on_env(None, config, files)  # type: ignore[arg-type]
    finally:
        events.on_startup("build", False)
        events.on_shutdown()
    levels = {record.levelno for record in caplog.records if record.name == "mkdocs.hooks.hindsight"}
    assert levels == {logging.WARNING}
