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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from masthead.core.generation import bump_generation

from .archive_rows import (
    Rows,
    SearchEntryWriter,
    StoryRowBuilder,
    refresh_title_norms,
    reserve_ids,
    write_rows,
)

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
    builder = StoryRowBuilder(
        sections=sections, people=people, tags=tags, images=images
    )
    done, started = 0, monotonic()
    with SearchEntryWriter(ArticlePage) as search_entries:
        while done < stories:
            chunk = [plan for _, plan in zip(range(batch), plans, strict=False)]
            rows = _write_batch(chunk, builder, steps)
            search_entries.write(rows)
            for key, value in _count_rows(rows).items():
                totals[key] += value
            done += len(chunk)
            report(f"{done}/{stories} stories written ({monotonic() - started:.1f} s)")
    report(f"search entries written ({monotonic() - started:.1f} s)")
    refresh_title_norms(ArticlePage)
    live_blogs = live_blogs if live_blogs is not None else min(5, 1 + stories // 20000)
    totals["live_blogs"] = _make_live_blogs(
        live_blogs, sections, people, f"{seed}:{existing}"
    )
    # Bulk writes send no publish signals: purge every cached page and remembered
    # row at once, as a restore does.
    bump_generation()
    return totals


@transaction.atomic
def _write_batch(
    plans: list[StoryPlan], builder: StoryRowBuilder, steps: list[int]
) -> Rows:
    """One batch in one transaction: ids first, then each table in one go."""
    from masthead.articles.models import (
        ArticleAuthor,
        ArticleCorrection,
        ArticleTag,
    )

    page_ids = iter(reserve_ids(Page, len(plans)))
    revision_ids = iter(reserve_ids(Revision, len(plans)))
    author_ids = iter(reserve_ids(ArticleAuthor, sum(len(p.authors) for p in plans)))
    tag_ids = iter(reserve_ids(ArticleTag, sum(len(p.tags) for p in plans)))
    correction_ids = iter(
        reserve_ids(ArticleCorrection, sum(p.correction for p in plans))
    )
    rows = Rows()
    per_section: dict[int, int] = {}
    for plan in plans:
        section = builder.sections[plan.section]
        path = Page._get_path(section.path, section.depth + 1, steps[plan.section])
        steps[plan.section] += 1
        per_section[plan.section] = per_section.get(plan.section, 0) + 1
        ids = {
            "page": next(page_ids),
            "revision": next(revision_ids),
            "authors": [next(author_ids) for _ in plan.authors],
            "tags": [next(tag_ids) for _ in plan.tags],
            "corrections": [next(correction_ids)] if plan.correction else [],
        }
        builder.add_story(rows, plan, ids=ids, path=path)
    write_rows(rows)
    for section_index, count in per_section.items():
        Page.objects.filter(pk=builder.sections[section_index].pk).update(
            numchild=F("numchild") + count
        )
    return rows


def _count_rows(rows: Rows) -> dict[str, int]:
    from masthead.articles.models import (
        ArticleAuthor,
        ArticleCorrection,
        ArticlePage,
        ArticleTag,
    )

    return {
        "stories": len(rows.tables[ArticlePage]),
        "revisions": len(rows.tables[Revision]),
        "corrections": len(rows.tables.get(ArticleCorrection, [])),
        "authors": len(rows.tables.get(ArticleAuthor, [])),
        "tags": len(rows.tables.get(ArticleTag, [])),
    }


def _make_live_blogs(count: int, sections: list, people: list, seed: str) -> int:
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
