"""Turn the parsed form into article body blocks. Pure: images are passed in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from masthead.articles.blocks import paragraph_from_text

from .parsers import ParsedArticle


def _quote_text(text: str) -> str:
    # "…conversation with President Putin," the US president tweeted: the comma
    # belonged to the sentence around the quote, not to the quote.
    return text.strip().rstrip(",").strip()


def build_body_blocks(
    parsed: ParsedArticle, images: Sequence[Any | None], *, skip_lead: bool
) -> list[tuple[str, Any]]:
    """``(block_type, value)`` pairs: paragraphs in order, figures where they stood.

    ``images[i]`` is the stored image for ``parsed.figures[i]`` (None when it could
    not be had; the figure is then left out, its caption reported by the caller).
    A paragraph that is nothing but a quote with a named speaker becomes a quote or
    post block; every other paragraph stays text exactly as written.
    """
    by_position: dict[int, list[tuple[Any, Any]]] = {}
    for index, (figure, image) in enumerate(zip(parsed.figures, images, strict=True)):
        if image is None or (skip_lead and index == 0 and figure.position == 0):
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
