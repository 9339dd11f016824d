"""Save one parsed story: found again by GUID or URL, then created, revised or
skipped, always through the article services."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from wagtail.models import Page

from masthead.articles import services as articles

from .body import build_article_fields
from .models import ImportedItem
from .parsers import ParsedArticle
from .pictures import collect_images, describe_missing_figure
from .report import ImportFailed, ImportReport

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from masthead.articles.models import ArticlePage
    from masthead.people.models import Person

    from .models import FeedSubscription


def import_parsed_article(
    parsed: ParsedArticle,
    *,
    section: Page,
    images: Sequence[Any | None] = (),
    publish: bool = False,
    first_published_at: datetime | None = None,
    authors: Sequence[Person] = (),
    tags: Sequence[str] = (),
    user: AbstractBaseUser | None = None,
) -> ArticlePage:
    """Create a draft (or published story) from ``parsed``.

    ``images[i]`` is the stored image for ``parsed.figures[i]``. A figure standing
    before the first paragraph becomes the lead photo. Raises ``ValueError`` for a
    document with no headline or no paragraphs; nothing is saved then.
    """
    if not parsed.headline.strip():
        raise ValueError("the document has no headline")
    if not parsed.paragraphs:
        raise ValueError("the document has no paragraphs")
    return articles.create_article(
        section=section,
        **build_article_fields(parsed, images),
        authors=authors,
        tags=tags,
        source_id=parsed.source.id,
        canonical_is_source=bool(parsed.source.url),
        publish=publish,
        first_published_at=first_published_at,
        user=user,
    )


def update_imported_article(
    article: ArticlePage,
    parsed: ParsedArticle,
    *,
    images: Sequence[Any | None],
    publish: bool,
    authors: Sequence[Person],
    tags: Sequence[str],
    user: AbstractBaseUser | None,
) -> ArticlePage:
    """Put ``parsed`` into a new revision of ``article`` (kept a draft unless
    ``publish`` and the story is already live).

    No authors or tags in the source keep the ones the story has (an editor may
    have added them).
    """
    return articles.update_article(
        article=article,
        **build_article_fields(parsed, images),
        authors=list(authors) or None,
        tags=list(tags) or None,
        publish=publish and article.live,
        user=user,
    )


def save_story(
    parsed: ParsedArticle,
    *,
    section: Page,
    publish: bool = False,
    guid: str = "",
    url: str = "",
    feed: FeedSubscription | None = None,
    user: AbstractBaseUser | None = None,
    authors: Sequence[Person] = (),
    tags: Sequence[str] = (),
    fetch_images: bool = True,
    redirect_from: str = "",
) -> tuple[str, ArticlePage | None, list[str]]:
    """Create, update or skip one story; returns ``(status, article, notes)``.

    The item is found again by GUID, else URL. Unchanged content is skipped; changed
    content becomes a new revision of the same story (published only when
    ``publish`` and the story is live). Everything is written in one transaction:
    a failure leaves nothing behind. Raises ``ImportFailed``.
    """
    if not parsed.headline.strip():
        raise ImportFailed("the document has no headline")
    if not parsed.paragraphs:
        raise ImportFailed("the document has no paragraphs")
    digest = _digest(parsed, authors, tags)
    existing = find_imported_item(guid=guid, url=url)
    if existing is not None and existing.article is None and feed is not None:
        # An editor deleted the story this item became: the next poll must not
        # bring it back. (Importing it again by hand still does.)
        return (
            "skipped",
            None,
            [f"{parsed.headline}: deleted by an editor, not re-imported"],
        )
    if existing is not None and existing.article is not None:
        if existing.digest == digest:
            return "skipped", existing.article, []
    images, missing, notes = (
        collect_images(parsed)
        if fetch_images
        else ([None] * len(parsed.figures), [], [])
    )
    if not fetch_images and parsed.figures:
        missing = [
            describe_missing_figure(f, "pictures were not fetched")
            for f in parsed.figures
        ]
    try:
        with transaction.atomic():
            if existing is not None and existing.article is not None:
                article = update_imported_article(
                    existing.article,
                    parsed,
                    images=images,
                    publish=publish,
                    authors=authors,
                    tags=tags,
                    user=user,
                )
                status = "updated"
                record = existing
            else:
                article = import_parsed_article(
                    parsed,
                    section=section,
                    images=images,
                    publish=publish,
                    authors=authors,
                    tags=tags,
                    user=user,
                )
                status = "created"
                record = existing or ImportedItem()
            record.guid, record.url = guid[:500], url[:500]
            record.article, record.digest = article, digest
            record.feed = feed or record.feed
            record.missing_figures = missing
            record.save()
            if redirect_from:
                record_redirect(redirect_from, article)
    except (ValueError, ValidationError, DatabaseError) as exc:
        raise ImportFailed(f"could not be saved ({exc})") from exc
    return status, article, notes


def save_story_into_report(
    report: ImportReport, parsed: ParsedArticle, **options: Any
) -> None:
    """``save_story`` for one item of a batch: its outcome goes into ``report``."""
    label = parsed.headline or options.get("url") or "(untitled)"
    try:
        status, article, notes = save_story(parsed, **options)
    except ImportFailed as exc:
        report.failed.append((label, str(exc)))
        return
    report.record(status, label)
    report.notes.extend(notes)
    if article is not None:
        report.articles.append(article)


def find_imported_item(*, guid: str = "", url: str = "") -> ImportedItem | None:
    if guid:
        found = ImportedItem.objects.filter(guid=guid[:500]).first()
        if found is not None:
            return found
    if url:
        return ImportedItem.objects.filter(url=url[:500]).first()
    return None


def _digest(
    parsed: ParsedArticle, authors: Sequence[Person], tags: Sequence[str]
) -> str:
    data = {
        "parsed": parsed.to_dict(),
        "authors": [str(a) for a in authors],
        "tags": sorted(str(t) for t in tags),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def record_redirect(old_url: str, article: Page) -> None:
    """Send the old permalink to the story (updated when it already exists)."""
    from wagtail.contrib.redirects.models import Redirect

    path = Redirect.normalise_path(old_url)
    if path in {"", "/"}:
        return
    Redirect.objects.update_or_create(
        old_path=path[:255],
        site=None,
        defaults={"redirect_page": article, "redirect_link": "", "is_permanent": True},
    )
