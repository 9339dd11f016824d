"""The day replay's Masthead side, run inside Django (masthead settings, the bench's
database and Redis):

    python bench/day_newsroom.py plan OUT.json [--articles 20000] [--readers 40]
    python bench/day_newsroom.py stock-text PLAN.json OUT.jsonl
    python bench/day_newsroom.py edit PLAN.json --seconds S --edits-per-min E
        --entries-per-min L

``plan`` lists what readers ask for (the newest N stories by Zipf rank, sections,
tags, feeds, search words, the live blog), makes signed-in readers' sessions and an
Editor account. ``edit`` is the newsroom: it publishes a new story or corrects one
(one edit in three is a new story; the others correct a story picked by the
readers' Zipf)
and adds live-blog entries, through the services the admin's Publish button runs:
``Page.save_revision(user=…, log_action=True)`` then ``Revision.publish(user=…)``
(``articles.services.create_article``, ``liveblog.services.add_live_blog_entry``),
so the same signals, purges and on-commit tasks fire. The admin's form handling and
its HTTP request are not replayed (its StreamField form is built by script in a
browser). One JSON line per action goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from masthead.cli import setup_django

SEARCH_WORDS = 200


def site_relative(url_path: str, root_path: str) -> str:
    return "/" + url_path[len(root_path) :]


def make_plan(out: Path, *, articles: int, readers: int) -> None:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from taggit.models import Tag
    from wagtail.models import Site

    from masthead.articles.models import ArticlePage
    from masthead.demo.archive import WORDS
    from masthead.liveblog.models import LiveBlogPage
    from masthead.newsroom.roles import EDITOR
    from masthead.sections.models import SectionPage

    site = Site.objects.get(is_default_site=True)
    root = site.root_page.url_path
    stories = list(
        ArticlePage.objects.live()
        .public()
        .not_type(LiveBlogPage)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", "url_path")[:articles]
    )
    blog = LiveBlogPage.objects.live().order_by("-first_published_at").first()
    if blog is not None and not blog.is_live:
        blog = blog.get_latest_revision_as_object()
        blog.is_live = True
        blog.save_revision(log_action=True).publish()
    tags = (
        Tag.objects.annotate(uses=Count("taggit_taggeditem_items"))
        .order_by("-uses")
        .values_list("slug", flat=True)[:500]
    )
    users = get_user_model().objects
    editor, made = users.get_or_create(
        username="day-editor",
        defaults={"email": "day-editor@newsroom.example", "first_name": "Day"},
    )
    if made:
        editor.groups.add(Group.objects.get(name=EDITOR))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for n in range(readers):
        # No password: the session is made here, not by logging in.
        reader, _ = users.get_or_create(
            username=f"day-reader-{n}",
            defaults={"email": f"day-reader-{n}@example.com", "first_name": f"R{n}"},
        )
        session = store()
        session[SESSION_KEY] = str(reader.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    plan = {
        "articles": [site_relative(path, root) for _, path in stories],
        "article_ids": [pk for pk, _ in stories],
        "home": ["/"],
        "sections": [
            site_relative(path, root)
            for path in SectionPage.objects.live().values_list("url_path", flat=True)
        ],
        "tags": [f"/tags/{slug}/" for slug in tags],
        "feeds": [
            "/feeds/rss/",
            "/feeds/atom/",
            "/feeds/json/",
            "/sitemap.xml",
            "/sitemaps/news.xml",
        ],
        "search": [f"/search/?q={word}" for word in WORDS[:SEARCH_WORDS]],
        "liveblog": [site_relative(blog.url_path, root)] if blog else [],
        "liveblog_id": blog.pk if blog else None,
        "reader_cookies": cookies,
        "editor_id": editor.pk,
    }
    out.write_text(json.dumps(plan))
    print(f"plan: {len(plan['articles'])} stories, {len(plan['tags'])} tags")


def write_stock_text(plan_path: Path, out: Path) -> None:
    """Headline, standfirst and paragraph HTML of every planned story, for the
    stock site (figures and everything else are left out)."""
    from masthead.articles.models import ArticlePage

    plan = json.loads(plan_path.read_text())
    urls = dict(zip(plan["article_ids"], plan["articles"], strict=True))
    with out.open("w") as lines:
        for ids in (
            plan["article_ids"][i : i + 500]
            for i in range(0, len(plan["article_ids"]), 500)
        ):
            rows = ArticlePage.objects.filter(pk__in=ids).values_list(
                "pk", "title", "standfirst", "body"
            )
            for pk, title, standfirst, body in rows:
                paragraphs = [
                    block.value.source
                    for block in body
                    if block.block_type == "paragraph"
                    and hasattr(block.value, "source")
                ]
                lines.write(
                    json.dumps(
                        {
                            "url": urls[pk],
                            "title": title,
                            "standfirst": standfirst,
                            "body": "".join(paragraphs),
                        }
                    )
                    + "\n"
                )


def zipf_pick(rng: random.Random, count: int, exponent: float = 1.0) -> int:
    weights = [1 / rank**exponent for rank in range(1, count + 1)]
    return rng.choices(range(count), weights=weights)[0]


def run_newsroom(
    plan_path: Path, *, seconds: float, edits_per_min: float, entries_per_min: float
) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from masthead.articles.blocks import paragraph_from_text
    from masthead.articles.models import ArticlePage
    from masthead.articles.services import create_article
    from masthead.liveblog.models import LiveBlogPage
    from masthead.liveblog.services import add_live_blog_entry
    from masthead.sections.models import SectionPage

    plan = json.loads(plan_path.read_text())
    editor = get_user_model().objects.get(pk=plan["editor_id"])
    sections = list(SectionPage.objects.live())
    blog = (
        LiveBlogPage.objects.get(pk=plan["liveblog_id"])
        if plan["liveblog_id"]
        else None
    )
    rng = random.Random(7)  # noqa: S311 - a workload, not secrets
    ids = plan["article_ids"]
    weights = [1 / rank for rank in range(1, len(ids) + 1)]
    edit_every = 60 / edits_per_min if edits_per_min else None
    entry_every = 60 / entries_per_min if entries_per_min and blog else None
    start = time.monotonic()
    next_edit = start + (edit_every or 0) / 2
    next_entry = start + (entry_every or 0) / 2
    count = 0
    while time.monotonic() - start < seconds:
        now = time.monotonic()
        if edit_every and now >= next_edit:
            next_edit += edit_every
            began = time.monotonic()
            if count % 3 == 0:
                story = create_article(
                    section=rng.choice(sections),
                    headline=f"Breaking: day replay story {count} {time.time_ns()}",
                    standfirst="Published during the day replay.",
                    body=[("paragraph", paragraph_from_text("New text. " * 60))] * 4,
                    publish=True,
                    user=editor,
                )
                action = {"action": "publish", "page": story.pk}
            else:
                pk = rng.choices(ids, weights=weights)[0]
                with transaction.atomic():
                    page = ArticlePage.objects.get(
                        pk=pk
                    ).get_latest_revision_as_object()
                    page.standfirst = (
                        page.standfirst.split(" [corrected")[0]
                        + f" [corrected {time.strftime('%H:%M:%S')}]"
                    )
                    page.save_revision(user=editor, log_action=True).publish(
                        user=editor
                    )
                action = {"action": "correct", "page": pk}
            count += 1
            action["ms"] = round((time.monotonic() - began) * 1000, 1)
            print(json.dumps(action), flush=True)
        if entry_every and now >= next_entry:
            next_entry += entry_every
            began = time.monotonic()
            add_live_blog_entry(
                blog=blog,
                headline=f"Update at {time.strftime('%H:%M:%S')}",
                body="<p>" + "Latest from the scene. " * 12 + "</p>",
                user=editor,
            )
            print(
                json.dumps(
                    {
                        "action": "entry",
                        "page": blog.pk,
                        "ms": round((time.monotonic() - began) * 1000, 1),
                    }
                ),
                flush=True,
            )
        due = min(
            t
            for t in (
                next_edit if edit_every else None,
                next_entry if entry_every else None,
                start + seconds,
            )
            if t is not None
        )
        time.sleep(max(0.0, min(due - time.monotonic(), 1.0)))


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan")
    plan.add_argument("out", type=Path)
    plan.add_argument("--articles", type=int, default=20000)
    plan.add_argument("--readers", type=int, default=40)
    text = commands.add_parser("stock-text")
    text.add_argument("plan", type=Path)
    text.add_argument("out", type=Path)
    edit = commands.add_parser("edit")
    edit.add_argument("plan", type=Path)
    edit.add_argument("--seconds", type=float, required=True)
    edit.add_argument("--edits-per-min", type=float, default=10)
    edit.add_argument("--entries-per-min", type=float, default=40)
    args = parser.parse_args()
    setup_django()
    if args.command == "plan":
        make_plan(args.out, articles=args.articles, readers=args.readers)
    elif args.command == "stock-text":
        write_stock_text(args.plan, args.out)
    else:
        run_newsroom(
            args.plan,
            seconds=args.seconds,
            edits_per_min=args.edits_per_min,
            entries_per_min=args.entries_per_min,
        )


if __name__ == "__main__":
    main()
