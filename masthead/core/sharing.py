"""Share previews (OpenGraph and Twitter cards) for every public page. Pure: plain
values in and out.

One builder serves the article, home, section, tag, author and live blog pages, so
each page only says what it is about; the template ``components/share_meta.html``
turns the result into ``<meta>`` tags.
"""

from __future__ import annotations

from dataclasses import dataclass

DESCRIPTION_LIMIT = 200


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int = 0
    height: int = 0
    alt: str = ""


def trim_description(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` on one line, cut at the last word boundary within ``limit``
    characters (an ellipsis included), so a preview never ends mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "\u2026"


def absolute_url(url: str, root_url: str) -> str:
    """``url`` made absolute against the site's root URL (share cards and
    structured data must not carry relative links)."""
    if url.startswith("/") and not url.startswith("//"):
        return root_url.rstrip("/") + url
    return url


def build_share_meta(
    *,
    title: str,
    url: str,
    root_url: str,
    site_name: str,
    description: str = "",
    image: ShareImage | None = None,
    logo: ShareImage | None = None,
    type: str = "website",  # og:type
) -> dict:
    """What a share preview says about a page: title, description trimmed at a word
    boundary, absolute URL, and a large photo card when there is a photo (else a
    small card with the site's logo)."""
    picture = image or logo
    if picture is not None:
        picture = ShareImage(
            url=absolute_url(picture.url, root_url),
            width=picture.width,
            height=picture.height,
            alt=picture.alt or (site_name if picture is logo else ""),
        )
    return {
        "title": title,
        "description": trim_description(description),
        "url": absolute_url(url, root_url),
        "site_name": site_name,
        "type": type,
        "image": picture,
        "card": "summary_large_image" if image is not None else "summary",
    }
