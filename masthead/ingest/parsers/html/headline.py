"""The headline of a web page: the page's own ``<h1>`` when it is plausible, else
the JSON-LD ``headline``, ``og:title`` or ``<title>`` with what those carry and the
``<h1>`` does not (the site's name, a section, the writer's name) taken off.

Issue 18: sites put "… - Breitbart", "… | Eleanor Ainge Roy" or a social-media
headline in their metadata; the story's own headline is the one on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.html import HtmlElement

from .document import squash

# " | ", " - ", " – ", " — ", " · ", " :: " and NPR's " : " between title parts.
_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•»]|::|:)\s+")
# Parts of a heading that are not the headline: a kicker or eyebrow above it, a
# label for screen readers.
_NOT_HEADLINE = re.compile(
    r"kicker|eyebrow|overline|rubric|topline|dachzeile|label|flag|sr-only|"
    r"visually-hidden|screen-reader",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def heading_text(element: HtmlElement) -> str:
    """A heading's text without its kicker or hidden labels."""
    parts: list[str] = []

    def walk(node: HtmlElement, skipped: bool) -> None:
        name = f"{node.get('class') or ''} {node.get('id') or ''}"
        skip = skipped or (node is not element and bool(_NOT_HEADLINE.search(name)))
        if node.text and not skip:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, skip)
            if child.tail and not skip:
                parts.append(child.tail)

    walk(element, False)
    return squash(" ".join(parts))


def find_page_heading(root: HtmlElement) -> str:
    """The first ``<h1>`` (in the article or main content when there is one), or
    for pages without one, the first heading of the article's header."""
    paths = (
        "//article//h1",
        "//main//h1",
        "//*[@role='main']//h1",
        "//h1",
        "//article//header//h2",
    )
    for path in paths:
        for element in root.xpath(path):
            text = heading_text(element)
            if text:
                return text
    return ""


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def is_plausible(heading: str, *, site_names: Sequence[str]) -> bool:
    """A heading that can be a story's headline: not the site's name, not a
    one-word label, not a paragraph."""
    if not heading or len(heading) > 300:
        return False
    key = _key(heading)
    if not key or any(key == _key(name) for name in site_names if name):
        return False
    words = heading.split()
    return len(words) >= 3 or len(heading) >= 8 and not heading.isascii()


def clean_meta_title(
    title: str, *, site_names: Sequence[str], authors: Sequence[str]
) -> str:
    """``title`` without the parts that name the site, a section or a writer.

    The parts are what stands between separators; the headline is the longest
    part that is none of those (the first when they are as long)."""
    title = squash(title)
    if not title:
        return ""
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) == 1:
        return title
    names = {_key(n) for n in [*site_names, *authors] if n and _key(n)}

    def is_label(part: str) -> bool:
        key = _key(part)
        return not key or any(key == n or key in n or n in key for n in names)

    kept = [p.strip() for p in parts if not is_label(p)]
    if not kept:
        return parts[0].strip()
    return max(kept, key=len)


def choose_headline(
    *,
    heading: str,
    jsonld: str,
    og_title: str,
    page_title: str,
    site_names: Sequence[str],
    authors: Sequence[str],
) -> str:
    """The page's own heading when plausible; else the cleaned metadata titles."""
    if is_plausible(heading, site_names=site_names):
        return heading
    for candidate in (jsonld, og_title, page_title):
        cleaned = clean_meta_title(candidate, site_names=site_names, authors=authors)
        if cleaned:
            return cleaned
    return heading
