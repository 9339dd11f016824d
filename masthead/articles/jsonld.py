"""Structured data (schema.org JSON-LD) for articles. Pure: plain values in and out.

Corrections are ``CorrectionComment`` entries in the article's ``correction``
property, as schema.org and Google's article guidelines describe; updates are not
corrections, so they only move ``dateModified``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CorrectionNote:
    kind: str  # "correction" or "update"
    noted_at: datetime
    text: str


def build_corrections_jsonld(notes: Iterable[CorrectionNote]) -> list[dict]:
    """``CorrectionComment`` objects for the corrections among ``notes``, oldest
    first (the order they happened)."""
    corrections = sorted(
        (note for note in notes if note.kind == "correction"),
        key=lambda note: note.noted_at,
    )
    return [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": note.noted_at.isoformat(),
        }
        for note in corrections
    ]


@dataclass(frozen=True)
class ImageCredit:
    url: str  # absolute
    width: int = 0
    height: int = 0
    caption: str = ""
    credit: str = ""  # as printed under the photo


def build_image_jsonld(image: ImageCredit) -> dict:
    """An ``ImageObject`` with the photo's credit (Google's image licence metadata:
    ``creditText`` and ``copyrightNotice``)."""
    data: dict = {"@type": "ImageObject", "url": image.url, "contentUrl": image.url}
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
        data["copyrightNotice"] = image.credit
    return data


def build_publisher_jsonld(name: str, url: str, logo_url: str = "") -> dict:
    data: dict = {"@type": "NewsMediaOrganization", "name": name, "url": url}
    if logo_url:
        data["logo"] = {"@type": "ImageObject", "url": logo_url}
    return data


def build_breadcrumbs_jsonld(crumbs: Sequence[tuple[str, str]]) -> dict:
    """A ``BreadcrumbList`` from (name, absolute URL) pairs, front page first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": link}
            for index, (name, link) in enumerate(crumbs, start=1)
        ],
    }


def build_news_article_jsonld(
    *,
    headline: str,
    url: str,
    description: str = "",
    date_published: datetime | None = None,
    date_modified: datetime | None = None,
    authors: Sequence[tuple[str, str]] = (),
    corrections: Iterable[CorrectionNote] = (),
    images: Sequence[ImageCredit] = (),
    publisher: dict | None = None,
    section: str = "",
    keywords: Sequence[str] = (),
) -> dict:
    """A minimal ``NewsArticle``: headline, dates, authors (name, page URL) and
    corrections. Empty values are left out rather than sent blank."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline[:110],
    }
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    if description:
        data["description"] = description
    if date_published:
        data["datePublished"] = date_published.isoformat()
    if date_modified or date_published:
        data["dateModified"] = (date_modified or date_published).isoformat()
    if authors:
        data["author"] = [
            {"@type": "Person", "name": name, **({"url": link} if link else {})}
            for name, link in authors
        ]
    if images:
        data["image"] = [build_image_jsonld(image) for image in images]
    if publisher:
        data["publisher"] = publisher
    if section:
        data["articleSection"] = section
    if keywords:
        data["keywords"] = list(keywords)
    correction = build_corrections_jsonld(corrections)
    if correction:
        data["correction"] = correction
    return data


def dumps_for_script(data: dict) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: the characters that
    could end the element or open a comment are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
