"""Admin: the Import screen and the feed subscriptions (a snippet viewset)."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import FeedSubscription
from .placeholders import describe_pending_pictures


class FeedSubscriptionViewSet(SnippetViewSet):
    model = FeedSubscription
    icon = "link"
    menu_label = "Feed subscriptions"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "url", "section", "publish", "last_polled_at", "last_error"]


register_snippet(FeedSubscriptionViewSet)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("import/", views.import_view, name="masthead_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import", reverse("masthead_import"), icon_name="download", order=300
    )


@hooks.register("before_edit_page")
def warn_about_pending_pictures(request, page):
    # Placeholders render as nothing on the public page; the editor must know.
    if request.method == "GET":
        notice = describe_pending_pictures(page.pk)
        if notice:
            messages.warning(request, notice)
