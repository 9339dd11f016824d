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
from django.utils import timezone
from wagtail.models import Page

from masthead.articles import services as articles
from masthead.people.services import find_or_create_person

from .body import build_article_fields, parse_published
from .models import ImportedItem
from .parsers import ParsedArticle
from .pictures import can_arrive_later, collect_images, describe_missing_figure
from .placeholders import fill_record
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
    keep_original_date: bool = True,
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
    if first_published_at is None and keep_original_date:
        first_published_at = original_date(parsed.published)
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
    embargo: str | None = None,
) -> tuple[str, ArticlePage | None, list[str]]:
    """Create, update or skip one story; returns ``(status, article, notes)``.

    The item is found again by GUID, else URL. Unchanged content is skipped (unless
    a picture of it is still missing); changed content becomes a new revision of
    the same story (published only when ``publish`` and the story is live).
    ``authors`` (people) win; else the parsed bylines are matched to people by
    name, or created. The source's own dates are kept: the story's first
    publication is the original one, so an old item stays deep in "Latest" and out
    of the news sitemap. Everything is written in one transaction: a failure
    leaves nothing behind. An item under ``embargo`` (a wire item's time before
    which it must not be published) is never published early: asked to publish,
    it is scheduled for that time instead. Raises ``ImportFailed``.
    """
    if not parsed.headline.strip():
        raise ImportFailed("the document has no headline")
    if not parsed.paragraphs:
        raise ImportFailed("the document has no paragraphs")
    digest = story_digest(
        parsed, [str(a) for a in authors] or list(parsed.authors), tags
    )
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
            return _fill_unchanged(existing, parsed, fetch_images=fetch_images)
    images, missing, notes = (
        collect_images(parsed)
        if fetch_images
        else ([None] * len(parsed.figures), [], [])
    )
    if not fetch_images and parsed.figures:
        missing = [
            {
                **describe_missing_figure(f, "pictures were not fetched", retry=False),
                "index": i,
            }
            for i, f in enumerate(parsed.figures)
        ]
    embargoed_until = _future(embargo)
    schedule = publish and embargoed_until is not None
    if embargoed_until is not None:
        publish = False
        notes = [
            *notes,
            f"{parsed.headline}: embargoed until {embargoed_until.isoformat()}; "
            + ("scheduled to publish then" if schedule else "kept as a draft"),
        ]
    try:
        with transaction.atomic():
            people = list(authors) or find_people(parsed.authors)
            if existing is not None and existing.article is not None:
                article = update_imported_article(
                    existing.article,
                    parsed,
                    images=images,
                    publish=publish,
                    authors=people,
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
                    authors=people,
                    tags=tags,
                    user=user,
                    keep_original_date=embargoed_until is None,
                )
                status = "created"
                record = existing or ImportedItem()
            keep_source_dates(article, parsed, new=status == "created")
            if schedule and embargoed_until is not None:
                schedule_publication(article, embargoed_until, user=user)
            record.guid, record.url = guid[:500], url[:500]
            record.article, record.digest = article, digest
            record.feed = feed or record.feed
            record.missing_figures = missing
            record.source_modified_at = original_date(parsed.modified)
            if article.live and record.went_live_at is None:
                record.went_live_at = timezone.now()
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


def _fill_unchanged(
    existing: ImportedItem, parsed: ParsedArticle, *, fetch_images: bool
) -> tuple[str, ArticlePage | None, list[str]]:
    """An unchanged item is skipped, but a picture still missing from it is
    fetched again into its placeholder ("updated" when one arrives)."""
    waiting = [f for f in existing.missing_figures if can_arrive_later(f)]
    if not (waiting and fetch_images):
        return "skipped", existing.article, []
    arrived = fill_record(existing)
    left = len(waiting) - arrived
    notes = [f"{parsed.headline}: {left} picture(s) still missing"] if left else []
    return ("updated" if arrived else "skipped"), existing.article, notes


def _future(value: str | None) -> datetime | None:
    moment = parse_published(value)
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment if moment > timezone.now() else None


def schedule_publication(
    article: ArticlePage, when: datetime, *, user: AbstractBaseUser | None
) -> None:
    """Publish the story's latest revision at ``when`` (Wagtail's scheduled
    publishing: ``publish_scheduled`` makes it live then, not before)."""
    story = article.get_latest_revision_as_object()
    story.go_live_at = when
    revision = story.save_revision(user=user, log_action=True)
    revision.publish(user=user)


def find_people(names: Sequence[str]) -> list[Person]:
    """The byline's people: matched by exact name, created when missing."""
    people: list[Person] = []
    for name in dict.fromkeys(" ".join(n.split()) for n in names):
        if name and len(name) <= 120:
            person = find_or_create_person(name=name)
            if person not in people:
                people.append(person)
    return people


def original_date(value: str | None) -> datetime | None:
    """The source's date as an aware date-time, or None (none given, unreadable,
    or in the future: a story is never dated after it was imported)."""
    moment = parse_published(value)
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment if moment <= timezone.now() else None


def keep_source_dates(
    article: ArticlePage, parsed: ParsedArticle, *, new: bool
) -> None:
    """A live imported story says "updated" when its source did, not when it was
    imported: ``last_published_at`` is the source's modification date (its
    publication date for a new story, so no "updated" at all)."""
    if not article.live or article.first_published_at is None:
        return
    moment = original_date(parsed.modified) or (
        original_date(parsed.published) if new else None
    )
    if moment is None:
        return
    moment = max(moment, article.first_published_at)
    type(article).objects.filter(pk=article.pk).update(last_published_at=moment)
    article.last_published_at = moment


def find_imported_item(*, guid: str = "", url: str = "") -> ImportedItem | None:
    if guid:
        found = ImportedItem.objects.filter(guid=guid[:500]).first()
        if found is not None:
            return found
    if url:
        return ImportedItem.objects.filter(url=url[:500]).first()
    return None


def story_digest(
    parsed: ParsedArticle, authors: Sequence[str], tags: Sequence[str]
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
