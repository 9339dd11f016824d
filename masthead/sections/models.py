from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from masthead.articles.models import ArticlePage
from masthead.core import sitecache

from .pagination import paginate_stories


class SectionPageQuerySet(PageQuerySet):
    def visible(self):
        """The one rule for which sections readers see (navigation, front-page
        rails, section feeds and sitemaps): live and not behind a view restriction."""
        return sitecache.public(self.live())

    def visible_under(self, front_page):
        """The visible sections of the site whose front page is ``front_page``."""
        return self.child_of(front_page).visible()


SectionPageManager = PageManager.from_queryset(SectionPageQuerySet)


class SectionPage(sitecache.RememberedRestrictionsMixin, Page):
    """A section of the paper (World, Politics, …): lists its stories, newest first."""

    intro = models.TextField(blank=True, default="")

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage", "liveblog.LiveBlogPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    per_page = 20

    objects = SectionPageManager()

    class Meta:
        verbose_name = "section"

    def articles(self):
        return (
            ArticlePage.objects.in_section(self)
            .published()
            .newest_first()
            .for_listing()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate_stories(
            self.articles(), request, per_page=self.per_page
        )
        return context

    def route(self, request, path_components):
        # An article URL is resolved in one query with its lead photo, instead of
        # Wagtail's generic child lookup followed by a second query for the
        # specific page. Anything else (other page types, 404s) takes the usual way.
        if len(path_components) == 1:
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("lead_image")
                .first()
            )
            if article is not None:
                # A kind of story (a live blog) is served as its own page type.
                if article.specific_class is not ArticlePage:
                    article = article.specific
                article._cached_parent_obj = self
                return article.route(request, [])
        return super().route(request, path_components)
