"""Live chat sockets: one for the reader's box, one for a staff member's chat view.

A reader's socket only ever joins the conversation whose token its session holds,
so knowing or guessing a conversation number reads nothing.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from .models import Conversation
from .services.chat import (
    CHAT_SESSION_KEY,
    add_chat_line,
    describe_line,
    give_up_unanswered_chat,
)
from .services.groups import READERS_GROUP, chat_group
from .services.inbox import mark_read, set_conversation_status
from .services.presence import (
    can_answer_messages,
    is_newsroom_around_now,
    record_heartbeat,
)
from .services.safety import CHAT_LINE_MAX, is_rate_limited

REFUSED = 4403
TOO_FAST = (
    "You're sending messages too fast; wait a few seconds and send it again. "
    "Your text is still here."
)


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """What both sides share: history, lines, presence and closing events."""

    author = "reader"
    conversation = None

    async def join(self, conversation) -> None:
        self.conversation = conversation
        self.groups_joined = [chat_group(conversation.pk)]
        if self.author == "reader":
            self.groups_joined.append(READERS_GROUP)
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json(
            {"type": "history", "lines": await self.get_history(conversation)}
        )

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            # The client's heartbeat: an answer proves the whole path (proxy,
            # server, this consumer) is alive, so a silent drop is noticed.
            await self.on_ping()
            await self.send_json({"type": "pong"})
            return
        if not isinstance(content, dict) or content.get("type") != "say":
            await self.refuse_line(content, "The chat did not understand that message.")
            return
        body = content.get("body")
        if not isinstance(body, str) or not body.strip():
            await self.refuse_line(content, "Type a message first.")
            return
        body = body.strip()
        if len(body) > CHAT_LINE_MAX:
            await self.refuse_line(
                content,
                f"That message is {len(body):,} characters long; the limit is "
                f"{CHAT_LINE_MAX:,}. Please split it.",
            )
            return
        if await self.is_sending_too_fast():
            await self.refuse_line(content, TOO_FAST)
            return
        line = await self.store_line(body)
        await self.channel_layer.group_send(
            chat_group(self.conversation.pk),
            {"type": "chat.line", "line": line, "client_id": content.get("client_id")},
        )

    async def on_ping(self) -> None:
        pass

    async def refuse_line(self, content, reason: str) -> None:
        client_id = content.get("client_id") if isinstance(content, dict) else None
        await self.send_json({"type": "error", "error": reason, "client_id": client_id})

    async def chat_line(self, event):
        await self.send_json(
            {"type": "line", "line": event["line"], "client_id": event.get("client_id")}
        )

    async def chat_closed(self, event):
        await self.send_json({"type": "closed"})

    async def presence_changed(self, event):
        await self.send_json({"type": "presence", "around": event["around"]})

    @database_sync_to_async
    def get_history(self, conversation) -> list[dict]:
        return [describe_line(line) for line in conversation.lines.all()]

    @database_sync_to_async
    def is_sending_too_fast(self) -> bool:
        return is_rate_limited(
            f"chatline:{self.author}:{self.conversation.pk}",
            limit=settings.CONTACT_CHAT_LINES_PER_MINUTE,
            window=60,
        )

    @database_sync_to_async
    def store_line(self, body: str) -> dict:
        line = add_chat_line(
            conversation=self.conversation, body=body, staff_user=self.staff_user()
        )
        return describe_line(line)

    def staff_user(self):
        return None


class ReaderChatConsumer(ChatConsumer):
    async def connect(self):
        conversation = await self.find_own_conversation()
        if conversation is None:
            await self.close(code=REFUSED)
            return
        await self.join(conversation)
        await self.send_json(
            {"type": "presence", "around": await self.is_newsroom_around()}
        )

    @database_sync_to_async
    def find_own_conversation(self):
        session = self.scope.get("session")
        token = session.get(CHAT_SESSION_KEY) if session else None
        if not token:
            return None
        return (
            Conversation.objects.filter(token=token, kind=Conversation.Kind.CHAT)
            .exclude(status__in=[Conversation.Status.CLOSED, Conversation.Status.SPAM])
            .first()
        )

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "give_up":
            # Nobody answered in time: the reader takes their words to the email
            # form, and the chat stops counting as one waiting for an answer.
            await self.give_up()
            return
        await super().receive_json(content, **kwargs)

    @database_sync_to_async
    def give_up(self) -> None:
        give_up_unanswered_chat(conversation=self.conversation)

    @database_sync_to_async
    def is_newsroom_around(self) -> bool:
        return is_newsroom_around_now()


class StaffChatConsumer(ChatConsumer):
    author = "staff"

    async def connect(self):
        conversation = await self.find_conversation()
        if conversation is None:
            await self.close(code=REFUSED)
            return
        await self.join(conversation)

    @database_sync_to_async
    def find_conversation(self):
        user = self.scope.get("user")
        if not can_answer_messages(user):
            return None
        record_heartbeat(user=user)
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        conversation = Conversation.objects.filter(
            pk=conversation_id, kind=Conversation.Kind.CHAT
        ).first()
        if conversation is not None:
            mark_read(conversation=conversation)
        return conversation

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "close":
            await self.close_conversation()
            return
        await super().receive_json(content, **kwargs)

    @database_sync_to_async
    def on_ping(self) -> None:
        # An open chat view is a sign of life (a heartbeat never ends "Go away").
        record_heartbeat(user=self.scope["user"])

    @database_sync_to_async
    def close_conversation(self) -> None:
        set_conversation_status(conversation=self.conversation, status="closed")

    def staff_user(self):
        return self.scope["user"]
