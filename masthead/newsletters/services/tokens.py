"""Signed links in newsletter mail: one salt per purpose, so a token made for one
purpose is refused by every other.

Confirmation links expire (``MASTHEAD_NEWSLETTER_CONFIRM_HOURS``): an old mail
found in a shared mailbox should not subscribe anyone. The expired page offers a
new link. Unsubscribe links never expire: a reader may use a year-old mail's
footer and must still be able to leave. Both carry the address (not a row id), so
they keep working after a backup restore renumbers rows. Rotating ``SECRET_KEY``
keeps old links working through ``SECRET_KEY_FALLBACKS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "masthead.newsletters.confirm"
UNSUBSCRIBE_SALT = "masthead.newsletters.unsubscribe"


class InvalidToken(Exception):
    """Tampered, truncated, or made for another purpose."""


class ExpiredToken(Exception):
    """Genuine but too old; says whom to offer a new link, for which lists."""

    def __init__(self, email: str, list_slugs: tuple[str, ...] = ()):
        super().__init__("expired")
        self.email = email
        self.list_slugs = list_slugs


@dataclass(frozen=True)
class ConfirmRequest:
    email: str
    list_slugs: tuple[str, ...]


def make_confirm_token(email: str, list_slugs: list[str] | tuple[str, ...]) -> str:
    return signing.dumps(
        {"e": email, "l": list(list_slugs)}, salt=CONFIRM_SALT, compress=True
    )


def _payload(token: str, salt: str, max_age=None) -> dict:
    data = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise InvalidToken("unexpected payload")
    return data


def read_confirm_token(token: str) -> ConfirmRequest:
    max_age = settings.MASTHEAD_NEWSLETTER_CONFIRM_HOURS * 3600
    try:
        data = _payload(token, CONFIRM_SALT, max_age)
    except signing.SignatureExpired:
        # The signature is good, only old: say so, and whom to resend to.
        data = _payload(token, CONFIRM_SALT)
        listed = data.get("l")
        wanted = tuple(str(s) for s in listed) if isinstance(listed, list) else ()
        raise ExpiredToken(data["e"], wanted) from None
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc
    slugs = data.get("l") or []
    if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
        raise InvalidToken("unexpected lists")
    return ConfirmRequest(email=data["e"], list_slugs=tuple(slugs))


def make_unsubscribe_token(email: str, list_slug: str = "") -> str:
    return signing.dumps({"e": email, "l": list_slug}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """``(email, list slug or "")``; never expires."""
    try:
        data = _payload(token, UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc
    slug = data.get("l") or ""
    if not isinstance(slug, str):
        raise InvalidToken("unexpected list")
    return data["e"], slug
