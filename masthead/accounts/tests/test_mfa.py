"""Two-factor login with allauth.mfa (issue 17): TOTP and recovery codes for
anyone, and required for newsroom groups before the admin opens.

The test settings switch the requirement off (MASTHEAD_MFA_REQUIRED_GROUPS = []):
other tests sign staff in without a second factor. The tests here turn it on.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model

from masthead.newsroom import roles
from masthead.newsroom.services import ensure_newsroom
from tests.factories import PASSWORD, make_staff

from .conftest import READER_PASSWORD


def totp_code(secret: str) -> str:
    """What an authenticator app shows now (allauth's own RFC 6238 helper)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate_totp(client, password: str) -> str:
    """Enrol an authenticator app as a signed-in user; returns its secret.

    Adding a factor asks for the password again first (allauth's reauthentication),
    so a session left open on someone else's screen cannot add one."""
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": password})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert f"secret={secret}" in page.context["totp_url"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_reader_enrols_an_authenticator_app_then_logs_in_with_a_code(
    client, make_reader
):
    reader = make_reader()
    client.post(
        "/accounts/login/", {"login": reader.email, "password": READER_PASSWORD}
    )
    overview = client.get("/accounts/").content.decode()
    assert 'href="/accounts/2fa/"' in overview  # optional for readers: a link

    secret = activate_totp(client, READER_PASSWORD)
    assert Authenticator.objects.filter(
        user=reader, type=Authenticator.Type.TOTP
    ).exists()
    client.post("/accounts/logout/")

    password_step = client.post(
        "/accounts/login/",
        {"login": reader.email, "password": READER_PASSWORD, "next": "/world/"},
    )
    assert password_step["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None  # the password alone is not enough

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and signed_in_user_id(client) is None
    code = totp_code(secret)
    if code == "000000":  # one in a million: the "wrong" code was right
        pytest.skip("the authenticator happened to show 000000")
    right = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert right["Location"] == "/world/"
    assert signed_in_user_id(client) == str(reader.pk)


def test_a_recovery_code_signs_in_once(client, make_reader):
    reader = make_reader()
    client.post(
        "/accounts/login/", {"login": reader.email, "password": READER_PASSWORD}
    )
    activate_totp(client, READER_PASSWORD)
    codes = (
        Authenticator.objects.get(user=reader, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    assert len(codes) == 10
    client.post("/accounts/logout/")

    for expected in ("signed in", "refused"):
        client.post(
            "/accounts/login/", {"login": reader.email, "password": READER_PASSWORD}
        )
        response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
        if expected == "signed in":
            assert response.status_code == 302
            assert signed_in_user_id(client) == str(reader.pk)
            client.post("/accounts/logout/")
        else:
            assert response.status_code == 200
            assert signed_in_user_id(client) is None


def test_staff_in_a_required_group_set_up_a_second_factor_before_the_admin(
    client, home_page, settings
):
    settings.MASTHEAD_MFA_REQUIRED_GROUPS = [roles.EDITOR]
    ensure_newsroom()
    make_staff(roles.EDITOR, "eddie")

    signed_in = client.post(
        "/admin/login/", {"username": "eddie", "password": PASSWORD}
    )
    assert signed_in["Location"] == "/admin/"
    held = client.get("/admin/pages/")
    assert held["Location"] == "/accounts/2fa/"
    setup_page = client.get("/accounts/2fa/").content.decode()
    assert "needs a second step" in setup_page
    assert client.get("/").status_code == 200  # the public site stays open

    secret = activate_totp(client, PASSWORD)
    assert client.get("/admin/").status_code == 200

    # From now on the admin's door asks for the code too, and goes on to the admin.
    client.post("/admin/logout/")
    password_step = client.post(
        "/admin/login/", {"username": "eddie", "password": PASSWORD}
    )
    assert password_step["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
    done = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_groups_outside_the_setting_and_readers_are_not_held(
    client, home_page, settings, make_reader
):
    settings.MASTHEAD_MFA_REQUIRED_GROUPS = [roles.EDITOR]
    ensure_newsroom()
    make_staff(roles.CONTRIBUTOR, "connie")

    client.post("/admin/login/", {"username": "connie", "password": PASSWORD})

    assert client.get("/admin/").status_code == 200


def test_superusers_are_held_when_the_setting_says_so(client, home_page, settings):
    settings.MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS = True
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)

    client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
