"""The reading rules for stories: one place says what readers may see."""

from django.db.models.functions import Substr
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from masthead.core import sitecache


class ArticlePageQuerySet(PageQuerySet):
    def published(self):
        """The one rule for what readers, feeds, sitemaps and search may see."""
        # The remembered restriction list saves Wagtail's query for it.
        return sitecache.public(self.live())

    def in_section(self, section):
        """The section's stories: ``child_of`` written as a prefix comparison, so
        PostgreSQL can walk ``masthead_story_section_newest`` (sections migration
        0003) in date order instead of sorting every story of the section."""
        return (
            self.filter(depth=section.depth + 1)
            .alias(section_path=Substr("path", 1, len(section.path)))
            .filter(section_path=section.path)
        )

    def by(self, person):
        # A subquery, not a join: a story with two credits for one person (or a
        # page of ids) is listed once, with no DISTINCT over the whole list.
        from .models import ArticleAuthor

        return self.filter(
            pk__in=ArticleAuthor.objects.filter(person=person).values("page_id")
        )

    def tagged(self, tag):
        from .models import ArticleTag

        return self.filter(
            pk__in=ArticleTag.objects.filter(tag=tag).values("content_object_id")
        )

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def for_listing(self):
        """What a list of stories needs, in a fixed number of queries."""
        return self.select_related("lead_image").prefetch_related(
            "lead_image__renditions"
        )

    def newest_page(self, *, offset: int, limit: int) -> list:
        """Stories ``offset`` to ``offset + limit`` newest first, read in two steps:
        the page's ids from an index (narrow rows, however deep the page), then
        just those stories with what the list shows. No count of the whole list."""
        ids = list(
            self.newest_first().values_list("pk", flat=True)[offset : offset + limit]
        )
        if not ids:
            return []
        found = {story.pk: story for story in self.filter(pk__in=ids).order_by()}
        return [found[pk] for pk in ids if pk in found]


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)
