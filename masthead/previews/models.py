from django.conf import settings
from django.db import models
from django.utils import timezone


class PreviewLink(models.Model):
    """A shareable link to the latest revision of a page, for someone without an
    admin account (a source checking a quote, a lawyer, a partner newsroom).

    Only a hash of the link's secret is stored: the database alone cannot rebuild
    a working link. A link stops working when it expires or is revoked.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview link for page {self.page_id} until {self.expires_at:%Y-%m-%d}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_active(self, now=None) -> bool:
        return not self.is_revoked() and not self.is_expired(now)
