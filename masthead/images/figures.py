"""What a figure shows: one rule for lead images and figures in the body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    image: Any
    alt: str
    caption: str
    credit: str
    copyright_notice: str = ""


def _own(image, field: str) -> str:
    return (getattr(image, field, "") or "").strip() if image is not None else ""


def resolve_figure(
    image, *, alt: str = "", caption: str = "", credit: str = ""
) -> Figure:
    """Overrides given on the figure win; otherwise the image's own fields.

    A photo with no alt text anywhere falls back to its caption: a reader who cannot
    see it then hears what the newsroom says about it, never the file's title.
    """
    caption = caption.strip() or _own(image, "caption")
    credit = credit.strip() or _own(image, "credit")
    alt = alt.strip() or _own(image, "description") or caption
    return Figure(
        image=image,
        alt=alt,
        caption=caption,
        credit=credit,
        # The file's own notice: a figure's credit override does not change who
        # holds the copyright.
        copyright_notice=_own(image, "copyright_notice"),
    )
