"""Live chat sockets: one for the reader's box, one for a staff member's chat view.

A reader's socket only ever joins the conversation whose token its session holds,
so knowing or guessing a conversation number reads nothing.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from . import services

REFUSED = 4403


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """What both sides share: history, lines, presence and closing events."""

    author = "reader"
    conversation = None

    async def join(self, conversation) -> None:
        self.conversation = conversation
        self.groups_joined = [services.chat_group(conversation.pk)]
        if self.author == "reader":
            self.groups_joined.append(services.READERS_GROUP)
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
        if not isinstance(content, dict) or content.get("type") != "say":
            await self.refuse_line(content, "The chat did not understand that message.")
            return
        body = content.get("body")
        if not isinstance(body, str) or not body.strip():
            await self.refuse_line(content, "Type a message first.")
            return
        body = body.strip()
        if len(body) > services.CHAT_LINE_MAX:
            await self.refuse_line(
                content,
                f"That message is {len(body):,} characters long; the limit is "
                f"{services.CHAT_LINE_MAX:,}. Please split it.",
            )
            return
        if await self.is_sending_too_fast():
            await self.refuse_line(
                content,
                "You're sending messages faster than we can read them. Wait a "
                "moment and send it again; your text is still here.",
            )
            return
        line = await self.store_line(body)
        await self.channel_layer.group_send(
            services.chat_group(self.conversation.pk),
            {"type": "chat.line", "line": line, "client_id": content.get("client_id")},
        )

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
        return [services.describe_line(line) for line in conversation.lines.all()]

    @database_sync_to_async
    def is_sending_too_fast(self) -> bool:
        return services.is_rate_limited(
            f"chatline:{self.author}:{self.conversation.pk}",
            limit=settings.CONTACT_CHAT_LINES_PER_MINUTE,
            window=60,
        )

    @database_sync_to_async
    def store_line(self, body: str) -> dict:
        line = services.add_chat_line(
            conversation=self.conversation, body=body, staff_user=self.staff_user()
        )
        return services.describe_line(line)

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
        from .models import Conversation

        session = self.scope.get("session")
        token = session.get(services.CHAT_SESSION_KEY) if session else None
        if not token:
            return None
        return (
            Conversation.objects.filter(token=token, kind=Conversation.Kind.CHAT)
            .exclude(status__in=[Conversation.Status.CLOSED, Conversation.Status.SPAM])
            .first()
        )

    @database_sync_to_async
    def is_newsroom_around(self) -> bool:
        return services.is_newsroom_around_now()


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
        from .models import Conversation

        user = self.scope.get("user")
        if not services.can_answer_messages(user):
            return None
        services.record_heartbeat(user=user)
        conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        conversation = Conversation.objects.filter(
            pk=conversation_id, kind=Conversation.Kind.CHAT
        ).first()
        if conversation is not None:
            services.mark_read(conversation=conversation)
        return conversation

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "close":
            await self.close_conversation()
            return
        await super().receive_json(content, **kwargs)

    @database_sync_to_async
    def close_conversation(self) -> None:
        services.set_conversation_status(
            conversation=self.conversation, status="closed"
        )

    def staff_user(self):
        return self.scope["user"]
