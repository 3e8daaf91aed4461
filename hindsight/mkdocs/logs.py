"""What a writer sees in the log: the problems, not the plugins' chatter.

mkdocs-macros logs at INFO what it found (its module, its variables, its
macros) on every build, which under `mkdocs serve` is every save: half of the
lines a writer sees. They stay visible with `--verbose`, where they help.
"""

from __future__ import annotations

import logging

MACROS_LOGGER = "mkdocs.plugins.mkdocs_macros.util"
"""The one logger mkdocs-macros 1.5.0 writes through (`mkdocs_macros.util.trace`)."""


def quiet_macros() -> None:
    """Show mkdocs-macros' warnings and errors only, unless MkDocs runs with --verbose."""
    verbose = logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG
    logging.getLogger(MACROS_LOGGER).setLevel(logging.NOTSET if verbose else logging.WARNING)
