"""A story's translations link each other (switcher, hreflang): publishing,
withdrawing or deleting one translation purges the pages of the others."""

from django.db.models.signals import post_delete
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished

from masthead.pagecache import surrogates
from masthead.pagecache.services import purge_pages, purge_site_cache

# A translated front page or section changes the site's root paths and its
# navigation in that language, as the default ones do (pagecache.signal_handlers).
NAVIGATION_DEPTH = 3


def purge_translations_of(page) -> None:
    if page.depth <= NAVIGATION_DEPTH and page.locale_id != Locale.get_default().pk:
        purge_site_cache(reason=f"translated page {page.pk} changed")
        return
    others = list(
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values_list("pk", flat=True)
    )
    if others:
        purge_pages(
            keys={
                key
                for pk in others
                for key in (surrogates.page_key(pk), surrogates.served_key(pk))
            },
            reason=f"translation {page.pk} changed",
        )


def translation_changed(sender, instance, **kwargs):
    purge_translations_of(instance)


def translation_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_translations_of(instance)


def connect() -> None:
    page_published.connect(translation_changed, dispatch_uid="languages_published")
    page_unpublished.connect(translation_changed, dispatch_uid="languages_unpublished")
    post_delete.connect(translation_deleted, dispatch_uid="languages_deleted")
