"""The newsroom's side of the inbox: waiting chats, replies, status, CSV export."""

from __future__ import annotations

import csv

from django.conf import settings
from django.db import transaction

from ..models import Conversation, Line, OutgoingEmail
from .groups import chat_group, send_to_group
from .outbox import get_newsroom_email, queue_contact_email


def count_waiting_chats() -> int:
    """Chats whose reader has spoken and nobody from the newsroom has answered yet."""
    return (
        Conversation.objects.filter(
            kind=Conversation.Kind.CHAT, status=Conversation.Status.NEW
        )
        .with_lines()
        .count()
    )


def reply_by_email(*, conversation, staff_user, body: str):
    """Store a staff reply and queue it to the reader's address."""
    if not conversation.email:
        raise ValueError("This reader left no email address to reply to.")
    with transaction.atomic():
        line = Line.objects.create(
            conversation=conversation,
            author=Line.Author.STAFF,
            staff_user=staff_user,
            body=body,
            sent_by_email=True,
        )
        queue_contact_email(
            conversation=conversation,
            purpose=OutgoingEmail.Purpose.REPLY_TO_READER,
            to=conversation.email,
            subject=f"Re: your message to {settings.WAGTAIL_SITE_NAME}",
            body=body,
            reply_to=get_newsroom_email(),
        )
        conversation.status = Conversation.Status.ANSWERED
        conversation.is_read = True
        conversation.save(update_fields=["status", "is_read", "updated_at"])
    return line


def set_conversation_status(*, conversation, status: str) -> None:
    conversation.status = status
    conversation.is_read = True
    conversation.save(update_fields=["status", "is_read", "updated_at"])
    if status in {"closed", "spam"} and conversation.kind == "chat":
        transaction.on_commit(
            lambda: send_to_group(chat_group(conversation.pk), {"type": "chat.closed"})
        )


def mark_read(*, conversation) -> None:
    if not conversation.is_read:
        conversation.is_read = True
        conversation.save(update_fields=["is_read"])


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def make_csv_safe(value: str) -> str:
    """Spreadsheets run cells that start like formulas; a reader's text must not."""
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_conversations_csv(conversations, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(
        ["id", "kind", "status", "received", "name", "email", "page", "transcript"]
    )
    for conversation in conversations:
        transcript = "\n".join(
            f"{line.get_author_display()}: {line.body}"
            for line in conversation.lines.all()
        )
        writer.writerow(
            [
                conversation.pk,
                conversation.kind,
                conversation.status,
                conversation.created_at.isoformat(),
                *(
                    make_csv_safe(value)
                    for value in (
                        conversation.name,
                        conversation.email,
                        conversation.page_url,
                        transcript,
                    )
                ),
            ]
        )
