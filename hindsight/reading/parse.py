"""One entry point: raw bytes of a postmortem in, a checked Postmortem out."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from yaml.nodes import ScalarNode

from hindsight.config import Config
from hindsight.limits import MAX_INLINE_MARKS, MAX_MARKDOWN_DEPTH
from hindsight.model import Facts, Postmortem, Problem
from hindsight.reading.body import read_body
from hindsight.reading.depth import too_busy, too_deep
from hindsight.reading.facts import read_facts
from hindsight.reading.frontmatter import decode, split
from hindsight.reading.guesses import guessed
from hindsight.reading.leftovers import template_leftovers
from hindsight.reading.rules import check_body, check_times
from hindsight.reading.secrets import find_secrets


def read_postmortem(
    path: str, source: Path, config: Config, authors: Collection[str] | None = None, root: Path | None = None
) -> Postmortem:
    """Read a file and parse it; a file that cannot be read, or that a link takes outside `root`, is a problem."""
    if root is not None and (outside := _outside(source, root)) is not None:
        problem = Problem(
            path,
            1,
            f"this file is a link to {outside}, outside the project",
            "copy the postmortem into the project instead of linking to it",
        )
        return Postmortem(path, Facts(), {}, problems=[problem])
    try:
        raw = source.read_bytes()
    except OSError as error:
        problem = Problem(
            path,
            1,
            f"cannot read the file ({error.strerror})",
            "check that it is a readable file, not a folder or a broken link",
        )
        return Postmortem(path, Facts(), {}, problems=[problem])
    return parse_postmortem(path, raw, config, authors)


def outside_root(source: Path, root: Path | None) -> bool:
    """Whether a symbolic link takes `source` out of `root`: `read_postmortem` refuses such a file."""
    return root is not None and _outside(source, root) is not None


def _outside(source: Path, root: Path) -> str | None:
    """Where `source` really is, when a symbolic link takes it out of `root` (a path named outside is not a link)."""
    real = Path(os.path.realpath(source))
    if real.is_relative_to(Path(os.path.realpath(root))) or not Path(os.path.abspath(source)).is_relative_to(
        Path(os.path.abspath(root))
    ):
        return None
    return real.as_posix()


def parse_postmortem(path: str, raw: bytes, config: Config, authors: Collection[str] | None = None) -> Postmortem:
    """Parse and check; never raises for anything a writer can type."""
    text, problems = decode(path, raw)
    if text is None:
        return Postmortem(path, Facts(), {}, problems=problems)
    parts = split(path, text)
    problems = [*problems, *parts.problems, *find_secrets(path, text)]
    front = parts.front
    facts, typed = Facts(), {}
    if front is not None:
        facts, fact_problems = read_facts(path, front, config, authors)
        typed = {name: node.value for name, node in front.nodes.items() if isinstance(node, ScalarNode)}
        problems += fact_problems
        problems += check_times(path, facts, front.lines, typed)
        problems += guessed(path, text, front.close_line)
    body = read_body(path, parts.body, parts.body_line, config, facts.start)
    problems += body.problems
    deep = too_deep(parts.body, parts.body_line, body.code_lines)
    if deep is not None:
        problems.append(
            Problem(
                path,
                deep[1],
                f"this line is nested more than {MAX_MARKDOWN_DEPTH} levels deep (about {deep[0]:,})",
                f"at most {MAX_MARKDOWN_DEPTH} levels of lists, quotes and emphasis: flatten it or use a code block",
            )
        )
    busy = too_busy(parts.body, parts.body_line, body.code_lines) if deep is None else None
    if busy is not None:
        problems.append(
            Problem(
                path,
                busy[1],
                f"the text up to here holds more than {MAX_INLINE_MARKS:,} Markdown marks (` * _ [) outside code",
                "put logs and pasted output in a fenced code block (```), where they are shown as typed",
            )
        )
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    if parts.body.strip():
        problems += check_body(path, body, facts, config, parts.body_line, max(last_line, 1), typed)
    if not facts.draft:
        problems += template_leftovers(path, text, body.code_lines)
    return Postmortem(
        path=path,
        facts=facts,
        meta=front.data if front is not None else {},
        sections=[part.section for part in body.sections],
        timeline=body.timeline,
        tasks=body.tasks,
        words=body.words,
        problems=sorted(set(problems), key=lambda p: (p.line, p.message)),
        body_line=parts.body_line,
        body=parts.body,
        timeline_lines=body.timeline_lines,
        heading_lines=body.heading_lines,
        code_lines=body.code_lines,
        field_lines=dict(front.lines) if front is not None else {},
        section_words={part.section.key: part.prose_words for part in body.sections if part.section.key is not None},
        withheld=deep is not None or busy is not None,
    )
