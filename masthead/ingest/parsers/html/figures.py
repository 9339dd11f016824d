"""Figures in the page's own ``<figure>``/``<img>`` elements: picture address,
alt text, caption and credit (from a credit element, a data attribute or the
caption's tail)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement

from ..credits import (
    clean_credit,
    is_name_like,
    split_caption_credit,
    strip_controls,
)
from .document import (
    CHROME_NAME,
    document_order,
    has_ancestor_tag,
    is_in_chrome,
    squash,
    text_of,
)

_CREDIT_CLASS = re.compile(
    r"credit|copyright|photographer|attribution|byline|source", re.IGNORECASE
)

_CREDIT_PREFIX = re.compile(
    r"^\s*(?:(?:image|photo|picture|video)\s+(?:copyright|source|credit)\s*,?|"
    r"(?:photo(?:graph)?|picture|image|credit|photo credit|source)s?\s*(?::|by\b)|"
    r"(?:foto|фото|bild|fotoğraf|zdjęcie|imagem|crédit(?: photo)?|צילום|تصوير|"
    r"صورة|写真|照片|사진)s?\s*:|fot\.|"
    r"©|\(c\)|copyright)\s*",
    re.IGNORECASE,
)

# "The pier at dusk. Photo: Jane Doe" / "The pier at dusk (Photograph: Jane Doe)"
_TRAILING_CREDIT = re.compile(
    r"^(?P<caption>.*?)\s*[(\[]?\s*(?:(?:photo(?:graph)?|picture|image|credit|"
    r"photo credit)s?\s*(?::|by\b)|©)\s*(?P<credit>[^()\[\]]{1,80}?)\s*[)\]]?\s*$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class _Figure:
    alt: str = ""
    caption: str = ""
    credit: str = ""
    src: str = ""
    kind: str = "image"
    # The caption's text as the page shows it (credit and controls included), so
    # that the same text is not kept as a paragraph too.
    raw: tuple[str, ...] = ()


_CAPTION_CLASS = re.compile(
    r"caption|legend|credit|wp-caption-text|image-text|photo-text", re.IGNORECASE
)
_HIDDEN_CLASS = re.compile(r"visually-hidden|sr-only|screen-reader", re.IGNORECASE)


def find_figures(root: HtmlElement, base_url: str) -> Iterator[tuple[_Figure, int]]:
    order = document_order(root)
    seen_images: set[HtmlElement] = set()
    for element in root.iter("figure", "img"):
        if not isinstance(element.tag, str) or is_in_chrome(element, root):
            continue
        if element.tag == "img":
            if element in seen_images or has_ancestor_tag(element, {"figure"}, root):
                continue
            figure = _read_image(element, base_url)
            if figure is not None:
                near = _caption_near(element, root)
                if near is not None:
                    _read_caption(figure, near[0], near[1])
                else:
                    figure.credit = squash(element.get("data-credit") or "")
                    figure.caption = squash(element.get("title") or "")
                yield figure, order[element]
            continue
        figure = _read_figure(element, base_url)
        seen_images.update(element.iter("img"))
        if figure is not None:
            yield figure, order[element]


def _read_image(image: HtmlElement, base_url: str) -> _Figure | None:
    src = _image_src(image)
    if not src or CHROME_NAME.search(
        f"{image.get('class') or ''} {image.get('id') or ''} {src.rsplit('/', 1)[-1]}"
    ):
        return None
    for size in (image.get("width"), image.get("height")):
        if size and size.strip().isdigit() and int(size) <= 2:
            return None  # a tracking pixel
    return _Figure(alt=squash(image.get("alt") or ""), src=_absolute(src, base_url))


def _read_figure(element: HtmlElement, base_url: str) -> _Figure | None:
    image = next(iter(element.iter("img")), None)
    video = next(iter(element.iter("video", "iframe")), None)
    if image is not None:
        figure = _read_image(image, base_url)
        if figure is None:
            return None
    elif video is not None:
        src = video.get("src") or next(
            (s.get("src") for s in video.iter("source") if s.get("src")), ""
        )
        figure = _Figure(src=_absolute(src or "", base_url), kind="video")
    else:
        return None
    caption_element = next(iter(element.iter("figcaption")), None)
    parts = [caption_element] if caption_element is not None else []
    parts += [
        c
        for c in element.iter()
        if isinstance(c.tag, str)
        and c is not element
        and caption_element is not None
        and c not in caption_element.iter()
        and _CREDIT_CLASS.search(f"{c.get('class') or ''} {c.get('itemprop') or ''}")
        and not any(a is caption_element for a in c.iterancestors())
    ]
    if caption_element is None:
        parts = [
            c
            for c in element.iter()
            if isinstance(c.tag, str)
            and c is not element
            and _CAPTION_CLASS.search(c.get("class") or "")
        ][:2]
    _read_caption(figure, element, parts)
    if not figure.credit:
        figure.credit = squash(
            element.get("data-credit")
            or (image.get("data-credit") if image is not None else None)
            or ""
        )
    return figure


def _caption_near(
    image: HtmlElement, root: HtmlElement
) -> tuple[HtmlElement, list[HtmlElement]] | None:
    """For a picture outside ``<figure>``: the caption blocks beside it (a
    WordPress ``wp-caption``, caption and credit ``div``s after the picture's
    wrapper), with the element that holds them."""
    node = image
    for _level in range(3):
        parent = node.getparent()
        if parent is None or parent is root:
            return None
        found = _caption_blocks(parent, image) or _loose_caption_blocks(parent, image)
        if found:
            return parent, found
        sibling = parent.getnext()
        if sibling is not None and isinstance(sibling.tag, str):
            if _CAPTION_CLASS.search(sibling.get("class") or ""):
                return sibling, [sibling]
            found = _caption_blocks(sibling, image)
            if found:
                return sibling, found
        node = parent
    return None


def _caption_blocks(scope: HtmlElement, image: HtmlElement) -> list[HtmlElement]:
    """The outermost caption-like elements under ``scope``, not holding ``image``."""
    blocks: list[HtmlElement] = []
    for candidate in scope.iter():
        if (
            isinstance(candidate.tag, str)
            and candidate is not scope
            and image not in candidate.iter()
            and _CAPTION_CLASS.search(candidate.get("class") or "")
            and not any(b in candidate.iterancestors() for b in blocks)
        ):
            blocks.append(candidate)
    return blocks[:3]


# Inside a picture's own wrapper (one picture, little text) looser class names
# say caption and credit too: "art-photo__desc", "absatzbild__info__text",
# "photo__author".
_LOOSE_CAPTION_CLASS = re.compile(
    r"desc|info|text|copyright|author|unterschrift|legenda|didascalia|\bpie\b|"
    r"source|quelle|fonte|fuente",
    re.IGNORECASE,
)
_WRAPPER_TEXT_CHARS = 500


def _loose_caption_blocks(scope: HtmlElement, image: HtmlElement) -> list[HtmlElement]:
    if (
        sum(1 for _ in scope.iter("img")) != 1
        or len(text_of(scope)) > _WRAPPER_TEXT_CHARS
    ):
        return []
    blocks: list[HtmlElement] = []
    for candidate in scope.iter():
        if (
            isinstance(candidate.tag, str)
            and candidate is not scope
            and image not in candidate.iter()
            and _LOOSE_CAPTION_CLASS.search(candidate.get("class") or "")
            and text_of(candidate)
        ):
            # The innermost text holders: a caption and its credit, in order.
            blocks = [b for b in blocks if b not in candidate.iterancestors()]
            blocks.append(candidate)
    return blocks[:3]


_STRONG_CREDIT_CLASS = re.compile(
    r"credit|copyright|photographer|(?:photo|image|img|foto|bild|picture|media)"
    r"[\w-]*(?:author|autor|source)",
    re.IGNORECASE,
)


def _find_credit_element(container: HtmlElement) -> HtmlElement | None:
    """The element holding the credit: by a class that says so (``credit``,
    ``copyright`` before the looser ``attribution``, ``source``), or ``<small>``,
    ``<cite>``."""
    loose = None
    for candidate in container.iter():
        if not isinstance(candidate.tag, str) or candidate is container:
            continue
        name = f"{candidate.get('class') or ''} {candidate.get('itemprop') or ''}"
        if not strip_controls(text_of(candidate)):
            continue
        if _STRONG_CREDIT_CLASS.search(name) or candidate.tag in {"small", "cite"}:
            return _beyond_label(candidate, container)
        if loose is None and _CREDIT_CLASS.search(name):
            loose = candidate
    return loose


def _beyond_label(element: HtmlElement, container: HtmlElement) -> HtmlElement:
    """``<span><cite>Credit: </cite>Jane Doe</span>``: the label's parent holds
    the credit, not the label alone."""
    parent = element.getparent()
    if (
        text_of(element).endswith(":")
        and parent is not None
        and parent is not container
        and len(text_of(parent)) > len(text_of(element))
    ):
        return parent
    return element


def _visible_text(element: HtmlElement, skip: set[HtmlElement]) -> str:
    """Text with a space between elements, hidden labels and ``skip`` left out."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        hidden = node in skip or _HIDDEN_CLASS.search(node.get("class") or "")
        if not hidden and node.text:
            parts.append(node.text)
        if not hidden:
            for child in node:
                if isinstance(child.tag, str):
                    walk(child)
                if child.tail:
                    parts.append(child.tail)
        parts.append(" ")

    walk(element)
    return squash(" ".join(parts))


