import datetime

import pytest
import time_machine

from masthead.newsletters.services import tokens


def test_a_confirmation_token_round_trips():
    token = tokens.make_confirm_token("ann@example.org", ["daily", "breaking"])
    wanted = tokens.read_confirm_token(token)
    assert wanted.email == "ann@example.org"
    assert wanted.list_slugs == ("daily", "breaking")


def test_a_tampered_token_is_refused():
    token = tokens.make_confirm_token("ann@example.org", ["daily"])
    with pytest.raises(tokens.InvalidToken):
        tokens.read_confirm_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    with pytest.raises(tokens.InvalidToken):
        tokens.read_confirm_token("not-a-token")


def test_a_token_for_one_purpose_is_refused_for_the_other():
    unsubscribe = tokens.make_unsubscribe_token("ann@example.org", "daily")
    confirm = tokens.make_confirm_token("ann@example.org", ["daily"])
    with pytest.raises(tokens.InvalidToken):
        tokens.read_confirm_token(unsubscribe)
    with pytest.raises(tokens.InvalidToken):
        tokens.read_unsubscribe_token(confirm)


def test_a_confirmation_expires_and_says_whom_to_resend_to(settings):
    settings.MASTHEAD_NEWSLETTER_CONFIRM_HOURS = 72
    start = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        token = tokens.make_confirm_token("ann@example.org", ["daily"])
    with time_machine.travel(start + datetime.timedelta(hours=71), tick=False):
        assert tokens.read_confirm_token(token).email == "ann@example.org"
    with time_machine.travel(start + datetime.timedelta(hours=73), tick=False):
        with pytest.raises(tokens.ExpiredToken) as expired:
            tokens.read_confirm_token(token)
    assert expired.value.email == "ann@example.org"


def test_an_unsubscribe_link_never_expires():
    start = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        token = tokens.make_unsubscribe_token("ann@example.org", "daily")
    with time_machine.travel(start + datetime.timedelta(days=3650), tick=False):
        assert tokens.read_unsubscribe_token(token) == ("ann@example.org", "daily")
