"""'Go away' is a stored choice: heartbeats from open admin pages don't undo it,
only 'Be available' does."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from masthead.contact.services.presence import is_newsroom_around_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def around(client) -> bool:
    return client.get("/contact/state/").json()["around"]


def test_go_away_lasts_through_heartbeats_until_be_available(
    staff_client, newsroom, client
):
    staff_client.post("/admin/contact/heartbeat/")
    assert is_newsroom_around_now()

    response = staff_client.post("/admin/contact/away/")
    assert response.status_code == 302
    # The inbox it lands on, other open admin pages and the chat view keep beating.
    page = staff_client.get(response["Location"]).content.decode()
    assert "You're away." in page
    assert "Be available" in page
    assert "Go away (readers get the email form)" not in page
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10)):
        beat = staff_client.post("/admin/contact/heartbeat/").json()
        assert beat["counted"] and beat["away"]
        assert not around(staff_client)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        staff_client.post("/admin/contact/heartbeat/")
        assert not is_newsroom_around_now()

    response = staff_client.post("/admin/contact/available/")
    assert response.status_code == 302
    assert around(staff_client)
    page = staff_client.get("/admin/contact/").content.decode()
    assert "You're away." not in page
    assert "Go away (readers get the email form)" in page


def test_away_and_available_need_the_contact_permission(client, newsroom):
    from tests.factories import make_staff

    client.force_login(make_staff(username="photographer"))
    for url in ("/admin/contact/away/", "/admin/contact/available/"):
        # Wagtail's admin answers a refused page with a redirect and a message.
        response = client.post(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert (
            client.post(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
        )
    assert not is_newsroom_around_now()


def test_away_and_available_only_change_on_post(staff_client, newsroom):
    assert staff_client.get("/admin/contact/away/").status_code == 405
    assert staff_client.get("/admin/contact/available/").status_code == 405


def test_one_member_away_does_not_hide_a_colleague_who_is_around(
    staff_client, newsroom, client
):
    from django.test import Client

    from tests.factories import make_staff

    colleague = Client()
    colleague.force_login(make_staff(username="colleague", answer=True))
    colleague.post("/admin/contact/heartbeat/")
    staff_client.post("/admin/contact/away/")
    assert is_newsroom_around_now()
