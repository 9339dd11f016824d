import json

import pytest

from masthead.newsletters.models import Subscriber, Suppression
from masthead.newsletters.services.bounces import UnreadableReport, read_report

from .conftest import subscribe_confirmed

pytestmark = pytest.mark.django_db

URL = "/newsletters/webhooks/bounces/"


@pytest.fixture
def token(settings):
    settings.MASTHEAD_NEWSLETTER_WEBHOOK_TOKEN = "s3cret-token"
    return "s3cret-token"


def post(client, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def test_without_a_configured_token_the_webhook_does_not_exist(client, settings):
    settings.MASTHEAD_NEWSLETTER_WEBHOOK_TOKEN = ""
    assert (
        post(client, {"address": "a@example.org", "type": "bounce"}).status_code == 404
    )


def test_a_wrong_token_is_refused(client, token):
    response = post(
        client,
        {"address": "a@example.org", "type": "bounce"},
        HTTP_X_MASTHEAD_TOKEN="no",
    )
    assert response.status_code == 403
    assert not Suppression.objects.exists()


def test_a_hard_bounce_suppresses_the_address(client, token, lists):
    subscribe_confirmed("gone@example.org", lists["daily"])
    response = client.post(
        f"{URL}{token}/",
        json.dumps({"address": "Gone@Example.org", "type": "bounce"}),
        content_type="application/json",
    )
    assert response.json() == {"ok": True, "suppressed": 1}
    assert Suppression.objects.filter(email_key="gone@example.org").exists()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_an_ses_complaint_through_sns_suppresses(client, token, lists):
    ses = {
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": "angry@example.org"}]},
    }
    sns = {"Type": "Notification", "Message": json.dumps(ses)}
    response = post(client, sns, HTTP_X_MASTHEAD_TOKEN=token)
    assert response.json()["suppressed"] == 1
    assert Suppression.objects.get().reason == "complained"


def test_an_ses_soft_bounce_is_ignored():
    body = {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": "Transient",
            "bouncedRecipients": [{"emailAddress": "full@example.org"}],
        },
    }
    assert read_report(json.dumps(body).encode()) == []


@pytest.mark.parametrize(
    "body", [b"not json", b"[]", b'{"address": "a@b.org", "type": "maybe"}', b"{}"]
)
def test_unreadable_reports_are_refused(body):
    with pytest.raises(UnreadableReport):
        read_report(body)


def test_garbage_gets_a_400(client, token):
    assert post(client, "{{{", HTTP_X_MASTHEAD_TOKEN=token).status_code == 400
