"""A reader's message and the emails it owes: stored and queued in one transaction.

Every email the contact app sends is first a row here; ``queue_contact_email`` enqueues
its delivery in the caller's transaction, so a stored message always has its delivery
queued (and a rolled-back one never sends).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from masthead.core.models import NewsroomSettings

from ..models import Conversation, Line, OutgoingEmail
from ..tasks import deliver_contact_email_task
from .safety import NAME_MAX, clean_header_text


def get_newsroom_email() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    return NewsroomSettings.for_site(site).newsroom_email


def find_copy_address(user) -> str:
    """Where "Send me a copy" may send: a signed-in reader's verified address (the
    primary one first), else nothing. A copy never goes to an address someone merely
    typed, so the form can't be used to mail a stranger (issue 17)."""
    if user is None or not user.is_authenticated:
        return ""
    from allauth.account.models import EmailAddress

    row = (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .only("email")
        .first()
    )
    return row.email if row else ""


def record_message(
    *,
    name: str,
    email: str,
    message: str,
    copy_to: str = "",
    page_url: str = "",
):
    """Store a reader's message and queue its email to the newsroom (and the reader's
    copy) in one transaction: either both exist afterwards or neither does.

    ``copy_to`` is where the copy goes, empty for none; callers pass only a verified
    address (``find_copy_address``), never the one typed in the form."""
    wants_copy = bool(copy_to)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            kind=Conversation.Kind.MESSAGE,
            name=clean_header_text(name)[:NAME_MAX],
            email=email,
            wants_copy=wants_copy,
            page_url=page_url[:500],
        )
        Line.objects.create(
            conversation=conversation, author=Line.Author.READER, body=message
        )
        queue_contact_email(
            conversation=conversation,
            purpose=OutgoingEmail.Purpose.TO_NEWSROOM,
            to=get_newsroom_email() or settings.DEFAULT_FROM_EMAIL,
            subject=f"Reader message from {conversation.name}",
            body=render_newsroom_email_body(conversation, message),
            reply_to=email,
            reply_to_name=conversation.name,
        )
        if wants_copy:
            queue_contact_email(
                conversation=conversation,
                purpose=OutgoingEmail.Purpose.COPY_TO_READER,
                to=copy_to,
                subject=f"Your message to {settings.WAGTAIL_SITE_NAME}",
                body=(
                    f"Hello {conversation.name},\n\nthank you for writing to us. "
                    "This is a copy of your message; we'll get back to you, asap.\n\n"
                    f"{message}\n"
                ),
            )
    return conversation


def render_newsroom_email_body(conversation, message: str) -> str:
    """Plain text only: markup a reader typed arrives as the characters they typed."""
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    sender = (
        f"{conversation.name} <{conversation.email}>"
        if conversation.email
        else "a reader who has since deleted their account"
    )
    lines = [
        f"From: {sender}",
        f"Page: {conversation.page_url or '(not given)'}",
        "",
        message,
        "",
        "-- ",
        "Reply to this email to answer the reader, or answer in the admin:",
        f"{admin}/admin/contact/{conversation.pk}/",
    ]
    return "\n".join(lines)


def queue_contact_email(
    *,
    conversation,
    purpose: str,
    to: str,
    subject: str,
    body: str,
    reply_to: str = "",
    reply_to_name: str = "",
):
    """Store an outgoing email and enqueue its delivery in the caller's transaction."""
    with transaction.atomic():
        outgoing = OutgoingEmail.objects.create(
            conversation=conversation,
            purpose=purpose,
            to=to,
            subject=clean_header_text(subject)[:200],
            body=body,
            reply_to=reply_to,
            reply_to_name=clean_header_text(reply_to_name)[:NAME_MAX],
        )
        # The database backend writes the task row now, in this same transaction.
        deliver_contact_email_task.enqueue(outgoing.pk)
    return outgoing
