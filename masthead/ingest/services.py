"""Save a parsed article as a story, through the article services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from masthead.articles import services as articles

from .body import build_body_blocks
from .parsers import ParsedArticle


@transaction.atomic
def import_parsed_article(
    parsed: ParsedArticle,
    *,
    section: Page,
    images: Sequence[Any | None] = (),
    publish: bool = False,
    first_published_at: datetime | None = None,
    authors: Sequence = (),
    tags: Sequence[str] = (),
    user=None,
):
    """Create a draft (or published story) from ``parsed``.

    ``images[i]`` is the stored image for ``parsed.figures[i]``. A figure standing
    before the first paragraph becomes the lead photo. Raises ``ValueError`` for a
    document with no headline or no paragraphs; nothing is saved then.
    """
    if not parsed.headline.strip():
        raise ValueError("the document has no headline")
    if not parsed.paragraphs:
        raise ValueError("the document has no paragraphs")
    images = list(images) or [None] * len(parsed.figures)
    lead = None
    if parsed.figures and parsed.figures[0].position == 0 and images[0] is not None:
        lead = (parsed.figures[0], images[0])
    return articles.create_article(
        section=section,
        headline=parsed.headline,
        standfirst=parsed.standfirst,
        body=build_body_blocks(parsed, images, skip_lead=lead is not None),
        lead_image=lead[1] if lead else None,
        lead_caption=lead[0].caption if lead else "",
        lead_credit=lead[0].credit if lead else "",
        lead_alt=lead[0].alt if lead else "",
        authors=authors,
        tags=tags,
        source_name=parsed.source.name,
        source_url=parsed.source.url,
        source_id=parsed.source.id,
        source_published_at=_parse_published(parsed.published),
        canonical_is_source=bool(parsed.source.url),
        publish=publish,
        first_published_at=first_published_at,
        user=user,
    )


def _parse_published(value: str | None) -> datetime | None:
    try:
        return parse_datetime(value) if value else None
    except ValueError:  # a malformed date in the source is not worth losing a story
        return None
