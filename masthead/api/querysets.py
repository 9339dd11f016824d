"""What the API reads: published stories of the request's site, one rule.

"Published" is the articles app's rule (``ArticlePageQuerySet.published``: live
and not behind a view restriction), used here unchanged; the API adds only
"below this site's front page", so one host never lists another site's stories.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from wagtail.models import Page

from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleTag
from masthead.people.models import Person
from masthead.sections.models import SectionPage

from .params import ApiError, StoryQuery


def published_stories(site):
    return ArticlePage.objects.descendant_of(site.root_page).published()


def site_in_language(site, language: str):
    """``site`` with its front page in ``language`` (a copy: the site may be the
    process's remembered one), or 404 when the site has none in it."""
    import copy

    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    root = site.root_page.get_translation_or_none(locale) if locale else None
    if root is None or not root.live:
        raise ApiError(404, "not_found", f"No front page in language '{language}'.")
    seen = copy.copy(site)
    seen.root_page = root
    return seen


def with_relations(stories):
    """What a story's summary shows, in a fixed number of queries whatever the
    number of stories: lead photo (joined) with its renditions, authors with
    their people, tags, corrections."""
    return stories.select_related("lead_image", "locale").prefetch_related(
        "lead_image__renditions",
        Prefetch(
            "authors",
            queryset=ArticleAuthor.objects.select_related("person").order_by(
                "sort_order"
            ),
        ),
        "tags",
        "corrections",
    )


def list_stories(site, query: StoryQuery) -> tuple[list, bool]:
    """One page of stories newest first, and whether there are older ones.

    Filters name sections, tags and authors by slug; an unknown slug is a 404
    (it is a mistake, not an empty list).
    """
    stories = published_stories(site).exclude(first_published_at=None)
    if query.section:
        section = find_section(site, query.section)
        stories = stories.child_of(section)
    if query.tag:
        stories = stories.filter(
            pk__in=ArticleTag.objects.filter(tag__slug=query.tag).values(
                "content_object_id"
            )
        )
    if query.author:
        person = Person.objects.filter(slug=query.author).first()
        if person is None:
            raise ApiError(404, "not_found", f"No author '{query.author}'.")
        stories = stories.by(person)
    if query.published_after:
        stories = stories.filter(first_published_at__gte=query.published_after)
    if query.published_before:
        stories = stories.filter(first_published_at__lt=query.published_before)
    if query.after:
        moment, pk = query.after.published_at, query.after.pk
        stories = stories.filter(
            Q(first_published_at__lt=moment) | Q(first_published_at=moment, pk__lt=pk)
        )
    page = list(
        with_relations(stories.order_by("-first_published_at", "-pk"))[
            : query.limit + 1
        ]
    )
    return page[: query.limit], len(page) > query.limit


def find_section(site, slug: str):
    section = SectionPage.objects.child_of(site.root_page).visible().filter(slug=slug)
    found = section.first()
    if found is None:
        raise ApiError(404, "not_found", f"No section '{slug}'.")
    return found


def sections_of(stories) -> dict[str, Page]:
    """Each story's section (its parent), by path: one query for them all."""
    paths = {story.path[: -story.steplen] for story in stories}
    if not paths:
        return {}
    return {page.path: page for page in Page.objects.filter(path__in=paths)}


# Larger ids are no row of ours, and overflow the database's integer.
MAX_ID = 2**63 - 1


def find_story(site, pk: int):
    story = None
    if 0 < pk <= MAX_ID:
        story = with_relations(published_stories(site).filter(pk=pk)).first()
    if story is None:
        raise ApiError(404, "not_found", f"No published story {pk}.")
    return story


def list_sections(site) -> list:
    return list(SectionPage.objects.visible_under(site.root_page).order_by("path"))


def find_author(slug: str):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        raise ApiError(404, "not_found", f"No author '{slug}'.")
    return person
