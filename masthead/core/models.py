from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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

    panels = [
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("newsroom_email")], heading="Newsroom"
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "newsroom settings"
