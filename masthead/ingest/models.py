"""Feed subscriptions, and a record of every imported item (for de-duplication)."""

from django.db import models
from wagtail.admin.panels import FieldPanel


class FeedSubscription(models.Model):
    """An RSS/Atom feed the worker polls; new items become stories in ``section``."""

    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500, unique=True)
    section = models.ForeignKey(
        "sections.SectionPage", on_delete=models.PROTECT, related_name="+"
    )
    publish = models.BooleanField(
        default=False,
        help_text="Publish new items at once; otherwise they wait as drafts.",
    )
    active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, default="", editable=False)
    last_summary = models.CharField(
        max_length=255, blank=True, default="", editable=False
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("section"),
        FieldPanel("publish"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "feed subscription"

    def __str__(self):
        return self.name


class ImportedItem(models.Model):
    """One imported story: its GUID and URL, the story it became, its fingerprint."""

    guid = models.CharField(max_length=500, blank=True, default="", db_index=True)
    url = models.CharField(max_length=500, blank=True, default="", db_index=True)
    article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feed = models.ForeignKey(
        FeedSubscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    digest = models.CharField(max_length=64)
    # Figures whose picture could not be fetched: their caption, credit and
    # address are kept here so an editor can find the picture by hand.
    missing_figures = models.JSONField(default=list, blank=True)
    # The source's own "modified" date, so that a draft published here later says
    # "updated" only if the source did (issue 18); and when the story first went
    # live here, to tell that first publication from later edits.
    source_modified_at = models.DateTimeField(null=True, blank=True)
    went_live_at = models.DateTimeField(null=True, blank=True)
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_imported_at"]

    def __str__(self):
        return self.guid or self.url
