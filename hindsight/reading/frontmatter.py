"""Split a postmortem into front matter and body, and load the YAML safely.

MkDocs swallows YAML errors into an empty `page.meta`; here every error is a
problem at the YAML error's own line. Aliases are measured before anything
walks the data, so an alias bomb is refused instead of hanging the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hindsight.limits import MAX_EXPANDED_BYTES, MAX_EXPANDED_VALUES, MAX_FRONT_MATTER_CHARS, MAX_YAML_DEPTH
from hindsight.lines import normalise_newlines
from hindsight.model import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PureLoader = yaml.SafeLoader
"""The pure-Python loader, which the blog plugin reads posts with: where it and libyaml may differ, it decides."""

_DIFFERS = ("\t",)
"""Characters libyaml and the pure-Python loader do not always read alike."""
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks to YAML, ordinary characters to every other stage (see hindsight.lines)."""

__all__ = ["MAX_EXPANDED_VALUES", "FrontMatter", "Split", "decode", "load", "split"]

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
    """Bytes to text: UTF-8, BOM dropped, CRLF folded; UTF-16 is read but must be saved as UTF-8; binary is refused."""
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                wide = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                break
            label = encoding.upper().replace("-LE", "").replace("-BE", "")
            return normalise_newlines(wide), [
                Problem(
                    path,
                    1,
                    f"file is {label}, which MkDocs cannot read",
                    f"{label}: save it as UTF-8 (in most editors: Save with encoding, UTF-8)",
                )
            ]
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
    return normalise_newlines(text), []


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


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
        end = next((i for i in range(1, len(lines)) if not lines[i].strip() or lines[i].startswith("#")), len(lines))
        problem = Problem(path, 1, "front matter is not closed", f"add a '---' line after the last field (line {end})")
        return Split(text, None, "\n".join(lines[end:]), end + 1, [problem])
    yaml_text = "\n".join(lines[1:index])
    body = "\n".join(lines[index + 1 :])
    refused = _refuse(path, yaml_text, lines[1:index])
    if refused is not None:
        front = FrontMatter(close_line=index + 1, broken=True)
        return Split(text, front, body, index + 2, [refused])
    front, problems = load(path, yaml_text, first_line=2)
    front.close_line = index + 1
    return Split(text, front, body, index + 2, problems)


def _refuse(path: str, yaml_text: str, lines: list[str]) -> Problem | None:
    """Front matter no loader should be given: too long, or with a line break only YAML sees."""
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        return Problem(
            path,
            2,
            f"front matter is {len(yaml_text):,} characters long",
            f"at most {MAX_FRONT_MATTER_CHARS:,}: keep the facts short; logs and long text go in the body",
        )
    if any(mark in yaml_text for mark in _YAML_BREAKS):
        for number, line in enumerate(lines, 2):
            found = next((mark for mark in _YAML_BREAKS if mark in line), None)
            if found is not None:
                return Problem(
                    path,
                    number,
                    f"front matter holds a U+{ord(found):04X} line separator, which YAML reads as a new line",
                    "delete it (it is invisible in most editors) or write the value on lines of its own",
                )
    return None


