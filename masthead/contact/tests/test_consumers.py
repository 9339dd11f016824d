"""The chat sockets: a reader reads only their own chat; lines are capped and paced."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from masthead.asgi import application
from masthead.contact.models import Conversation
from masthead.contact.services.presence import mark_staff_away, record_heartbeat

from .helpers import SocketClient

pytestmark = pytest.mark.django_db(transaction=True)


def start_chat_session(client, name="Ada"):
    response = client.post(
        "/contact/chat/start/", {"name": name}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content
    return client.cookies["sessionid"].value


def reader_socket(session_id=None):
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    if session_id:
        headers.append((b"cookie", f"sessionid={session_id}".encode()))
    return SocketClient(application, "/ws/contact/chat/", headers=headers)


async def connect(communicator):
    connected, code = await communicator.connect()
    return connected, code


def test_a_chat_only_starts_when_someone_is_around(client, newsroom):
    response = client.post(
        "/contact/chat/start/", {"name": "Ada"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert "Nobody is around" in response.json()["error"]


def test_a_reader_chats_over_their_own_socket_and_the_line_is_stored(
    client, newsroom, staff
):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)

    @async_to_sync
    async def chat():
        socket = reader_socket(session_id)
        connected, _ = await socket.connect()
        assert connected
        assert (await socket.receive_json_from())["type"] == "history"
        assert (await socket.receive_json_from()) == {
            "type": "presence",
            "around": True,
        }
        await socket.send_json_to(
            {"type": "say", "body": "<b>hello</b>", "client_id": "r1"}
        )
        reply = await socket.receive_json_from()
        await socket.disconnect()
        return reply

    reply = chat()
    assert reply["type"] == "line"
    assert reply["client_id"] == "r1"
    assert reply["line"]["body"] == "<b>hello</b>"
    conversation = Conversation.objects.get()
    assert conversation.lines.get().body == "<b>hello</b>"


def test_a_socket_without_the_chat_in_its_session_is_refused(client, newsroom, staff):
    from django.test import Client

    record_heartbeat(user=staff)
    start_chat_session(client)
    stranger = Client()
    stranger.get("/contact/state/")
    stranger.session.save()

    @async_to_sync
    async def try_without_and_with_foreign_session():
        results = []
        for session_id in (None, stranger.session.session_key):
            socket = reader_socket(session_id)
            connected, code = await socket.connect()
            results.append((connected, code))
            await socket.disconnect()
        return results

    assert try_without_and_with_foreign_session() == [
        (False, 4403),
        (False, 4403),
    ]


def test_a_socket_from_another_origin_is_refused(client, newsroom, staff):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)

    @async_to_sync
    async def try_evil_origin():
        socket = SocketClient(
            application,
            "/ws/contact/chat/",
            headers=[
                (b"origin", b"http://evil.example"),
                (b"cookie", f"sessionid={session_id}".encode()),
            ],
        )
        connected, _ = await socket.connect()
        await socket.disconnect()
        return connected

    assert try_evil_origin() is False


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Type a message first."),
        ("x" * 2001, "2,001 characters long; the limit is 2,000"),
        (42, "Type a message first."),
    ],
)
def test_bad_chat_lines_are_refused_with_the_reason(
    client, newsroom, staff, body, error
):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)

    @async_to_sync
    async def say():
        socket = reader_socket(session_id)
        await socket.connect()
        await socket.receive_json_from()
        await socket.receive_json_from()
        await socket.send_json_to({"type": "say", "body": body, "client_id": "r9"})
        answer = await socket.receive_json_from()
        await socket.disconnect()
        return answer

    answer = say()
    assert answer["type"] == "error"
    assert answer["client_id"] == "r9"
    assert error in answer["error"]
    assert Conversation.objects.get().lines.count() == 0


def test_chat_lines_faster_than_the_limit_are_refused(
    client, newsroom, staff, settings
):
    settings.CONTACT_CHAT_LINES_PER_MINUTE = 2
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)

    @async_to_sync
    async def flood():
        socket = reader_socket(session_id)
        await socket.connect()
        await socket.receive_json_from()
        await socket.receive_json_from()
        kinds = []
        for n in range(3):
            await socket.send_json_to({"type": "say", "body": f"line {n}"})
            kinds.append((await socket.receive_json_from())["type"])
        await socket.disconnect()
        return kinds

    assert flood() == ["line", "line", "error"]
    assert Conversation.objects.get().lines.count() == 2


def test_when_the_last_staff_member_leaves_the_reader_is_told(client, newsroom, staff):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)

    @async_to_sync
    async def wait_for_leaving():
        socket = reader_socket(session_id)
        await socket.connect()
        await socket.receive_json_from()
        await socket.receive_json_from()
        await sync_to_async(mark_staff_away)(user=staff)
        event = await socket.receive_json_from()
        await socket.disconnect()
        return event

    assert wait_for_leaving() == {"type": "presence", "around": False}
