"""Headline, standfirst, authors, date, publisher and address of a page: from
JSON-LD, then OpenGraph, then the page itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from ..header import read_byline
from .document import squash, text_of

_STANDFIRST_CLASS = re.compile(
    r"standfirst|\bdek\b|\bdeck\b|subtitle|sub-headline|subheadline|summary|"
    r"\blede\b|article-intro|\bintro\b|(?:^|[\s_-])desc(?:$|[\s_-])|chapo|chapeau|"
    r"leadtext|lead-text|teaser|bajada|entradilla|sumario|subt[ií]tulo|linha-fina|"
    r"\bolho\b|occhiello|sommario|catenaccio|vorspann",
    re.IGNORECASE,
)

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "report",
    "liveblogposting",
}

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:]\s+")


@dataclass
class PageMeta:
    headline: str = ""
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    publisher: str = ""
    url: str = ""
    modified: str | None = None
    jsonld_headline: str = ""
    og_title: str = ""
    site_names: list[str] = field(default_factory=list)
    # JSON-LD ImageObjects: picture address -> (caption, credit)
    images: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_page_meta(root: HtmlElement, *, url: str = "") -> PageMeta:
    """Headline, authors, date, publisher and address from JSON-LD, then OpenGraph."""
    meta = PageMeta()
    for item in _json_ld_articles(root):
        meta.headline = meta.headline or squash(str(item.get("headline") or ""))
        meta.jsonld_headline = meta.headline
        meta.images.update(_image_objects(item.get("image")))
        meta.standfirst = meta.standfirst or squash(
            str(item.get("alternativeHeadline") or "")
        )
        meta.authors = meta.authors or _names(item.get("author"))
        meta.published = meta.published or _iso(item.get("datePublished"))
        meta.modified = meta.modified or _iso(item.get("dateModified"))
        meta.publisher = meta.publisher or (_names(item.get("publisher")) or [""])[0]
        entity = item.get("mainEntityOfPage")
        if isinstance(entity, dict):
            entity = entity.get("@id")
        meta.url = meta.url or _http(item.get("url")) or _http(entity)
    og = {
        (m.get("property") or m.get("name") or "").lower(): m.get("content") or ""
        for m in root.iter("meta")
    }
    meta.headline = meta.headline or squash(og.get("og:title", ""))
    meta.og_title = squash(og.get("og:title", ""))
    meta.publisher = meta.publisher or squash(og.get("og:site_name", ""))
    meta.site_names = [
        name
        for name in (
            meta.publisher,
            squash(og.get("og:site_name", "")),
            squash(og.get("application-name", "")),
            squash(og.get("twitter:site", "")).lstrip("@"),
        )
        if name
    ]
    meta.published = meta.published or _iso(
        og.get("article:published_time") or og.get("date") or og.get("dc.date")
    )
    meta.modified = meta.modified or _iso(
        og.get("article:modified_time") or og.get("og:updated_time")
    )
    if not meta.authors:
        author = og.get("author") or og.get("article:author") or ""
        if author and not _http(author):
            meta.authors = [squash(author)]
    canonical = root.xpath("//link[@rel='canonical']/@href")
    meta.url = (
        meta.url
        or _http(canonical[0] if canonical else "")
        or _http(og.get("og:url"))
        or url
    )
    return meta


def _json_ld_articles(root: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _walk_json_ld(data, depth=0)


def _walk_json_ld(data: object, *, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _walk_json_ld(item, depth=depth + 1)
    elif isinstance(data, dict):
        types = data.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(str(t).lower() in _ARTICLE_TYPES for t in types):
            yield data
        if "@graph" in data:
            yield from _walk_json_ld(data["@graph"], depth=depth + 1)


def _image_objects(value: object) -> dict[str, tuple[str, str]]:
    """``ImageObject``s with a caption or credit, by address."""
    found: dict[str, tuple[str, str]] = {}
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, dict):
            continue
        url = _http(item.get("url") or item.get("contentUrl"))
        caption = squash(str(item.get("caption") or item.get("description") or ""))
        credit = item.get("creditText") or item.get("copyrightHolder") or ""
        if isinstance(credit, dict | list):
            credit = (_names(credit) or [""])[0]
        credit = squash(str(credit or ""))
        if url and (caption or credit):
            found[url] = (caption, credit)
    return found


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [] if _http(value) else [squash(value)]
    if isinstance(value, dict):
        name = value.get("name")
        return [squash(str(name))] if name else []
    if isinstance(value, list):
        return [name for item in value[:20] for name in _names(item)]
    return []


def _iso(value: object) -> str | None:
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _http(value: object) -> str:
    return value.strip() if isinstance(value, str) and value.startswith("http") else ""


def read_base_url(root: HtmlElement, url: str) -> str:
    base = root.xpath("//base/@href")
    return urljoin(url, base[0]) if base and url else (base[0] if base else url)


def first_text(root: HtmlElement, path: str) -> str:
    for element in root.xpath(path):
        text = text_of(element)
        if text:
            return text
    return ""


def read_page_title(root: HtmlElement) -> str:
    title = first_text(root, "//title")
    return _TITLE_SEPARATORS.split(title)[0].strip() if title else ""


def find_standfirst(content_root: HtmlElement | None, root: HtmlElement) -> str:
    for scope in (content_root, root):
        if scope is None:
            continue
        for element in scope.iter("p", "div", "h2"):
            name = " ".join(
                element.get(attribute) or ""
                for attribute in ("class", "id", "data-test", "data-testid", "itemprop")
            )
            if _STANDFIRST_CLASS.search(name) and not _is_teaser_or_photo(element):
                text = text_of(element)
                # A heading of a box ("Mehr zum Thema") is no summary.
                if 25 <= len(text) <= 400:
                    return text
    # No class says so: a sentence standing right after the headline in the
    # article's header is its standfirst.
    for heading in root.xpath("//header//h1"):
        following = heading.getnext()
        if following is not None and following.tag in {"h2", "p"}:
            text = text_of(following)
            if len(text.split()) >= 6 and len(text) <= 400:
                return text
    return ""


_PHOTO_CLASS = re.compile(
    r"photo|image|\bimg|foto|bild|media|figure|caption|gallery", re.IGNORECASE
)


def _is_teaser_or_photo(element: HtmlElement) -> bool:
    """A "desc" or "teaser" that describes a picture or links to another story
    is not the standfirst."""
    for node in [element, *element.iterancestors()]:
        if node.tag == "figure" or _PHOTO_CLASS.search(node.get("class") or ""):
            return True
    linked = sum(len(text_of(a)) for a in element.iter("a"))
    return linked > 0 and linked >= len(text_of(element)) / 2


def find_byline(root: HtmlElement | None) -> list[str]:
    if root is None:
        return []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = f"{element.get('class') or ''} {element.get('rel') or ''}"
        if re.search(r"byline|author", name, re.IGNORECASE):
            text = text_of(element)
            names = read_byline(text) or (
                read_byline(f"By {text}") if 0 < len(text.split()) <= 4 else None
            )
            if names:
                return list(names)
    return []


def find_time(root: HtmlElement | None) -> str | None:
    if root is None:
        return None
    for element in root.iter("time"):
        value = _iso(element.get("datetime"))
        if value:
            return value
    return None
