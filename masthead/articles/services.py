"""Writes to articles. Other apps (ingest, demo) create, revise and publish stories
here; nothing else sets an ``ArticlePage``'s fields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from .models import ArticleAuthor, ArticlePage

StoryT = TypeVar("StoryT", bound=ArticlePage)


def find_article_by_source_id(source_id: str) -> ArticlePage | None:
    if not source_id:
        return None
    return ArticlePage.objects.filter(source_id=source_id).first()


def unique_child_slug(parent: Page, text: str) -> str:
    base = slugify(text)[:70].strip("-") or "story"
    slug, n = base, 1
    while Page.objects.child_of(parent).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_article(
    *,
    section: Page,
    headline: str,
    standfirst: str = "",
    body: Sequence[tuple[str, Any]] = (),
    lead_image=None,
    lead_caption: str = "",
    lead_credit: str = "",
    lead_alt: str = "",
    authors: Iterable = (),
    tags: Iterable[str] = (),
    source_name: str = "",
    source_url: str = "",
    source_id: str = "",
    source_published_at: datetime | None = None,
    canonical_is_source: bool = False,
    publish: bool = False,
    first_published_at: datetime | None = None,
    user=None,
) -> ArticlePage:
    """Create a story under ``section`` as a draft, or published when ``publish``.

    ``body`` is a list of ``(block_type, value)`` pairs of ``ArticleBodyBlock``.
    ``first_published_at`` keeps an imported story's original date.
    """
    article = ArticlePage(
        title=headline.strip()[:255],
        slug=unique_child_slug(section, headline),
        standfirst=standfirst.strip(),
        body=list(body),
        lead_image=lead_image,
        lead_caption=lead_caption,
        lead_credit=lead_credit,
        lead_alt=lead_alt,
        source_name=source_name,
        source_url=source_url,
        source_id=source_id,
        source_published_at=source_published_at,
        canonical_is_source=canonical_is_source,
        first_published_at=first_published_at,
        live=False,
    )
    return add_story(
        section=section,
        story=article,
        authors=authors,
        tags=tags,
        publish=publish,
        user=user,
    )


def add_story(
    *,
    section: Page,
    story: StoryT,
    authors: Iterable = (),
    tags: Iterable[str] = (),
    publish: bool = False,
    user=None,
) -> StoryT:
    """Put a new, unsaved story of any kind (an article, a live blog) under
    ``section`` with its byline and tags, as its first revision; published when
    ``publish``. The caller owns the transaction."""
    story.authors = [ArticleAuthor(person=person) for person in authors]
    story.tags.set(list(tags))
    section.add_child(instance=story)
    revision = story.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        story.refresh_from_db()
    return story


@transaction.atomic
def update_article(
    *,
    article: ArticlePage,
    headline: str,
    standfirst: str = "",
    body: Sequence[tuple[str, Any]] = (),
    lead_image=None,
    lead_caption: str = "",
    lead_credit: str = "",
    lead_alt: str = "",
    authors: Iterable | None = None,
    tags: Iterable[str] | None = None,
    source_name: str = "",
    source_url: str = "",
    source_published_at: datetime | None = None,
    publish: bool = False,
    user=None,
) -> ArticlePage:
    """Save the given content as a new revision of ``article``; returns the story.

    Every content field is replaced; ``authors`` and ``tags`` left as None keep the
    story's own. The revision is published only when ``publish``; otherwise the
    live page is untouched and the revision waits as a draft.
    """
    article = article.specific
    article.title = headline.strip()[:255]
    article.draft_title = article.title
    article.standfirst = standfirst.strip()
    article.body = list(body)
    article.lead_image = lead_image
    article.lead_caption = lead_caption
    article.lead_credit = lead_credit
    article.lead_alt = lead_alt
    article.source_name = source_name
    article.source_url = source_url
    article.source_published_at = source_published_at
    if authors is not None:
        article.authors = [ArticleAuthor(person=person) for person in authors]
    if tags is not None:
        article.tags.set(list(tags))
    revision = article.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        article.refresh_from_db()
    return article
