"""Header safety, rate limits, backoff and CSV cells: the rules readers can't bend."""

import datetime as dt
import re
from email.utils import getaddresses

import pytest
import time_machine
from django.core.mail import EmailMessage

from masthead.contact.services.delivery import compute_retry_delay
from masthead.contact.services.inbox import make_csv_safe
from masthead.contact.services.safety import (
    clean_header_text,
    format_reader_address,
    has_non_ascii_local_part,
    is_rate_limited,
)


@pytest.mark.parametrize(
    "name",
    [
        "Eve\r\nBcc: victim@example.org",
        "Eve\nBcc: victim@example.org",
        "Eve\rSubject: hi",
        "Eve\x00Bcc: x@example.org",
        "Eve\u2028Bcc: x@example.org",
    ],
)
def test_a_name_with_line_breaks_never_reaches_a_header(name):
    address = format_reader_address(name, "eve@example.org")
    message = EmailMessage(
        subject=clean_header_text(f"Reader message from {name}"),
        body="hi",
        from_email="desk@example.org",
        to=["desk@example.org"],
        reply_to=[address],
    ).message()
    raw = message.as_string()
    headers = raw.split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert "\nSubject: hi" not in headers
    assert message["Bcc"] is None
    assert message.get_all("Reply-To") == [message["Reply-To"]]
    assert "victim" not in (message["Bcc"] or "")


@pytest.mark.parametrize(
    "email", ["eve@example.org\r\nBcc: x@example.org", "a@example.org, b@example.org"]
)
def test_an_address_with_header_tricks_is_refused(email):
    with pytest.raises(ValueError, match="line breaks or commas"):
        format_reader_address("Eve", email)


def test_a_name_with_quotes_and_commas_is_quoted_not_split():
    address = format_reader_address('Eve "the", Reader', "eve@example.org")
    message = EmailMessage(
        "s", "b", "desk@example.org", ["desk@example.org"], reply_to=[address]
    ).message()
    [(name, addr)] = getaddresses([message["Reply-To"]])
    assert (name, addr) == ('Eve "the", Reader', "eve@example.org")


def reply_to_of(name: str, email: str = "eve@example.org"):
    """The Reply-To of the built message, parsed back as a mail reader would."""
    import email as email_lib
    from email import policy

    raw = EmailMessage(
        "s",
        "b",
        "desk@example.org",
        ["desk@example.org"],
        reply_to=[format_reader_address(name, email)],
    ).message()
    parsed = email_lib.message_from_bytes(raw.as_bytes(), policy=policy.default)
    [address] = parsed["Reply-To"].addresses
    return raw, address


@pytest.mark.parametrize(
    "name",
    [
        "=?utf-8?q?Eve=0D=0ABcc:_x@y?=",
        "=?utf-8?b?RXZlDQpCY2M6IHhAeQ==?=",
        "Eve =?UTF-8?Q?=0ABcc:_x@y?=",
        "=?utf-8?q?Eve=00=1B=7F?=",
    ],
)
def test_an_encoded_word_name_never_decodes_into_control_characters(name):
    raw, address = reply_to_of(name)
    assert address.addr_spec == "eve@example.org"
    assert not re.search(r"[\x00-\x1f\x7f]", address.display_name)
    assert address.display_name.startswith("Eve")
    assert raw["Bcc"] is None
    assert "\nBcc:" not in raw.as_string().split("\n\n", 1)[0]


def test_a_non_ascii_name_is_encoded_by_the_email_library():
    raw, address = reply_to_of("=?utf-8?q?J=C3=B6rg?= Åberg")
    assert address.display_name == "Jörg Åberg"
    assert raw["Reply-To"].isascii()  # sent as an encoded word, not raw UTF-8


def test_clean_header_text_decodes_then_strips():
    assert clean_header_text("=?utf-8?q?Eve=0D=0ABcc:_x@y?=") == "Eve Bcc: x@y"
    assert clean_header_text("Ann =?nosuchcharset?q?x?=") == "Ann"


@pytest.mark.parametrize(
    ("email", "refused"),
    [
        ("jörg@example.org", True),
        ("用户@example.org", True),
        ("jorg@exämple.org", False),
        ("jorg@example.org", False),
    ],
)
def test_a_non_ascii_local_part_is_seen(email, refused):
    assert has_non_ascii_local_part(email) is refused


def test_retry_delays_double_and_stop_at_the_cap():
    delays = [compute_retry_delay(n, base=30, cap=3600) for n in range(0, 10)]
    assert delays == [0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_rate_limit_lets_the_limit_through_then_refuses(db):
    results = [is_rate_limited("test:a", limit=3, window=60) for _ in range(5)]
    assert results == [False, False, False, True, True]


def test_the_rate_limit_counts_each_key_apart(db):
    for _ in range(3):
        is_rate_limited("test:b", limit=3, window=60)
    assert is_rate_limited("test:b", limit=3, window=60)
    assert not is_rate_limited("test:c", limit=3, window=60)


def test_the_rate_limit_opens_again_in_the_next_window(db):
    start = dt.datetime(2026, 3, 4, 12, 0, 5, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(2):
            is_rate_limited("test:d", limit=2, window=60)
        assert is_rate_limited("test:d", limit=2, window=60)
        clock.shift(dt.timedelta(seconds=60))
        assert not is_rate_limited("test:d", limit=2, window=60)


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-1", "@SUM(1)"])
def test_csv_cells_that_look_like_formulas_are_defused(cell):
    assert make_csv_safe(cell) == "'" + cell


def test_ordinary_csv_cells_are_left_alone():
    assert make_csv_safe("Ada Reader") == "Ada Reader"
