"""Writes other apps' events trigger in ingest (see ``signal_handlers``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import ImportedItem

if TYPE_CHECKING:
    from masthead.articles.models import ArticlePage

# The same grace the article page gives a republish before it counts as an update.
ORIGINAL_DATE_MARGIN = timedelta(minutes=10)


def record_first_publication(*, article: ArticlePage) -> None:
    """On an imported story's first publication here, date its last change by
    its source, not by the moment an editor pressed Publish."""
    record = ImportedItem.objects.filter(
        article_id=article.pk, went_live_at=None
    ).first()
    if record is None:
        return
    now = timezone.now()
    ImportedItem.objects.filter(pk=record.pk).update(went_live_at=now)
    first = article.first_published_at
    if first is None or now - first < ORIGINAL_DATE_MARGIN:
        return  # no original date was kept: the story is new here
    moment = max(record.source_modified_at or first, first)
    type(article).objects.filter(pk=article.pk).update(last_published_at=moment)
    article.last_published_at = moment
