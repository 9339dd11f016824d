"""``LiveBlogPosting`` JSON-LD for a live blog. Pure: plain values in and out.

The live blog is a story, so its JSON-LD starts from the article's (headline,
byline, photo, publisher, section) and becomes a ``LiveBlogPosting``, a kind of
``BlogPosting`` and so of ``Article``: every property the article uses is valid
there. Its entries are ``BlogPosting`` items in ``liveBlogUpdate``, as Google's
live blog guidance describes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LiveUpdate:
    headline: str
    posted_at: datetime
    text: str
    url: str = ""
    author: tuple[str, str] | None = None  # (name, page URL)


def build_update_jsonld(update: LiveUpdate) -> dict:
    """One entry as a ``BlogPosting``. An entry without a headline is headed by
    the start of its text (``headline`` is required by Google)."""
    headline = update.headline or update.text
    data: dict = {
        "@type": "BlogPosting",
        "headline": headline[:110],
        "datePublished": update.posted_at.isoformat(),
        "articleBody": update.text,
    }
    if update.url:
        data["url"] = update.url
    if update.author:
        name, link = update.author
        data["author"] = {
            "@type": "Person",
            "name": name,
            **({"url": link} if link else {}),
        }
    return data


def build_live_blog_jsonld(
    article: dict,
    *,
    coverage_start: datetime | None,
    coverage_end: datetime | None = None,
    updates: Sequence[LiveUpdate] = (),
) -> dict:
    """``article`` (a ``NewsArticle`` from ``articles.jsonld``) as a
    ``LiveBlogPosting``: coverage times and the entries, newest first.
    ``coverage_end`` is given only once the coverage has stopped."""
    data = {**article, "@type": "LiveBlogPosting"}
    if coverage_start:
        data["coverageStartTime"] = coverage_start.isoformat()
    if coverage_end:
        data["coverageEndTime"] = coverage_end.isoformat()
    if updates:
        data["liveBlogUpdate"] = [build_update_jsonld(update) for update in updates]
    return data
