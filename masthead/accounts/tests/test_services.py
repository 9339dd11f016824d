"""Pure account rules: display names and the state the header script reads."""

from types import SimpleNamespace

from masthead.accounts.services import (
    DISPLAY_NAME_LIMIT,
    build_account_state,
    get_display_name,
)


def test_display_name_prefers_the_readers_own_name():
    assert (
        get_display_name(first_name=" Ada ", last_name="Lovelace", email="a@x.org")
        == "Ada Lovelace"
    )


def test_display_name_falls_back_to_the_address_before_the_at():
    assert get_display_name(first_name="", last_name="", email="ada@x.org") == "ada"


def test_a_very_long_name_is_shortened_for_the_header():
    name = get_display_name(first_name="x" * 500, last_name="", email="a@x.org")
    assert len(name) == DISPLAY_NAME_LIMIT
    assert name.endswith("…")


def test_state_for_nobody_has_no_name():
    anonymous = SimpleNamespace(is_authenticated=False)
    assert build_account_state(user=anonymous, csrf_token="t") == {
        "authenticated": False,
        "name": None,
        "csrfToken": "t",
    }
