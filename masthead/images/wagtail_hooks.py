from django.urls import path
from wagtail import hooks

from .views import NewsImageCreateView, original_file


@hooks.register("register_admin_urls")
def register_image_upload_url():
    # Registered before wagtail.images' own URLs (this app is listed first), so this
    # path wins; the URL name stays Wagtail's.
    return [
        path("images/add/", NewsImageCreateView.as_view()),
        # h-headers (issue 17): originals only here, permission-checked.
        path(
            "images/<int:image_id>/original/",
            original_file,
            name="masthead_image_original",
        ),
    ]
