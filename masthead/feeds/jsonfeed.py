"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), built from plain values.

JSON Feed has no field for a photo credit, so the lead image's credit and caption go
in the ``_masthead`` extension object, as the spec allows for custom fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str
    content_html: str = ""
    summary: str = ""
    date_published: datetime | None = None
    date_modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_url: str = ""
    image_mime_type: str = ""
    image_length: int = 0
    image_credit: str = ""
    image_caption: str = ""


def build_json_feed(
    *,
    title: str,
    home_page_url: str,
    feed_url: str,
    description: str,
    items: Iterable[FeedItem],
    language: str = "en-GB",
) -> dict:
    return {
        "version": VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "description": description,
        "language": language,
        "items": [build_json_feed_item(item) for item in items],
    }


def build_json_feed_item(item: FeedItem) -> dict:
    data: dict = {"id": item.url, "url": item.url, "title": item.title}
    # 1.1 requires content_html or content_text; a summary-only feed sends the
    # summary as text.
    if item.content_html:
        data["content_html"] = item.content_html
    else:
        data["content_text"] = item.summary or item.title
    if item.summary:
        data["summary"] = item.summary
    if item.date_published:
        data["date_published"] = item.date_published.isoformat()
    if item.date_modified:
        data["date_modified"] = item.date_modified.isoformat()
    if item.authors:
        data["authors"] = [{"name": name} for name in item.authors]
    if item.tags:
        data["tags"] = list(item.tags)
    if item.image_url:
        data["image"] = item.image_url
        attachment = {"url": item.image_url, "mime_type": item.image_mime_type}
        if item.image_length:
            attachment["size_in_bytes"] = item.image_length
        if item.image_caption:
            attachment["title"] = item.image_caption
        data["attachments"] = [attachment]
        data["_masthead"] = {
            "image_credit": item.image_credit,
            "image_caption": item.image_caption,
        }
    return data
