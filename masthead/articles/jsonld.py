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
from urllib.parse import urlsplit


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
    copyright_notice: str = ""  # the file's own notice, e.g. "© 2018 Getty Images"


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
    # Only the notice the file carried: a credit is not a copyright statement.
    if image.copyright_notice:
        data["copyrightNotice"] = image.copyright_notice
    return data


def build_publisher_jsonld(
    name: str,
    url: str,
    logo_url: str = "",
    *,
    logo_width: int = 0,
    logo_height: int = 0,
) -> dict:
    """The newsroom as ``NewsMediaOrganization``; its logo (absolute URL, with its
    size when known) is what Google shows beside the story."""
    data: dict = {"@type": "NewsMediaOrganization", "name": name, "url": url}
    if logo_url:
        logo: dict = {"@type": "ImageObject", "url": logo_url, "contentUrl": logo_url}
        if logo_width and logo_height:
            logo["width"] = logo_width
            logo["height"] = logo_height
        data["logo"] = logo
    return data


def build_source_jsonld(
    *, url: str, name: str, date_published: datetime | None = None
) -> dict:
    """The original of a republished story: a ``CreativeWork`` at the source's URL,
    published by the source organisation (``isBasedOn``)."""
    data: dict = {"@type": "CreativeWork"}
    if url:
        data["url"] = url
    if date_published:
        data["datePublished"] = date_published.isoformat()
    if name:
        data["publisher"] = build_source_organization_jsonld(name=name, url=url)
    return data


def build_source_organization_jsonld(*, name: str, url: str = "") -> dict:
    """The source organisation, linked to its site's front page when its story's
    URL is known."""
    data: dict = {"@type": "Organization", "name": name}
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        data["url"] = f"{parts.scheme}://{parts.netloc}/"
    return data


def build_website_jsonld(*, name: str, url: str, publisher: dict) -> dict:
    """The site itself (front page): name, address and who publishes it."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": url,
        "publisher": publisher,
    }


def build_profile_page_jsonld(
    *,
    name: str,
    url: str,
    job_title: str = "",
    description: str = "",
    image_url: str = "",
    works_for: dict | None = None,
) -> dict:
    """An author's page: a ``ProfilePage`` about the ``Person``."""
    person: dict = {"@type": "Person", "name": name, "url": url}
    if job_title:
        person["jobTitle"] = job_title
    if description:
        person["description"] = description
    if image_url:
        person["image"] = image_url
    if works_for:
        person["worksFor"] = works_for
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": person,
    }


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
    based_on: dict | None = None,
) -> dict:
    """A minimal ``NewsArticle``: headline, dates, authors (name, page URL) and
    corrections. Empty values are left out rather than sent blank.

    ``based_on`` (from ``build_source_jsonld``) marks a republished story; when no
    person is named, its publisher is given as the author, as Google asks for an
    author on every article.
    """
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
    elif based_on and based_on.get("publisher"):
        data["author"] = [based_on["publisher"]]
    if based_on:
        data["isBasedOn"] = based_on
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
