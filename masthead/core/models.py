import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.templatetags.static import static
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Shipped with the site for a newsroom that has not uploaded its own: Google asks
# for a square publisher logo of at least 112 px, in a format it can crawl.
DEFAULT_LOGO = ("masthead/logo.png", 512, 512)
LOGO_RENDITION = "fill-512x512|format-png"


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not a time zone name (e.g. Europe/London)."
        ) from None


def validate_weekday_list(value: str) -> None:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts or any(part not in "0123456" or len(part) != 1 for part in parts):
        raise ValidationError(
            "Use day numbers 0 (Monday) to 6 (Sunday), e.g. 0,1,2,3,4."
        )


@dataclass(frozen=True)
class Logo:
    url: str  # absolute
    width: int
    height: int


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """What the site says about its newsroom: shown in the header, footer and emails."""

    tagline = models.CharField(
        max_length=200, blank=True, default="Independent news, carefully reported"
    )
    newsroom_email = models.EmailField(
        blank=True,
        default="newsroom@localhost",
        help_text="Where reader messages go, and the address shown to readers.",
    )
    footer_text = models.TextField(
        blank=True,
        default="Published with Masthead. Stories republished from other outlets "
        "name their original publisher.",
    )
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Square, at least 112 px: shown by search engines and share "
        "previews. Without one, the Masthead logo is used.",
    )
    # Quick contact: when the box offers live chat (issue 4).
    chat_enabled = models.BooleanField(
        default=True,
        help_text="Offer live chat when a staff member is active in the admin.",
    )
    presence_minutes = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="A staff member counts as around for this long after their "
        "last activity in the admin.",
    )
    office_hours_only = models.BooleanField(
        default=False,
        help_text="Only offer live chat during office hours, even if staff are in "
        "the admin.",
    )
    office_opens = models.TimeField(default=datetime.time(9, 0))
    office_closes = models.TimeField(default=datetime.time(18, 0))
    office_days = models.CharField(
        max_length=20,
        default="0,1,2,3,4",
        validators=[validate_weekday_list],
        help_text="Days the office is open: 0 = Monday … 6 = Sunday, comma separated.",
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="The newsroom's time zone for office hours, e.g. Europe/London.",
    )
    # Corrections and updates on articles (issue 5).
    corrections_position = models.CharField(
        max_length=10,
        choices=[("top", "Under the headline"), ("bottom", "After the story")],
        default="bottom",
        help_text="Where an article shows its corrections and updates.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("newsroom_email"), FieldPanel("logo")],
            heading="Newsroom",
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("chat_enabled"),
                FieldPanel("presence_minutes"),
                FieldPanel("office_hours_only"),
                FieldPanel("office_opens"),
                FieldPanel("office_closes"),
                FieldPanel("office_days"),
                FieldPanel("time_zone"),
            ],
            heading="Quick contact",
        ),
        FieldPanel("corrections_position"),
    ]

    class Meta:
        verbose_name = "newsroom settings"

    def logo_for_site(self, root_url: str) -> Logo:
        """The publisher logo as an absolute URL with its size, for JSON-LD and share
        cards: the uploaded logo as a square PNG, else the shipped default."""
        root_url = root_url.rstrip("/")
        if self.logo_id is not None:
            try:
                rendition = self.logo.get_rendition(LOGO_RENDITION)
            except (OSError, ValueError):  # a missing file must not break pages
                rendition = None
            if rendition is not None:
                url = rendition.url
                if url.startswith("/"):
                    url = root_url + url
                return Logo(url=url, width=rendition.width, height=rendition.height)
        path, width, height = DEFAULT_LOGO
        url = static(path)
        if url.startswith("/"):
            url = root_url + url
        return Logo(url=url, width=width, height=height)
