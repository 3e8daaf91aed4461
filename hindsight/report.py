"""All problems of all postmortems, as lines a writer can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Postmortem, Problem


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Report:
    """Problems split by consequence: errors fail a build, warnings (drafts) do not."""

    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    checked: int

    @classmethod
    def of(cls, postmortems: Iterable[Postmortem]) -> Report:
        errors: list[Problem] = []
        warnings: list[Problem] = []
        checked = 0
        for postmortem in postmortems:
            checked += 1
            (warnings if postmortem.is_draft else errors).extend(postmortem.problems)
        return cls(tuple(sorted(errors)), tuple(sorted(warnings)), checked)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        """The one count line that closes every report."""
        files = {p.path for p in self.errors}
        drafts = {p.path for p in self.warnings}
        if not files and not drafts:
            return f"hindsight: {_plural(self.checked, 'postmortem')} checked, no problems"
        parts = []
        if files:
            parts.append(f"{_plural(len(self.errors), 'problem')} in {_plural(len(files), 'postmortem')}")
        if drafts:
            parts.append(f"{_plural(len(self.warnings), 'warning')} in {_plural(len(drafts), 'draft')}")
        return f"hindsight: {_plural(self.checked, 'postmortem')} checked: " + ", ".join(parts)
