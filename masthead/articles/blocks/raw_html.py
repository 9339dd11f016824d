"""Hand-written HTML for data journalism (charts, tables, small graphics).

Only staff with ``articles.use_html_block`` may add or change one (checked in
``ArticlePageForm``). Whoever wrote it, the HTML is cleaned with nh3 when it is
saved and again whenever it is read, so no script, event handler, ``javascript:``
link or third-party image ever reaches a reader's page.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import mark_safe
from wagtail import blocks

HTML_BLOCK_PERMISSION = "articles.use_html_block"

# SVG names are case-sensitive (viewBox, linearGradient); gradients are left out
# because they need an id, and ids are not allowed (they could clash with the page's).
_SVG_TAGS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "title", "desc",
}  # fmt: skip
_SVG_ATTRIBUTES = {
    "viewBox", "width", "height", "fill", "fill-opacity", "stroke", "stroke-width",
    "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity", "d", "x",
    "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "points", "transform",
    "text-anchor", "dominant-baseline", "font-size", "font-weight", "dx", "dy",
    "preserveAspectRatio", "role", "aria-hidden",
}  # fmt: skip
ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"map", "area"}) | {"section"} | _SVG_TAGS
GENERIC_ATTRIBUTES = {"class", "title", "lang", "dir", "aria-label", "aria-hidden"}
ALLOWED_ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan", "headers", "abbr"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": {"title"},
    **dict.fromkeys(_SVG_TAGS, _SVG_ATTRIBUTES),
}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images only from this site (relative URLs): a third-party image would tell
    # another server who reads the story.
    if tag == "img" and attribute == "src":
        # Read as a browser does (h-proofs, issue 17): tabs and newlines dropped,
        # "\\" taken as "/", so "/\\evil.example" is the host-relative "//evil.example".
        seen = value.strip().replace("\t", "").replace("\n", "").replace("\r", "")
        seen = seen.replace("\\", "/")
        relative = seen.startswith("/") and not seen.startswith("//")
        return value if relative else None
    return value


def sanitize_html(html: str) -> str:
    """``html`` with only the allowed tags and attributes; scripts and styles are
    dropped with their content, links get ``rel="noopener noreferrer"``.

    nh3 can write markup that a parser reads differently (``<p><button></p>`` comes
    out as ``<p><p></p></p>``), so it is cleaned again until it stops changing:
    what is stored reads back the same (h-proofs' fuzzing, issue 17).
    """
    cleaned = _clean(html or "")
    for _ in range(3):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


class HTMLBlock(blocks.RawHTMLBlock):
    class Meta:
        icon = "code"
        label = "HTML (trusted staff)"
        template = "articles/blocks/html.html"

    def to_python(self, value):
        return mark_safe(sanitize_html(value))  # noqa: S308 - sanitised just now

    def normalize(self, value):
        return mark_safe(sanitize_html(value))  # noqa: S308 - sanitised just now

    def value_from_form(self, value):
        return mark_safe(sanitize_html(value))  # noqa: S308 - sanitised just now

    def clean(self, value):
        return mark_safe(sanitize_html(super().clean(value)))  # noqa: S308
