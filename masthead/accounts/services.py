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
