from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .models import Conversation
from .services.presence import can_answer_messages
from .views import admin as admin_views

admin_urlpatterns = [
    path("", admin_views.inbox, name="inbox"),
    path("export.csv", admin_views.export_csv, name="export"),
    path("heartbeat/", admin_views.heartbeat, name="heartbeat"),
    path("away/", admin_views.away, name="away"),
    path("available/", admin_views.available, name="available"),
    path("<int:pk>/", admin_views.conversation, name="conversation"),
    path("<int:pk>/chat/", admin_views.chat, name="chat"),
]


@hooks.register("register_admin_urls")
def register_contact_urls():
    return [path("contact/", include((admin_urlpatterns, "contact_admin")))]


class InboxMenuItem(MenuItem):
    """'Reader messages (3)': the count is worked out for each admin page."""

    def is_shown(self, request):
        return can_answer_messages(request.user)

    def render_component(self, request):
        unread = Conversation.objects.unread().count()
        self.label = f"Reader messages ({unread})" if unread else "Reader messages"
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        "Reader messages",
        reverse("contact_admin:inbox"),
        name="reader-messages",
        icon_name="mail",
        order=250,
    )


@hooks.register("insert_global_admin_js")
def insert_presence_heartbeat():
    # Every admin page reports that its user is here; the script stays quiet for
    # users without the contact permission (the endpoint says they don't count).
    return format_html(
        '<script defer src="{}" data-heartbeat-url="{}"></script>',
        static("contact/admin-presence.js"),
        reverse("contact_admin:heartbeat"),
    )


@hooks.register("insert_global_admin_css")
def insert_contact_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("contact/admin.css"))
