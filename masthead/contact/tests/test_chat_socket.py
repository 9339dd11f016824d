"""What keeps a chat socket up and honest: heartbeats, a visible flood limit, and a
reader giving up on a chat nobody answered."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client

from masthead.asgi import application
from masthead.contact.consumers import TOO_FAST
from masthead.contact.models import Conversation, StaffPresence
from masthead.contact.services.chat import add_chat_line
from masthead.contact.services.presence import record_heartbeat

from .helpers import SocketClient
from .test_consumers import reader_socket, start_chat_session

pytestmark = pytest.mark.django_db(transaction=True)


def staff_socket(user, conversation_id):
    client = Client()
    client.force_login(user)
    headers = [
        (b"origin", b"http://127.0.0.1"),
        (b"host", b"127.0.0.1"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    return SocketClient(
        application, f"/ws/contact/staff/{conversation_id}/", headers=headers
    )


def test_a_reader_ping_is_answered_and_stores_nothing(client, newsroom, staff):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)

    @async_to_sync
    async def ping():
        socket = reader_socket(session_id)
        await socket.connect()
        await socket.receive_json_from()  # history
        await socket.receive_json_from()  # presence
        await socket.send_json_to({"type": "ping"})
        answer = await socket.receive_json_from()
        await socket.disconnect()
        return answer

    assert ping() == {"type": "pong"}
    assert Conversation.objects.get().lines.count() == 0


def test_a_staff_ping_keeps_them_around(client, newsroom, staff):
    record_heartbeat(user=staff)
    start_chat_session(client)
    conversation = Conversation.objects.get()

    def forget_last_seen():
        StaffPresence.objects.filter(user=staff).update(last_seen=None)

    socket = staff_socket(staff, conversation.pk)

    @async_to_sync
    async def ping():
        connected, _ = await socket.connect()
        assert connected
        await socket.receive_json_from()  # history
        await sync_to_async(forget_last_seen)()
        await socket.send_json_to({"type": "ping"})
        answer = await socket.receive_json_from()
        await socket.disconnect()
        return answer

    assert ping() == {"type": "pong"}
    assert StaffPresence.objects.get(user=staff).last_seen is not None


def test_a_flood_of_lines_is_refused_with_words_the_reader_sees(
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
        answers = []
        for n in range(4):
            await socket.send_json_to(
                {"type": "say", "body": f"line {n}", "client_id": f"r{n}"}
            )
            answers.append(await socket.receive_json_from())
        await socket.disconnect()
        return answers

    answers = flood()
    assert [answer["type"] for answer in answers] == ["line", "line", "error", "error"]
    refused = answers[2]
    assert refused["client_id"] == "r2"
    assert refused["error"] == TOO_FAST
    assert "You're sending messages too fast; wait a few seconds" in TOO_FAST
    assert Conversation.objects.get().lines.count() == 2


def test_giving_up_on_an_unanswered_chat_closes_it_and_tells_staff(
    client, newsroom, staff
):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)
    conversation = Conversation.objects.get()
    add_chat_line(conversation=conversation, body="Anyone there?")

    watcher = staff_socket(staff, conversation.pk)

    @async_to_sync
    async def give_up():
        await watcher.connect()
        await watcher.receive_json_from()  # history
        socket = reader_socket(session_id)
        await socket.connect()
        await socket.receive_json_from()
        await socket.receive_json_from()
        await socket.send_json_to({"type": "give_up"})
        told = await watcher.receive_json_from()
        await socket.disconnect()
        await watcher.disconnect()
        return told

    assert give_up() == {"type": "closed"}
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.CLOSED
    assert conversation.lines.get().body == "Anyone there?"


def test_giving_up_leaves_an_answered_chat_alone(client, newsroom, staff):
    record_heartbeat(user=staff)
    session_id = start_chat_session(client)
    conversation = Conversation.objects.get()
    add_chat_line(conversation=conversation, body="Anyone there?")
    add_chat_line(conversation=conversation, body="Yes!", staff_user=staff)

    @async_to_sync
    async def give_up():
        socket = reader_socket(session_id)
        await socket.connect()
        await socket.receive_json_from()
        await socket.receive_json_from()
        await socket.send_json_to({"type": "give_up"})
        await socket.send_json_to({"type": "ping"})
        answer = await socket.receive_json_from()
        await socket.disconnect()
        return answer

    assert give_up() == {"type": "pong"}
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.ANSWERED


def test_the_state_tells_the_box_how_long_to_wait_for_an_answer(client, settings):
    settings.CONTACT_CHAT_ANSWER_WITHIN_SECONDS = 42
    assert client.get("/contact/state/").json()["answer_within"] == 42
