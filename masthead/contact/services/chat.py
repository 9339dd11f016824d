"""Live chats: starting one, whether it can still be joined, and its lines."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Conversation, Line
from .groups import chat_group, send_to_group
from .safety import NAME_MAX, clean_header_text

CHAT_SESSION_KEY = "contact_chat_token"


def start_chat(*, name: str, email: str = "", page_url: str = ""):
    return Conversation.objects.create(
        kind=Conversation.Kind.CHAT,
        name=clean_header_text(name)[:NAME_MAX],
        email=email,
        page_url=page_url[:500],
    )


def is_chat_open(*, token: str | None) -> bool:
    """Whether the chat this session started can still be joined."""
    if not token:
        return False
    return (
        Conversation.objects.filter(token=token, kind=Conversation.Kind.CHAT)
        .exclude(status__in=[Conversation.Status.CLOSED, Conversation.Status.SPAM])
        .exists()
    )


def add_chat_line(*, conversation, body: str, staff_user=None):
    """Store one chat line; a staff line marks the conversation answered and read,
    a reader line marks it unread again."""
    with transaction.atomic():
        line = Line.objects.create(
            conversation=conversation,
            author=Line.Author.STAFF if staff_user else Line.Author.READER,
            staff_user=staff_user,
            body=body,
        )
        # Update by query: the socket's copy of the conversation may be stale.
        conversations = Conversation.objects.filter(pk=conversation.pk)
        if staff_user is not None:
            conversations.filter(status=Conversation.Status.NEW).update(
                status=Conversation.Status.ANSWERED, updated_at=timezone.now()
            )
            conversations.update(is_read=True)
        else:
            conversations.update(is_read=False, updated_at=timezone.now())
    return line


def describe_line(line) -> dict:
    """What a chat client is told about a line (text only; the client renders it
    as text, never as markup)."""
    who = "reader"
    if line.author == "staff":
        who = "staff"
    return {
        "id": line.pk,
        "author": who,
        "body": line.body,
        "at": line.created_at.isoformat(),
    }


def give_up_unanswered_chat(*, conversation) -> bool:
    """The reader stopped waiting for an answer and took their words to the email
    form: a chat nobody answered is closed (it stays in the inbox, unread, with its
    transcript) and any staff chat view is told. False if someone had answered."""
    closed = (
        Conversation.objects.filter(
            pk=conversation.pk,
            kind=Conversation.Kind.CHAT,
            status=Conversation.Status.NEW,
        ).update(status=Conversation.Status.CLOSED, updated_at=timezone.now())
        == 1
    )
    if closed:
        transaction.on_commit(
            lambda: send_to_group(chat_group(conversation.pk), {"type": "chat.closed"})
        )
    return closed
