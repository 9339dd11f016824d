import html

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from masthead.core import sharing, sitecache
from masthead.images.figures import resolve_figure
from masthead.languages.services import page_alternates

from . import jsonld, snapshots
from .blocks import ArticleBodyBlock
from .forms import ArticlePageForm
from .querysets import ArticlePageManager


def specific_stories(stories: list) -> list:
    """``stories`` in their order, each kind of story (a live blog) as its own page
    type, for what differs by kind (a feed item's text and updated date).

    One query per other kind present; none when every story is a plain article.
    """
    from django.contrib.contenttypes.models import ContentType

    article_type = ContentType.objects.get_for_model(ArticlePage).pk
    pks_by_type: dict[int, list[int]] = {}
    for story in stories:
        if story.content_type_id != article_type:
            pks_by_type.setdefault(story.content_type_id, []).append(story.pk)
    own: dict[int, ArticlePage] = {}
    for type_id, pks in pks_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None and issubclass(model, ArticlePage):
            own.update(
                (story.pk, story)
                for story in model.objects.filter(pk__in=pks).for_listing()
            )
    return [own.get(story.pk, story) for story in stories]


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(sitecache.RememberedRestrictionsMixin, Page):
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
    base_form_class = ArticlePageForm

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
        InlinePanel(
            "corrections",
            label="Correction or update",
            heading="Corrections and updates",
            help_text="A dated note shown on the story; adding one changes its "
            "'Updated' time.",
        ),
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
        index.SearchField("lead_credit"),
        index.SearchField("figure_text_for_search"),
        index.SearchField("source_name"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("authors", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "article"
        permissions = [("use_html_block", "Can use the HTML block in stories")]

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

    @cached_property
    def correction_notes(self) -> list:
        """Corrections and updates, newest first."""
        return sorted(
            self.corrections.all(), key=lambda note: (note.noted_at, note.pk or 0)
        )[::-1]

    @property
    def updated_at(self):
        """When readers are told the story last changed, or None.

        A correction or update note counts from its date; a plain republish counts
        only when it came more than ten minutes after first publication (fixing a
        typo straight after going live is not news).
        """
        moments = [note.noted_at for note in self.correction_notes]
        first, last = self.first_published_at, self.last_published_at
        if first and last and (last - first).total_seconds() > 600:
            moments.append(last)
        return max(moments) if moments else None

    @property
    def was_updated(self) -> bool:
        return self.updated_at is not None

    def get_structured_data(self, request=None) -> str:
        """The NewsArticle JSON-LD, ready for a ``<script>`` element."""
        return jsonld.dumps_for_script(self.build_structured_data(request))

    def build_structured_data(self, request=None) -> dict:
        """The NewsArticle JSON-LD as a dict (a live blog builds on it)."""
        site = self.site_for_links
        base = site.root_url if site else ""
        return jsonld.build_news_article_jsonld(
            headline=self.title,
            url=self.get_full_url(request) or "",
            description=self.share_description,
            date_published=self.first_published_at,
            date_modified=self.updated_at or self.last_published_at,
            authors=[
                (person.name, base + person.get_absolute_url())
                for person in self.byline
            ],
            corrections=[
                jsonld.CorrectionNote(
                    kind=note.kind, noted_at=note.noted_at, text=note.text
                )
                for note in self.correction_notes
            ],
            images=[self.share_image] if self.share_image else [],
            publisher=site_publisher_jsonld(site, request),
            section=self.section.title,
            keywords=[tag.name for tag in self.topic_tags],
            based_on=(
                jsonld.build_source_jsonld(
                    url=self.source_url,
                    name=self.source_name,
                    date_published=self.source_published_at,
                )
                if self.source_name or self.source_url
                else None
            ),
        )

    @cached_property
    def share_description(self) -> str:
        """What share cards and JSON-LD say the story is about: the search
        description, the standfirst, else the first paragraph's text, trimmed at a
        word boundary (issue 13: republished stories often have no standfirst)."""
        text = self.search_description or self.standfirst
        if not text:
            for block in self.body:
                if block.block_type == "paragraph":
                    text = html.unescape(strip_tags(block.value.source))
                    if text.strip():
                        break
        return sharing.trim_description(text or "")

    @cached_property
    def site_for_links(self):
        """The page's site (remembered per site generation: no query)."""
        url_parts = self.get_url_parts()
        return sitecache.site_by_id(url_parts[0] if url_parts else None)

    @cached_property
    def topic_tags(self) -> list:
        """The story's tags, fetched once per render (footer, meta, JSON-LD)."""
        return list(self.tags.all())

    def all_figures(self) -> list:
        """The lead photo and every photo in the body, as readers see them."""
        figures = [self.lead_figure] if self.lead_figure else []
        for block in self.body:
            if block.block_type == "figure":
                value = block.value
                figures.append(
                    resolve_figure(
                        value.get("image"),
                        caption=value.get("caption") or "",
                        credit=value.get("credit") or "",
                    )
                )
        return figures

    def feed_body_html(self) -> str:
        """The story's text as a feed item carries it (a live blog: its entries)."""
        return str(self.body)

    def figure_text_for_search(self) -> str:
        """Captions and credits of every photo as readers see them (issue 6).

        Slashes become spaces: PostgreSQL's parser reads "SMIALOWSKI/Getty" as one
        file-path token, so a search for the photographer would miss it.
        """
        text = " ".join(f"{f.caption} {f.credit}" for f in self.all_figures())
        return " ".join(text.replace("/", " ").replace("\\", " ").split())

    @cached_property
    def share_image(self):
        """The lead photo as a 1200px JPEG with its credit, for share cards and
        JSON-LD (issue 6), or None."""
        figure = self.lead_figure
        if figure is None:
            return None
        try:
            rendition = figure.image.get_rendition("fill-1200x675|format-jpeg")
        except (OSError, ValueError):  # a missing file must not break the page
            return None
        url = rendition.url
        if url.startswith("/"):
            site = self.site_for_links
            url = (site.root_url if site else "") + url
        return jsonld.ImageCredit(
            url=url,
            width=rendition.width,
            height=rendition.height,
            caption=figure.caption,
            credit=figure.credit,
            copyright_notice=figure.copyright_notice,
        )

    def get_breadcrumb_data(self, request=None) -> str:
        """BreadcrumbList JSON-LD: front page, section, story (issue 6)."""
        site = self.site_for_links
        home = ((site.site_name if site else "") or "Home", site.root_url + "/")
        crumbs = [home] + [
            (page.title, page.get_full_url(request) or "")
            for page in (self.section, self)
        ]
        return jsonld.dumps_for_script(jsonld.build_breadcrumbs_jsonld(crumbs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        url_parts = self.get_url_parts(request)  # uses the request's cached root paths
        self.site_for_links = sitecache.site_by_id(url_parts[0] if url_parts else None)
        key = None
        # Plain live articles reuse their render snapshot (articles/snapshots.py);
        # previews (a draft under the live revision's id), and kinds of story with
        # their own template (a live blog) render as before.
        if (
            self.live
            and not getattr(request, "is_preview", False)
            and self.get_template(request) == ArticlePage.template
        ):
            key = snapshots.snapshot_key(self, request)
            snapshot = snapshots.fetch(key) if key else None
            if snapshot is not None:
                snapshots.replay(snapshot)
                self.topic_tags = snapshot.tag_objects()  # for related stories
                context["snapshot"] = snapshot.fragments()
                context["snapshot"]["related"] = snapshots.related_html(
                    self, context, request
                )
                return context
        context["canonical_url"] = self.get_canonical_url(request)
        # h-i18n (issue 20): the story's live translations (switcher, hreflang);
        # part of the snapshot, purged when a translation changes (languages).
        context["translations"] = page_alternates(self, request)
        context["structured_data"] = self.get_structured_data(request)
        context["breadcrumb_data"] = self.get_breadcrumb_data(request)
        if key is not None:
            context["snapshot"] = snapshots.build(key, context, request).fragments()
            context["snapshot"]["related"] = snapshots.related_html(
                self, context, request
            )
        return context

    def get_canonical_url(self, request=None) -> str:
        if self.canonical_is_source and self.source_url:
            return self.source_url
        return self.get_full_url(request)


def site_publisher_jsonld(site, request=None) -> dict:
    """The newsroom as publisher, with its logo (JSON-LD on every page type)."""
    from masthead.core.models import NewsroomSettings

    base = (site.root_url if site else "").rstrip("/")
    if site is None:
        return jsonld.build_publisher_jsonld("Masthead", base)
    # The request carries the remembered settings (core.sitecache): no query.
    newsroom = (
        NewsroomSettings.for_request(request)
        if request is not None
        else NewsroomSettings.for_site(site)
    )
    logo = newsroom.logo_for_site(base)
    return jsonld.build_publisher_jsonld(
        site.site_name or "Masthead",
        base,
        logo.url,
        logo_width=logo.width,
        logo_height=logo.height,
    )


class ArticleCorrection(Orderable):
    """A dated correction or update note shown on the article."""

    CORRECTION = "correction"
    UPDATE = "update"
    KIND_CHOICES = [(CORRECTION, "Correction"), (UPDATE, "Update")]

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, default=CORRECTION)
    noted_at = models.DateTimeField("date", default=timezone.now)
    text = models.TextField(help_text="What was wrong and what is right now.")

    panels = [FieldPanel("kind"), FieldPanel("noted_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self):
        return f"{self.get_kind_display()}, {self.noted_at:%d %b %Y}"


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
