"""Split a postmortem into front matter and body, and load the YAML safely.

MkDocs swallows YAML errors into an empty `page.meta`; here every error is a
problem at the YAML error's own line. Aliases are measured before anything
walks the data, so an alias bomb is refused instead of hanging the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hindsight.model import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_EXPANDED_VALUES = 10_000
"""More values than this, once aliases are expanded, is an attack or a mistake."""

TEMPLATE_HINT = 'start from the template: python -m hindsight new "Title"'


@dataclass
class FrontMatter:
    """The loaded front matter, with the line and the YAML node of each field."""

    data: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    close_line: int = 1
    broken: bool = False
    """True when the YAML could not be read as a whole: absent fields are not news then."""


@dataclass
class Split:
    text: str
    front: FrontMatter | None
    body: str
    body_line: int
    problems: list[Problem]


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8, BOM dropped, CRLF folded; binary is a problem."""
    if b"\x00" in raw[:8192]:
        return None, [
            Problem(
                path,
                1,
                "file is binary, not Markdown",
                "replace it with a Markdown postmortem or move it out of the postmortem folder",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(path, line, f"file is not UTF-8 (byte 0x{raw[error.start]:02x})", "save the file as UTF-8")
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split(path: str, text: str) -> Split:
    """Find the `---` block at the top and load it."""
    if not text.strip():
        return Split(text, None, "", 1, [Problem(path, 1, "file is empty", TEMPLATE_HINT)])
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Split(
            text,
            None,
            text,
            1,
            [Problem(path, 1, "no front matter: the file must start with a '---' line", TEMPLATE_HINT)],
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        return Split(
            text, None, "", 1, [Problem(path, 1, "front matter is not closed", "add a '---' line after the last field")]
        )
    yaml_text = "\n".join(lines[1:index])
    body = "\n".join(lines[index + 1 :])
    front, problems = load(path, yaml_text, first_line=2)
    front.close_line = index + 1
    return Split(text, front, body, index + 2, problems)


def load(path: str, yaml_text: str, first_line: int) -> tuple[FrontMatter, list[Problem]]:
    front = FrontMatter()
    problems: list[Problem] = []
    loader = Loader(yaml_text)
    try:
        root = loader.get_single_node()
        if root is None:
            return front, [Problem(path, first_line, "front matter is empty", TEMPLATE_HINT)]
        if not isinstance(root, MappingNode):
            line = first_line + root.start_mark.line
            return front, [Problem(path, line, "front matter is not a set of 'field: value' lines", TEMPLATE_HINT)]
        sizes: dict[int, int] = {}
        for key_node, value_node in root.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                problems.append(
                    Problem(
                        path,
                        line,
                        f"field name {_preview(key_node)} is not a plain name",
                        "write field names as plain words, e.g. severity:",
                    )
                )
                continue
            name = key_node.value
            if name in front.lines:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"field {name!r} is given twice (first at line {front.lines[name]})",
                        "keep one of them",
                    )
                )
                continue
            if _expanded_size(value_node, sizes) > MAX_EXPANDED_VALUES:
                message = f"field {name!r} expands to more than {MAX_EXPANDED_VALUES:,} values through YAML aliases"
                problems.append(Problem(path, line, message, "write the value out without anchors (&) and aliases (*)"))
                continue
            try:
                value = loader.construct_document(value_node)
            except yaml.YAMLError as error:
                problems.append(_yaml_problem(path, error, first_line, line))
                continue
            front.data[name] = value
            front.lines[name] = line
            front.nodes[name] = value_node
    except yaml.YAMLError as error:
        front.broken = True
        problems.append(_yaml_problem(path, error, first_line, first_line))
    except RecursionError:
        front.broken = True
        problems.append(
            Problem(
                path,
                first_line,
                "front matter is nested too deeply",
                "flatten the front matter: fields hold text, dates or short lists",
            )
        )
    finally:
        loader.dispose()
    return front, problems


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """Count values as a full walk would see them, in time linear in the nodes."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = MAX_EXPANDED_VALUES + 1  # a cycle counts as too big
    total = 1
    if isinstance(node, SequenceNode):
        for child in node.value:
            total += _expanded_size(child, sizes)
            if total > MAX_EXPANDED_VALUES:
                break
    elif isinstance(node, MappingNode):
        for key, child in node.value:
            total += _expanded_size(key, sizes) + _expanded_size(child, sizes)
            if total > MAX_EXPANDED_VALUES:
                break
    sizes[id(node)] = total
    return total


def _yaml_problem(path: str, error: yaml.YAMLError, first_line: int, fallback: int) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = first_line + mark.line if mark is not None else fallback
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"front matter is not valid YAML: {reason}" + (f" ({context})" if context else "")
    return Problem(
        path, line, message, "fix the YAML syntax; quote values that contain ': ' or start with a special character"
    )


def _preview(node: Node) -> str:
    value = node.value if isinstance(node, ScalarNode) else node.tag.rsplit(":", 1)[-1]
    return repr(str(value)[:40])
