"""An imported story's dates when an editor publishes it (issue 18).

Publishing sets ``last_published_at`` to now. For an imported draft that keeps
its source's original date, that would tell readers "Updated today" about a
story nobody changed. So on the story's first publication here its
``last_published_at`` becomes the source's own modification date (or its first
publication: no "updated" at all); later publications are real edits.
"""

from __future__ import annotations


def keep_source_dates_on_first_publish(sender, instance, **kwargs):
    from masthead.articles.models import ArticlePage

    from .services import record_first_publication

    if isinstance(instance, ArticlePage):
        record_first_publication(article=instance)


def register_signal_handlers():
    from wagtail.signals import page_published

    page_published.connect(
        keep_source_dates_on_first_publish,
        dispatch_uid="ingest-source-dates-on-first-publish",
    )
