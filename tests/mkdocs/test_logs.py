"""mkdocs-macros says what it found on every build; a writer sees it only with --verbose."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from mkdocs_macros.util import trace

from hindsight.mkdocs.logs import MACROS_LOGGER, quiet_macros

COLOUR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def mkdocs_logger() -> Iterator[logging.Logger]:
    mkdocs, macros = logging.getLogger("mkdocs"), logging.getLogger(MACROS_LOGGER)
    saved = mkdocs.level, macros.level
    yield mkdocs
    mkdocs.setLevel(saved[0])
    macros.setLevel(saved[1])


@pytest.mark.parametrize(
    ("level", "shown"),
    [
        (logging.INFO, ["WARNING [macros] - a macro failed"]),
        (logging.WARNING, ["WARNING [macros] - a macro failed"]),
        (logging.DEBUG, ["INFO [macros] - Config macros: ['key_facts']", "WARNING [macros] - a macro failed"]),
    ],
    ids=["default", "quiet", "verbose"],
)
def test_macros_info_lines_only_with_verbose(
    mkdocs_logger: logging.Logger, caplog: pytest.LogCaptureFixture, level: int, shown: list[str]
) -> None:
    mkdocs_logger.setLevel(level)
    quiet_macros()
    trace("Config macros:", ["key_facts"])
    trace("a macro failed", level="warning")
    seen = [f"{r.levelname} {COLOUR.sub('', r.getMessage())}" for r in caplog.records]
    assert seen == shown
