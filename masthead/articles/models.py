from django.db import models
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from masthead.images.figures import resolve_figure

from .blocks import ArticleBodyBlock


class ArticlePageQuerySet(PageQuerySet):
    def published(self):
        """The one rule for what readers, feeds, sitemaps and search may see."""
        return self.live().public()

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def for_listing(self):
        """What a list of stories needs, in a fixed number of queries."""
        return self.select_related("lead_image").prefetch_related(
            "lead_image__renditions"
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    standfirst = models.TextField(
        blank=True, default="", help_text="One or two sentences under the headline."
    )
    lead_image = models.ForeignKey(
        "images.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_caption = models.TextField(blank=True, default="")
    lead_credit = models.CharField(max_length=255, blank=True, default="")
    lead_alt = models.CharField("lead alt text", max_length=255, blank=True, default="")
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    source_name = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The original publisher, when this story is republished.",
    )
    source_url = models.URLField(max_length=500, blank=True, default="")
    source_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the original was published."
    )
    source_id = models.CharField(
        max_length=255,
        blank=True,
        default="",
        db_index=True,
        help_text="Identifier of the imported original (GUID, URL or file hash).",
    )
    canonical_is_source = models.BooleanField(
        default=False,
        help_text="Point search engines at the original (rel=canonical).",
    )

    objects = ArticlePageManager()

    parent_page_types = ["sections.SectionPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        InlinePanel("authors", label="Byline"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_caption"),
                FieldPanel("lead_credit"),
                FieldPanel("lead_alt"),
            ],
            heading="Lead photo",
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("source_published_at"),
                FieldPanel("canonical_is_source"),
            ],
            heading="Republished from",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("lead_caption"),
        index.SearchField("source_name"),
        index.RelatedFields("authors", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "article"

    @cached_property
    def lead_figure(self):
        if self.lead_image_id is None:
            return None
        return resolve_figure(
            self.lead_image,
            alt=self.lead_alt,
            caption=self.lead_caption,
            credit=self.lead_credit,
        )

    @cached_property
    def byline(self) -> list:
        return [credit.person for credit in self.authors.select_related("person")]

    @cached_property
    def section(self):
        return self.get_parent().specific

    @property
    def was_updated(self) -> bool:
        """Worth telling readers: republished more than ten minutes after first."""
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and (last - first).total_seconds() > 600)

    def get_canonical_url(self, request=None) -> str:
        if self.canonical_is_source and self.source_url:
            return self.source_url
        return self.get_full_url(request)


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="article_credits"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "person")]

    @property
    def name(self) -> str:
        return self.person.name
