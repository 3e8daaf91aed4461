"""Hindsight: postmortems that cannot be published half-written.

The core (model, parsing, rules, reports) is plain Python with no MkDocs
import, so the MkDocs hooks, the `check` command and the tests share it.
"""

from hindsight.config import DEFAULT, Config, ConfigError, load_config
from hindsight.model import Facts, Postmortem, Problem, Tag
from hindsight.reading.parse import parse_postmortem

__all__ = [
    "DEFAULT",
    "Config",
    "ConfigError",
    "Facts",
    "Postmortem",
    "Problem",
    "Tag",
    "load_config",
    "parse_postmortem",
]
