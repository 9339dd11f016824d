"""Session hygiene (issue 17): a login gets a new session key; logging out, changing
the password and resetting it end the account's other sessions; the production
profile's cookies are Secure, HttpOnly where script needs no access, SameSite."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import mail
from django.test import Client
from django.utils.module_loading import import_string

from .conftest import READER_PASSWORD, find_link

NEW_PASSWORD = "a brand new passphrase 77"


def session_exists(key: str) -> bool:
    store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    return store().exists(key)


def logged_in_client(email: str, password: str = READER_PASSWORD) -> Client:
    browser = Client()
    response = browser.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    return browser


def is_signed_in(browser: Client) -> bool:
    return browser.get("/accounts/state/").json()["authenticated"]


def test_logging_in_gives_the_browser_a_new_session_key(client, make_reader):
    reader = make_reader()
    before = client.session  # a session planted before login (fixation)
    before["planted"] = "by someone else"
    before.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key

    client.post(
        "/accounts/login/", {"login": reader.email, "password": READER_PASSWORD}
    )

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not session_exists(before.session_key)
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_logging_out_ends_the_other_sessions_too(make_reader):
    reader = make_reader()
    laptop = logged_in_client(reader.email)
    phone = logged_in_client(reader.email)
    phone_key = phone.cookies[settings.SESSION_COOKIE_NAME].value
    assert is_signed_in(laptop) and is_signed_in(phone)

    laptop.post("/accounts/logout/")

    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not session_exists(phone_key)


def test_a_password_change_keeps_this_session_and_ends_the_others(make_reader):
    reader = make_reader()
    laptop = logged_in_client(reader.email)
    phone = logged_in_client(reader.email)
    phone_key = phone.cookies[settings.SESSION_COOKIE_NAME].value

    response = laptop.post(
        "/accounts/password/change/",
        {
            "oldpassword": READER_PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not session_exists(phone_key)


def test_a_password_reset_ends_every_session_the_account_had(home_page, make_reader):
    reader = make_reader()
    phone = logged_in_client(reader.email)
    phone_key = phone.cookies[settings.SESSION_COOKIE_NAME].value

    forgetful = Client()
    forgetful.post("/accounts/password/reset/", {"email": reader.email})
    link = find_link(mail.outbox[-1].body, "/accounts/password/reset/key/")
    form_page = forgetful.get(link.replace("http://testserver", ""), follow=True)
    done = forgetful.post(
        form_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert is_signed_in(forgetful)  # the reset signs this browser in
    assert not is_signed_in(phone)
    assert not session_exists(phone_key)


def test_the_production_profile_sets_strict_cookie_flags(tmp_path):
    """Read in a fresh interpreter: the flags come from MASTHEAD_ENV=production,
    not from anything a test changed."""
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({name: getattr(settings, name) for name in ("
        "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        "'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_SAMESITE',"
        "'MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS', 'MASTHEAD_MFA_REQUIRED_GROUPS')}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="masthead.settings.base",
        MASTHEAD_ENV="production",
        MASTHEAD_DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    flags = json.loads(result.stdout.strip().splitlines()[-1])

    assert flags["SESSION_COOKIE_SECURE"] is True
    assert flags["SESSION_COOKIE_HTTPONLY"] is True
    assert flags["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert flags["CSRF_COOKIE_SECURE"] is True
    assert flags["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert flags["MASTHEAD_MFA_REQUIRED_FOR_SUPERUSERS"] is True
    assert "Editor" in flags["MASTHEAD_MFA_REQUIRED_GROUPS"]


def test_the_known_device_cookie_follows_the_session_cookies_secure_flag(
    settings, make_reader
):
    settings.SESSION_COOKIE_SECURE = True
    reader = make_reader()
    browser = logged_in_client(reader.email)

    cookie = browser.cookies[settings.MASTHEAD_KNOWN_DEVICE_COOKIE]

    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
