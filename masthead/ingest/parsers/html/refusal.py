"""Pages that are no article: an error page, a sign-in page, a front or section
page listing stories. Issue 18: such a page is refused with the reason, not
imported as a story made of navigation links. Pure, never raises."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .document import text_of

_ERROR_TITLE = re.compile(
    r"\b(?:404|410|500)\b|\bnot found\b|page (?:not found|cannot be found|"
    r"does not exist)|seite nicht gefunden|page introuvable|p[áa]gina no "
    r"encontrada|pagina non trovata|página não encontrada|ページが見つかりません|"
    r"الصفحة غير موجودة",
    re.IGNORECASE,
)
_STORY_TYPES = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion|Review|Background|'
    r'Blog|Satirical)?(?:Article|Posting)"',
    re.IGNORECASE,
)


def find_refusal(root: HtmlElement, *, paragraphs: int) -> str:
    """Why the page is not an article, or ``""`` when it may be one.

    ``paragraphs`` is how many body paragraphs the extractor found.
    """
    title = " ".join(text_of(e) for e in root.xpath("//title | //h1")[:2])
    if _ERROR_TITLE.search(title) and paragraphs < 4:
        return "this is an error page (“page not found”), not an article"
    if root.xpath("//input[@type='password']") and paragraphs < 4:
        return "this is a sign-in page, not an article"
    scripts = " ".join(
        s.text or "" for s in root.xpath("//script[@type='application/ld+json']")
    )
    og_type = " ".join(root.xpath("//meta[@property='og:type']/@content")).lower()
    if _STORY_TYPES.search(scripts) or "article" in og_type:
        return ""
    teasers = len(root.xpath("//article")) + len(
        root.xpath("//*[self::h2 or self::h3][.//a[@href]]")
    )
    if teasers >= 8 or (og_type == "website" and teasers >= 4):
        return (
            f"this looks like a front or section page listing {teasers} stories, "
            "not one article: import a story's own page"
        )
    return ""
