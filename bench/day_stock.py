"""The day replay's baseline: stock Wagtail 8 with Django's per-site cache, holding
the same stories.

``bench/stock_wagtail.py`` makes the project (``wagtail start``, an article page
type with headline, standfirst and rich-text body, the per-site cache settings).
Added here: a section page type listing its 20 newest stories (what a newcomer
would write for a section), the planned stories' text loaded under sections with
the same URLs as on Masthead, and WhiteNoise for static files (Masthead serves
its own with WhiteNoise; without it the stock site would answer every stylesheet
with an uncached 404). Served as the template's Dockerfile does: gunicorn, sync
workers. The newsroom edits it through the same Wagtail calls
(``save_revision().publish()``); the per-site cache does not purge, so edits show
when an entry expires (``CACHE_MIDDLEWARE_SECONDS`` = 600).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import stock_wagtail

DB = "masthead_day_stock"  # not stock_wagtail.DB: bench/run.py may run alongside

SECTION_MODEL = """

class SectionPage(Page):
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            self.get_children().live().order_by("-first_published_at")[:20]
        )
        return context
"""

SECTION_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<h1>{{ page.title }}</h1>
<ul>{% for story in stories %}
<li><a href="{% pageurl story %}">{{ story.title }}</a></li>{% endfor %}
</ul>
{% endblock %}
"""

# Django's cache middleware marks nothing; this says which answers were hits (the
# only change to its behaviour is the added header).
MARKING = """
from django.middleware.cache import FetchFromCacheMiddleware


class MarkedFetchFromCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        response = super().process_request(request)
        if response is not None:
            response["X-Cache"] = "HIT"
        return response
"""

WHITENOISE = """
MIDDLEWARE[-1] = "home.marking.MarkedFetchFromCacheMiddleware"
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
"""

LOAD = """
import json
from django.db import transaction
from wagtail.models import Site
from home.models import ArticlePage, SectionPage
home = Site.objects.get(is_default_site=True).root_page
sections = {{}}
with transaction.atomic():
    for n, line in enumerate(open({path!r})):
        story = json.loads(line)
        section_slug, slug = story["url"].strip("/").split("/")[-2:]
        if section_slug not in sections:
            sections[section_slug] = home.add_child(instance=SectionPage(
                title=section_slug.replace("-", " ").title(), slug=section_slug))
        sections[section_slug].add_child(instance=ArticlePage(
            title=story["title"], slug=slug, standfirst=story["standfirst"],
            body=story["body"], live=True))
        if n % 2000 == 0:
            print(n, flush=True)
"""

EDIT = """
import json, random, time
from django.db import transaction
from home.models import ArticlePage
plan = json.load(open({plan!r}))
rng = random.Random(7)
weights = [1 / rank for rank in range(1, len(plan["articles"]) + 1)]
home = ArticlePage.objects.first().get_parent().get_parent()
every = 60 / {edits_per_min}
start = time.monotonic()
count = 0
while time.monotonic() - start < {seconds}:
    time.sleep(every)
    url = rng.choices(plan["articles"], weights=weights)[0]
    with transaction.atomic():
        page = ArticlePage.objects.get(slug=url.strip("/").split("/")[-1])
        page.standfirst += " [corrected]"
        page.save_revision().publish()
    count += 1
print(json.dumps({{"edits": count}}))
"""


def build(work: Path, stock_text: Path) -> Path:
    """Create and load the stock project; returns its directory."""
    project = work / "stock"
    project.mkdir()
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run(
        [str(wagtail), "start", "stock", str(project)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(project / "home" / "models.py", "a") as models:
        models.write(stock_wagtail.MODEL + SECTION_MODEL)
    (project / "home" / "marking.py").write_text(MARKING)
    templates = project / "home" / "templates" / "home"
    (templates / "article_page.html").write_text(stock_wagtail.TEMPLATE)
    (templates / "section_page.html").write_text(SECTION_TEMPLATE)
    (project / "stock" / "settings" / "local.py").write_text(
        stock_wagtail.LOCAL_SETTINGS.format(db=DB)
    )
    (project / "stock" / "settings" / "cached.py").write_text(
        stock_wagtail.CACHED_SETTINGS + WHITENOISE
    )
    for sql in (
        f"DROP DATABASE IF EXISTS {DB}",
        f"CREATE DATABASE {DB}",
    ):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True
        )
    manage(project, "makemigrations", "home", "-v0")
    manage(project, "migrate", "-v0")
    manage(project, "collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    manage(project, "shell", "-c", LOAD.format(path=str(stock_text)))
    print(f"  stock stories loaded in {time.monotonic() - started:.0f} s", flush=True)
    return project


def manage(project: Path, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project,
        env=stock_wagtail.stock_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        **kwargs,
    )


def start_editor(
    project: Path, plan: Path, *, seconds: float, edits_per_min: float
) -> subprocess.Popen:
    script = EDIT.format(
        plan=str(plan), seconds=seconds, edits_per_min=edits_per_min or 0.001
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=project,
        env=stock_wagtail.stock_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
