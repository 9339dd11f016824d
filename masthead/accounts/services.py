"""Reader account rules: who a reader is called, what the header may know, deletion.

Pure helpers take plain values; the few writes own their transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser
    from django.http import HttpRequest

# Sent inside the deletion's transaction with ``user`` and ``emails`` (every address
# the reader had), before the user row goes: apps that copied a reader's name or
# address (contact messages) connect here to anonymise their rows.
reader_account_deleted = Signal()

# Longest name the header shows; a longer one is cut so it never breaks the layout.
DISPLAY_NAME_LIMIT = 40


@dataclass(frozen=True)
class Newsroom:
    """Who account emails and pages speak for."""

    name: str
    domain: str
    email: str

    @property
    def signoff(self) -> str:
        return sign_off(self.name)


def sign_off(name: str) -> str:
    """How emails are signed: "The Masthead newsroom", and for a name that already
    starts with "The", "The Masthead Courier newsroom" (not "The The …")."""
    name = name.strip()
    if name.casefold().startswith("the "):
        return _("%(name)s newsroom") % {"name": name}
    return _("The %(name)s newsroom") % {"name": name}


def local_path(url: str | None) -> str | None:
    """``url`` if it is a path on this site ("/world/story/?page=2"), else None:
    no scheme, no host, no protocol-relative "//" or "/\\" trick, nothing
    unprintable. Used for the "next" address carried through email links."""
    if not url or len(url) > 2000 or not url.startswith("/"):
        return None
    if url.startswith(("//", "/\\")) or not url.isprintable() or " " in url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return url


def get_display_name(*, first_name: str, last_name: str, email: str) -> str:
    """The name shown to the reader: their own name, else their address's local part."""
    name = " ".join(part for part in (first_name.strip(), last_name.strip()) if part)
    if not name:
        name = email.split("@", 1)[0]
    if len(name) > DISPLAY_NAME_LIMIT:
        name = name[: DISPLAY_NAME_LIMIT - 1] + "…"
    return name


def display_user(user: AbstractUser) -> str:
    """allauth's ACCOUNT_USER_DISPLAY: the reader's name, not the made-up username."""
    return get_display_name(
        first_name=user.first_name, last_name=user.last_name, email=user.email
    )


def build_account_state(
    *, user: AbstractUser | AnonymousUser | None, csrf_token: str
) -> dict[str, object]:
    """The per-reader JSON the header script reads (never part of a cached page)."""
    if user is None or not user.is_authenticated:
        return {"authenticated": False, "name": None, "csrfToken": csrf_token}
    return {
        "authenticated": True,
        "name": display_user(user),
        "csrfToken": csrf_token,
    }


def find_newsroom(request: HttpRequest | None) -> Newsroom:
    """The newsroom's name and address for this request, from Wagtail's Site and
    NewsroomSettings; falls back to the settings when no Site matches."""
    from django.conf import settings
    from wagtail.models import Site

    from masthead.core.models import NewsroomSettings

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    email = NewsroomSettings.for_site(site).newsroom_email if site else ""
    domain = request.get_host() if request is not None else (site.hostname or "")
    return Newsroom(name=name, domain=domain, email=email)


def can_delete_account(user: AbstractUser | AnonymousUser) -> bool:
    """Staff accounts own newsroom work and are removed by an administrator instead."""
    return user.is_authenticated and not (user.is_staff or user.is_superuser)


def delete_reader_account(*, user: AbstractUser) -> None:
    """Delete a reader and their allauth email addresses in one transaction.

    Rows elsewhere that point at the user use ``SET_NULL`` and stay, anonymised;
    apps holding copies of the address hear ``reader_account_deleted``. Raises
    ``PermissionError`` for staff accounts.
    """
    from allauth.account.models import EmailAddress

    if not can_delete_account(user):
        raise PermissionError("staff accounts are removed by an administrator")
    addresses = EmailAddress.objects.filter(user=user)
    emails = sorted({user.email, *addresses.values_list("email", flat=True)} - {""})
    with transaction.atomic():
        reader_account_deleted.send(sender=type(user), user=user, emails=emails)
        addresses.delete()
        user.delete()


# One door, lockout, second factors and sessions (issue 17) ------------------------

KNOWN_DEVICE_SALT = "masthead.accounts.known-device"


def describe_login_target(credentials: dict[str, str]) -> str:
    """Which account a login attempt aims at, for counting failures per account.

    The reader door types an email, the admin door a username or an email; both
    name the same account, so both count against ``user:<pk>``. A login that names
    no account is counted under what was typed, so an unknown address is answered
    exactly like a known one (no enumeration through the lockout).
    """
    from allauth.account.utils import filter_users_by_email
    from django.contrib.auth import get_user_model

    email = (credentials.get("email") or "").strip()
    username = (credentials.get("username") or "").strip()
    if email:
        users = filter_users_by_email(email, is_active=True, prefer_verified=True)
        if len(users) == 1:
            return f"user:{users[0].pk}"
    if username:
        user_model = get_user_model()
        user = user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username}
        ).first()
        if user is not None:
            return f"user:{user.pk}"
    return "login:" + (email or username).casefold()


def sign_known_device(*, user_id: int) -> str:
    """The "known device" cookie's value: the account's id, signed and dated."""
    from django.core import signing

    return signing.TimestampSigner(salt=KNOWN_DEVICE_SALT).sign(str(user_id))


def read_known_device(value: str | None, *, max_age_days: int) -> int | None:
    """The account id a known-device cookie vouches for, or None if it is absent,
    forged or older than ``max_age_days``."""
    from django.core import signing

    if not value:
        return None
    try:
        raw = signing.TimestampSigner(salt=KNOWN_DEVICE_SALT).unsign(
            value, max_age=max_age_days * 24 * 3600
        )
    except signing.BadSignature:
        return None
    return int(raw) if raw.isdigit() else None


def can_use_admin(user: AbstractUser | AnonymousUser) -> bool:
    """A newsroom account: one that may open Wagtail's admin."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def is_mfa_required(
    *,
    user: AbstractUser | AnonymousUser,
    required_groups: list[str],
    superusers: bool,
) -> bool:
    """Must this account have a second factor before the admin opens?"""
    if not user.is_authenticated:
        return False
    if superusers and user.is_superuser:
        return True
    if not required_groups:
        return False
    return user.groups.filter(name__in=required_groups).exists()


def has_second_factor(user: AbstractUser) -> bool:
    """An authenticator app (TOTP) or a passkey; recovery codes alone are not one."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def end_other_sessions(*, user: AbstractUser, keep_session_key: str | None) -> int:
    """End every session of ``user`` but ``keep_session_key`` (logout, password
    change and reset): deleted from the session store, so a stolen or forgotten
    session stops working at once. Returns how many were ended."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for session in UserSession.objects.filter(user_id=user.pk).exclude(
        session_key=keep_session_key or ""
    ):
        session.end()
        ended += 1
    return ended
