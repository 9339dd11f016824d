"""Building newsletter mail: the confirmation, an issue, an alert.

An issue is rendered once (HTML and plain text) with a placeholder where each
reader's own unsubscribe link goes, so 50,000 copies cost one render and a string
replace each. No tracking pixel and no rewritten links: opens and clicks are not
counted (issue 19 allows it only behind a setting, which is not built).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .tokens import make_confirm_token, make_unsubscribe_token

UNSUBSCRIBE_PLACEHOLDER = "%%MASTHEAD_UNSUBSCRIBE_URL%%"


def site_root_url() -> str:
    """The public address mail links point at (the default Site, as feeds use)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site is not None else ""
    if not root or root.endswith("://localhost"):
        root = settings.MASTHEAD_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def site_name() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def from_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def unsubscribe_url(email: str, list_slug: str = "", *, root: str = "") -> str:
    token = make_unsubscribe_token(email, list_slug)
    path = reverse("newsletters:unsubscribe", args=[token])
    return f"{root or site_root_url()}{path}"


def list_unsubscribe_headers(link: str) -> dict:
    """RFC 2369 + RFC 8058: an https link mail clients may POST to with
    ``List-Unsubscribe=One-Click`` (no cookies), and a mailto fallback."""
    mailto = settings.MASTHEAD_NEWSLETTER_UNSUBSCRIBE_MAILTO or (
        f"unsubscribe@{from_domain()}"
    )
    return {
        "List-Unsubscribe": f"<{link}>, <mailto:{mailto}?subject=unsubscribe>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def build_confirmation_message(
    *, email: str, list_names: list[str], list_slugs: list[str]
) -> EmailMultiAlternatives:
    root = site_root_url()
    token = make_confirm_token(email, list_slugs)
    context = {
        "site_name": site_name(),
        "lists": list_names,
        "confirm_url": root + reverse("newsletters:confirm", args=[token]),
        "hours": settings.MASTHEAD_NEWSLETTER_CONFIRM_HOURS,
    }
    message = EmailMultiAlternatives(
        subject=f"Please confirm your subscription to {context['site_name']}",
        body=render_to_string("newsletters/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(
        render_to_string("newsletters/email/confirm.html", context), "text/html"
    )
    return message


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str
    list_slug: str
    issue_id: int
    root: str


def render_issue(issue) -> RenderedIssue:
    root = site_root_url()
    stories = list(issue.stories.live().public().order_by("-first_published_at", "pk"))
    if issue.is_alert:
        stories = stories[:1]
    items = [
        {
            "title": story.title,
            "standfirst": story.standfirst,
            "url": root + (story.get_url_parts()[2] if story.get_url_parts() else "/"),
        }
        for story in stories
    ]
    context = {
        "issue": issue,
        "site_name": site_name(),
        "list_name": issue.newsletter.name,
        "stories": items,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "root": root,
    }
    kind = "alert" if issue.is_alert else "issue"
    return RenderedIssue(
        subject=issue.subject,
        text=render_to_string(f"newsletters/email/{kind}.txt", context),
        html=render_to_string(f"newsletters/email/{kind}.html", context),
        list_slug=issue.newsletter.slug,
        issue_id=issue.pk,
        root=root,
    )


def message_id_for(issue_id: int, email_key: str) -> str:
    """The same Message-ID for every try of one delivery: if a crash makes the
    sender repeat a message, the receiving side can recognise the repeat."""
    import hashlib

    digest = hashlib.sha256(email_key.encode("utf-8")).hexdigest()[:24]
    return f"<newsletter-{issue_id}.{digest}@{from_domain()}>"


def build_issue_message(
    rendered: RenderedIssue, *, email: str, email_key: str
) -> EmailMultiAlternatives:
    link = unsubscribe_url(email, rendered.list_slug, root=rendered.root)
    headers = {
        **list_unsubscribe_headers(link),
        "Message-ID": message_id_for(rendered.issue_id, email_key),
        "Precedence": "bulk",
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, link),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
        headers=headers,
    )
    message.attach_alternative(
        rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, link), "text/html"
    )
    return message


def build_test_message(
    rendered: RenderedIssue, *, email: str
) -> EmailMultiAlternatives:
    message = build_issue_message(rendered, email=email, email_key=make_msgid())
    message.subject = f"[Test] {rendered.subject}"
    return message
