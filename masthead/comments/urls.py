from django.conf import settings
from django.urls import path

from .views import reader

app_name = "comments"

_threads = settings.MASTHEAD_COMMENTS_PREFIX.lstrip("/")
_fragments = settings.MASTHEAD_FRAGMENTS_PREFIX.lstrip("/")

urlpatterns = [
    path(f"{_threads}<int:page_id>/", reader.thread_page, name="thread"),
    path(f"{_threads}<int:page_id>/thread/", reader.thread_fragment, name="fragment"),
    path(f"{_threads}<int:page_id>/post/", reader.post, name="post"),
    path(f"{_threads}report/<int:comment_id>/", reader.report, name="report"),
    path(f"{_fragments}comments/<int:page_id>/count/", reader.count, name="count"),
    path(
        f"{_fragments}comments/<int:page_id>/thread/",
        reader.public_thread_fragment,
        name="public_fragment",
    ),
]
