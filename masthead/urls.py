from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.accounts.views import admin_login
from masthead.images.views import public_media
from masthead.operations.csp import report_view as csp_report_view
from masthead.readership.views import about_counting

urlpatterns = [
    # h-door (issue 17): one door. The admin's login is allauth's (same limits,
    # lockout and second factor as /accounts/login/), before Wagtail's own.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Masthead's own account endpoints (state, overview, delete) before allauth's.
    path("accounts/", include("masthead.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("contact/", include("masthead.contact.urls")),
    path("newsletters/", include("masthead.newsletters.urls")),
    path("authors/", include("masthead.people.urls")),
    path("live/", include("masthead.liveblog.urls")),
    path("preview/", include("masthead.previews.urls")),
    # /healthz, /readyz and /metrics: for the load balancer and the monitoring.
    path("", include("masthead.operations.urls")),
    # h-headers (issue 17): CSP violation reports, logged; an uncached prefix.
    path(
        settings.MASTHEAD_CSP_REPORT_URL.lstrip("/"),
        csp_report_view,
        name="csp_report",
    ),
    # Readership (issue 19): the "Most read" fragment and what is counted.
    path(
        settings.MASTHEAD_FRAGMENTS_PREFIX.lstrip("/"),
        include("masthead.readership.urls"),
    ),
    path("privacy/counting/", about_counting, name="about_counting"),
    # Content API (issue 20): /api/v1/…, JSON only, with its own JSON 404s.
    path("api/", include("masthead.api.urls")),
    # Comments (issue 20): threads under /comments/ (uncached, per reader) and the
    # cached count fragment under the fragments prefix.
    path("", include("masthead.comments.urls")),
]
# h-i18n (issue 20): feeds, sitemaps, search, tag pages and the page tree speak
# the URL's language. The default language keeps today's unprefixed URLs; the
# others answer under their prefix (/ar/feeds/rss/, /ar/search/, /ar/<story>/).
urlpatterns += i18n_patterns(
    # Feeds, sitemaps, robots.txt, search and tag pages: public, before Wagtail.
    path("", include("masthead.feeds.urls")),
    path("", include("masthead.search.urls")),
    prefix_default_language=False,
)

if settings.MASTHEAD_SERVE_MEDIA:
    # Embedded mode serves uploaded photos itself; production puts them behind the
    # proxy or on object storage and turns this off.
    # h-headers (issue 17): renditions only (Wagtail's "images/" folder); original
    # uploads stay private, shown to staff by the admin's permission-checked view.
    urlpatterns.append(
        re_path(
            r"^media/(?P<path>images/.*)$",
            public_media,
        )
    )

# A database outage answers 503 even when it struck before a view ran.
handler500 = "masthead.operations.views.server_error"

# Wagtail serves every other path from the page tree; it must stay last.
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)), prefix_default_language=False
)
