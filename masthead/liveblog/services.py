"""Writes to live blogs: start one, add an entry. An entry is added the way the
admin adds it (a new revision of the blog, published), so the page cache purges
on commit like for any publish and readers' polls see it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from masthead.articles.services import add_story, unique_child_slug

from .models import LiveBlogEntry, LiveBlogPage


@transaction.atomic
def create_live_blog(
    *,
    section: Page,
    headline: str,
    standfirst: str = "",
    authors: Iterable = (),
    tags: Iterable[str] = (),
    publish: bool = True,
    user=None,
) -> LiveBlogPage:
    """A live blog under ``section`` with its byline, published unless told not."""
    blog = LiveBlogPage(
        title=headline.strip()[:255],
        slug=unique_child_slug(section, headline),
        standfirst=standfirst.strip(),
        live=False,
    )
    return add_story(
        section=section,
        story=blog,
        authors=authors,
        tags=tags,
        publish=publish,
        user=user,
    )


@transaction.atomic
def add_live_blog_entry(
    *,
    blog: LiveBlogPage,
    body: str,
    headline: str = "",
    author=None,
    is_key_event: bool = False,
    posted_at: datetime | None = None,
    user=None,
) -> LiveBlogEntry:
    """Add an entry (``body`` is rich-text HTML) to the blog's latest revision and
    publish it. Any other unpublished draft changes are published with it, as
    when an editor presses Publish in the admin."""
    # A fresh copy: the caller's may be stale, or hold entries added to it in
    # memory. Without a pending draft this is the live row with its entries.
    blog = LiveBlogPage.objects.get(pk=blog.pk).get_latest_revision_as_object()
    entry = LiveBlogEntry(
        headline=headline.strip()[:255],
        body=body,
        author=author,
        is_key_event=is_key_event,
        posted_at=posted_at or timezone.now(),
    )
    blog.entries.add(entry)
    blog.save_revision(user=user, log_action=True).publish(user=user)
    return LiveBlogEntry.objects.filter(page=blog).order_by("-pk").first()
