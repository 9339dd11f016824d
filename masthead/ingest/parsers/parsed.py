"""The one parsed form every importer produces: plain, frozen values.

Importers (scraped text, HTML, feeds, WordPress exports) all end in a
``ParsedArticle``; saving it is the job of ``ingest.saving``. ``to_dict`` gives
the JSON shape used by corpus files and command output, and ``from_dict`` reads it
back, so a parsed article can be stored, diffed and replayed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ParsedFigure:
    """A picture (or video) in the body.

    ``position`` is the index into ``ParsedArticle.paragraphs`` of the paragraph the
    figure precedes, ``len(paragraphs)`` when it follows the last one. Missing text
    is ``""``, never None; ``src`` is ``""`` when the source gave no address.
    ``kind`` is ``"image"`` or ``"video"``.
    """

    alt: str = ""
    caption: str = ""
    credit: str = ""
    src: str = ""
    position: int = 0
    kind: str = "image"

    def to_dict(self) -> dict[str, Any]:
        return {
            "alt": self.alt,
            "caption": self.caption,
            "credit": self.credit,
            "src": self.src,
            "position": self.position,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParsedFigure:
        return cls(
            alt=str(data.get("alt") or ""),
            caption=str(data.get("caption") or ""),
            credit=str(data.get("credit") or ""),
            src=str(data.get("src") or ""),
            position=int(data.get("position") or 0),
            kind=str(data.get("kind") or "image"),
        )


@dataclass(frozen=True)
class ParsedQuote:
    """A direct quote found in ``paragraphs[paragraph]``; the paragraph stays there.

    ``text`` is exactly what stood between the quotation marks. ``speaker`` is
    ``""`` when the attribution is a pronoun ("he said"): a speaker is never
    guessed from earlier paragraphs. ``kind`` is ``"post"`` for social posts
    ("tweeted") and ``"quote"`` otherwise. ``standalone`` is true when the paragraph
    is nothing but the quote and a short attribution, so it can be shown as a quote
    block without losing anything but the attribution verb.
    """

    text: str
    speaker: str = ""
    role: str = ""
    kind: str = "quote"
    paragraph: int = 0
    standalone: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "role": self.role,
            "kind": self.kind,
            "paragraph": self.paragraph,
            "standalone": self.standalone,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParsedQuote:
        return cls(
            text=str(data.get("text") or ""),
            speaker=str(data.get("speaker") or ""),
            role=str(data.get("role") or ""),
            kind=str(data.get("kind") or "quote"),
            paragraph=int(data.get("paragraph") or 0),
            standalone=bool(data.get("standalone")),
        )


@dataclass(frozen=True)
class ParsedSource:
    """Where republished copy came from: outlet name, canonical address, its id."""

    name: str = ""
    url: str = ""
    id: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "url": self.url, "id": self.id}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParsedSource:
        return cls(
            name=str(data.get("name") or ""),
            url=str(data.get("url") or ""),
            id=str(data.get("id") or ""),
        )


@dataclass(frozen=True)
class ParsedArticle:
    """A whole article. ``headline == ""`` and no paragraphs means an empty document.

    ``published`` is an ISO 8601 date or date-time string, or None when the source
    gave none; ``modified`` is when the source last changed the story, the same
    way. ``removed`` lists, verbatim and in order, the lines dropped as site
    chrome (contact boxes, login prompts, share links), so an editor can check them.
    """

    headline: str = ""
    standfirst: str = ""
    paragraphs: tuple[str, ...] = ()
    figures: tuple[ParsedFigure, ...] = ()
    quotes: tuple[ParsedQuote, ...] = ()
    source: ParsedSource = ParsedSource()
    published: str | None = None
    authors: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "paragraphs": list(self.paragraphs),
            "figures": [figure.to_dict() for figure in self.figures],
            "quotes": [quote.to_dict() for quote in self.quotes],
            "source": self.source.to_dict(),
            "published": self.published,
            "authors": list(self.authors),
            "removed": list(self.removed),
            "modified": self.modified,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParsedArticle:
        """Read the ``to_dict`` shape back; missing keys take their defaults."""
        published = data.get("published")
        modified = data.get("modified")
        return cls(
            headline=str(data.get("headline") or ""),
            standfirst=str(data.get("standfirst") or ""),
            paragraphs=tuple(str(p) for p in data.get("paragraphs") or ()),
            figures=tuple(ParsedFigure.from_dict(f) for f in data.get("figures") or ()),
            quotes=tuple(ParsedQuote.from_dict(q) for q in data.get("quotes") or ()),
            source=ParsedSource.from_dict(data.get("source") or {}),
            published=str(published) if published else None,
            authors=tuple(str(a) for a in data.get("authors") or ()),
            removed=tuple(str(r) for r in data.get("removed") or ()),
            modified=str(modified) if modified else None,
        )
