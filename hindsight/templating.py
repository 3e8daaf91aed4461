"""HTML from the model, through Jinja templates with autoescaping on."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from hindsight.model import Problem


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("hindsight", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template(name: str) -> Template:
    return _environment().get_template(name)


def block(name: str, **context: object) -> Markup:
    """A template rendered as one compact block: its blank lines (left by template tags) dropped."""
    html = template(name).render(**context)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def problems_html(problems: Sequence[Problem], draft: bool) -> str:
    """The banner a writer sees at the top of a postmortem under `mkdocs serve`."""
    return template("problems.html").render(problems=problems, count=len(problems), draft=draft)
