"""The Channels groups that open contact sockets listen on, and sending to them."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger("masthead.contact")

READERS_GROUP = "contact.readers"
STAFF_GROUP = "contact.staff"


def chat_group(conversation_id: int) -> str:
    return f"contact.chat.{conversation_id}"


def send_to_group(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # a dead Redis must not turn a saved message into a 500
        logger.exception("could not send %s to %s", event.get("type"), group)
