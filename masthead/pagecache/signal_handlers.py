"""Every editorial change that readers can see purges the page cache.

A story's change purges by surrogate key (``surrogates.keys_for_page_change``):
the pages that link it, its section and front page, and the recent-story lists.
A change to the front page or a section (the navigation every page shows), the
site, its settings or view restrictions purges the whole site (the generation).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core.purge import is_shown_on_pages

from . import surrogates
from .services import purge_pages, purge_site_cache, urls_showing_page

# Wagtail's rows that decide what a host or a page serves: purged on create too.
# Other apps' models shown on pages are declared in their ready() (core.purge).
STRUCTURE_MODELS = ("wagtailcore.Site", "wagtailcore.PageViewRestriction")


def is_in_navigation(page) -> bool:
    """A site's front page or one of its sections (the section nav on every page)."""
    paths = {page.path, page.path[: -page.steplen]}
    return Site.objects.filter(root_page__path__in=paths).exists()


def purge_for_page(page, *, reason: str, parents=()) -> None:
    urls = urls_showing_page(page, parents=parents)
    was_a_section = Site.objects.filter(
        root_page__path__in=[parent.path for parent in parents]
    ).exists()
    if was_a_section or is_in_navigation(page):
        purge_site_cache(reason=reason, urls=urls)
        return
    purge_pages(
        keys=surrogates.keys_for_page_change(page, parents=parents),
        urls=urls,
        reason=reason,
    )


def page_changed(sender, instance, **kwargs):
    purge_for_page(instance, reason=f"page {instance.pk} changed")


def page_moved(sender, instance, parent_page_before=None, **kwargs):
    parents = (parent_page_before,) if parent_page_before is not None else ()
    purge_for_page(instance, reason=f"page {instance.pk} moved", parents=parents)


def page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) or not instance.live:
        return
    if is_in_navigation(instance):
        purge_site_cache(reason=f"page {instance.pk} deleted")
    else:
        purge_pages(
            keys={
                surrogates.page_key(instance.pk),
                surrogates.served_key(instance.pk),
                surrogates.LATEST,
                surrogates.ANY_PAGE,
                *(
                    surrogates.served_key(pk)
                    for pk in Page.objects.filter(
                        path__in=[
                            instance.path[:end]
                            for end in range(
                                instance.steplen, len(instance.path), instance.steplen
                            )
                        ]
                    ).values_list("pk", flat=True)
                ),
            },
            reason=f"page {instance.pk} deleted",
        )


def shown_object_changed(sender, instance, created=False, **kwargs):
    # Apps declare such models in their ready() (core.purge), in any app order, so
    # the handler listens to every model and keeps only the declared ones.
    if not is_shown_on_pages(sender):
        return
    # A new photo, person or tag shows nowhere until a page that uses it is published.
    if created:
        return
    purge_site_cache(reason=f"{sender._meta.label} {instance.pk} changed")


def structure_changed(sender, instance, **kwargs):
    # A new site or view restriction changes what a host or page serves at once:
    # purge on create too (this also renews core.sitecache's remembered rows).
    purge_site_cache(reason=f"{sender._meta.label} {instance.pk} changed")


def register_signal_handlers():
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    post_delete.connect(page_deleted, dispatch_uid="pagecache-page-deleted")
    for label in STRUCTURE_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                structure_changed,
                sender=apps.get_model(label),
                dispatch_uid=f"pagecache-structure-{label}",
            )
    for signal in (post_save, post_delete):
        signal.connect(shown_object_changed, dispatch_uid="pagecache-shown-on-pages")
