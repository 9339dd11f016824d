"""Page views per URL per hour: no IP, no cookie, no user, nothing about a person.

One row per (hour, path, referring host, device class). A reader cannot be told
apart from any other reader who read the same page in the same hour from the same
kind of place on the same kind of device.
"""

from django.db import models


class PageViewCount(models.Model):
    hour = models.DateTimeField(help_text="Start of the hour (UTC) of these views.")
    path = models.CharField(max_length=300)
    referrer_host = models.CharField(
        max_length=100,
        blank=True,
        help_text="The other site a reader came from; empty when direct or internal.",
    )
    device = models.CharField(max_length=8)  # desktop, mobile, tablet
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "path", "referrer_host", "device"],
                name="readership_one_row_per_bucket",
            )
        ]
        indexes = [models.Index(fields=["path", "hour"], name="readership_path_hour")]

    def __str__(self):
        return f"{self.path} {self.hour:%Y-%m-%d %H}h: {self.views}"
