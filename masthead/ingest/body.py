"""Turn the parsed form into an article's fields and body blocks.

Pure: images are passed in, and nothing is saved (``articles.services`` saves).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from masthead.articles.blocks import paragraph_from_text

from .parsers import ParsedArticle, ParsedFigure


def build_article_fields(
    parsed: ParsedArticle, images: Sequence[Any | None] = ()
) -> dict[str, Any]:
    """The keyword arguments ``articles.services`` takes for ``parsed``'s content.

    ``images[i]`` is the stored image for ``parsed.figures[i]`` (none given: no
    pictures). The lead photo is chosen here, once, for new stories and revisions.
    """
    images = list(images) or [None] * len(parsed.figures)
    lead = choose_lead(parsed, images)
    return {
        "headline": parsed.headline,
        "standfirst": parsed.standfirst,
        "body": build_body_blocks(parsed, images, skip_lead=lead is not None),
        "lead_image": lead[1] if lead else None,
        "lead_caption": lead[0].caption if lead else "",
        "lead_credit": lead[0].credit if lead else "",
        "lead_alt": lead[0].alt if lead else "",
        "source_name": parsed.source.name,
        "source_url": parsed.source.url,
        "source_published_at": parse_published(parsed.published),
    }


def choose_lead(
    parsed: ParsedArticle, images: Sequence[Any | None]
) -> tuple[ParsedFigure, Any] | None:
    """The lead photo: a figure standing before the first paragraph, if stored."""
    if parsed.figures and parsed.figures[0].position == 0 and images[0] is not None:
        return parsed.figures[0], images[0]
    return None


def parse_published(value: str | None) -> datetime | None:
    try:
        return parse_datetime(value) if value else None
    except ValueError:  # a malformed date in the source is not worth losing a story
        return None


def _quote_text(text: str) -> str:
    # "…conversation with President Putin," the US president tweeted: the comma
    # belonged to the sentence around the quote, not to the quote.
    return text.strip().rstrip(",").strip()


def build_body_blocks(
    parsed: ParsedArticle, images: Sequence[Any | None], *, skip_lead: bool
) -> list[tuple[str, Any]]:
    """``(block_type, value)`` pairs: paragraphs in order, figures where they stood.

    ``images[i]`` is the stored image for ``parsed.figures[i]``. None when it could
    not be had: the figure is then a placeholder (no image, its caption, credit and
    alt kept) that the worker fills when the picture arrives
    (``ingest.placeholders``) and an editor sees in the draft.
    ``skip_lead`` leaves out the first figure, which ``choose_lead`` made the lead.
    A paragraph that is nothing but a quote with a named speaker becomes a quote or
    post block; every other paragraph stays text exactly as written.
    """
    by_position: dict[int, list[tuple[Any, Any]]] = {}
    for index, (figure, image) in enumerate(zip(parsed.figures, images, strict=True)):
        if skip_lead and index == 0 and figure.position == 0:
            continue
        by_position.setdefault(figure.position, []).append((figure, image))
    quotes = {
        quote.paragraph: quote
        for quote in parsed.quotes
        if quote.standalone and quote.speaker
    }
    blocks: list[tuple[str, Any]] = []
    for index, paragraph in enumerate([*parsed.paragraphs, None]):
        for figure, image in by_position.get(index, []):
            blocks.append(
                (
                    "figure",
                    {
                        "image": image,
                        "caption": figure.caption,
                        "credit": figure.credit,
                        "alt": figure.alt,
                    },
                )
            )
        if paragraph is None:
            break
        quote = quotes.get(index)
        if quote is not None and quote.kind == "post":
            blocks.append(
                (
                    "post",
                    {
                        "text": _quote_text(quote.text),
                        "author": quote.speaker,
                        "handle": "",
                        "platform": "",
                        "posted": "",
                        "url": "",
                    },
                )
            )
        elif quote is not None:
            blocks.append(
                (
                    "quote",
                    {
                        "text": _quote_text(quote.text),
                        "speaker": quote.speaker,
                        "role": quote.role,
                    },
                )
            )
        else:
            blocks.append(("paragraph", paragraph_from_text(paragraph)))
    return blocks
