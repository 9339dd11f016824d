"""Partners' API keys. Only a hash of each key is stored: the key itself is shown
once, when it is made (``services.create_api_key``)."""

from django.db import models


class ApiKey(models.Model):
    name = models.CharField(
        max_length=120, help_text="Who uses it: the partner or app, e.g. 'Wire desk'."
    )
    # The first characters of the key, kept in clear so admins can tell keys apart
    # and a partner can say which key they hold; too short to guess the rest.
    prefix = models.CharField(max_length=16, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit_per_minute = models.PositiveIntegerField(
        "requests per minute",
        default=600,
        help_text="Requests beyond this in one minute are answered 429.",
    )
    revoked = models.BooleanField(
        default=False, help_text="A revoked key is refused from its next request on."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API key"
        verbose_name_plural = "API keys"
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
