"""Every editorial change that readers can see purges the page cache."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import purge_site_cache, urls_showing_page

# Models whose rows appear on public pages (bylines, photo credits, settings shown in
# the header and footer, the site's name and root, tags).
SHOWN_ON_PAGES = (
    "people.Person",
    "images.NewsImage",
    "core.NewsroomSettings",
    "taggit.Tag",
)


def page_changed(sender, instance, **kwargs):
    purge_site_cache(
        reason=f"page {instance.pk} changed", urls=urls_showing_page(instance)
    )


def page_moved(sender, instance, url_path_before="", **kwargs):
    purge_site_cache(
        reason=f"page {instance.pk} moved", urls=urls_showing_page(instance)
    )


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_site_cache(reason=f"page {instance.pk} deleted")


def shown_object_changed(sender, instance, created=False, **kwargs):
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
    for label in ("wagtailcore.Site", "wagtailcore.PageViewRestriction"):
        for signal in (post_save, post_delete):
            signal.connect(
                structure_changed,
                sender=apps.get_model(label),
                dispatch_uid=f"pagecache-structure-{label}",
            )
    for label in SHOWN_ON_PAGES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for signal in (post_save, post_delete):
            signal.connect(
                shown_object_changed, sender=model, dispatch_uid=f"pagecache-{label}"
            )
