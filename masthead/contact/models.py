"""Reader messages and chats, their lines, their outgoing emails, staff presence."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


class ConversationQuerySet(models.QuerySet):
    def with_lines(self):
        # A chat opened and never spoken in is not a conversation worth listing.
        return self.filter(
            models.Exists(Line.objects.filter(conversation=models.OuterRef("pk")))
        )

    def in_inbox(self):
        return self.with_lines().exclude(status=Conversation.Status.SPAM)

    def unread(self):
        return self.in_inbox().filter(is_read=False)

    def with_status(self, status: str):
        return self.filter(status=status) if status else self


class Conversation(models.Model):
    """One contact from a reader: an emailed message or a live chat's transcript."""

    class Kind(models.TextChoices):
        MESSAGE = "message", "Message"
        CHAT = "chat", "Chat"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    # The reader's browser holds this in its session: a chat socket is only ever
    # joined to the conversation whose token the session carries.
    token = models.CharField(max_length=43, unique=True, editable=False)
    wants_copy = models.BooleanField(default=False)
    is_read = models.BooleanField(default=False)
    page_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("answer_messages", "Can read and answer reader messages and chats"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.name or self.email or 'a reader'}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)


class Line(models.Model):
    """One thing said in a conversation, by the reader or by staff."""

    class Author(models.TextChoices):
        READER = "reader", "Reader"
        STAFF = "staff", "Staff"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="lines"
    )
    author = models.CharField(max_length=10, choices=Author.choices)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    body = models.TextField()
    sent_by_email = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_author_display()}: {self.body[:40]}"


class OutgoingEmail(models.Model):
    """An email the worker owes someone; kept until sent, with every attempt."""

    class Purpose(models.TextChoices):
        TO_NEWSROOM = "to_newsroom", "To the newsroom"
        COPY_TO_READER = "copy_to_reader", "Copy to the reader"
        REPLY_TO_READER = "reply_to_reader", "Reply to the reader"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="emails"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    to = models.EmailField(max_length=254)
    reply_to = models.EmailField(max_length=254, blank=True)
    reply_to_name = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.status})"


class DeliveryAttempt(models.Model):
    email = models.ForeignKey(
        OutgoingEmail, on_delete=models.CASCADE, related_name="delivery_attempts"
    )
    number = models.PositiveIntegerField()
    succeeded = models.BooleanField()
    error = models.CharField(max_length=500, blank=True)
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"attempt {self.number}: {'sent' if self.succeeded else self.error}"


class StaffPresence(models.Model):
    """When a staff member last showed a sign of life in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    last_seen = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set by "Go away" and kept until "Be available": the admin pages they still
    # have open keep sending heartbeats, which must not bring them back (issue 13).
    is_away = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} last seen {self.last_seen}"
