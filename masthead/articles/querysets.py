"""The reading rules for stories: one place says what readers may see."""

from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from masthead.core import sitecache


class ArticlePageQuerySet(PageQuerySet):
    def published(self):
        """The one rule for what readers, feeds, sitemaps and search may see."""
        # The remembered restriction list saves Wagtail's query for it.
        return sitecache.public(self.live())

    def by(self, person):
        return self.filter(authors__person=person)

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def for_listing(self):
        """What a list of stories needs, in a fixed number of queries."""
        return self.select_related("lead_image").prefetch_related(
            "lead_image__renditions"
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)
