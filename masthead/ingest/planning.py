"""What an import will do, item by item, said before anything is saved.

The admin preview shows it (issue 18: it promised "Create 8 drafts" when 7 of the
8 would fail). The plan uses the rules ``saving.save_story`` applies: an item
with no headline or no paragraphs fails; one imported before is updated, or
skipped when unchanged (unless a picture of it is still missing); everything else
is created. Pictures are not fetched here, so a picture that is unreachable is
only known on import (it then becomes a placeholder, never a failure).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from masthead.people.models import Person

from .parsers import ParsedArticle
from .parsers.feed import ParsedFeed
from .parsers.wxr import WxrExport
from .pictures import can_arrive_later
from .saving import find_imported_item, story_digest
from .wordpress import with_featured_image

if TYPE_CHECKING:
    from .sources import SourceDocument


@dataclass
class ItemPlan:
    """One item: ``action`` is ``create``, ``update``, ``skip`` or ``fail``."""

    headline: str
    action: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    items: list[ItemPlan] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(item.action == action for item in self.items)

    @property
    def will_save(self) -> int:
        return self.count("create") + self.count("update")

    def summary(self) -> str:
        parts = [
            f"{self.count('create')} to create",
            f"{self.count('update')} to update",
            f"{self.count('skip')} unchanged",
            f"{self.count('fail')} will fail",
        ]
        return ", ".join(parts)


def plan_document(
    document: SourceDocument, result: ParsedArticle | ParsedFeed | WxrExport
) -> ImportPlan:
    plan = ImportPlan()
    if isinstance(result, ParsedArticle):
        guid = result.source.id or "sha256:" + hashlib.sha256(document.data).hexdigest()
        plan.items.append(plan_item(result, guid=guid, url=result.source.url))
    elif isinstance(result, ParsedFeed):
        for item in result.items:
            plan.items.append(plan_item(item.parsed, guid=item.guid, url=item.link))
    else:
        for post in result.posts:
            parsed = with_featured_image(post, result)
            name = result.authors.get(post.author, post.author) if post.author else ""
            plan.items.append(
                plan_item(
                    parsed,
                    guid=parsed.source.id,
                    url=post.link,
                    authors=[name] if name else [],
                    tags=post.tags,
                )
            )
    return plan


def plan_item(
    parsed: ParsedArticle,
    *,
    guid: str,
    url: str,
    authors: list[str] | None = None,
    tags: tuple[str, ...] | list[str] = (),
) -> ItemPlan:
    headline = parsed.headline or url or "(untitled)"
    if not parsed.headline.strip():
        return ItemPlan(headline, "fail", "the document has no headline")
    if not parsed.paragraphs:
        return ItemPlan(headline, "fail", "the document has no paragraphs")
    names = authors if authors is not None else list(parsed.authors)
    notes = _byline_notes(names) + _figure_notes(parsed)
    existing = find_imported_item(guid=guid, url=url)
    if existing is not None and existing.article is not None:
        if existing.digest == story_digest(parsed, names, tags):
            waiting = [f for f in existing.missing_figures if can_arrive_later(f)]
            if waiting:
                return ItemPlan(
                    headline,
                    "update",
                    f"unchanged; {len(waiting)} missing picture(s) fetched again",
                )
            return ItemPlan(headline, "skip", "unchanged since the last import")
        return ItemPlan(
            headline,
            "update",
            f"imported before: a new revision of “{existing.article.title}”",
            notes,
        )
    return ItemPlan(headline, "create", "", notes)


def _byline_notes(names: list[str]) -> list[str]:
    if not names:
        return ["no byline in the source"]
    known = set(Person.objects.filter(name__in=names).values_list("name", flat=True))
    return [
        "By "
        + ", ".join(name if name in known else f"{name} (new person)" for name in names)
    ]


def _figure_notes(parsed: ParsedArticle) -> list[str]:
    unfetchable = [
        f
        for f in parsed.figures
        if not f.src.startswith(("http://", "https://")) or f.kind != "image"
    ]
    notes = []
    if len(parsed.figures) > len(unfetchable):
        notes.append(
            f"{len(parsed.figures) - len(unfetchable)} picture(s) to fetch; one that "
            "cannot be fetched becomes a placeholder with its caption and credit"
        )
    if unfetchable:
        notes.append(
            f"{len(unfetchable)} picture(s) or video(s) with no address to fetch: "
            "kept as placeholders with their captions and credits"
        )
    return notes
