"""Fetch an imported story's pictures into the image library, with their credits."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from masthead.images.services import create_image

from .fetch import FetchError, fetch_url
from .parsers import ParsedArticle, ParsedFigure

if TYPE_CHECKING:
    from masthead.images.models import NewsImage


def collect_images(
    parsed: ParsedArticle,
) -> tuple[list[NewsImage | None], list[dict[str, Any]], list[str]]:
    """Fetch each figure's picture into the image library with its credit.

    Returns ``(images, missing, notes)``: ``images[i]`` is None where the picture
    could not be had; ``missing`` keeps such figures' metadata for the editor.
    """
    images: list[NewsImage | None] = []
    missing: list[dict[str, Any]] = []
    notes: list[str] = []
    for index, figure in enumerate(parsed.figures):
        if not figure.src.startswith(("http://", "https://")) or figure.kind != "image":
            reason = "no address to fetch" if not figure.src else "not fetchable"
            images.append(None)
            missing.append({**describe_missing_figure(figure, reason), "index": index})
            notes.append(
                f"picture not imported ({reason}): "
                f"{figure.caption or figure.alt or '(no caption)'}"
                f"{' — ' + figure.credit if figure.credit else ''}; its caption and "
                "credit are kept on the import record"
            )
            continue
        try:
            image = fetch_picture(figure, parsed.headline)
        except PICTURE_ERRORS as exc:
            images.append(None)
            missing.append(
                {**describe_missing_figure(figure, str(exc)), "index": index}
            )
            notes.append(
                f"picture not imported yet ({figure.src}): {exc}; a placeholder "
                "keeps its caption and credit and the worker tries again"
            )
            continue
        images.append(image)
    return images, missing, notes


# How many times a picture that could not be fetched is tried again (by the worker
# and by re-imports) before the placeholder is left to an editor.
MAX_ATTEMPTS = 8


def describe_missing_figure(
    figure: ParsedFigure, reason: str, *, retry: bool | None = None
) -> dict[str, Any]:
    """What the import record keeps of a figure whose picture was not stored.

    ``retry`` says whether the worker should try again (by default: when it has an
    address to fetch and is a picture); ``attempts`` counts the tries.
    """
    fetchable = figure.src.startswith(("http://", "https://")) and (
        figure.kind == "image"
    )
    return {
        **figure.to_dict(),
        "reason": reason,
        "retry": fetchable if retry is None else retry and fetchable,
        "attempts": 1,
    }


def can_arrive_later(entry: dict[str, Any]) -> bool:
    """Whether a missing figure's picture is still worth fetching again."""
    return bool(entry.get("retry")) and int(entry.get("attempts") or 0) < MAX_ATTEMPTS


def fetch_picture(figure: ParsedFigure, headline: str = "") -> NewsImage:
    """Fetch one figure's picture into the image library with its credit.

    Raises ``FetchError``, ``ValidationError``, ``OSError`` or ``ValueError``.
    """
    fetched = fetch_url(figure.src)
    with transaction.atomic():
        return create_image(
            title=(figure.caption or figure.alt or headline)[:255],
            filename=_image_filename(fetched.url),
            content=fetched.content,
            alt=figure.alt,
            credit=figure.credit,
            caption=figure.caption,
        )


PICTURE_ERRORS = (FetchError, ValidationError, OSError, ValueError)


def _image_filename(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "picture.jpg"
    name = re.sub(r"[^\w.-]", "-", name)[-80:]
    return name if "." in name else f"{name}.jpg"
