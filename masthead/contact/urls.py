from django.urls import path

from .views import reader

app_name = "contact"

urlpatterns = [
    path("", reader.contact_page, name="page"),
    path("state/", reader.state, name="state"),
    path("send/", reader.send, name="send"),
    path("chat/start/", reader.start_chat, name="start_chat"),
]
