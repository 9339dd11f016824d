"""Admin: a "Share preview link" item in the page's header menu and page listing,
leading to the page's preview links."""

from django.urls import include, path
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import services, views


class SharePreviewMenuItem(PageMenuItem):
    label = "Share preview link"
    icon_name = "link"
    url_name = "previews_admin:page"
    priority = 66

    def is_shown(self, user):
        return services.can_share_preview(user, self.page)


@hooks.register("register_admin_urls")
def register_preview_admin_urls():
    urls = [
        path("<int:page_id>/", views.page_preview_links, name="page"),
    ]
    return [path("previews/", include((urls, "previews_admin")))]


@hooks.register("register_page_header_buttons")
def preview_header_button(page, user, view_name, next_url=None):
    yield SharePreviewMenuItem(page=page)


@hooks.register("register_page_listing_more_buttons")
def preview_listing_button(page, user, next_url=None):
    yield SharePreviewMenuItem(page=page)
