"""What a reader may type and how often: length limits, header-safe text, rate limits.

The header rules take plain values and are tested without a database: a reader's text
can never start a header of an email the newsroom sends.
"""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.header import decode_header
from email.utils import formataddr

# The contact box and chat count with the shared limiter (imported from here).
from masthead.core.ratelimit import is_rate_limited  # noqa: F401

NAME_MAX = 100
EMAIL_MAX = 254
MESSAGE_MAX = 5000
CHAT_LINE_MAX = 2000
# What a contact POST may weigh before it is read: the form has five fields, and a
# full message percent-encoded (12 bytes for a 4-byte character) stays well inside.
POST_MAX_BYTES = 128 * 1024
POST_MAX_FIELDS = 20

_UNSAFE_HEADER_CHARS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def _decode_part(data: bytes | str, charset: str | None) -> str:
    if isinstance(data, str):
        return data
    if charset is None:
        # decode_header hands back the plain parts of a str encoded this way.
        return data.decode("raw-unicode-escape")
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # a charset nobody knows: drop the word
        return " "


def decode_encoded_words(value: str) -> str:
    """Decode RFC 2047 encoded words (``=?utf-8?q?...?=``) the way a mail reader
    would, repeatedly, so none are left for the reader to decode into a line break.
    Words that don't decode are dropped rather than passed on."""
    for _ in range(5):
        if not _ENCODED_WORD.search(value):
            return value
        try:
            parts = decode_header(value)
        except (HeaderParseError, ValueError):
            return _ENCODED_WORD.sub(" ", value)
        value = "".join(_decode_part(data, charset) for data, charset in parts)
    return _ENCODED_WORD.sub(" ", value)


def clean_header_text(value: str) -> str:
    """One line, no control characters: a reader's text can never start a header.
    Encoded words are decoded first, so the control characters they hide are
    stripped too; the email library encodes the result again when it is sent."""
    value = decode_encoded_words(value or "")
    return " ".join(_UNSAFE_HEADER_CHARS.sub(" ", value).split())


def has_non_ascii_local_part(email: str) -> bool:
    """``jörg@example.org``: such an address needs SMTPUTF8, which the newsroom's
    mail does not use, so the form refuses it rather than mangle it."""
    local, _, _domain = (email or "").rpartition("@")
    return not local.isascii()


def has_line_breaks_or_controls(value: str) -> bool:
    return bool(_UNSAFE_HEADER_CHARS.search(value or ""))


def format_reader_address(name: str, email: str) -> str:
    """``"Name" <email>`` safe for a header; the name is flattened to one line and
    quoted by the standard library, the address must already be validated."""
    if has_line_breaks_or_controls(email) or "," in email:
        raise ValueError("an email address with line breaks or commas")
    return formataddr((clean_header_text(name)[:NAME_MAX], email))
