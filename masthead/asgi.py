"""ASGI entry point: HTTP goes to Django, WebSockets to the live chat consumers."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.base")

# Django must be set up before the consumers (and their models) are imported.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from masthead.contact.routing import websocket_urlpatterns  # noqa: E402
from masthead.pagecache.asgi import PageCacheApp  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Cached pages are answered before Django builds a request (see pagecache).
        "http": PageCacheApp(django_application),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
