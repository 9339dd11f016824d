"""``masthead serve``: gunicorn's arbiter forking uvicorn workers from a loaded app.

Why this shape (figures in bench/ and docs/architecture.md):

- The app is loaded once, in the arbiter, then forked (``preload_app``): the workers
  share Django, Wagtail and the compiled templates copy-on-write instead of each
  importing its own. ``gc.freeze()`` just before forking moves everything loaded so
  far out of the collector's sight, so a collection neither copies those shared pages
  nor walks them (a full collection of the whole heap was a long pause under load).
- Each worker runs uvicorn (uvloop, httptools): the page cache answers hits on the
  event loop (``pagecache.asgi``); misses go to Django through a fixed pool of
  threads (``masthead.asgi``).
- gunicorn restarts a worker that dies, and stops gracefully on SIGTERM.
"""

from __future__ import annotations

import gc

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

from masthead.settings import env

# Templates every public page compiles on first use; compiled before the fork so the
# workers share them.
WARM_TEMPLATES = (
    "base.html",
    "articles/article_page.html",
    "home/home_page.html",
    "sections/section_page.html",
    "components/story_card.html",
    "components/figure.html",
    "404.html",
)


class Worker(UvicornWorker):
    CONFIG_KWARGS = {
        "loop": "uvloop",
        "http": "httptools",
        "lifespan": "off",
        "server_header": False,
        "proxy_headers": True,
        # Access logs are the reverse proxy's; formatting one per hit costs more
        # than serving the hit.
        "access_log": False,
    }


def warm_up() -> None:
    """Import and compile what the first request would, without touching the
    database or Redis (their connections must not be shared across the fork)."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every app's views)
    for name in WARM_TEMPLATES:
        get_template(name)


def freeze_before_fork(server, worker) -> None:
    # Nothing opened here may be shared by the workers: close any database
    # connection (and psycopg pool) or Redis client the loading made.
    from django.core.cache import caches
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    caches.close_all()
    gc.collect()
    gc.freeze()


class Server(BaseApplication):
    def __init__(self, *, host: str, port: int, workers: int, log_level: str):
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "masthead.server.Worker",
            "preload_app": True,
            "pre_fork": freeze_before_fork,
            "keepalive": 5,
            "timeout": 60,
            "graceful_timeout": 20,
            "backlog": 2048,
            "forwarded_allow_ips": env.get_str("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "accesslog": None,
            "loglevel": log_level,
            "proc_name": "masthead",
            # gunicorn 25 would otherwise leave a control socket in the working
            # directory; workers are managed with signals (HUP, TERM, TTIN/TTOU).
            "control_socket_disable": True,
        }
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from masthead.asgi import application

        warm_up()
        return application


def serve(host: str, port: int, *, workers: int, log_level: str = "info") -> None:
    Server(host=host, port=port, workers=workers, log_level=log_level).run()
