"""A reader who deletes their account is forgotten by the contact inbox: what they
said stays, who they were goes, and nothing more is sent to them."""

import pytest
from django.contrib.auth import get_user_model

from masthead.accounts.services import delete_reader_account
from masthead.contact.models import Conversation, Line, OutgoingEmail
from masthead.contact.services.delivery import deliver_email
from masthead.contact.services.outbox import record_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving_reader(db):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        username="leaving", email="leaving@example.com", password="x" * 20
    )
    EmailAddress.objects.create(
        user=user, email="leaving@example.com", primary=True, verified=True
    )
    return user


def test_their_conversations_lose_name_and_address_but_keep_the_words(
    newsroom, leaving_reader, smtp
):
    theirs = record_message(
        name="Lea Ving",
        email="Leaving@Example.com",  # typed with capitals: still theirs
        message="A tip about the council budget.",
        copy_to="Leaving@Example.com",
    )
    other = record_message(
        name="Stay Ing",
        email="staying@example.com",
        message="Hello",
        copy_to="staying@example.com",
    )

    delete_reader_account(user=leaving_reader)

    theirs.refresh_from_db()
    assert (theirs.name, theirs.email) == ("", "")
    assert (
        Line.objects.get(conversation=theirs).body == "A tip about the council budget."
    )
    [to_newsroom] = OutgoingEmail.objects.filter(conversation=theirs)
    assert to_newsroom.purpose == OutgoingEmail.Purpose.TO_NEWSROOM
    assert (to_newsroom.reply_to, to_newsroom.reply_to_name) == ("", "")
    other.refresh_from_db()
    assert other.email == "staying@example.com"
    assert OutgoingEmail.objects.filter(conversation=other).count() == 2

    # The newsroom still gets the message, with no way back to the reader.
    deliver_email(email_id=to_newsroom.pk)
    [delivered] = smtp.messages
    assert delivered["To"] == "desk@courier.example"
    assert delivered["Reply-To"] is None
    assert "leaving@example.com" not in str(delivered).lower()


def test_a_reader_who_never_wrote_leaves_the_inbox_alone(newsroom, leaving_reader):
    other = record_message(name="Stay Ing", email="staying@example.com", message="Hi")
    delete_reader_account(user=leaving_reader)
    assert Conversation.objects.get(pk=other.pk).email == "staying@example.com"
