from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/contact/chat/", consumers.ReaderChatConsumer.as_asgi()),
    path(
        "ws/contact/staff/<int:conversation_id>/",
        consumers.StaffChatConsumer.as_asgi(),
    ),
]
