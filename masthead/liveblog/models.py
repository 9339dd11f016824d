"""A rolling story: timestamped entries added over hours, shown newest first."""

import nh3
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from masthead.core import sitecache

ENTRY_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# What an entry may contain once rendered, whatever reached the database (an import,
# a script, the shell): the editor's features and nothing executable.
ENTRY_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li"}
ENTRY_ATTRIBUTES = {"a": {"href"}}


class LiveBlogPage(sitecache.RememberedRestrictionsMixin, Page):
    standfirst = models.TextField(
        blank=True, default="", help_text="One or two sentences under the headline."
    )
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
        FieldPanel("is_live"),
        InlinePanel("entries", label="Entries", heading="Entries (newest first)"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.RelatedFields(
            "entries", [index.SearchField("headline"), index.SearchField("body")]
        ),
    ]

    class Meta:
        verbose_name = "live blog"

    @cached_property
    def newest_entries(self) -> list:
        return sorted(self.entries.all(), key=lambda e: (e.posted_at, e.pk or 0))[::-1]

    @cached_property
    def key_events(self) -> list:
        return [entry for entry in self.newest_entries if entry.is_key_event]

    @property
    def last_entry_at(self):
        entries = self.newest_entries
        return entries[0].posted_at if entries else None

    @cached_property
    def section(self):
        return self.get_parent().specific


class LiveBlogEntry(Orderable):
    page = ParentalKey(LiveBlogPage, on_delete=models.CASCADE, related_name="entries")
    posted_at = models.DateTimeField("time", default=timezone.now)
    headline = models.CharField(max_length=255, blank=True, default="")
    body = RichTextField(features=ENTRY_FEATURES)
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="Listed in the key events summary."
    )

    panels = [
        FieldPanel("posted_at"),
        FieldPanel("headline"),
        FieldPanel("body"),
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
    def anchor(self) -> str:
        return f"entry-{self.pk}"
