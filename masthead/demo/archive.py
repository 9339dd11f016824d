"""Generate a large, realistic story archive in bulk (issue 15).

Over 400 lines on purpose: the bulk writer must build every row the admin would
(tree, page, revision, byline, tag, correction, index) in one place, in order.

The rows are the ones the admin would make (page tree rows with treebeard paths,
``ArticlePage`` rows, a published revision per story, bylines, tags, corrections,
search index entries), but written a batch at a time with ``bulk_create`` so that
100,000 stories take minutes, not hours. Text, dates and choices come from one seeded
``random.Random``: the same seed makes the same archive.

The pure parts (``plan_story``, ``make_text``, ``spread_dates``) need no database.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from masthead.core.generation import bump_generation

SOURCE_PREFIX = "archive:"  # every generated story's source_id starts with this
SECTION_COUNT, TAG_COUNT, AUTHOR_COUNT = 12, 2000, 300
YEARS = 10
CORRECTION_RATE = 0.02
WORDS = (
    "harbour council budget river election minister school hospital storm market "
    "bridge museum festival railway climate energy court police housing farmers "
    "union strike vaccine research bank village island coast border treaty summit "
    "airport factory library forest drought flood harvest mayor senate report "
    "inquiry workers prices rents tourists fishing port tunnel station garden "
    "the a of and to in on for with after before over under new old local "
    "national regional says warns plans opens closes rises falls wins loses"
).split()
SECTION_NAMES = (
    "World Politics Science Business Sport Culture Health Education Technology "
    "Environment Opinion Travel"
).split()


class ArchiveExists(Exception):
    """The site already holds a generated archive and ``append`` was not asked."""


@dataclass
class StoryPlan:
    """One story, decided before anything touches the database."""

    number: int
    headline: str
    standfirst: str
    paragraphs: list[str]
    section: int
    authors: list[int]
    tags: list[int]
    images: list[int]
    published_at: datetime
    correction: bool = False


def make_text(rng: random.Random, words: int) -> list[str]:
    """``words`` words of pseudo-random prose in paragraphs of 40 to 120 words."""
    paragraphs = []
    while words > 0:
        size = min(words, rng.randint(40, 120))
        chosen = rng.choices(WORDS, k=size)
        sentence = " ".join(chosen)
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
        words -= size
    return paragraphs


def spread_dates(count: int, *, end: datetime, years: int = YEARS) -> list[datetime]:
    """``count`` publication times, oldest first, evenly over ``years`` to ``end``."""
    span = timedelta(days=365 * years)
    start = end - span
    step = span / max(count, 1)
    return [start + step * (i + 1) for i in range(count)]


def plan_stories(
    count: int,
    *,
    seed: int,
    first_number: int,
    end: datetime,
    image_count: int,
    words: tuple[int, int] = (200, 3000),
) -> Iterator[StoryPlan]:
    rng = random.Random(f"{seed}:{first_number}")  # noqa: S311 - text, not secrets
    for number, published_at in enumerate(
        spread_dates(count, end=end), start=first_number
    ):
        headline_words = rng.choices(WORDS[:50], k=rng.randint(4, 9))
        headline = " ".join(headline_words).capitalize()
        yield StoryPlan(
            number=number,
            headline=headline,
            standfirst=" ".join(rng.choices(WORDS, k=20)).capitalize() + ".",
            paragraphs=make_text(rng, rng.randint(*words)),
            section=rng.randrange(SECTION_COUNT),
            authors=rng.sample(range(AUTHOR_COUNT), rng.choice((1, 1, 1, 2, 3))),
            tags=rng.sample(range(TAG_COUNT), rng.randint(1, 5)),
            images=rng.sample(range(image_count), min(image_count, rng.randint(1, 4))),
            published_at=published_at,
            correction=rng.random() < CORRECTION_RATE,
        )


# --- database side ------------------------------------------------------------


def count_archive_stories() -> int:
    from masthead.articles.models import ArticlePage

    return ArticlePage.objects.filter(source_id__startswith=SOURCE_PREFIX).count()


def ensure_sections(home) -> list:
    from masthead.sections.services import get_or_create_section

    return [
        get_or_create_section(parent=home, slug=slugify(name), title=name)
        for name in SECTION_NAMES
    ]


def ensure_authors() -> list:
    from masthead.people.models import Person

    slugs = [f"archive-writer-{n}" for n in range(AUTHOR_COUNT)]
    have = set(Person.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    rng = random.Random("authors")  # noqa: S311 - names, not secrets
    firsts = (
        "Ana Ben Chloe Dev Eva Femi Gus Hana Ivo Jin Kai Lior Mia Noor Omar".split()
    )
    lasts = "Adler Brook Costa Dahl Eze Frost Gray Holm Ito Juarez Kerr Lund".split()
    new = [
        Person(name=f"{rng.choice(firsts)} {rng.choice(lasts)} {n}", slug=slug)
        for n, slug in enumerate(slugs)
        if slug not in have
    ]
    Person.objects.bulk_create(new)
    people = {p.slug: p for p in Person.objects.filter(slug__in=slugs)}
    get_search_backend().add_bulk(Person, list(people.values()))
    return [people[slug] for slug in slugs]


def ensure_tags() -> list:
    names = [f"Topic {n:04d}" for n in range(TAG_COUNT)]
    have = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name)) for name in names if name not in have]
    )
    tags = {t.name: t for t in Tag.objects.filter(name__in=names)}
    return [tags[name] for name in names]


def ensure_images(count: int) -> list:
    """A small pool of real (small) image files the stories share."""
    from io import BytesIO

    from PIL import Image

    from masthead.images.services import create_image

    pool = []
    for n in range(count):
        colour = ((n * 37) % 256, (n * 91) % 256, (n * 53) % 256)
        buffer = BytesIO()
        Image.new("RGB", (480, 270), colour).save(buffer, "JPEG", quality=70)
        pool.append(
            create_image(
                title=f"Archive picture {n}",
                filename=f"archive-{n}.jpg",
                content=buffer.getvalue(),
                alt=f"A plain colour field, archive picture {n}",
                credit=f"Archive Photographer {n % 40}",
                caption=f"Archive picture number {n}",
            )
        )
    return pool


def next_steps(sections: list) -> list[int]:
    """The next free treebeard step under each section."""
    steps = []
    for section in sections:
        last = (
            Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        steps.append(Page._str2int(last[-Page.steplen :]) + 1 if last else 1)
    return steps


def generate_archive(
    *,
    stories: int,
    seed: int = 1,
    batch: int = 1000,
    append: bool = False,
    image_count: int | None = None,
    live_blogs: int | None = None,
    words: tuple[int, int] = (200, 3000),
    report: Callable[[str], None] = print,
) -> dict[str, int]:
    """Write ``stories`` stories under the demo home page; returns row counts."""
    from masthead.articles.models import ArticlePage
    from masthead.demo.builders import ensure_home

    existing = count_archive_stories()
    if existing and not append:
        raise ArchiveExists(
            f"this site already has {existing} generated stories; "
            "run again with --append to add more"
        )
    image_count = image_count or max(4, min(300, stories // 300))
    home = ensure_home()
    sections = ensure_sections(home)
    people = ensure_authors()
    tags = ensure_tags()
    images = ensure_images(image_count)
    report(
        f"setup: {len(sections)} sections, {len(people)} authors, "
        f"{len(tags)} tags, {len(images)} images"
    )
    totals = dict.fromkeys(
        ["stories", "revisions", "corrections", "authors", "tags"], 0
    )
    plans = plan_stories(
        stories,
        seed=seed,
        first_number=existing,
        end=timezone.now() - timedelta(hours=1),
        image_count=len(images),
        words=words,
    )
    steps = next_steps(sections)
    context = _BatchContext(
        sections=sections,
        people=people,
        tags=tags,
        images=images,
        steps=steps,
        article_type=ContentType.objects.get_for_model(ArticlePage),
        page_type=ContentType.objects.get_for_model(Page),
    )
    done, started = 0, monotonic()
    while done < stories:
        chunk = [plan for _, plan in zip(range(batch), plans, strict=False)]
        counts = _write_batch(chunk, context)
        for key, value in counts.items():
            totals[key] += value
        done += len(chunk)
        report(f"{done}/{stories} stories written ({monotonic() - started:.1f} s)")
    live_blogs = live_blogs if live_blogs is not None else min(5, 1 + stories // 20000)
    totals["live_blogs"] = _make_live_blogs(live_blogs, sections, people, seed)
    # Bulk writes send no publish signals: purge every cached page and remembered
    # row at once, as a restore does.
    bump_generation()
    return totals


@dataclass
class _BatchContext:
    sections: list
    people: list
    tags: list
    images: list
    steps: list[int]
    article_type: ContentType
    page_type: ContentType


def _body(plan: StoryPlan, images: list) -> list:
    from masthead.articles.blocks import paragraph_from_text

    body = []
    figures = [images[i] for i in plan.images[1:]]
    every = max(1, len(plan.paragraphs) // (len(figures) + 1))
    for n, text in enumerate(plan.paragraphs):
        body.append(("paragraph", paragraph_from_text(text)))
        if figures and n % every == every - 1:
            image = figures.pop(0)
            body.append(
                ("figure", {"image": image, "caption": image.caption, "credit": ""})
            )
    return body


@transaction.atomic
def _write_batch(plans: list[StoryPlan], ctx: _BatchContext) -> dict[str, int]:
    from masthead.articles.models import (
        ArticleAuthor,
        ArticleCorrection,
        ArticlePage,
        ArticleTag,
    )

    pages, articles = [], []
    per_section: dict[int, int] = {}
    for plan in plans:
        section = ctx.sections[plan.section]
        step = ctx.steps[plan.section]
        ctx.steps[plan.section] += 1
        per_section[plan.section] = per_section.get(plan.section, 0) + 1
        slug = f"{slugify(plan.headline)[:60].strip('-')}-{plan.number}"
        lead = ctx.images[plan.images[0]]
        article = ArticlePage(
            title=plan.headline,
            draft_title=plan.headline,
            slug=slug,
            path=Page._get_path(section.path, section.depth + 1, step),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}{slug}/",
            content_type=ctx.article_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=plan.published_at,
            last_published_at=plan.published_at,
            latest_revision_created_at=plan.published_at,
            locale_id=section.locale_id,
            translation_key=uuid.uuid4(),
            standfirst=plan.standfirst,
            lead_image=lead,
            lead_caption=lead.caption,
            body=_body(plan, ctx.images),
            source_id=f"{SOURCE_PREFIX}{plan.number}",
        )
        pages.append(
            Page(
                **{
                    f.attname: getattr(article, f.attname)
                    for f in Page._meta.concrete_fields
                    if f.attname != "id"
                }
            )
        )
        articles.append(article)
    # bulk_create refuses multi-table models: the wagtailcore_page rows go first
    # (their ids come back), then the ArticlePage rows with the same ids, the way
    # Model.save_table writes a child row.
    Page.objects.bulk_create(pages)
    for page, article in zip(pages, articles, strict=True):
        article.pk = article.page_ptr_id = page.pk
        article.id = page.pk
    fields = list(ArticlePage._meta.local_concrete_fields)
    ArticlePage.objects._insert(articles, fields=fields, raw=True)
    for section_index, count in per_section.items():
        Page.objects.filter(pk=ctx.sections[section_index].pk).update(
            numchild=F("numchild") + count
        )

    credits, tagged, corrections = [], [], []
    for plan, article in zip(plans, articles, strict=True):
        article.authors = [
            ArticleAuthor(page=article, person=ctx.people[i], sort_order=n)
            for n, i in enumerate(plan.authors)
        ]
        article.tagged_items = [
            ArticleTag(content_object=article, tag=ctx.tags[i]) for i in plan.tags
        ]
        article.corrections = (
            [
                ArticleCorrection(
                    page=article,
                    sort_order=0,
                    noted_at=plan.published_at + timedelta(hours=5),
                    text="An earlier version of this story misspelt a name.",
                )
            ]
            if plan.correction
            else []
        )
        credits += list(article.authors.all())
        tagged += list(article.tagged_items.all())
        corrections += list(article.corrections.all())
    ArticleAuthor.objects.bulk_create(credits)
    ArticleTag.objects.bulk_create(tagged)
    ArticleCorrection.objects.bulk_create(corrections)

    revisions = [
        Revision(
            content_type=ctx.article_type,
            base_content_type=ctx.page_type,
            object_id=str(article.pk),
            created_at=article.first_published_at,
            object_str=article.title,
            content=article.serializable_data(),
        )
        for article in articles
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.live_revision_id = page.latest_revision_id = revision.pk
    Page.objects.bulk_update(
        pages, ["live_revision_id", "latest_revision_id"], batch_size=500
    )
    for article, page in zip(articles, pages, strict=True):
        article.live_revision_id = article.latest_revision_id = page.live_revision_id
    # The in-memory stories carry their bylines, tags and figure images already,
    # so indexing them asks the database for nothing more.
    get_search_backend().add_bulk(ArticlePage, articles)
    return {
        "stories": len(articles),
        "revisions": len(revisions),
        "corrections": len(corrections),
        "authors": len(credits),
        "tags": len(tagged),
    }


def _make_live_blogs(count: int, sections: list, people: list, seed: int) -> int:
    """A few live blogs, made through the ordinary page API (they are few)."""
    from masthead.liveblog.models import LiveBlogEntry, LiveBlogPage

    rng = random.Random(f"{seed}:live")  # noqa: S311 - text, not secrets
    for n in range(count):
        section = sections[n % len(sections)]
        headline = f"Live: {' '.join(rng.choices(WORDS[:50], k=5))}"
        blog = LiveBlogPage(
            title=headline,
            slug=f"{slugify(headline)}-live-{n}-{rng.randrange(10**6)}",
            standfirst="Follow the latest as it happens.",
            source_id=f"{SOURCE_PREFIX}live:{n}:{rng.randrange(10**9)}",
            is_live=False,
        )
        blog.entries = [
            LiveBlogEntry(
                headline=f"Update {i}",
                body=f"<p>{' '.join(rng.choices(WORDS, k=40))}</p>",
                author=people[rng.randrange(len(people))],
            )
            for i in range(10)
        ]
        section.add_child(instance=blog)
        blog.save_revision().publish()
    return count
