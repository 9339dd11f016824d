"""The story's paragraphs: trafilatura's main text matched back to the page's own
elements (so figures can be placed between them), or the page's blocks."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.etree
from lxml.html import HtmlElement

from .document import has_ancestor_tag, is_in_chrome, squash, text_of

BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def extract_main_text(text: str, *, url: str) -> list[str]:
    import trafilatura

    try:
        result = trafilatura.extract(
            text,
            url=url or None,
            output_format="xml",
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            include_links=False,
        )
    # trafilatura is a large third-party parser: a page it cannot read must
    # fall back to the page's own blocks, never stop an import.
    except Exception:  # noqa: BLE001
        return []
    if not result:
        return []
    try:
        tree = lxml.etree.fromstring(result.encode("utf-8"))
    except (lxml.etree.LxmlError, ValueError):
        return []
    paragraphs = []
    for element in tree.iterfind(".//main//*"):
        if element.tag in {"p", "head", "item", "quote", "code"}:
            if element.tag == "quote" and element.find("p") is not None:
                continue
            text = squash("".join(element.itertext()))
            if text:
                paragraphs.append(text)
    return paragraphs


def iter_blocks(root: HtmlElement | None) -> Iterator[HtmlElement]:
    """Block elements in order, innermost text holders only, chrome left out."""
    if root is None:
        return
    for element in root.iter(*BLOCK_TAGS):
        if is_in_chrome(element, root) or has_ancestor_tag(element, {"figure"}, root):
            continue
        if element.tag in {"li", "blockquote"} and element.find(".//p") is not None:
            continue  # its <p> children are the blocks
        if text_of(element):
            yield element


def match_paragraphs(
    root: HtmlElement, paragraphs: list[str]
) -> list[HtmlElement | None]:
    candidates = [
        (element, text_of(element))
        for element in root.iter(*BLOCK_TAGS, "div", "td", "span", "h1")
    ]
    matched: list[HtmlElement | None] = []
    start = 0
    for paragraph in paragraphs:
        probe = paragraph[:80]
        found = None
        for index in range(start, len(candidates)):
            element, text = candidates[index]
            if text == paragraph or (len(probe) >= 20 and text.startswith(probe)):
                found, start = element, index + 1
                break
        matched.append(found)
    return matched


def find_content_root(root: HtmlElement, elements: list[HtmlElement]) -> HtmlElement:
    if not elements:
        guessed = guess_content_root(root)
        return guessed if guessed is not None else root
    first = elements[0]
    for ancestor in first.iterancestors():
        if ancestor.tag in {"article", "main"} or ancestor.get("role") == "main":
            if all(_is_within(e, ancestor) for e in elements):
                return ancestor
    common = first.getparent() if first.getparent() is not None else first
    while common is not None and not all(_is_within(e, common) for e in elements):
        common = common.getparent()
    return common if common is not None else root


def guess_content_root(root: HtmlElement | None) -> HtmlElement | None:
    if root is None:
        return None
    for path in ("//article", "//main", "//*[@role='main']", "//body"):
        found = root.xpath(path)
        if found:
            return found[0]
    return root


def _is_within(element: HtmlElement, ancestor: HtmlElement) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())
