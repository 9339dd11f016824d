"""Who answers readers: every user with the contact permission (the Editor and Admin
roles), not only superusers. Contributors and Photo editors get no menu item, no
inbox, no chat socket."""

import pytest
from asgiref.sync import async_to_sync

from masthead.contact.models import Conversation
from masthead.contact.services.chat import add_chat_line, start_chat
from masthead.contact.services.outbox import record_message
from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import make_staff

from .test_chat_socket import staff_socket

pytestmark = pytest.mark.django_db

ALLOWED = {roles.EDITOR: True, roles.ADMIN: True}
ROLES = [roles.EDITOR, roles.ADMIN, roles.CONTRIBUTOR, roles.PHOTO_EDITOR]

# (name, method, url, data): {message} and {chat} are the conversations' ids.
ENDPOINTS = [
    ("inbox", "get", "/admin/contact/", {}),
    ("message", "get", "/admin/contact/{message}/", {}),
    ("reply", "post", "/admin/contact/{message}/", {"action": "reply", "body": "Hi"}),
    ("spam", "post", "/admin/contact/{message}/", {"action": "spam"}),
    ("close", "post", "/admin/contact/{chat}/", {"action": "closed"}),
    ("csv export", "get", "/admin/contact/export.csv", {}),
    ("live chat view", "get", "/admin/contact/{chat}/chat/", {}),
    ("go away", "post", "/admin/contact/away/", {}),
    ("be available", "post", "/admin/contact/available/", {}),
]


@pytest.fixture
def conversations(newsroom):
    message = record_message(
        name="Ada Reader", email="ada@example.org", message="The date is wrong."
    )
    chat = start_chat(name="Ben Reader")
    add_chat_line(conversation=chat, body="Is the bridge closed?")
    return {"message": message.pk, "chat": chat.pk}


def signed_in(client, role):
    ensure_newsroom()
    user = make_staff(role, username=role.replace(" ", "").lower())
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_role_and_contact_endpoint(
    client, conversations, role, name, method, url, data
):
    signed_in(client, role)
    response = getattr(client, method)(url.format(**conversations), data)
    if ALLOWED.get(role):
        assert response.status_code in {200, 302}, response
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/contact/")
        assert "do not have permission" not in response.content.decode()
    else:
        # Wagtail's admin turns a refusal into a redirect to the dashboard.
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        xhr = getattr(client, method)(
            url.format(**conversations), data, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
        )
        assert xhr.status_code == 403


def test_refused_roles_change_nothing(client, conversations):
    signed_in(client, roles.CONTRIBUTOR)
    client.post(f"/admin/contact/{conversations['message']}/", {"action": "spam"})
    client.post(
        f"/admin/contact/{conversations['message']}/",
        {"action": "reply", "body": "Hi"},
    )
    message = Conversation.objects.get(pk=conversations["message"])
    assert message.status == Conversation.Status.NEW
    assert message.lines.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_reader_messages_menu_item_follows_the_permission(client, newsroom, role):
    signed_in(client, role)
    html = client.get("/admin/").content.decode()
    assert ("Reader messages" in html) is ALLOWED.get(role, False)


@pytest.mark.parametrize("role", ROLES)
def test_the_heartbeat_counts_only_roles_that_answer(client, newsroom, role):
    signed_in(client, role)
    beat = client.post("/admin/contact/heartbeat/").json()
    assert beat["counted"] is ALLOWED.get(role, False)
    assert client.get("/contact/state/").json()["around"] is ALLOWED.get(role, False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_the_staff_chat_socket_accepts_roles_that_answer(client, conversations, role):
    ensure_newsroom()
    user = make_staff(role, username="staffer")
    socket = staff_socket(user, conversations["chat"])

    @async_to_sync
    async def connect():
        connected, code = await socket.connect()
        history = await socket.receive_json_from() if connected else None
        await socket.disconnect()
        return connected, code, history

    connected, code, history = connect()
    if ALLOWED.get(role):
        assert connected
        assert [line["body"] for line in history["lines"]] == ["Is the bridge closed?"]
    else:
        assert (connected, code) == (False, 4403)
