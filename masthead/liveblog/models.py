"""A rolling story: timestamped entries added over hours, shown newest first.

A live blog is a kind of story (multi-table inheritance of ``ArticlePage``): it
shares the article's headline, standfirst, byline, lead photo and tags, and every
list of stories (front page, sections, tags, authors, feeds, sitemaps, search,
related stories) lists it through ``ArticlePage.objects.published()`` with no
special case. What differs is here: its entries, their JSON-LD and the feed text.
"""

import html
import uuid

import nh3
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from masthead.articles import jsonld as article_jsonld
from masthead.articles.models import ArticlePage

from . import jsonld

ENTRY_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# What an entry may contain once rendered, whatever reached the database (an import,
# a script, the shell): the editor's features and nothing executable.
ENTRY_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li"}
ENTRY_ATTRIBUTES = {"a": {"href"}}
# How many of the newest entries feeds carry and readers' pages poll for.
LATEST_COUNT = 20


class LiveBlogPage(ArticlePage):
    is_live = models.BooleanField(
        "still running",
        default=True,
        help_text="Untick when the story stops being updated.",
    )

    parent_page_types = ["sections.SectionPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        InlinePanel("authors", label="Byline"),
        FieldPanel("is_live"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_caption"),
                FieldPanel("lead_credit"),
                FieldPanel("lead_alt"),
            ],
            heading="Lead photo",
        ),
        FieldPanel("tags"),
        InlinePanel("entries", label="Entries", heading="Entries (newest first)"),
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.RelatedFields(
            "entries", [index.SearchField("headline"), index.SearchField("body")]
        ),
    ]

    class Meta:
        verbose_name = "live blog"

    @cached_property
    def newest_entries(self) -> list:
        entries = self.entries.select_related("author")
        return sorted(entries, key=lambda e: (e.posted_at, e.pk or 0))[::-1]

    @cached_property
    def key_events(self) -> list:
        return [entry for entry in self.newest_entries if entry.is_key_event]

    @property
    def last_entry_at(self):
        entries = self.newest_entries
        return entries[0].posted_at if entries else None

    @property
    def updated_at(self):
        """The newest entry or correction note: when the story last changed (adding
        an entry republishes the blog, but the entry's own time is what counts)."""
        moments = [note.noted_at for note in self.correction_notes]
        if self.last_entry_at:
            moments.append(self.last_entry_at)
        return max(moments) if moments else None

    @property
    def coverage_ended_at(self):
        """When the coverage stopped (its last entry or publish), or None while live."""
        if self.is_live:
            return None
        return self.last_entry_at or self.last_published_at

    def feed_body_html(self) -> str:
        """The latest entries, newest first: what a feed reader shows as the item."""
        return "\n".join(
            render_to_string("liveblog/entry.html", {"entry": entry, "in_feed": True})
            for entry in self.newest_entries[:LATEST_COUNT]
        )

    def build_structured_data(self, request=None) -> dict:
        """The article's JSON-LD as a ``LiveBlogPosting`` with its entries."""
        site = self.site_for_links
        base = site.root_url if site else ""
        page_url = self.get_full_url(request) or ""
        return jsonld.build_live_blog_jsonld(
            super().build_structured_data(request),
            coverage_start=self.first_published_at,
            coverage_end=self.coverage_ended_at,
            updates=[
                jsonld.LiveUpdate(
                    headline=entry.headline,
                    posted_at=entry.posted_at,
                    text=entry.plain_text,
                    url=f"{page_url}#{entry.anchor}",
                    author=(
                        (entry.author.name, base + entry.author.get_absolute_url())
                        if entry.author
                        else None
                    ),
                )
                for entry in self.newest_entries[:LATEST_COUNT]
            ],
        )

    def get_structured_data(self, request=None) -> str:
        return article_jsonld.dumps_for_script(self.build_structured_data(request))


class LiveBlogEntry(Orderable):
    page = ParentalKey(LiveBlogPage, on_delete=models.CASCADE, related_name="entries")
    posted_at = models.DateTimeField("time", default=timezone.now)
    headline = models.CharField(max_length=255, blank=True, default="")
    body = RichTextField(features=ENTRY_FEATURES)
    author = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_blog_entries",
        help_text="Who wrote this entry, when not the whole byline.",
    )
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="Listed in the key events summary."
    )
    # Publishing from a revision re-creates entries saved since the previous one
    # under new primary keys (modelcluster), so links, anchors and readers' polls
    # name an entry by this, which travels in the revision.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)

    panels = [
        FieldPanel("posted_at"),
        FieldPanel("headline"),
        FieldPanel("body"),
        FieldPanel("author"),
        FieldPanel("is_key_event"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "entry"
        verbose_name_plural = "entries"

    def __str__(self):
        return self.headline or f"Entry at {self.posted_at:%H:%M}"

    @property
    def body_html(self) -> str:
        return nh3.clean(
            expand_db_html(self.body),
            tags=ENTRY_TAGS,
            attributes=ENTRY_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener",
        )

    @property
    def plain_text(self) -> str:
        return " ".join(html.unescape(nh3.clean(self.body_html, tags=set())).split())

    @property
    def anchor(self) -> str:
        return f"entry-{self.uid.hex[:12]}"
