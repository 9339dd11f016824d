from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import services, views

admin_urlpatterns = [
    path("story/<int:page_id>/", views.story, name="story"),
    path("export.csv", views.export_csv, name="export"),
]


@hooks.register("register_admin_urls")
def register_readership_urls():
    # Wagtail's admin URLs require a signed-in user with admin access.
    return [path("readership/", include((admin_urlpatterns, "readership_admin")))]


class MostReadPanel(Component):
    """The dashboard's "Most read, last 24 hours", linking each story's numbers."""

    name = "most_read"
    order = 150
    template_name = "readership/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {"stories": services.compute_most_read(window="24h", limit=10)}


@hooks.register("construct_homepage_panels")
def add_most_read_panel(request, panels):
    panels.append(MostReadPanel())


@hooks.register("register_admin_menu_item")
def register_readership_menu_item():
    return MenuItem(
        "Page views (CSV)",
        reverse("readership_admin:export"),
        name="page-views",
        icon_name="download",
        order=900,
    )
