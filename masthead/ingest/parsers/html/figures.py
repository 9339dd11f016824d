"""Figures in the page's own ``<figure>``/``<img>`` elements: picture address,
alt text, caption and credit (from a credit element, a data attribute or the
caption's tail)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement

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
    credit_element = None
    for candidate in element.iter():
        if not isinstance(candidate.tag, str) or candidate is element:
            continue
        name = f"{candidate.get('class') or ''} {candidate.get('itemprop') or ''}"
        if _CREDIT_CLASS.search(name) or candidate.tag in {"small", "cite"}:
            credit_element = candidate
            break
    credit = text_of(credit_element) if credit_element is not None else ""
    caption = ""
    if caption_element is not None:
        caption = _text_without(caption_element, credit_element)
    if not credit:
        credit = squash(
            element.get("data-credit")
            or (image.get("data-credit") if image is not None else None)
            or ""
        )
    if caption and not credit:
        trailing = _TRAILING_CREDIT.fullmatch(caption)
        if trailing and trailing.group("credit").strip():
            caption = trailing.group("caption").strip()
            credit = trailing.group("credit").strip()
    figure.credit = _CREDIT_PREFIX.sub("", credit).strip(" ,.;") if credit else ""
    figure.caption = caption.strip()
    return figure


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
