"""ASGI entry point: HTTP goes to Django, WebSockets to the live chat consumers.

Django's views are all synchronous, so HTTP reaches Django as WSGI, run by a fixed
pool of threads (a2wsgi) rather than by Django's ASGI handler, which starts a thread
per request and re-enters the event loop for each middleware: a cold page cost 20%
less CPU this way (bench/), and each thread keeps its database connection.
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")

# Django must be set up before the consumers (and their models) are imported.
django_wsgi = get_wsgi_application()

from django.conf import settings  # noqa: E402

django_application = WSGIMiddleware(django_wsgi, workers=settings.MASTHEAD_THREADS)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from masthead.contact.routing import websocket_urlpatterns  # noqa: E402
from masthead.pagecache.asgi import PageCacheApp  # noqa: E402
from masthead.pagecache.static import StaticFilesApp  # noqa: E402
from masthead.readership.asgi import CountingApp  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Static files and cached pages are answered before Django builds a
        # request (see pagecache); every page sent, hit or not, is counted
        # (readership: no cookie, no IP).
        "http": StaticFilesApp(CountingApp(PageCacheApp(django_application))),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
