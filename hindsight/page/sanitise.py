"""The HTML a postmortem's body becomes, with only what Markdown and Material's extensions make.

Writers paste: raw HTML in a postmortem reaches every reader (and the home
page, archive and category listings that show its excerpt). So the rendered
body goes through nh3 (the Rust sanitiser ammonia) with an allowlist of what
Python-Markdown and the configured extensions produce (admonitions, details,
tables, task lists, highlighted code, footnotes, abbreviations, attribute
lists, permalinks): scripts, event handlers, `javascript:` links, frames,
forms and styles go. Images from other hosts are shown as links, so opening a
page makes no request to a host the site does not control. Teams that trust
their writers turn this off (`extra.postmortem.trusted_html: true`).

Hindsight's own components are not in the body when it is sanitised: they are
placeholders then (HTML comments, kept), filled in afterwards.
"""

from __future__ import annotations

import html
import re

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
        "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
        "ul", "var", "wbr",
    }
)  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
}
SCHEMES = frozenset({"http", "https", "mailto"})
_INPUT_TYPES = frozenset({"checkbox"})
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_FIELD = re.compile(r'<input(?![^>]*\btype="checkbox")[^>]*>')


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "input" and attribute == "type":
        return value if value.lower() in _INPUT_TYPES else None
    return value


def sanitise(body: str) -> str:
    """`body` (HTML rendered from a writer's Markdown) with only safe markup, and remote images as links."""
    if "<" not in body:
        return body
    clean = nh3.clean(
        body,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        strip_comments=False,
        link_rel=None,
        filter_style_properties={"text-align"},
        attribute_filter=_filter,
    )
    if "<input" in clean:
        clean = _FIELD.sub("", clean)  # a task list's checkbox stays; a form field has no place in a postmortem
    return _IMG.sub(_remote_image_as_link, clean) if "<img" in clean else clean


def _remote_image_as_link(match: re.Match[str]) -> str:
    """A picture from another host loads only if the reader asks: it becomes a link to it."""
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    source = html.unescape(attributes.get("src", ""))
    if not _REMOTE.match(source):
        return match.group(0)
    text = attributes.get("alt") or "image"
    return f'<a class="hs-remote-image" href="{attributes["src"]}">{text} (image on another site)</a>'
