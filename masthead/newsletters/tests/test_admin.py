"""Editors compose, preview, test and send; Contributors and readers cannot."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.newsletters.models import ConsentRecord, Issue, Subscriber
from masthead.newsletters.services.signup import unsubscribe
from masthead.newsroom import roles
from tests.factories import make_staff

from .conftest import run_worker, subscribe_confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff(roles.EDITOR, username="editor")
    client.force_login(user)
    return user


@pytest.fixture
def issue(lists):
    return Issue.objects.create(newsletter=lists["daily"], subject="Tuesday")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (roles.EDITOR, True),
        (roles.ADMIN, True),
        (roles.CONTRIBUTOR, False),
        (roles.PHOTO_EDITOR, False),
    ],
)
def test_only_editors_compose_and_send(client, lists, issue, role, allowed):
    client.force_login(make_staff(role, username="someone"))
    add = client.get("/admin/newsletter_issues/new/")
    send = client.get(f"/admin/newsletters/issue/{issue.pk}/send/")
    send_now = client.post(
        f"/admin/newsletters/issue/{issue.pk}/send/", {"action": "send"}
    )
    export = client.get("/admin/newsletters/subscribers/export.csv")
    if allowed:
        assert add.status_code == 200
        assert send.status_code == 200
        assert send_now.status_code == 302
        assert export.status_code == 200
    else:
        # Wagtail's admin answers PermissionDenied with a redirect to the
        # dashboard and a message.
        for response in (add, send, send_now, export):
            assert response.status_code == 302
            assert response["Location"] == "/admin/"
        assert Issue.objects.get().status == Issue.Status.DRAFT


def test_a_reader_gets_the_login_page(client, issue):
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user(username="r", password="x" * 12)
    client.force_login(reader)
    response = client.get(f"/admin/newsletters/issue/{issue.pk}/send/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_editor_composes_from_the_top_stories_previews_and_tests(
    client, editor, lists, make_article, django_capture_on_commit_callbacks
):
    stories = [make_article(headline=f"Story {n}") for n in range(3)]
    response = client.post(
        "/admin/newsletter_issues/new/",
        {
            "newsletter": lists["daily"].pk,
            "subject": "Today",
            "intro": "Good morning.",
            "fill_from_top_stories": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    issue = Issue.objects.get()
    assert response["Location"] == f"/admin/newsletters/issue/{issue.pk}/send/"
    assert set(issue.stories.all()) == set(stories)
    assert issue.created_by == editor

    page = client.get(response["Location"])
    assert b"Story 2" in page.content
    preview = client.get(f"/admin/newsletters/issue/{issue.pk}/preview/")
    assert b"Good morning." in preview.content
    assert b"%%MASTHEAD" not in preview.content

    client.post(f"/admin/newsletters/issue/{issue.pk}/send/", {"action": "test"})
    run_worker()
    [test_copy] = mail.outbox
    assert test_copy.to == [editor.email]
    assert test_copy.subject == "[Test] Today"
    assert not issue.deliveries.exists()

    subscribe_confirmed("reader@example.org", lists["daily"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/newsletters/issue/{issue.pk}/send/", {"action": "send"})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    assert issue.deliveries.count() == 1


def test_an_alert_must_go_to_the_breaking_list(client, editor, lists, make_article):
    story = make_article(headline="Storm")
    response = client.post(
        "/admin/newsletter_issues/new/",
        {
            "newsletter": lists["daily"].pk,
            "subject": "Storm",
            "is_alert": "on",
            "stories": [story.pk],
        },
    )
    assert response.status_code == 200
    assert b"An alert goes to a breaking-news list." in response.content
    assert not Issue.objects.exists()


def test_export_and_import_keep_consent_dates(client, editor, lists):
    subscriber = subscribe_confirmed("ann@example.org", lists["daily"])
    ConsentRecord.objects.create(
        subscriber=subscriber,
        action=ConsentRecord.Action.REQUESTED,
        method=ConsentRecord.Method.FORM,
        consent_text="=HYPERLINK(1)",
        at="2025-03-01T09:00:00Z",
    )
    exported = client.get("/admin/newsletters/subscribers/export.csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert rows[0]["email"] == "ann@example.org"
    assert rows[0]["requested_at"].startswith("2025-03-01T09:00:00")
    assert rows[0]["consent_text"] == "'=HYPERLINK(1)"  # not a formula

    unsubscribe(email="gone@example.org")
    upload = (
        "email,lists,confirmed_at,consent_text\n"
        "bob@example.org,daily breaking,2024-05-06T07:08:09+00:00,Yes please\n"
        "gone@example.org,daily,2024-05-06T07:08:09+00:00,\n"
        "nodate@example.org,daily,,\n"
        "bad@gmial.com,daily,2024-05-06T07:08:09+00:00,\n"
    )
    response = client.post(
        "/admin/newsletters/subscribers/import/",
        {"file": SimpleUploadedFile("list.csv", upload.encode())},
    )
    assert response.status_code == 200
    assert b"<strong>1</strong> imported, 3 skipped" in response.content
    bob = Subscriber.objects.get(email_key="bob@example.org")
    assert bob.status == Subscriber.Status.CONFIRMED
    assert bob.confirmed_at.year == 2024
    assert set(bob.lists.values_list("slug", flat=True)) == {"daily", "breaking"}
    record = bob.consents.get()
    assert record.action == ConsentRecord.Action.IMPORTED
    assert record.at.isoformat().startswith("2024-05-06T07:08:09")
    assert (
        not Subscriber.objects.filter(email_key="gone@example.org")
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .exists()
    )


def test_contributors_cannot_import(client, lists):
    client.force_login(make_staff(roles.CONTRIBUTOR, username="c"))
    response = client.post(
        "/admin/newsletters/subscribers/import/",
        {"file": SimpleUploadedFile("list.csv", b"email\nx@example.org\n")},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not Subscriber.objects.exists()