def nesting(yaml_text: str, first_line: int) -> tuple[str | None, int] | None:
    """The field and line of the first value nested deeper than MAX_YAML_DEPTH, or None.

    libyaml's parser keeps its own stack, so its events are safe to read at any
    depth; the composer that builds nodes from them recurses, and at tens of
    thousands of levels it overflows the C stack.
    """
    depth = 0
    field_name: str | None = None
    expect_key = False
    try:
        for event in yaml.parse(yaml_text, Loader=Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                expect_key = depth == 1 and isinstance(event, yaml.MappingStartEvent)
                if depth > MAX_YAML_DEPTH:
                    return field_name, first_line + (event.start_mark.line if event.start_mark else 0)
                if depth == 2:
                    expect_key = False
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                expect_key = depth == 1
            elif depth == 1 and isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if expect_key:
                    field_name = event.value if isinstance(event, yaml.ScalarEvent) else None
                expect_key = not expect_key
    except yaml.YAMLError:
        return None  # the loader reports the syntax error at its line
    return None


def load(path: str, yaml_text: str, first_line: int) -> tuple[FrontMatter, list[Problem]]:
    front = FrontMatter()
    problems: list[Problem] = []
    deep = nesting(yaml_text, first_line)
    if deep is not None:
        name, line = deep
        front.broken = True
        where = f"field {name!r}" if name else "front matter"
        return front, [
            Problem(
                path,
                line,
                f"{where} is nested more than {MAX_YAML_DEPTH} levels deep",
                f"at most {MAX_YAML_DEPTH} levels: flatten it, fields hold text, dates or short lists",
            )
        ]
    try:
        loader = (PureLoader if any(mark in yaml_text for mark in _DIFFERS) else Loader)(yaml_text)
    except yaml.YAMLError as error:
        front.broken = True
        return front, [_yaml_problem(path, error, first_line, first_line)]
    try:
        root = loader.get_single_node()
        if root is None:
            return front, [Problem(path, first_line, "front matter is empty", TEMPLATE_HINT)]
        if not isinstance(root, MappingNode):
            line = first_line + root.start_mark.line
            return front, [Problem(path, line, "front matter is not a set of 'field: value' lines", TEMPLATE_HINT)]
        sizes: dict[int, tuple[int, int]] = {}
        total_bytes = 0
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
            values, size = _expanded_size(value_node, sizes)
            if values > MAX_EXPANDED_VALUES:
                message = f"field {name!r} expands to more than {MAX_EXPANDED_VALUES:,} values through YAML aliases"
                problems.append(Problem(path, line, message, "write the value out without anchors (&) and aliases (*)"))
                continue
            total_bytes += size
            if size > MAX_EXPANDED_BYTES or total_bytes > MAX_EXPANDED_BYTES:
                where = f"field {name!r}" if size > MAX_EXPANDED_BYTES else f"the front matter, up to field {name!r},"
                problems.append(
                    Problem(
                        path,
                        line,
                        f"{where} expands to more than {MAX_EXPANDED_BYTES:,} characters"
                        + (" through YAML aliases" if "*" in yaml_text else ""),
                        "keep the facts short; logs and long text go in the body, without anchors (&) and aliases (*)",
                    )
                )
                continue
            try:
                value = loader.construct_document(value_node)
            except yaml.YAMLError as error:
                problems.append(_yaml_problem(path, error, first_line, line))
                continue
            except (ValueError, OverflowError) as error:  # YAML's own timestamps: 2024-02-30 raises
                message = f"field {name!r} is not a valid value ({error})"
                problems.append(Problem(path, line, message, "fix the value; a date is YYYY-MM-DD, e.g. 2024-08-16"))
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


def _expanded_size(node: Node, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Values and characters as a full walk would see them, in time linear in the nodes."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = (MAX_EXPANDED_VALUES + 1, MAX_EXPANDED_BYTES + 1)  # a cycle counts as too big
    total, size = 1, 0
    if isinstance(node, ScalarNode):
        size = len(node.value)
    else:
        children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
        for child in children:
            values, chars = _expanded_size(child, sizes)
            total, size = total + values, size + chars
            if total > MAX_EXPANDED_VALUES or size > MAX_EXPANDED_BYTES:
                break
    sizes[id(node)] = (total, size)
    return total, size


def _yaml_problem(path: str, error: yaml.YAMLError, first_line: int, fallback: int) -> Problem:
    problem_mark, context_mark = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    # A scanner error (an unclosed quote, a key without ':') starts at its context, where the writer must look.
    scanning = isinstance(error, yaml.scanner.ScannerError)
    mark = (context_mark or problem_mark) if scanning else (problem_mark or context_mark)
    line = first_line + mark.line if mark is not None else fallback
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"front matter is not valid YAML: {reason}" + (f" ({context})" if context else "")
    if "'\\t'" in message:
        return Problem(path, line, message, "replace the tab with spaces: YAML reads tabs differently in each parser")
    return Problem(
        path, line, message, "fix the YAML syntax; quote values that contain ': ' or start with a special character"
    )


def _preview(node: Node) -> str:
    value = node.value if isinstance(node, ScalarNode) else node.tag.rsplit(":", 1)[-1]
    return repr(str(value)[:40])
