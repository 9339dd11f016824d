"""The baseline: a stock Wagtail 8 site serving the same article, uncached.

``wagtail start`` makes the project (the same Wagtail and Django versions Masthead
pins), one page type is added to its ``home`` app (headline, standfirst, rich-text
body: what a newcomer would write), and the reference article's text is loaded into
it on PostgreSQL. It is served the way the project template's Dockerfile serves it:
gunicorn with sync workers, one per core. Nothing is tuned and nothing is cached.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

DB = "masthead_bench_stock"

MODEL = """

from wagtail.fields import RichTextField


class ArticlePage(Page):
    standfirst = models.TextField(blank=True)
    body = RichTextField(blank=True)
"""

TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<p>{{ page.standfirst }}</p>
{{ page.body|richtext }}
</article>
{% endblock %}
"""

LOCAL_SETTINGS = """
DEBUG = False
SECRET_KEY = "bench-stock-" + "k" * 50
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql",
    "NAME": "{db}", "USER": "postgres", "HOST": "127.0.0.1", "PORT": 5432}}}}
LOGGING = {{"version": 1, "disable_existing_loggers": False}}
"""

# The anchor the brief quotes ("stock Wagtail 8 with Django's page cache"): Django's
# per-site cache middleware, local memory per worker, nothing else changed.
CACHED_SETTINGS = """
from .production import *  # noqa
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHE_MIDDLEWARE_SECONDS = 600
"""

LOAD = """
import json
from wagtail.models import Site
from home.models import ArticlePage
data = json.load(open({path!r}))
home = Site.objects.get(is_default_site=True).root_page
page = home.add_child(instance=ArticlePage(title=data["title"], slug="story",
    standfirst=data["standfirst"], body=data["body"]))
page.save_revision().publish()
"""


def article_parts(masthead_html: str) -> dict:
    """Headline, standfirst and body paragraphs of Masthead's rendered article."""
    title = re.search(r"<h1[^>]*>(.*?)</h1>", masthead_html, re.S).group(1)
    body_html = re.search(
        r'<div class="article__body[^"]*"[^>]*>(.*)</article>', masthead_html, re.S
    )
    paragraphs = re.findall(
        r"<p>(.*?)</p>", body_html.group(1) if body_html else masthead_html, re.S
    )
    body = "".join(f"<p>{html.unescape(p).strip()}</p>" for p in paragraphs)
    return {
        "title": html.unescape(re.sub(r"<[^>]+>", "", title)).strip(),
        "standfirst": "",
        "body": re.sub(r"<(?!/?p>)[^>]+>", "", body),  # plain paragraphs only
    }


def build(work: Path, masthead_html: str) -> tuple[Path, str]:
    """Create, migrate and load the stock site; returns (project dir, article path)."""
    project = work / "stock"
    project.mkdir()
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run([str(wagtail), "start", "stock", str(project)], check=True)
    with open(project / "home" / "models.py", "a") as models:
        models.write(MODEL)
    (project / "home" / "templates" / "home" / "article_page.html").write_text(TEMPLATE)
    (project / "stock" / "settings" / "local.py").write_text(
        LOCAL_SETTINGS.format(db=DB)
    )
    (project / "stock" / "settings" / "cached.py").write_text(CACHED_SETTINGS)
    for sql in (f"DROP DATABASE IF EXISTS {DB}", f"CREATE DATABASE {DB}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True
        )
    data = work / "stock-article.json"
    import json

    data.write_text(json.dumps(article_parts(masthead_html)))

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=project,
            env=stock_env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    manage("makemigrations", "home", "-v0")
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("shell", "-c", LOAD.format(path=str(data)))
    return project, "/story/"


def stock_env(settings: str = "production") -> dict:
    import os

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "DATABASE_", "REDIS_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = f"stock.settings.{settings}"
    return env


def start(
    project: Path, port: int, workers: int, *, cached: bool = False
) -> subprocess.Popen:
    """gunicorn, sync workers, as the template's Dockerfile runs it; ``cached`` adds
    Django's per-site cache middleware."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [
            str(gunicorn),
            "stock.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=project,
        env=stock_env("cached" if cached else "production"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
