"""The newsroom's inbox: who may see it, filters, reply by email, spam, export."""

import csv
import io

import pytest

from masthead.contact.models import Conversation, OutgoingEmail
from masthead.contact.services.chat import add_chat_line, start_chat
from masthead.contact.services.outbox import record_message
from masthead.contact.services.presence import is_newsroom_around_now, record_heartbeat
from tests.factories import make_staff

from .conftest import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(newsroom):
    return record_message(
        name="Ada Reader",
        email="ada@example.org",
        message='=HYPERLINK("http://evil.example") <script>alert(1)</script>',
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_inbox_lists_messages_with_the_unread_count_in_the_menu(
    staff_client, message
):
    html = staff_client.get("/admin/contact/").content.decode()
    assert "Ada Reader" in html
    assert "Reader messages (1)" in html


def test_script_in_a_message_is_shown_as_text(staff_client, message):
    html = staff_client.get(f"/admin/contact/{message.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_opening_a_message_marks_it_read(staff_client, message):
    staff_client.get(f"/admin/contact/{message.pk}/")
    assert Conversation.objects.unread().count() == 0


def test_staff_without_the_permission_cannot_see_the_inbox(client, message):
    client.force_login(make_staff(username="photographer"))
    for url in ("/admin/contact/", f"/admin/contact/{message.pk}/"):
        response = client.get(url)
        # Wagtail turns a refusal into a redirect to the dashboard with a notice.
        assert response.status_code in {302, 403}
        assert "Ada Reader" not in response.content.decode()
    assert client.get("/admin/contact/export.csv").status_code in {302, 403}


@pytest.mark.parametrize(
    ("status", "shown"),
    [("", True), ("new", True), ("answered", False), ("spam", False)],
)
def test_the_filters_show_each_status(staff_client, message, status, shown):
    html = staff_client.get(f"/admin/contact/?status={status}").content.decode()
    assert ("Ada Reader" in html) is shown


def test_marking_spam_moves_a_message_out_of_the_inbox(staff_client, message):
    staff_client.post(f"/admin/contact/{message.pk}/", {"action": "spam"})
    message.refresh_from_db()
    assert message.status == Conversation.Status.SPAM
    assert "Ada Reader" not in staff_client.get("/admin/contact/").content.decode()
    spam = staff_client.get("/admin/contact/?status=spam").content.decode()
    assert "Ada Reader" in spam


@pytest.mark.django_db(transaction=True)
def test_a_reply_by_email_is_stored_and_sent(staff_client, message, smtp):
    response = staff_client.post(
        f"/admin/contact/{message.pk}/",
        {"action": "reply", "body": "Thanks, we've fixed it."},
    )
    assert response.status_code == 302
    run_worker()

    message.refresh_from_db()
    assert message.status == Conversation.Status.ANSWERED
    reply = message.lines.get(author="staff")
    assert reply.body == "Thanks, we've fixed it." and reply.sent_by_email
    sent = {m["To"]: m for m in smtp.messages}
    assert "Thanks, we've fixed it." in sent["ada@example.org"].get_content()
    assert sent["ada@example.org"]["Reply-To"] == "desk@courier.example"
    assert OutgoingEmail.objects.filter(status="sent").count() == 2


def test_the_export_is_a_csv_with_formulas_defused(staff_client, message):
    response = staff_client.get("/admin/contact/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "kind", "status"]
    assert rows[1][4] == "Ada Reader"
    assert rows[1][7].startswith("Reader: =HYPERLINK")


def test_the_heartbeat_counts_staff_and_reports_waiting_chats(staff_client, staff):
    chat = start_chat(name="Bo")
    add_chat_line(conversation=chat, body="hello?")
    answer = staff_client.post("/admin/contact/heartbeat/").json()
    assert answer["counted"] is True
    assert answer["waiting"] == 1
    assert is_newsroom_around_now()


def test_going_away_ends_presence(staff_client, staff, newsroom):
    record_heartbeat(user=staff)
    staff_client.post("/admin/contact/away/")
    assert not is_newsroom_around_now()


def test_the_inbox_costs_the_same_queries_for_one_message_or_many(
    staff_client, message
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff_client.get("/admin/contact/")
    with CaptureQueriesContext(connection) as one:
        staff_client.get("/admin/contact/")
    for n in range(5):
        record_message(name=f"Reader {n}", email="r@example.org", message="x")
    with CaptureQueriesContext(connection) as six:
        staff_client.get("/admin/contact/")
    assert len(six) == len(one)
