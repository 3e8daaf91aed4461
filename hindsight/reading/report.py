"""All problems of all postmortems, as lines a writer can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hindsight.model import Postmortem, Problem


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Report:
    """Problems split by consequence: errors fail a build, warnings (drafts) do not."""

    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    checked: int
    pages: frozenset[str] = frozenset()
    """Paths of other pages with problems (a macro error in the writing guide, say)."""

    @classmethod
    def of(cls, postmortems: Iterable[Postmortem], render_problems: Iterable[Problem] = ()) -> Report:
        """Problems of postmortems, plus those found while rendering pages (a postmortem's count as its own)."""
        errors: list[Problem] = []
        warnings: list[Problem] = []
        drafts: dict[str, bool] = {}
        for postmortem in postmortems:
            drafts[postmortem.path] = postmortem.is_draft
            (warnings if postmortem.is_draft else errors).extend(postmortem.problems)
        rendering = list(render_problems)
        others = [problem for problem in rendering if problem.path not in drafts]
        for problem in rendering:
            if problem.path in drafts:
                (warnings if drafts[problem.path] else errors).append(problem)
        errors += others
        return cls(tuple(sorted(errors)), tuple(sorted(warnings)), len(drafts), frozenset(p.path for p in others))

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        """The one count line that closes every report."""
        files = {p.path for p in self.errors} - self.pages
        drafts = {p.path for p in self.warnings}
        if not files and not drafts and not self.pages:
            return f"hindsight: {_plural(self.checked, 'postmortem')} checked, no problems"
        parts = []
        if files:
            count = sum(1 for p in self.errors if p.path in files)
            parts.append(f"{_plural(count, 'problem')} in {_plural(len(files), 'postmortem')}")
        if self.pages:
            count = sum(1 for p in self.errors if p.path in self.pages)
            parts.append(f"{_plural(count, 'problem')} in {_plural(len(self.pages), 'other page')}")
        if drafts:
            parts.append(f"{_plural(len(self.warnings), 'warning')} in {_plural(len(drafts), 'draft')}")
        return f"hindsight: {_plural(self.checked, 'postmortem')} checked: " + ", ".join(parts)