def _read_caption(
    figure: _Figure, container: HtmlElement, parts: list[HtmlElement]
) -> None:
    """Caption and credit from a figure's caption elements, in any of the common
    forms: a credit element (by class, ``<small>``, ``<cite>``, or a short name
    after the caption), or the credit written into the caption, before or after."""
    if not parts:
        return
    caption_root = parts[0]
    credit_element = _find_credit_element(container)
    children = [c for c in caption_root if isinstance(c.tag, str)]
    if credit_element is None and len(children) >= 2:
        last = strip_controls(_visible_text(children[-1], set()))
        if is_name_like(last, max_words=5) and len(last.split()) >= 2:
            credit_element = children[-1]
    raw = [text_of(part) for part in parts]
    credit = ""
    if credit_element is not None:
        credit = strip_controls(_visible_text(credit_element, set()))
        raw.append(text_of(credit_element))
    skip = {credit_element} if credit_element is not None else set()
    caption = " ".join(
        _visible_text(part, skip) for part in parts if part is not credit_element
    )
    caption = strip_controls(caption)
    if credit:
        credit = clean_credit(_CREDIT_PREFIX.sub("", credit))
    else:
        caption, credit = split_caption_credit(caption)
        if not credit:
            trailing = _TRAILING_CREDIT.fullmatch(caption)
            if trailing and trailing.group("credit").strip():
                caption = trailing.group("caption").strip()
                credit = trailing.group("credit").strip()
    figure.caption = caption.strip()
    figure.credit = credit.strip(" ,.;") if credit else ""
    figure.raw = tuple(r for r in raw if r)


def _image_src(image: HtmlElement) -> str:
    for attribute in ("src", "data-src", "data-lazy-src", "data-original"):
        value = (image.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (image.get("srcset") or image.get("data-srcset") or "").strip()
    if srcset:
        return srcset.split(",")[0].strip().split(" ")[0]
    return ""


def _absolute(src: str, base_url: str) -> str:
    if not src or not base_url:
        return src
    try:
        return urljoin(base_url, src)
    except ValueError:
        return src


def _text_without(element: HtmlElement, skip: HtmlElement | None) -> str:
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node is skip:
            if node.tail:
                parts.append(node.tail)
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return squash("".join(parts))
