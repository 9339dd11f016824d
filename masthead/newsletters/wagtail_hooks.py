from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import admin

admin_urlpatterns = [
    path("issue/<int:pk>/send/", admin.send, name="send"),
    path("issue/<int:pk>/preview/", admin.preview, name="preview"),
    path("subscribers/export.csv", admin.export_subscribers, name="export"),
    path("subscribers/import/", admin.import_subscribers, name="import"),
]


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    # Wagtail's admin URLs require a signed-in user with admin access; each view
    # checks its own newsletter permission on top.
    return [path("newsletters/", include((admin_urlpatterns, "newsletters_admin")))]


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return [
        admin.IssueViewSet("newsletter_issues"),
        admin.NewsletterListViewSet("newsletter_lists"),
    ]


class SubscribersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletters.manage_subscribers")


@hooks.register("register_admin_menu_item")
def register_subscribers_menu_item():
    return SubscribersMenuItem(
        "Subscribers (CSV)",
        reverse("newsletters_admin:import"),
        name="newsletter-subscribers",
        icon_name="group",
        order=882,
    )
