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
    for figure in parsed.figures:
        if not figure.src.startswith(("http://", "https://")) or figure.kind != "image":
            reason = "no address to fetch" if not figure.src else "not fetchable"
            images.append(None)
            missing.append(describe_missing_figure(figure, reason))
            notes.append(
                f"picture not imported ({reason}): "
                f"{figure.caption or figure.alt or '(no caption)'}"
                f"{' — ' + figure.credit if figure.credit else ''}; its caption and "
                "credit are kept on the import record"
            )
            continue
        try:
            fetched = fetch_url(figure.src)
            with transaction.atomic():
                image = create_image(
                    title=(figure.caption or figure.alt or parsed.headline)[:255],
                    filename=_image_filename(fetched.url),
                    content=fetched.content,
                    alt=figure.alt,
                    credit=figure.credit,
                    caption=figure.caption,
                )
        except (FetchError, ValidationError, OSError, ValueError) as exc:
            images.append(None)
            missing.append(describe_missing_figure(figure, str(exc)))
            notes.append(f"picture not imported ({figure.src}): {exc}")
            continue
        images.append(image)
    return images, missing, notes


def describe_missing_figure(figure: ParsedFigure, reason: str) -> dict[str, Any]:
    """What the import record keeps of a figure whose picture was not stored."""
    return {**figure.to_dict(), "reason": reason}


def _image_filename(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "picture.jpg"
    name = re.sub(r"[^\w.-]", "-", name)[-80:]
    return name if "." in name else f"{name}.jpg"
