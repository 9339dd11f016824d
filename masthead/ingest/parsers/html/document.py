"""The page as a tree: decoding, cleaning and parsing, and the small helpers every
part of the HTML parser reads elements with (text, chrome, order)."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ..text import decode_text

_SKIP_ANCESTORS = {"nav", "footer", "aside", "form", "noscript", "template"}

CHROME_NAME = re.compile(
    r"related|promo|advert|\bads?\b|share|social|newsletter|sidebar|comment|"
    r"cookie|subscribe|outbrain|taboola|logo|avatar|icon|sprite|pixel|tracking",
    re.IGNORECASE,
)

_SPACES = re.compile(r"\s+")

_CONTROL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)

# A page is read to this many characters at most; fetching already limits bytes.
MAX_HTML_CHARS = 5_000_000


def decode_html(data: bytes) -> str:
    """Bytes of a page as text: the declared charset when it is a real one."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "ignore").lower()
        # Browsers read "latin-1" pages as Windows-1252, smart quotes and all.
        if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
            name = "cp1252"
        if name not in {"utf-8", "utf8"}:
            try:
                return data.decode(name, errors="replace").translate(_CONTROL)
            except LookupError:
                pass
    return decode_text(data)


def clean_text(text: str) -> str:
    # Lone surrogates and control characters break lxml; they carry no text.
    return (
        text.encode("utf-8", "replace").decode("utf-8", "replace").translate(_CONTROL)
    )


def parse_document_tree(text: str) -> HtmlElement | None:
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.LxmlError, ValueError):
        return None
    for bad in root.xpath("//script[not(@type='application/ld+json')]|//style"):
        bad.drop_tree()
    return root


def parse_fragment_tree(html: str) -> HtmlElement | None:
    if not html.strip():
        return None
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return None
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return root


def is_in_chrome(element: HtmlElement, root: HtmlElement) -> bool:
    for ancestor in [element, *element.iterancestors()]:
        if ancestor is root:
            return False
        if ancestor.tag in _SKIP_ANCESTORS:
            return True
        name = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if ancestor is not element and CHROME_NAME.search(name):
            return True
    return False


def has_ancestor_tag(element: HtmlElement, tags: set[str], root: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
        if ancestor.tag in tags:
            return True
    return False


def document_order(root: HtmlElement) -> dict[HtmlElement, int]:
    return {element: index for index, element in enumerate(root.iter())}


def text_of(element: HtmlElement | None) -> str:
    if element is None:
        return ""
    try:
        return squash("".join(element.itertext()))
    except ValueError:
        return ""


def squash(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()
