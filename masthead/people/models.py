from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Person(index.Indexed, models.Model):
    """An author or contributor, credited in bylines."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True, blank=True)
    role = models.CharField(max_length=120, blank=True, default="")
    bio = models.TextField(blank=True, default="")
    photo = models.ForeignKey(
        "images.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website_url = models.URLField("website", max_length=300, blank=True, default="")
    x_url = models.URLField("X (Twitter)", max_length=300, blank=True, default="")
    bluesky_url = models.URLField("Bluesky", max_length=300, blank=True, default="")
    mastodon_url = models.URLField("Mastodon", max_length=300, blank=True, default="")
    linkedin_url = models.URLField("LinkedIn", max_length=300, blank=True, default="")
    instagram_url = models.URLField("Instagram", max_length=300, blank=True, default="")

    SOCIAL_FIELDS = (
        "website_url",
        "x_url",
        "bluesky_url",
        "mastodon_url",
        "linkedin_url",
        "instagram_url",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        MultiFieldPanel([FieldPanel(name) for name in SOCIAL_FIELDS], heading="Links"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140] or "person"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:author", args=[self.slug])

    @property
    def social_links(self) -> list[tuple[str, str]]:
        """(label, URL) for each link the person has, in a fixed order."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.SOCIAL_FIELDS
            if getattr(self, name)
        ]
