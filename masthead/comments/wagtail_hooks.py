"""Admin: the moderation queue in the menu for moderators (not only superusers),
and a "Comments" item in the header menu of stories and sections."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import services
from .models import Comment
from .views import admin as views

admin_urlpatterns = [
    path("", views.queue, name="queue"),
    path("banned/", views.banned, name="banned"),
    path("banned/<int:user_id>/lift/", views.lift, name="lift"),
    path("<int:comment_id>/<slug:action>/", views.act, name="act"),
    path("page/<int:page_id>/", views.page_settings, name="page"),
]


@hooks.register("register_admin_urls")
def register_comments_admin_urls():
    return [path("comments/", include((admin_urlpatterns, "comments_admin")))]


class QueueMenuItem(MenuItem):
    """'Comments (3)': the number waiting, worked out for each admin page."""

    def is_shown(self, request):
        return services.can_moderate(request.user)

    def render_component(self, request):
        waiting = Comment.objects.waiting().count()
        self.label = f"Comments ({waiting})" if waiting else "Comments"
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        "Comments",
        reverse("comments_admin:queue"),
        name="comments",
        icon_name="comment",
        order=260,
    )


class PageCommentsMenuItem(PageMenuItem):
    label = "Comments"
    icon_name = "comment"
    url_name = "comments_admin:page"
    priority = 67

    def is_shown(self, user):
        return services.can_moderate(user) and self.page.specific_class.__name__ in (
            "ArticlePage",
            "SectionPage",
        )


@hooks.register("register_page_header_buttons")
def comments_header_button(page, user, view_name, next_url=None):
    yield PageCommentsMenuItem(page=page)
