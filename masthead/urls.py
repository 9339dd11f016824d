from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Masthead's own account endpoints (state, overview, delete) before allauth's.
    path("accounts/", include("masthead.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("contact/", include("masthead.contact.urls")),
    path("authors/", include("masthead.people.urls")),
    path("live/", include("masthead.liveblog.urls")),
    path("preview/", include("masthead.previews.urls")),
    # /healthz, /readyz and /metrics: for the load balancer and the monitoring.
    path("", include("masthead.operations.urls")),
    # Feeds, sitemaps, robots.txt, search and tag pages: public, before Wagtail.
    path("", include("masthead.feeds.urls")),
    path("", include("masthead.search.urls")),
]

if settings.MASTHEAD_SERVE_MEDIA:
    # Embedded mode serves uploaded photos itself; production puts them behind the
    # proxy or on object storage and turns this off.
    urlpatterns.append(
        re_path(
            r"^media/(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# A database outage answers 503 even when it struck before a view ran.
handler500 = "masthead.operations.views.server_error"

# Wagtail serves every other path from the page tree; it must stay last.
urlpatterns.append(path("", include(wagtail_urls)))
