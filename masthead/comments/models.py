"""Readers' comments under stories, their reports, bans and per-page settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What every reader sees: published comments."""
        return self.filter(status=Comment.Status.PUBLISHED)

    def on(self, page_id: int):
        return self.filter(page_id=page_id)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def waiting(self):
        return self.filter(status=Comment.Status.PENDING)

    def reported(self):
        return self.filter(status=Comment.Status.PUBLISHED, report_count__gt=0)


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Waiting for moderation"
        HIDDEN = "hidden", "Hidden"
        DELETED = "deleted", "Deleted"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    # One level of replies: a reply's parent is always a top-level comment
    # (services.post_comment refuses anything deeper).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    # The name the reader chose to show with this comment (signup names are
    # private); replaced when the account is deleted.
    author_name = models.CharField(max_length=60)
    is_staff_reply = models.BooleanField(default=False)
    body = models.TextField()
    # sha256 of the casefolded, whitespace-collapsed text: finds repeats cheaply.
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    held_reason = models.CharField(max_length=200, blank=True, default="")
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        permissions = [("moderate_comments", "Can moderate readers' comments")]

    def __str__(self):
        return f"{self.author_name}: {self.body[:40]}"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CommentReport(models.Model):
    """A reader flagged a comment; one report per reader and comment."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    reason = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader"
            )
        ]

    def __str__(self):
        return f"report on comment {self.comment_id}"


class CommentBan(models.Model):
    """A reader who may no longer comment (removed with their account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_ban"
    )
    reason = models.CharField(max_length=300, blank=True, default="")
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"ban of user {self.user_id}"


class CommentSettings(models.Model):
    """Comment options for one page, kept here rather than as fields on the
    story and section models: a story may be closed, a section may choose
    pre- or post-moderation for the stories below it."""

    class Moderation(models.TextChoices):
        INHERIT = "", "As the site default"
        PRE = "pre", "Before publication (pre-moderation)"
        POST = "post", "After publication (post-moderation)"

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_settings",
    )
    comments_closed = models.BooleanField(default=False)
    moderation = models.CharField(
        max_length=8, choices=Moderation.choices, blank=True, default=""
    )

    class Meta:
        verbose_name_plural = "comment settings"

    def __str__(self):
        return f"comment settings of page {self.page_id}"
