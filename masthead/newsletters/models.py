"""Lists, subscribers with their consent, suppressions, issues and deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.html import format_html


def admin_column(label: str):
    def mark(method):
        method.short_description = label
        return method

    return mark


class NewsletterList(models.Model):
    """Something a reader can subscribe to; editors add and rename them."""

    class Kind(models.TextChoices):
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly"
        BREAKING = "breaking", "Breaking news alerts"
        SECTION = "section", "Section"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DAILY)
    description = models.CharField(max_length=255, blank=True)
    section = models.ForeignKey(
        "sections.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a section's list: the stories it is filled from.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive lists are not offered to readers."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Subscriber(models.Model):
    """One address. ``pending`` until the reader follows the confirmation link."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    # Stored as typed, except that the domain is lowercased (local parts are the
    # mail server's business); ``email_key`` is the lowercased form used to match.
    email = models.EmailField(max_length=254)
    email_key = models.CharField(max_length=254, unique=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscribers",
    )
    lists = models.ManyToManyField(
        NewsletterList, through="Subscription", related_name="subscribers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email_key"]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="one_subscription_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.newsletter}"


class ConsentRecord(models.Model):
    """Proof of consent and of its withdrawal: when, how, from where, and the very
    words the reader agreed to (the text may change later; this copy does not)."""

    class Action(models.TextChoices):
        REQUESTED = "requested", "Asked to subscribe"
        CONFIRMED = "confirmed", "Confirmed by email"
        CHANGED = "changed", "Changed in their account"
        IMPORTED = "imported", "Imported"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Method(models.TextChoices):
        FORM = "form", "Signup form"
        EMAIL_LINK = "email_link", "Link in an email"
        ONE_CLICK = "one_click", "One-click unsubscribe (RFC 8058)"
        ACCOUNT = "account", "Reader account"
        IMPORT = "import", "CSV import"
        WEBHOOK = "webhook", "Bounce or complaint"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consents"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    method = models.CharField(max_length=12, choices=Method.choices)
    lists = models.CharField(max_length=500, blank=True, help_text="List slugs.")
    consent_text = models.TextField(blank=True)
    source = models.CharField(max_length=500, blank=True, help_text="Page or file.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.get_method_display()})"


class Suppression(models.Model):
    """An address never to be mailed again (``newsletter`` empty: no list at all).

    Mirrored in an append-only file outside the database (services.suppression),
    so a restored backup cannot bring a withdrawn address back.
    """

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Hard bounce"
        COMPLAINED = "complained", "Spam complaint"
        MANUAL = "manual", "Added by the newsroom"

    email_key = models.CharField(max_length=254)
    newsletter = models.ForeignKey(
        NewsletterList, null=True, blank=True, on_delete=models.CASCADE
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email_key", "newsletter"], name="one_suppression_per_list"
            ),
            models.UniqueConstraint(
                fields=["email_key"],
                condition=models.Q(newsletter__isnull=True),
                name="one_global_suppression",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email_key} ({self.reason})"


class Issue(models.Model):
    """One mailing of a list: picked stories (or an alert), then sent once."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.PROTECT, related_name="issues"
    )
    subject = models.CharField(max_length=150)
    intro = models.TextField(blank=True, help_text="A few lines above the stories.")
    stories = models.ManyToManyField(
        "articles.ArticlePage", blank=True, related_name="+"
    )
    is_alert = models.BooleanField(
        "Send as a breaking-news alert",
        default=False,
        help_text="A short mail with the first story only, to the breaking-news list.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("send_issue", "Can send newsletter issues"),
            ("manage_subscribers", "Can export and import newsletter subscribers"),
        ]

    def __str__(self) -> str:
        return self.subject

    @admin_column("Actions")
    def send_link(self) -> str:
        return format_html(
            '<a href="{}">Preview and send</a>',
            reverse("newsletters_admin:send", args=[self.pk]),
        )


class Delivery(models.Model):
    """One address's copy of one issue. The unique (issue, address) pair is what
    makes a second queueing, or a second sender, unable to mail anyone twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (suppressed)"
        FAILED = "failed", "Failed"

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries"
    )
    email_key = models.CharField(max_length=254)
    email = models.CharField(max_length=254)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "email_key"], name="one_delivery_per_address"
            )
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"
