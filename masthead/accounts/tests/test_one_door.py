"""One door (issue 17): /admin/login/ is allauth's login, with the same limiter and
lockout as /accounts/login/, and the way on is the admin."""

from collections import Counter

from tests.factories import PASSWORD, make_staff

WRONG = "wrong guess 1234"


def sort_answer(response) -> str:
    if response.status_code == 429:
        return "throttled"
    if response.status_code == 302:
        return "signed in"
    body = response.content.decode()
    if "Too many failed attempts" in body:
        return "locked"
    if "not correct" in body:
        return "checked"
    return f"other {response.status_code}"


def test_sixty_wrong_passwords_on_the_admin_door_from_one_ip_are_throttled(
    client, home_page
):
    make_staff(username="chief")

    answers = Counter(
        sort_answer(
            client.post("/admin/login/", {"username": "chief", "password": WRONG})
        )
        for _attempt in range(60)
    )
    # Five passwords checked per account and IP, the rest refused unread; past
    # allauth's 30 login posts a minute per IP, not even the form is looked at.
    assert answers == {"checked": 5, "locked": 25, "throttled": 30}
    right = client.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    assert sort_answer(right) == "throttled"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_account_locked_at_the_reader_door_stays_shut_at_the_admin_door(
    client, home_page
):
    make_staff(username="chief", email="chief@newsroom.example")
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/",
            {"login": "chief@newsroom.example", "password": WRONG},
        )
        assert sort_answer(response) == "checked"

    # The same account, typed as a username at the other door.
    by_username = client.post(
        "/admin/login/", {"username": "chief", "password": PASSWORD}
    )
    by_email = client.post(
        "/admin/login/", {"username": "chief@newsroom.example", "password": PASSWORD}
    )

    assert sort_answer(by_username) == "locked"
    assert sort_answer(by_email) == "locked"
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_strangers_to_its_door_and_the_door_back_to_the_admin(
    client, home_page
):
    make_staff(username="chief")

    bounced = client.get("/admin/account/")
    assert bounced["Location"] == "/admin/login/?next=/admin/account/"
    page = client.get(bounced["Location"]).content.decode()
    assert 'id="id_username"' in page and 'id="id_password"' in page
    assert '<input type="hidden" name="next" value="/admin/account/">' in page
    assert 'id="passkey_login"' in page
    assert "<script>" not in page  # allauth's scripts are files (CSP)

    signed_in = client.post(
        "/admin/login/",
        {"username": "chief", "password": PASSWORD, "next": "/admin/account/"},
    )
    assert signed_in["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_without_next_or_with_a_foreign_one_staff_land_on_the_admin(client, home_page):
    make_staff(username="chief")

    response = client.post(
        "/admin/login/",
        {"username": "chief", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/admin/"


def test_wagtails_own_password_reset_is_closed(client, home_page):
    # Its form had no rate limit; staff reset through /accounts/password/reset/.
    assert client.get("/admin/password_reset/").status_code == 404
