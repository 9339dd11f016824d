import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
            [FieldPanel("tagline"), FieldPanel("newsroom_email")], heading="Newsroom"
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
