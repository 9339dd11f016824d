"""Feed subscriptions, polled by the worker (registered in ``apps.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from .fetch import FetchError, fetch_url
from .models import FeedSubscription
from .parsers.feed import parse_feed
from .report import ImportFailed, ImportReport
from .saving import save_story_into_report

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def poll_feed(
    subscription: FeedSubscription, *, user: AbstractBaseUser | None = None
) -> ImportReport:
    """Fetch one subscription and import its items; errors are kept on it."""
    report = ImportReport()
    try:
        fetched = fetch_url(subscription.url)
        feed = parse_feed(fetched.content, url=fetched.url)
        if feed.error:
            raise ImportFailed(f"{subscription.url}: {feed.error}")
    except (FetchError, ImportFailed) as exc:
        report.failed.append((subscription.name, str(exc)))
    else:
        section = subscription.section.specific
        for item in feed.items:
            save_story_into_report(
                report,
                item.parsed,
                section=section,
                publish=subscription.publish,
                guid=item.guid,
                url=item.link,
                feed=subscription,
                user=user,
            )
    subscription.last_polled_at = timezone.now()
    subscription.last_error = "\n".join(f"{i}: {why}" for i, why in report.failed)
    subscription.last_summary = report.summary()[:255]
    subscription.save(update_fields=["last_polled_at", "last_error", "last_summary"])
    return report


def poll_feeds() -> ImportReport:
    """The worker's periodic job: poll every active subscription in turn."""
    report = ImportReport()
    for subscription in FeedSubscription.objects.filter(active=True):
        report.merge(poll_feed(subscription))
    return report
