"""Forgetting a reader who deleted their account, while keeping what they said."""

from __future__ import annotations

from django.db.models import Q

from ..models import Conversation, OutgoingEmail
from .outbox import render_newsroom_email_body


def forget_deleted_reader(sender, *, user, emails, **kwargs) -> None:
    """A reader deleted their account (``accounts.services.reader_account_deleted``).

    What they said stays in the newsroom's inbox, as a letter to the editor would,
    but the name and address they typed go. Emails still owed to them are not sent,
    and the stored copies of emails to or about them are deleted. A message to the
    newsroom still waiting in the queue is delivered without their Reply-To.
    """
    addresses = [address for address in emails if address]
    if not addresses:
        return
    theirs = Q()
    for address in addresses:
        theirs |= Q(email__iexact=address)
    conversations = list(
        Conversation.objects.filter(theirs).values_list("pk", flat=True)
    )
    owed_to_newsroom = Q(
        purpose=OutgoingEmail.Purpose.TO_NEWSROOM, status=OutgoingEmail.Status.QUEUED
    )
    stored = OutgoingEmail.objects.filter(conversation__in=conversations)
    stored.exclude(owed_to_newsroom).delete()
    Conversation.objects.filter(pk__in=conversations).update(name="", email="")
    for outgoing in stored.filter(owed_to_newsroom).select_related("conversation"):
        first_line = outgoing.conversation.lines.filter(author="reader").first()
        outgoing.subject = "Reader message"
        outgoing.body = render_newsroom_email_body(
            outgoing.conversation, first_line.body if first_line else ""
        )
        outgoing.reply_to = outgoing.reply_to_name = ""
        outgoing.save(update_fields=["subject", "body", "reply_to", "reply_to_name"])
