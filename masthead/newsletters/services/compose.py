"""Filling an issue with stories: the day's most read, else the newest."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Issue

TOP_STORIES = 8


def find_top_stories(newsletter, *, limit: int = TOP_STORIES) -> list[int]:
    """Ids of the day's most read live stories (of the list's section, if it has
    one), topped up with the newest of the last two days."""
    from masthead.articles.models import ArticlePage
    from masthead.readership.services import most_read

    section = newsletter.section
    ids = [item.page_id for item in most_read(section, window="24h", limit=limit)]
    if len(ids) < limit:
        newest = ArticlePage.objects.live().public()
        if section is not None:
            newest = newest.in_section(section)
        since = timezone.now() - datetime.timedelta(days=2)
        newest = newest.filter(first_published_at__gte=since).exclude(pk__in=ids)
        ids += list(
            newest.order_by("-first_published_at").values_list("pk", flat=True)[
                : limit - len(ids)
            ]
        )
    return ids


def fill_from_top_stories(*, issue: Issue) -> int:
    """Replace the issue's stories with the top stories; returns how many."""
    ids = find_top_stories(issue.newsletter)
    issue.stories.set(ids)
    return len(ids)
