from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from masthead.articles.models import ArticlePage

from .pagination import paginate


class SectionPage(Page):
    """A section of the paper (World, Politics, …): lists its stories, newest first."""

    intro = models.TextField(blank=True, default="")

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    per_page = 20

    class Meta:
        verbose_name = "section"

    def articles(self):
        return (
            ArticlePage.objects.child_of(self).published().newest_first().for_listing()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(self.articles(), request, per_page=self.per_page)
        return context
