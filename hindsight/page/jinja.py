"""What a page's macros would do, found without running them: Jinja syntax, unknown names, misplaced components.

`check` must say what `mkdocs build` says, and cannot run the build's macros.
So the build and `check` both ask this module first, with the names each knows
(the build: the plugin's own variables, globals and filters; `check`: the same
names read from mkdocs.yml), and a page with a problem here is not rendered.
The text given is the page's Markdown with its code held out
(`hindsight.page.literal`), a postmortem as `hindsight.page.compose` lays it
out (`page_template`), exactly what the build renders; lines are file lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from hindsight.config import DEFAULT, Config
from hindsight.model import Postmortem, Problem
from hindsight.page.compose import ComposedPage, compose
from hindsight.page.literal import Protected, protect
from hindsight.page.slots import Slots

COMPONENTS = ("severity_badge", "key_facts", "incident_timeline", "outage_diagram")
"""Macros that show the current postmortem (`severity_badge` also takes a level and then works anywhere)."""
MACROS = (
    *COMPONENTS,
    "postmortem_stats",
    "action_items",
    "postmortem_browse",
    "postmortem_filters",
    "postmortem_glance",
    "overdue_tasks",
)
"""Every macro Hindsight defines, as problem lines list them."""

SYNTAX_HINT = (
    "write the macro as {{ key_facts() }}; put literal braces in `code` or a code block, where they are left alone"
)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_GUARDS = frozenset({"defined", "undefined"})
_DEFAULTS = frozenset({"default", "d"})


@dataclass(frozen=True)
class Dialect:
    """The delimiters pages are written with (mkdocs.yml's `j2_*` settings of the macros plugin)."""

    block_start: str = "{%"
    block_end: str = "%}"
    variable_start: str = "{{"
    variable_end: str = "}}"
    comment_start: str = "{##"
    comment_end: str = "##}"

    @property
    def openers(self) -> tuple[str, str, str]:
        return (self.block_start, self.variable_start, self.comment_start)


@dataclass(frozen=True)
class Names:
    """What a page may name: variables and macros (one namespace in Jinja), filters and tests."""

    variables: frozenset[str]
    filters: frozenset[str]
    tests: frozenset[str]
    strict: bool = True
    """An unknown name fails the render (mkdocs-macros' `on_undefined: strict`); otherwise it renders as empty."""

    def with_variables(self, more: Iterable[str]) -> Names:
        return Names(self.variables | frozenset(more), self.filters, self.tests, self.strict)


def syntax_problem(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, f"macro syntax error: {message}", SYNTAX_HINT)


def undefined_problem(path: str, line: int, message: str) -> Problem:
    known = ", ".join(f"{name}()" for name in MACROS)
    return Problem(
        path,
        line,
        f"unknown macro or variable: {message}",
        f"the macros are {known}; put literal braces in `code`",
    )


def not_a_postmortem(macro: str) -> tuple[str, str]:
    """What is wrong, and the fix, when a component macro is used on a page that is not a postmortem."""
    return (
        f"{macro}() shows the current postmortem, and this page is not one",
        "use it in a postmortem, or give a level: {{ severity_badge('SEV2') }}",
    )


def failed_problem(path: str, line: int, error: Exception) -> Problem:
    """A macro that raised while rendering: its error as a line (only the build runs macros)."""
    return Problem(path, line, f"macro failed: {type(error).__name__}: {error}", SYNTAX_HINT)


@lru_cache(maxsize=16)
def _environment(dialect: Dialect, filters: frozenset[str], tests: frozenset[str]) -> SandboxedEnvironment:
    """A sandbox that knows the page's filters and tests by name (compiling checks them; nothing here runs)."""
    env = SandboxedEnvironment(
        block_start_string=dialect.block_start,
        block_end_string=dialect.block_end,
        variable_start_string=dialect.variable_start,
        variable_end_string=dialect.variable_end,
        comment_start_string=dialect.comment_start,
        comment_end_string=dialect.comment_end,
        autoescape=True,
    )
    env.filters = {name: env.filters.get(name, _unused) for name in filters}
    env.tests = {name: env.tests.get(name, _unused) for name in tests}
    return env


def _unused(*args: object, **kwargs: object) -> None:
    """Stands in for a filter or test of the site that this module only needs to know by name."""


_STATEMENTS = {
    nodes.For: "a {% for %} loop",
    nodes.If: "an {% if %} block",
    nodes.Assign: "a {% set %}",
    nodes.AssignBlock: "a {% set %} block",
    nodes.Macro: "a {% macro %}",
    nodes.CallBlock: "a {% call %} block",
    nodes.FilterBlock: "a {% filter %} block",
    nodes.With: "a {% with %} block",
    nodes.Extends: "an {% extends %}",
    nodes.Include: "an {% include %}",
    nodes.Import: "an {% import %}",
    nodes.FromImport: "an {% import %}",
    nodes.Block: "a {% block %}",
    nodes.Scope: "a scoped block",
}
_EXPRESSIONS = {
    nodes.Getattr: "an attribute (x.y)",
    nodes.Getitem: "an index (x[y])",
    nodes.Filter: "a filter (x | f)",
    nodes.Test: "a test (x is y)",
    nodes.BinExpr: "arithmetic",
    nodes.UnaryExpr: "arithmetic",
    nodes.Compare: "a comparison",
    nodes.CondExpr: "an inline if",
    nodes.Concat: "a ~ join",
    nodes.Name: "a variable",
}
ONLY_MACROS_HINT = (
    "a page may only call Hindsight's macros, with plain values: {{ key_facts() }}, {{ severity_badge('SEV2') }};"
    " put other braces in `code`"
)


def _literal(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return isinstance(node.value, (str, int, float, bool)) or node.value is None
    return isinstance(node, nodes.Keyword) and _literal(node.value)


def _what(node: nodes.Node) -> str:
    for kind, what in (*_STATEMENTS.items(), *_EXPRESSIONS.items()):
        if isinstance(node, kind):
            return f"{what} ({node.name!r})" if isinstance(node, nodes.Name) else what
    if isinstance(node, nodes.Call):
        return "a macro called with an expression" if isinstance(node.node, nodes.Name) else "a call of a value"
    return f"a {type(node).__name__.lower()}"


def disallowed(tree: nodes.Template) -> list[tuple[int, str]]:
    """(template line, what) of each construct that is not a call of a named macro with plain values.

    Writer text calls macros and nothing else: no loops (a page that never
    finishes), no arithmetic on strings (a gigabyte from `'x' * 10**9`), no
    attributes (the way out of any sandbox), no variables (front matter and
    configuration are never templates). Which names are macros is the caller's
    concern (an unknown one is its own problem).
    """
    found: list[tuple[int, str]] = []
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            found.append((statement.lineno, _what(statement)))
            continue
        for node in statement.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            call_ok = (
                isinstance(node, nodes.Call)
                and isinstance(node.node, nodes.Name)
                and node.dyn_args is None
                and node.dyn_kwargs is None
                and all(_literal(arg) for arg in [*node.args, *node.kwargs])
            )
            if not call_ok:
                found.append((node.lineno, _what(node)))
    return found


def render_page(text: str, macros: Mapping[str, Callable[..., object]], dialect: Dialect = Dialect()) -> str:
    """Render a page template that `template_problems` passed: a sandbox whose only names are the macros."""
    env = ImmutableSandboxedEnvironment(
        block_start_string=dialect.block_start,
        block_end_string=dialect.block_end,
        variable_start_string=dialect.variable_start,
        variable_end_string=dialect.variable_end,
        comment_start_string=dialect.comment_start,
        comment_end_string=dialect.comment_end,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals = {name: function for name, function in macros.items() if name in MACROS}
    env.filters = {}
    env.tests = {}
    return env.from_string(text).render()


def template_problems(
    path: str, text: str, first: int, names: Names, dialect: Dialect = Dialect(), postmortem: bool = True
) -> list[Problem]:
    """Problems of a page's template text (code already swapped out), at file lines; `first` is its first line.

    A syntax error stops Jinja, so it is the only problem then. Otherwise each
    unknown name is one problem at its first use (a use under `is defined` or
    `| default(...)` is not a problem: Jinja allows it), and on a page that is
    not a postmortem each component macro that shows "this postmortem" is one.
    """
    if not any(opener in text for opener in dialect.openers):
        return []
    env = _environment(dialect, names.filters, names.tests)
    try:
        tree = env.parse(text)
    except TemplateSyntaxError as error:
        return [syntax_problem(path, first + (error.lineno or 1) - 1, error.message or str(error))]
    refused = disallowed(tree)
    if refused:  # never compiled: compiling folds constants, and `'x' * 10**9` would be built to be folded
        return [
            Problem(path, first + line - 1, f"{what} cannot be used in a page", ONLY_MACROS_HINT)
            for line, what in refused
        ]
    try:
        undeclared = meta.find_undeclared_variables(tree)
    except TemplateSyntaxError as error:
        return [syntax_problem(path, first + (error.lineno or 1) - 1, error.message or str(error))]
    problems: list[Problem] = []
    called = {call.node.name for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)}
    unknown = (undeclared & called) - set(MACROS)  # calling an unknown name fails even where undefined is lax
    if unknown:
        guarded = _guarded(tree)
        for name, line in sorted(_first_uses(tree, unknown, guarded).items(), key=lambda item: (item[1], item[0])):
            problems.append(undefined_problem(path, first + line - 1, f"'{name}' is undefined"))
    if not postmortem:
        for call in tree.find_all(nodes.Call):
            macro = call.node.name if isinstance(call.node, nodes.Name) else None
            if (
                macro in COMPONENTS
                and macro in names.variables
                and not (macro == "severity_badge" and (call.args or call.kwargs or call.dyn_args or call.dyn_kwargs))
            ):
                message, hint = not_a_postmortem(macro)
                problems.append(Problem(path, first + call.lineno - 1, message, hint))
    return sorted(problems, key=lambda problem: problem.line)


def _guarded(tree: nodes.Template) -> set[int]:
    """Ids of Name nodes that Jinja lets be undefined: `x is defined`, `x | default(...)`; a tested name anywhere."""
    tested = {
        test.node.name
        for test in tree.find_all(nodes.Test)
        if test.name in _GUARDS and isinstance(test.node, nodes.Name)
    }
    safe = {
        id(node.node)
        for node in tree.find_all(nodes.Filter)
        if node.name in _DEFAULTS and isinstance(node.node, nodes.Name)
    }
    safe |= {id(name) for name in tree.find_all(nodes.Name) if name.name in tested}
    return safe


def _first_uses(tree: nodes.Template, unknown: Collection[str], guarded: set[int]) -> dict[str, int]:
    """Template line of the first unguarded use of each unknown name."""
    lines: dict[str, int] = {}
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name in unknown and id(name) not in guarded:
            lines[name.name] = min(lines.get(name.name, name.lineno), name.lineno)
    return lines


@dataclass(frozen=True)
class PageTemplate:
    """A page's Markdown as the build renders it: code held out, and the file line of its first line."""

    protected: Protected
    line: int


def page_template(
    markdown: str, composed: ComposedPage | None, line: int | None = None, slots: Slots | None = None
) -> PageTemplate:
    """What the build renders of a page: a postmortem as `hindsight.page.compose` laid it out.

    `markdown` is the page's Markdown (for a postmortem, `composed.markdown`:
    its Timeline bullets are a placeholder, never a template); `line` is its
    first file line when it is not a postmortem (a composed page knows its own).
    """
    if composed is None:
        return PageTemplate(protect(markdown, slots=slots), line or 1)
    held = protect(markdown, composed.code_in(markdown), slots if slots is not None else composed.slots)
    return PageTemplate(held, composed.first_line)


def postmortem_problems(
    postmortem: Postmortem, names: Names, dialect: Dialect = Dialect(), config: Config = DEFAULT
) -> list[Problem]:
    """The macro problems the build will find in a parsed postmortem's page."""
    if not any(opener in postmortem.body for opener in dialect.openers):
        return []  # most postmortems: no need to lay out the page and hold its code
    composed = compose(postmortem, postmortem.body.lstrip("\n"), config, {})
    page = page_template(composed.markdown, composed)
    return template_problems(postmortem.path, page.protected.text, page.line, names, dialect)


_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def page_source(source: str) -> tuple[str, dict[str, object], int]:
    """A page's Markdown, front matter and first file line, split as MkDocs splits them (YAML front matter)."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT.match(text)
    if match is None:
        return text, {}, 1
    try:
        data = yaml.load(match.group(1), Loader=_Loader)
    except yaml.YAMLError:
        return text, {}, 1
    if not isinstance(data, dict):
        return text, {}, 1
    rest = text[match.end() :]
    markdown = rest.lstrip("\n")
    return markdown, {str(key): value for key, value in data.items()}, text[: len(text) - len(markdown)].count("\n") + 1
